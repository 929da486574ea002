"""The review loop at the centre: open, close and re-open queries, sign cases off, list them, issue query packs.

Each step is a :class:`~casereader.core.review.ReviewEvent` made here (origin ``centre``) and stored through
:func:`casereader.central.review_events.insert_events`, in one transaction with its audit row. The laptop
receives them in a signed query pack (:func:`issue_query_pack`) and answers in its next marks bundle.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from casereader.central.errors import CentralError
from casereader.central.review_events import insert_events, inspection_events, to_state
from casereader.central.schema import (
    CentralAnswerRecord,
    CentralCaseRecord,
    CentralCaseReviewRecord,
    CentralInspectionRecord,
    CentralQueryRecord,
    CentralReviewEventRecord,
    FormRecord,
)
from casereader.central.store import CentralStore
from casereader.core.review import (
    CENTRE,
    CLOSED,
    OPENED,
    REOPENED,
    SIGNED_OFF,
    SIGNOFF_CLEARED,
    STATES,
    QueryState,
    ReviewEvent,
    SignOff,
    stamp_after,
)
from casereader.files import write_atomic

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys


@dataclass(frozen=True)
class QueryRow:
    """A query as ``central query list`` and the reports show it."""

    query: QueryState
    reference: str
    area: str
    changed_since_review: bool


def _inspection(s: Session, ref: str) -> CentralInspectionRecord:
    found = list(s.scalars(select(CentralInspectionRecord).where(
        CentralInspectionRecord.id.startswith(ref.strip(), autoescape=True)).limit(2))) if ref.strip() else []
    if len(found) != 1:
        raise CentralError(f"no single inspection '{ref}' in the central store "
                           f"({'none' if not found else 'more than one'} found)")
    return found[0]


def _case(s: Session, insp: CentralInspectionRecord, reference: str) -> CentralCaseRecord:
    case = s.scalars(select(CentralCaseRecord).where(CentralCaseRecord.inspection_id == insp.id,
                                                     CentralCaseRecord.reference == reference.strip())).first()
    if case is None:
        raise CentralError(f"case '{reference}' is not in inspection {insp.id} ({insp.area})")
    return case


def _query(s: Session, ref: str) -> CentralQueryRecord:
    found = list(s.scalars(select(CentralQueryRecord).where(
        CentralQueryRecord.id.startswith(ref.strip().lower(), autoescape=True)).limit(2))) if ref.strip() else []
    if len(found) != 1:
        raise CentralError(f"no single query '{ref}' in the central store "
                           f"({'none' if not found else 'more than one'} found)")
    return found[0]


def _question_ids(s: Session, insp: CentralInspectionRecord) -> set[str]:
    from casereader.core.loader import QuestionSetError, question_set_for_hash

    form = s.get(FormRecord, insp.form_hash)
    if form is None:
        raise CentralError(f"the centre does not hold the question set of inspection {insp.id}")
    content = bytes(form.content)
    try:
        qs = question_set_for_hash(insp.form_hash, lambda: content, f"{insp.form_id}@{insp.form_version}")
    except QuestionSetError as exc:
        raise CentralError(f"the centre's copy of question set {insp.form_hash[:12]} is invalid: {exc}") from exc
    return set(qs.question_index)


def _text(text: str, what: str) -> str:
    if not text.strip():
        raise CentralError(f"{what} needs some text (--text)")
    if len(text) > 20_000:
        raise CentralError(f"{what}: the text is longer than 20,000 characters")
    return text.strip()


def _latest(s: Session, case_id: str, query_id: str | None) -> list[str]:
    stmt = select(CentralReviewEventRecord.at).where(CentralReviewEventRecord.case_id == case_id)
    if query_id is not None:
        stmt = stmt.where(CentralReviewEventRecord.query_id == query_id)
    return list(s.scalars(stmt))


def _write(store: CentralStore, make: Callable[[Session], object]) -> None:
    try:
        with store.transaction() as s:
            make(s)
    except SQLAlchemyError as exc:
        raise CentralError(f"nothing was recorded: {exc}") from exc


def open_query(store: CentralStore, inspection: str, reference: str, question_id: str | None, text: str,
               by: str) -> QueryState:
    """Open a query on one question of a case (``question_id``) or on the whole case."""
    body = _text(text, "a query")
    qid = str(uuid.uuid4())
    with store.sessions() as s:
        insp = _inspection(s, inspection)
        case = _case(s, insp, reference)
        if question_id is not None and question_id not in _question_ids(s, insp):
            raise CentralError(f"question '{question_id}' is not in question set {insp.form_id}@{insp.form_version} "
                               f"of inspection {insp.id}")
        event = ReviewEvent(id=str(uuid.uuid4()), inspection_id=insp.id, case_id=case.id, kind=OPENED,
                            at=stamp_after(*_latest(s, case.id, None)), actor=by, origin=CENTRE, query_id=qid,
                            question_id=question_id, text=body)
    _write(store, lambda s: insert_events(s, [event], source=CENTRE))
    return query(store, qid)


def _step(store: CentralStore, ref: str, kind: str, text: str, by: str) -> QueryState:
    with store.sessions() as s:
        row = _query(s, ref)
        if kind == CLOSED and row.state == "closed":
            raise CentralError(f"query {row.id[:8]} is already closed ({row.closed_at[:10]} by {row.closed_by})")
        if kind == REOPENED and row.state == "open":
            raise CentralError(f"query {row.id[:8]} is open: only an answered or closed query can be re-opened")
        event = ReviewEvent(id=str(uuid.uuid4()), inspection_id=row.inspection_id, case_id=row.case_id, kind=kind,
                            at=stamp_after(*_latest(s, row.case_id, row.id)), actor=by, origin=CENTRE,
                            query_id=row.id, text=text)
    _write(store, lambda s: insert_events(s, [event], source=CENTRE))
    return query(store, row.id)


def close_query(store: CentralStore, ref: str, by: str, note: str = "") -> QueryState:
    return _step(store, ref, CLOSED, note.strip(), by)


def reopen_query(store: CentralStore, ref: str, text: str, by: str) -> QueryState:
    return _step(store, ref, REOPENED, _text(text, "re-opening a query"), by)


def query(store: CentralStore, ref: str) -> QueryState:
    with store.sessions() as s:
        return to_state(_query(s, ref))


def sign_off(store: CentralStore, inspection: str, reference: str, reviewer: str) -> SignOff:
    """Sign a complete case off. Refused if the reviewer marked it, it is not complete, or it is signed off
    already (and unchanged since)."""
    if not reviewer.strip():
        raise CentralError("a sign-off needs the reviewer's name (--reviewer)")
    with store.sessions() as s:
        insp = _inspection(s, inspection)
        case = _case(s, insp, reference)
        markers = {case.inspector.strip().lower()} | {
            (n or "").strip().lower() for n in s.scalars(select(CentralAnswerRecord.inspector).where(
                CentralAnswerRecord.case_id == case.id, CentralAnswerRecord.role == "first"))}
        if reviewer.strip().lower() in markers - {""}:
            raise CentralError(f"{reviewer} marked case {case.reference}: a reviewer cannot sign off a case they "
                               "marked")
        if case.status not in ("complete", "locked"):
            raise CentralError(f"case {case.reference} is {case.status.replace('_', ' ')}, not complete: only a "
                               "complete case can be signed off")
        held = s.get(CentralCaseReviewRecord, case.id)
        if held is not None and held.signed_by and not held.changed_since_review:
            raise CentralError(f"case {case.reference} is already signed off ({held.signed_at[:10]} by "
                               f"{held.signed_by})")
        event = ReviewEvent(id=str(uuid.uuid4()), inspection_id=insp.id, case_id=case.id, kind=SIGNED_OFF,
                            at=stamp_after(*_latest(s, case.id, None)), actor=reviewer.strip(), origin=CENTRE,
                            checksum=case.checksum)
        case_id = case.id
    _write(store, lambda s: insert_events(s, [event], source=CENTRE))
    return signoff(store, case_id)


def clear_signoff(store: CentralStore, inspection: str, reference: str, reviewer: str, reason: str) -> SignOff:
    """Withdraw a case's sign-off (a ``signoff_cleared`` event): refused if the case is not signed off."""
    if not reviewer.strip():
        raise CentralError("clearing a sign-off needs the reviewer's name (--reviewer)")
    text = _text(reason, "clearing a sign-off")
    with store.sessions() as s:
        insp = _inspection(s, inspection)
        case = _case(s, insp, reference)
        held = s.get(CentralCaseReviewRecord, case.id)
        if held is None or not held.signed_by:
            raise CentralError(f"case {case.reference} is not signed off: there is nothing to clear")
        event = ReviewEvent(id=str(uuid.uuid4()), inspection_id=insp.id, case_id=case.id, kind=SIGNOFF_CLEARED,
                            at=stamp_after(*_latest(s, case.id, None)), actor=reviewer.strip(), origin=CENTRE,
                            text=text)
        case_id = case.id
    _write(store, lambda s: insert_events(s, [event], source=CENTRE))
    return signoff(store, case_id)


