"""The review loop in the local store: the queries and sign-offs the centre sent, and this laptop's answers.

Every step is an immutable ``review_event`` row (see :mod:`casereader.core.review`), inserted if its id is not
there yet, in the same transaction as the audit event recording it (kind ``review``, key the step, new the
event as JSON). A query's state and a case's sign-off are folded from the events whenever they are read.
:class:`LocalStore` delegates to :class:`ReviewRepository`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereader.core.inspection import StoreError
from casereader.core.review import ANSWERED, QueryState, ReviewEvent, SignOff, fold_queries, fold_signoff, stamp_after
from casereader.storage.audit import record_event, to_json, utc_now
from casereader.storage.database import Database
from casereader.storage.records import CaseRecord, InspectionRecord, ReviewEventRecord

AUDIT_KIND = "review"
_DEVICE_ID = re.compile(r"[0-9a-f]{32}")  # casereader.bundles.crypto.device_id_of


def to_event(r: ReviewEventRecord) -> ReviewEvent:
    return ReviewEvent(id=r.id, inspection_id=r.inspection_id, case_id=r.case_id, kind=r.kind, at=r.at,
                       actor=r.actor, origin=r.origin, query_id=r.query_id, question_id=r.question_id, text=r.text,
                       mark=r.mark, checksum=r.checksum)


def _insert(s: Session, e: ReviewEvent, *, actor: str, local: bool) -> bool:
    """Insert ``e`` and its audit event unless an event with its id is already stored (then: same content, or
    StoreError). Returns whether it was new."""
    held = s.get(ReviewEventRecord, e.id)
    if held is not None:
        if to_event(held) != e:
            raise StoreError(f"review event {e.id} is already stored with other content; nothing was changed")
        return False
    s.add(ReviewEventRecord(id=e.id, inspection_id=e.inspection_id, case_id=e.case_id, query_id=e.query_id,
                            kind=e.kind, at=e.at, actor=e.actor, origin=e.origin, question_id=e.question_id,
                            text=e.text, mark=e.mark, checksum=e.checksum, local=local, received_at=utc_now()))
    record_event(s, actor=actor, kind=AUDIT_KIND, key=e.kind, case_id=e.case_id, inspection_id=e.inspection_id,
                 new=to_json(e.to_json()), reason=f"query {e.query_id}" if e.query_id else "sign-off")
    return True


class ReviewRepository:
    """Queries and sign-offs of the local store (one unit of work per method, as every store method)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _inspection(self, s: Session, inspection_id: str) -> InspectionRecord:
        rec = s.get(InspectionRecord, inspection_id)
        if rec is None:
            raise StoreError(f"No inspection with id '{inspection_id}' on this laptop.")
        return rec

    def _events(self, s: Session, inspection_id: str, case_id: str | None = None) -> list[ReviewEvent]:
        stmt = select(ReviewEventRecord).where(ReviewEventRecord.inspection_id == inspection_id)
        if case_id is not None:
            stmt = stmt.where(ReviewEventRecord.case_id == case_id)
        return [to_event(r) for r in s.scalars(stmt.order_by(ReviewEventRecord.at, ReviewEventRecord.id))]

    def add_review_events(self, inspection_id: str, events: Sequence[ReviewEvent], *, actor: str) -> int:
        """Store the events not held yet (from a query pack), each audited; all or none. Each must be of the
        inspection and name one of its cases. Returns how many were new."""
        with self._db.write() as s:
            insp = self._inspection(s, inspection_id)
            cases = set(s.scalars(select(CaseRecord.id).where(CaseRecord.inspection_id == insp.id)))
            added = 0
            for e in events:
                problem = e.problem()
                if e.inspection_id != insp.id:
                    problem = f"belongs to inspection {e.inspection_id}"
                elif e.case_id not in cases:
                    problem = f"names case {e.case_id}, which is not in inspection {insp.id}"
                if problem is not None:
                    raise StoreError(f"review event {e.id} ({e.kind}): {problem}; nothing was imported")
                added += _insert(s, e, actor=actor, local=False)
            return added

    def review_events(self, inspection_id: str, *, local_only: bool = False) -> list[ReviewEvent]:
        """The inspection's review events (``local_only``: those made on this laptop, which bundles carry)."""
        with self._db.read() as s:
            self._inspection(s, inspection_id)
            stmt = select(ReviewEventRecord).where(ReviewEventRecord.inspection_id == inspection_id)
            if local_only:
                stmt = stmt.where(ReviewEventRecord.local.is_(True))
            return [to_event(r) for r in s.scalars(stmt.order_by(ReviewEventRecord.at, ReviewEventRecord.id))]

    def queries(self, inspection_id: str, case_id: str | None = None) -> list[QueryState]:
        """The inspection's queries (or one case's), folded from their events, oldest first."""
        with self._db.read() as s:
            self._inspection(s, inspection_id)
            found = fold_queries(self._events(s, inspection_id, case_id))
        return sorted(found.values(), key=lambda q: (q.opened_at, q.id))

    def case_review(self, case_id: str) -> tuple[list[QueryState], SignOff]:
        """The case's queries (oldest first) and its sign-off, from one read of its events (the app asks after
        every save); the sign-off without the changed-since check (see :meth:`case_signoff`)."""
        with self._db.read() as s:
            case = s.get(CaseRecord, case_id)
            if case is None:
                raise StoreError(f"No case with id '{case_id}'.")
            events = self._events(s, case.inspection_id, case.id)
        queries = sorted(fold_queries(events).values(), key=lambda q: (q.opened_at, q.id))
        return queries, fold_signoff(case_id, events, None)

    def case_signoff(self, case_id: str, checksum: str | None = None) -> SignOff:
        """The case's sign-off folded from its events; with the case's current marks ``checksum``, whether it
        changed since it was signed off (see :func:`casereader.sync.reviews.case_signoff`)."""
        with self._db.read() as s:
            case = s.get(CaseRecord, case_id)
            if case is None:
                raise StoreError(f"No case with id '{case_id}'.")
            return fold_signoff(case.id, self._events(s, case.inspection_id, case.id), checksum)

    def answer_query(self, query_id: str, text: str, actor: str, origin: str, *,
                     mark: str | None = None) -> QueryState:
        """Answer a query the centre opened: text, and (``mark``) the mark it was changed to, as shown — the
        change itself is saved beforehand through :meth:`save_answer`, audited as every answer. Refused (nothing
        written) if the text is empty or the query is closed or unknown. Returns the query as it now is."""
        if not text.strip():
            raise StoreError("An answer to a query needs some text.")
        if not _DEVICE_ID.fullmatch(origin):
            raise StoreError("An answer is made on a laptop: give its device id (32 hexadecimal digits), not "
                             f"'{origin[:40]}'.")
        with self._db.write() as s:
            first = s.scalars(select(ReviewEventRecord).where(ReviewEventRecord.query_id == query_id)
                              .limit(1)).first()
            if first is None:
                raise StoreError(f"No query with id '{query_id}' on this laptop (import the centre's query pack).")
            events = self._events(s, first.inspection_id, first.case_id)
            current = fold_queries(events).get(query_id)
            if current is None:
                raise StoreError(f"Query {query_id} was never opened.")
            if current.state == "closed":
                raise StoreError(f"Query {query_id[:8]} was closed by {current.closed_by} on "
                                 f"{current.closed_at[:10]}; it cannot be answered.")
            at = stamp_after(*(e.at for e in events if e.query_id == query_id))  # folds after what it answers
            event = ReviewEvent(id=str(uuid.uuid4()), inspection_id=first.inspection_id, case_id=first.case_id,
                                kind=ANSWERED, at=at, actor=actor, origin=origin, query_id=query_id,
                                text=text.strip(), mark=mark)
            problem = event.problem()
            if problem is not None:
                raise StoreError(f"The answer was not saved: {problem}.")
            _insert(s, event, actor=actor, local=True)
            s.flush()
            after = fold_queries([*events, event])[query_id]
        return after
