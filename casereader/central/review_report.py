"""The review loop in reports and the publication gate: query counts, open queries, cases changed since review.

Counts come from the folded ``central_query`` rows: per inspection, per Area and per question (a query on a
whole case counts under ``(case)``), the open, answered and closed queries and the median days from opening to
closing of the closed ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from casereader.central.schema import (
    CentralCaseRecord,
    CentralCaseReviewRecord,
    CentralInspectionRecord,
    CentralQueryRecord,
)
from casereader.central.store import CentralStore
from casereader.core.review import QueryState, median_days
from casereader.reports.model import QueryCount

WHOLE_CASE = "(case)"


def query_counts(store: CentralStore, inspection_ids: Sequence[str]) -> list[QueryCount]:
    """The query counts of the inspections, by inspection, by Area and by question (in that order)."""
    if not inspection_ids:
        return []
    with store.sessions() as s:
        rows = s.execute(select(CentralQueryRecord, CentralInspectionRecord.area).join(
            CentralInspectionRecord, CentralInspectionRecord.id == CentralQueryRecord.inspection_id).where(
            CentralQueryRecord.inspection_id.in_(list(inspection_ids)))).all()
    groups: dict[tuple[str, str], list[QueryState]] = defaultdict(list)
    for q, area in rows:
        state = QueryState(q.id, q.inspection_id, q.case_id, q.question_id, q.state, opened_at=q.opened_at,
                           closed_at=q.closed_at)
        groups[("inspection", q.inspection_id)].append(state)
        groups[("area", str(area))].append(state)
        groups[("question", q.question_id or WHOLE_CASE)].append(state)
    order = {"inspection": 0, "area": 1, "question": 2}
    return [QueryCount(g, k, sum(q.state == "open" for q in qs), sum(q.state == "answered" for q in qs),
                       sum(q.state == "closed" for q in qs), median_days(qs))
            for (g, k), qs in sorted(groups.items(), key=lambda item: (order[item[0][0]], item[0][1]))]


def review_blockers(store: CentralStore, iid: str, where: str) -> list[tuple[str, str]]:
    """(code, line) for every query of the inspection not closed and every case changed since review."""
    with store.sessions() as s:
        queries = s.execute(select(CentralQueryRecord.id, CentralQueryRecord.state, CentralQueryRecord.question_id,
                                   CentralCaseRecord.reference).join(
            CentralCaseRecord, CentralCaseRecord.id == CentralQueryRecord.case_id).where(
            CentralQueryRecord.inspection_id == iid, CentralQueryRecord.state != "closed").order_by(
            CentralCaseRecord.reference, CentralQueryRecord.opened_at)).all()
        changed = s.scalars(select(CentralCaseRecord.reference).join(
            CentralCaseReviewRecord, CentralCaseReviewRecord.case_id == CentralCaseRecord.id).where(
            CentralCaseReviewRecord.inspection_id == iid, CentralCaseReviewRecord.changed_since_review.is_(True))
            .order_by(CentralCaseRecord.reference)).all()
    out = [("open_query", f"{where}: query {qid[:8]} on case {ref}" + (f" question {question}" if question else "")
            + f" is {state}, not closed (casereader central query list)") for qid, state, question, ref in queries]
    out += [("changed_since_review", f"{where}: case {ref} changed since review: its sign-off no longer holds "
             "(casereader central signoff)") for ref in changed]
    return out
