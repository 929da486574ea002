"""The review loop's events at the centre: stored once each, folded into queries and sign-offs, audited.

Events are inserted if their id is not held yet (a bundle or a command delivered twice adds nothing), then
the queries and sign-offs of the cases they touch are folded again from all their events
(:mod:`casereader.core.review`) into ``central_query`` and ``central_case_review``: the rows depend only on
the set of events (and each case's current marks checksum), never on the order they came in. A step that
does not apply where it falls is kept on the row (``rejected``) and recorded once in ``central_conflict``.
Every new event, and every sign-off a later change invalidated, is a ``central_audit`` row of device
:data:`AUDIT_DEVICE`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from casereader.central.errors import CentralError
from casereader.central.schema import (
    CentralAuditRecord,
    CentralCaseRecord,
    CentralCaseReviewRecord,
    CentralQueryRecord,
    CentralReviewEventRecord,
    ConflictRecord,
)
from casereader.central.store import utc_now
from casereader.core.review import ANSWERED, CENTRE, QueryState, Rejected, ReviewEvent, fold_queries, fold_signoff

AUDIT_DEVICE = "centre-review"  # central_audit.device_id of the review loop's events


def to_event(r: CentralReviewEventRecord) -> ReviewEvent:
    return ReviewEvent(id=r.id, inspection_id=r.inspection_id, case_id=r.case_id, kind=r.kind, at=r.at,
                       actor=r.actor, origin=r.origin, query_id=r.query_id, question_id=r.question_id, text=r.text,
                       mark=r.mark, checksum=r.checksum)


def case_events(s: Session, case_id: str) -> list[ReviewEvent]:
    return [to_event(r) for r in s.scalars(select(CentralReviewEventRecord).where(
        CentralReviewEventRecord.case_id == case_id).order_by(CentralReviewEventRecord.id))]


def inspection_events(s: Session, inspection_id: str) -> list[ReviewEvent]:
    return [to_event(r) for r in s.scalars(select(CentralReviewEventRecord).where(
        CentralReviewEventRecord.inspection_id == inspection_id).order_by(CentralReviewEventRecord.at,
                                                                          CentralReviewEventRecord.id))]


def audit(s: Session, *, actor: str, case_id: str | None, key: str, new: Any, reason: str = "",
          old: Any = None) -> None:
    seq = (s.scalar(select(func.max(CentralAuditRecord.seq)).where(CentralAuditRecord.device_id == AUDIT_DEVICE))
           or 0) + 1
    s.add(_audit_row(seq, actor=actor, case_id=case_id, key=key, new=new, reason=reason, old=old))
    s.flush()


def _audit_row(seq: int, *, actor: str, case_id: str | None, key: str, new: Any, reason: str = "",
               old: Any = None) -> CentralAuditRecord:
    return CentralAuditRecord(device_id=AUDIT_DEVICE, seq=seq, case_id=case_id, at=utc_now(), actor=actor,
                              kind="review", key=key, old=None if old is None else json.dumps(old, sort_keys=True),
                              new=json.dumps(new, sort_keys=True), reason=reason)


def insert_events(s: Session, events: Iterable[ReviewEvent], *, source: str) -> set[str]:
    """Store the events not held yet (each audited) and fold again the cases they touch. An event held with
    other content under the same id is refused (CentralError). Returns the ids of the cases touched."""
    incoming = {e.id: e for e in events}
    if not incoming:
        return set()
    held = {r.id: to_event(r) for r in s.scalars(select(CentralReviewEventRecord).where(
        CentralReviewEventRecord.id.in_(sorted(incoming))))}
    touched: set[str] = set()
    seq: int | None = None
    now = utc_now()
    for e in incoming.values():
        if e.id in held:
            if held[e.id] != e:
                raise CentralError(f"review event {e.id} is already held with other content")
            continue
        if seq is None:
            seq = s.scalar(select(func.max(CentralAuditRecord.seq)).where(
                CentralAuditRecord.device_id == AUDIT_DEVICE)) or 0
        seq += 1
        s.add(CentralReviewEventRecord(id=e.id, inspection_id=e.inspection_id, case_id=e.case_id, query_id=e.query_id,
                                       kind=e.kind, at=e.at, actor=e.actor, origin=e.origin,
                                       question_id=e.question_id, text=e.text, mark=e.mark, checksum=e.checksum,
                                       source=source, received_at=now))
        s.add(_audit_row(seq, actor=e.actor, case_id=e.case_id, key=e.kind, new=e.to_json(),
                         reason=f"query {e.query_id}" if e.query_id else "sign-off"))
        touched.add(e.case_id)
    if touched:
        s.flush()
        refold(s, touched, source=source)
    return touched


def refold(s: Session, case_ids: Iterable[str], *, source: str) -> None:
    """Fold the queries and the sign-off of each case again from all its events."""
    for case_id in sorted(set(case_ids)):
        case = s.get(CentralCaseRecord, case_id)
        if case is None:
            continue
        events = case_events(s, case_id)
        rows = {r.id: r for r in s.scalars(select(CentralQueryRecord).where(CentralQueryRecord.case_id == case_id))}
        for q in fold_queries(events).values():
            _store_query(s, rows.get(q.id), q, source)
        signoff = fold_signoff(case_id, events, case.checksum or None)
        row = s.get(CentralCaseReviewRecord, case_id)
        if not signoff.signed_by and not signoff.rejected:
            if row is not None:
                s.delete(row)
            continue
        if row is None:
            row = CentralCaseReviewRecord(case_id=case_id, inspection_id=case.inspection_id, rejected=[])
            s.add(row)
        was_holding = bool(row.signed_by) and not row.changed_since_review and row.checksum == signoff.checksum
        _conflicts(s, row.rejected or [], signoff.rejected, case_id, source)
        row.signed_by, row.signed_at, row.checksum = signoff.signed_by, signoff.signed_at, signoff.checksum
        row.changed_since_review = signoff.changed_since_review
        row.rejected = [_rejected_json(r) for r in signoff.rejected]
        if was_holding and signoff.changed_since_review:
            audit(s, actor="casereader", case_id=case_id, key="signoff_invalidated",
                  new={"signed_by": signoff.signed_by, "signed_checksum": signoff.checksum,
                       "checksum": case.checksum}, reason=f"case {case.reference} changed since review")
        s.flush()


def _rejected_json(r: Rejected) -> dict[str, str]:
    return {"event_id": r.event_id, "kind": r.kind, "at": r.at, "actor": r.actor, "reason": r.reason}


def _conflicts(s: Session, before: Sequence[Mapping[str, Any]], now: Sequence[Rejected], case_id: str,
               source: str) -> None:
    known = {str(r.get("event_id")) for r in before}
    for r in now:
        if r.event_id not in known:
            s.add(ConflictRecord(bundle_sha256=source[:64], case_id=case_id, kind="review_step", recorded_at=utc_now(),
                                 detail=f"{r.kind} by {r.actor} at {r.at} (event {r.event_id}) did not apply: "
                                        f"{r.reason}", resolved=False))


def _store_query(s: Session, row: CentralQueryRecord | None, q: QueryState, source: str) -> None:
    if row is None:
        row = CentralQueryRecord(id=q.id, inspection_id=q.inspection_id, case_id=q.case_id, rejected=[])
        s.add(row)
    _conflicts(s, row.rejected or [], q.rejected, q.case_id, source)
    row.question_id, row.state, row.text = q.question_id, q.state, q.text
    row.opened_by, row.opened_at, row.answer, row.answered_by = q.opened_by, q.opened_at, q.answer, q.answered_by
    row.answered_at, row.mark, row.closed_by, row.closed_at = q.answered_at, q.mark, q.closed_by, q.closed_at
    row.note, row.updated_at, row.events = q.note, q.updated_at, q.events
    row.rejected = [_rejected_json(r) for r in q.rejected]


def to_state(row: CentralQueryRecord) -> QueryState:
    return QueryState(row.id, row.inspection_id, row.case_id, row.question_id, row.state, row.text, row.opened_by,
                      row.opened_at, row.answer, row.answered_by, row.answered_at, row.mark, row.closed_by,
                      row.closed_at, row.note, row.updated_at, row.events,
                      [Rejected(**r) for r in row.rejected or []])


def merge_bundle_events(s: Session, sha: str, device_id: str, inspection_id: str,
                        docs: Sequence[Mapping[str, Any]]) -> int:
    """Inside a bundle's import: check the answers it carries and store those not held yet; then fold again
    every signed-off case of the inspection (its marks may have changed). Raises CentralError — the whole
    bundle refused — for a step that is not this device's answer to a query of this inspection."""
    events = [ReviewEvent.from_json(d) for d in docs]
    for e in events:
        where = f"bundle rejected: review event {e.id}"
        problem = e.problem()
        if problem is not None:
            raise CentralError(f"{where}: {problem}")
        if e.kind != ANSWERED or e.origin != device_id:
            raise CentralError(f"{where}: a bundle carries only its own device's answers, not a '{e.kind}' step "
                               f"from {'the centre' if e.origin == CENTRE else e.origin}")
        if e.inspection_id != inspection_id:
            raise CentralError(f"{where}: belongs to inspection {e.inspection_id}, not the bundle's {inspection_id}")
        opened = s.scalars(select(CentralQueryRecord).where(CentralQueryRecord.id == e.query_id)).first()
        if opened is None or opened.case_id != e.case_id or opened.inspection_id != inspection_id:
            raise CentralError(f"{where}: answers query {e.query_id}, which this centre never opened on case "
                               f"{e.case_id} of inspection {inspection_id}")
    held = set(s.scalars(select(CentralReviewEventRecord.id).where(
        CentralReviewEventRecord.id.in_(sorted({e.id for e in events}))))) if events else set()
    touched = insert_events(s, events, source=sha)
    # the signed-off cases whose sign-off now holds or fails otherwise than stored: their marks changed
    R, C = CentralCaseReviewRecord, CentralCaseRecord
    stale = set(s.scalars(select(R.case_id).join(C, C.id == R.case_id).where(
        R.inspection_id == inspection_id, R.signed_by != "",
        or_(and_(C.checksum != R.checksum, R.changed_since_review.is_(False)),
            and_(C.checksum == R.checksum, R.changed_since_review.is_(True))))))
    refold(s, stale - touched, source=sha)
    return len({e.id for e in events} - held)