def signoff(store: CentralStore, case_id: str) -> SignOff:
    with store.sessions() as s:
        row = s.get(CentralCaseReviewRecord, case_id)
        if row is None:
            return SignOff(case_id)
        return SignOff(case_id, row.signed_by, row.signed_at, row.checksum, row.changed_since_review)


def list_queries(store: CentralStore, inspection: str | None = None, state: str | None = None) -> list[QueryRow]:
    if state is not None and state not in STATES:
        raise CentralError(f"unknown query state '{state}' (one of: {', '.join(STATES)})")
    with store.sessions() as s:
        stmt = select(CentralQueryRecord, CentralCaseRecord.reference, CentralInspectionRecord.area,
                      CentralCaseReviewRecord.changed_since_review).join(
            CentralCaseRecord, CentralCaseRecord.id == CentralQueryRecord.case_id).join(
            CentralInspectionRecord, CentralInspectionRecord.id == CentralQueryRecord.inspection_id).outerjoin(
            CentralCaseReviewRecord, CentralCaseReviewRecord.case_id == CentralQueryRecord.case_id)
        if inspection is not None:
            stmt = stmt.where(CentralQueryRecord.inspection_id == _inspection(s, inspection).id)
        if state is not None:
            stmt = stmt.where(CentralQueryRecord.state == state)
        rows = s.execute(stmt.order_by(CentralQueryRecord.opened_at, CentralQueryRecord.id)).all()
        return [QueryRow(to_state(q), ref, area, bool(changed)) for q, ref, area, changed in rows]


