"""The review loop on the inspector's laptop: importing a query pack, answering a query, a case's sign-off.

A query pack carries every review event the centre holds for one inspection (its queries, their answers
and closings, the cases' sign-offs); importing it again, or an older one after a newer one, changes nothing
that is already held (see docs/sync.md). Answers made here go back in the next marks bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from casereader.core.answers import Answer, value_text
from casereader.core.inspection import StoreError
from casereader.core.review import QueryState, ReviewEvent, SignOff
from casereader.sync.export import SyncError
from casereader.sync.pins import pinned_central

if TYPE_CHECKING:
    from casereader.storage import LocalStore


@dataclass(frozen=True)
class QueryPackImport:
    inspection_id: str
    events: int  # in the pack
    new: int  # not held before
    open_queries: int  # open (not answered or closed) after the import


def import_query_pack(store: LocalStore, data: bytes, *, actor: str, display: str = "query pack") -> QueryPackImport:
    """Verify a query pack (signed by the pinned centre) and store the review events not held yet; all or none.

    Refused, with nothing changed: a pack not signed by the centre this laptop trusts, for an inspection not on
    this laptop, with an event naming a case not in the inspection or a question not in its question set, or a
    device's answer made to look like the centre's step."""
    from casereader.bundles import BundleError
    from casereader.bundles.query_packs import read_query_pack

    pinned = pinned_central(store)
    if pinned is None:
        raise SyncError(f"{display}: this installation trusts no centre yet: import the inspection's sample pack "
                        "first")
    try:
        pack = read_query_pack(data, trusted_central=pinned.signing_public, display=display)
    except BundleError as exc:
        raise SyncError(str(exc)) from exc
    try:
        insp = store.get_inspection(pack.inspection_id)
        questions = store.question_set(insp.id).question_index
    except StoreError as exc:
        raise SyncError(f"{display}: inspection {pack.inspection_id} is not on this laptop ({exc})") from exc
    events = [ReviewEvent.from_json(e) for e in pack.events]
    for e in events:
        if e.question_id is not None and e.question_id not in questions:
            raise SyncError(f"{display}: query {e.query_id} is on question '{e.question_id}', which is not in "
                            f"question set {insp.form_key}; nothing was imported")
    try:
        new = store.add_review_events(insp.id, events, actor=actor)
        open_now = sum(q.state == "open" for q in store.queries(insp.id))
    except StoreError as exc:
        raise SyncError(f"{display}: {exc}") from exc
    return QueryPackImport(insp.id, len(events), new, open_now)


def case_signoff(store: LocalStore, case_id: str) -> SignOff:
    """The case's sign-off, with whether the case changed since it was signed (its marks checksum now)."""
    from casereader.bundles.checksums import marks_checksum

    case = store.get_case(case_id)
    doc = next(iter(store.case_documents(case.summary.inspection_id, case_id)), None)
    checksum = None if doc is None else marks_checksum({**doc, "role": "first"})
    return store.case_signoff(case_id, checksum)


def answer_query(store: LocalStore, inspection_id: str, query_id: str, text: str, *, actor: str, origin: str,
                 mark: Answer | None = None) -> QueryState:
    """Answer a query of the inspection (a unique prefix of its id will do): with ``mark``, first change the
    query's question's answer to it (saved and audited as every answer, the query named as the reason).

    Nothing is changed if the query is unknown or closed, the text empty, or the mark refused."""
    try:
        queries = store.queries(inspection_id)
    except StoreError as exc:
        raise SyncError(str(exc)) from exc
    matches = [q for q in queries if q.id.startswith(query_id.strip().lower())] if query_id.strip() else []
    if len(matches) != 1:
        raise SyncError(f"no query '{query_id}' in inspection {inspection_id}" if not matches else
                        f"'{query_id}' names {len(matches)} queries; give more of the id")
    q = matches[0]
    if q.state == "closed":
        raise SyncError(f"query {q.id[:8]} was closed by {q.closed_by} on {q.closed_at[:10]}; it cannot be answered")
    if not text.strip():
        raise SyncError("an answer to a query needs some text (--text)")
    shown = None
    try:
        if mark is not None:
            if q.question_id is None:
                raise SyncError(f"query {q.id[:8]} is on the whole case, not one question: answer it without --mark")
            if not mark.given:
                raise SyncError("the changed mark is empty: give a value (or N/A), or answer without changing it")
            held = store.get_case(q.case_id).state.answers.get(q.question_id)
            if held is not None and not mark.comment and held.comment:  # the note written with the mark stays
                mark = replace(mark, comment=held.comment)
            store.save_answer(q.case_id, q.question_id, mark, actor, reason=f"query {q.id}")
            shown = "n/a" if mark.na else value_text(mark.value)
        return store.answer_query(q.id, text, actor, origin, mark=shown)
    except StoreError as exc:
        raise SyncError(str(exc)) from exc
