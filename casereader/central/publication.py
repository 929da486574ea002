"""The publication gate: is the evidence base of a report secure enough to publish as final?

Each check returns one :class:`Blocker` per thing to put right, with a line fit to print:

- ``unfinished_case``: a sampled case neither marked complete nor replaced (withdrawn) with a recorded reason;
- ``missing_evidence``: a mark that needs its evidence note (the question set's ``comment_required_for``,
  e.g. partially or not meeting) without one;
- ``conflict``: an unresolved import conflict on the report's inspections (a review step that did not apply is
  shown on its query instead: the query's state is what blocks);
- ``second_marking``: second marking not drawn, or fewer copies marked complete than were drawn;
- ``disagreement``: a first and a blind second mark that differ with no agreed mark recorded;
- ``open_query``: a query on a mark or a case that is open or answered but not closed;
- ``changed_since_review``: a case signed off and changed since (its sign-off no longer holds).

Unused reserve cases are not in the sample and never block. The checks read; they change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import case, func, or_, select

from casereader.central.moderation import disagreements, effective_answers, question_set
from casereader.central.review_report import query_counts, review_blockers
from casereader.central.schema import (
    AssignmentRecord,
    BundleRecord,
    CentralCaseRecord,
    CentralInspectionRecord,
    ConflictRecord,
)
from casereader.central.store import CentralStore

if TYPE_CHECKING:
    from casereader.central.queries import Selection
    from casereader.reports.direction import DirectionRule
    from casereader.reports.model import Report, Rounding

FINISHED = ("complete", "locked")
C = CentralCaseRecord.__table__
I = CentralInspectionRecord.__table__  # noqa: E741


@dataclass(frozen=True)
class Blocker:
    code: str  # unfinished_case | missing_evidence | conflict | second_marking | disagreement | open_query | ...
    inspection_id: str
    line: str


def gated_report(store: CentralStore, by: Sequence[str], sel: Selection, *, compare_with: str | None = None,
                 rule: DirectionRule | None = None, rounding: Rounding | None = None,
                 final: bool = False) -> tuple[Report, list[Blocker]]:
    """The whole report (with its marking-consistency section) and, when ``final``, what blocks publishing it."""
    from casereader.central.moderation import consistency_across
    from casereader.central.queries import build_report, report_inspections

    report = build_report(store.engine, by, sel, compare_with=compare_with, rule=rule, rounding=rounding)
    covered = report_inspections(store.engine, sel, compare_with)
    report = replace(report, consistency=consistency_across(store, covered),
                     queries=tuple(query_counts(store, covered)))
    return report, (blockers(store, covered) if final else [])


def blockers(store: CentralStore, inspection_ids: Sequence[str]) -> list[Blocker]:
    """Every reason the marking inspections ``inspection_ids`` cannot yet be published, in a stable order."""
    out: list[Blocker] = []
    for iid in inspection_ids:
        with store.sessions() as s:
            row = s.execute(select(I.c.area, I.c.round, I.c.form_hash).where(I.c.id == iid)).one()
        where = f"{row.area} {row.round} (inspection {iid[:8]})"
        out += _unfinished(store, iid, where)
        out += _missing_evidence(store, iid, row.form_hash, where)
        out += _conflicts(store, iid, where)
        out += _second_marking(store, iid, where)
        out += [Blocker(code, iid, line) for code, line in review_blockers(store, iid, where)]
    return out


def _unfinished(store: CentralStore, iid: str, where: str) -> list[Blocker]:
    q = (select(C.c.reference, C.c.status).where(C.c.inspection_id == iid, C.c.reserve.is_(False),
                                                  C.c.withdrawn_reason == "", C.c.status.not_in(FINISHED))
         .order_by(C.c.reference))
    with store.sessions() as s:
        return [Blocker("unfinished_case", iid, f"{where}: case {ref} is {status.replace('_', ' ')}, neither marked "
                        "complete nor replaced with a recorded reason") for ref, status in s.execute(q)]


def _missing_evidence(store: CentralStore, iid: str, form_hash: str, where: str) -> list[Blocker]:
    qs = question_set(store, form_hash)[0]
    needs = {q.id: frozenset(q.comment_required_for) for q in qs.questions if q.comment_required_for}
    if not needs:
        return []
    values = sorted({v for vs in needs.values() for v in vs})
    E = effective_answers()
    q = (select(C.c.reference, E.c.question_id, E.c.value, E.c.comment).select_from(E.join(C, E.c.case_id == C.c.id))
         .where(C.c.inspection_id == iid, C.c.withdrawn_reason == "", C.c.reserve.is_(False),
                E.c.applicable.is_(True), E.c.na.is_(False), E.c.value.in_(values),
                E.c.question_id.in_(sorted(needs)))
         .order_by(C.c.reference, E.c.question_id))
    out = []
    with store.sessions() as s:
        for ref, qid, value, comment in s.execute(q):
            if value in needs[qid] and not (comment or "").strip():
                label = (opt.label if (opt := qs.scale_of(qid).option(value)) is not None else value)
                out.append(Blocker("missing_evidence", iid, f"{where}: case {ref} question {qid} is marked "
                                   f"'{label}' without the evidence note it requires"))
    return out


def _conflicts(store: CentralStore, iid: str, where: str) -> list[Blocker]:
    """Unresolved conflicts on the inspection's cases or bundles, or on its second-marking copies."""
    copies = select(I.c.id).where(I.c.source_inspection_id == iid)
    inspections = or_(I.c.id == iid, I.c.id.in_(copies))
    cases = select(C.c.id).select_from(C.join(I, C.c.inspection_id == I.c.id)).where(inspections)
    bundles = select(BundleRecord.sha256).where(or_(BundleRecord.inspection_id == iid,
                                                    BundleRecord.inspection_id.in_(copies)))
    q = (select(ConflictRecord.id, ConflictRecord.kind, CentralCaseRecord.reference)
         .outerjoin(CentralCaseRecord, CentralCaseRecord.id == ConflictRecord.case_id)
         .where(ConflictRecord.resolved.is_(False), ConflictRecord.kind != "review_step",  # (the query's state does)
                or_(ConflictRecord.case_id.in_(cases), ConflictRecord.bundle_sha256.in_(bundles)))
         .order_by(ConflictRecord.id))
    with store.sessions() as s:
        return [Blocker("conflict", iid, f"{where}: import conflict #{cid} ({kind.replace('_', ' ')})"
                        + (f" on case {ref}" if ref else "") + " is unresolved (casereader central conflicts)")
                for cid, kind, ref in s.execute(q)]


def _second_marking(store: CentralStore, iid: str, where: str) -> list[Blocker]:
    A = AssignmentRecord
    original = CentralCaseRecord.__table__.alias("original")
    q = (select(func.count(), func.sum(case((C.c.status.in_(FINISHED), 1), else_=0)))
         .select_from(A.__table__.join(C, A.second_case_id == C.c.id)
                      .join(original, A.original_case_id == original.c.id))
         .where(original.c.inspection_id == iid))
    with store.sessions() as s:
        drawn, complete = s.execute(q).one()
    drawn, complete = int(drawn or 0), int(complete or 0)
    if not drawn:
        return [Blocker("second_marking", iid, f"{where}: no second marking has been drawn (casereader central "
                        "moderation draw)")]
    out = []
    if complete < drawn:
        out.append(Blocker("second_marking", iid, f"{where}: second marking below the drawn quota: {complete} of "
                           f"{drawn} drawn case(s) second-marked complete"))
    for p in disagreements(store, iid):
        out.append(Blocker("disagreement", iid, f"{where}: case {p.reference} question {p.question_id}: first mark "
                           f"{p.first.text} and second mark {p.second.text} disagree, no agreed mark recorded"))
    return out