def changed_since_review(store: CentralStore, inspection: str | None = None) -> list[tuple[str, str]]:
    """(inspection id, case reference) of every case changed since it was signed off."""
    with store.sessions() as s:
        stmt = select(CentralCaseReviewRecord.inspection_id, CentralCaseRecord.reference).join(
            CentralCaseRecord, CentralCaseRecord.id == CentralCaseReviewRecord.case_id).where(
            CentralCaseReviewRecord.changed_since_review.is_(True))
        if inspection is not None:
            stmt = stmt.where(CentralCaseReviewRecord.inspection_id == _inspection(s, inspection).id)
        return [(str(i), str(r)) for i, r in s.execute(stmt.order_by(CentralCaseRecord.reference))]


def issue_query_pack(store: CentralStore, keys: CentralKeys, inspection: str, out: Path) -> tuple[str, int]:
    """Write the signed query pack of an inspection (every review event held for it) to ``out``; returns the
    inspection id and how many events it carries."""
    from casereader.bundles import BundleError
    from casereader.bundles.query_packs import write_query_pack
    from casereader.bundles.review_models import QueryPackPayload

    with store.sessions() as s:
        insp = _inspection(s, inspection)
        events = inspection_events(s, insp.id)
    if not events:
        raise CentralError(f"inspection {insp.id} has no queries or sign-offs to send")
    try:
        pack = QueryPackPayload.model_validate({"inspection_id": insp.id, "central": keys.public_keys.to_json(),
                                                "events": [e.to_json() for e in events]})
        data = write_query_pack(pack, keys)
    except (BundleError, ValueError) as exc:
        raise CentralError(f"cannot write the query pack: {exc}") from exc
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise CentralError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return insp.id, len(events)
