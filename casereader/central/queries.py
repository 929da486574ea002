"""Read-only queries for reports: answer counts per group, Area, question and value (SQLAlchemy Core).

The GROUP BY runs in the database (SQLite or PostgreSQL); header fields are read from the case's JSON
header with ``.as_string()`` so the same query works on both. Only ordinary marking inspections count
(never second-marking or calibration copies), and of their cases in the selected statuses only the
applicable first marks, each replaced by the moderator's agreed mark where there is one. Everything after
counting is in :mod:`casereader.reports`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, exists, func, literal, literal_column, or_, select, true

from casereader.central.moderation import effective_answers, marking_only
from casereader.central.schema import (
    CentralAnswerRecord,
    CentralCaseRecord,
    CentralInspectionRecord,
    FormRecord,
)
from casereader.core.errors import UserError
from casereader.core.loader import QuestionSetError, question_set_for_hash
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind
from casereader.reports.aggregate import aggregate
from casereader.reports.counts import NOT_RECORDED, AnswerCount, CaseCount, CountData
from casereader.reports.direction import DirectionRule, compare
from casereader.reports.model import Report, Rounding

A = CentralAnswerRecord.__table__
C = CentralCaseRecord.__table__
I = CentralInspectionRecord.__table__  # noqa: E741
F = FormRecord.__table__

BUILT_IN = {"area": I.c.area, "round": I.c.round, "inspection": I.c.id, "programme": I.c.programme,
            "form": I.c.form_id, "question_set": I.c.form_id + literal_column("'@'") + I.c.form_version,
            "inspector": C.c.inspector, "status": C.c.status}
FINISHED = ("complete", "locked")


class QueryError(UserError, ValueError):
    """A selection that cannot be answered (unknown field, nothing matched); message fit for the user."""


@dataclass(frozen=True)
class Selection:
    """Which cases a report covers."""

    rounds: tuple[str, ...] = ()
    inspections: tuple[str, ...] = ()
    exclude_inspections: tuple[str, ...] = ()
    form_id: str | None = None
    form_version: str | None = None
    areas: tuple[str, ...] = ()
    where: Mapping[str, str] = field(default_factory=dict)
    statuses: tuple[str, ...] = FINISHED

    def describe(self) -> dict[str, str]:
        """The filters, one line: what a reader needs to reproduce the selection."""
        parts = [f"{name.replace('_', ' ')}: {', '.join(getattr(self, name))}"
                 for name in ("rounds", "inspections", "exclude_inspections", "areas") if getattr(self, name)]
        if self.form_id:
            parts.append("question set: " + self.form_id + (f"@{self.form_version}" if self.form_version else ""))
        parts += [f"{k} = {v}" for k, v in self.where.items()]
        parts.append("case status: " + (", ".join(self.statuses) or "any") + "; withdrawn cases excluded")
        return {"filters": "; ".join(parts)}


def dimension(field_id: str) -> ColumnElement[Any]:
    """The SQL expression of a grouping field: a built-in column or a case header field."""
    if field_id in BUILT_IN:
        return BUILT_IN[field_id]
    expr: ColumnElement[Any] = C.c.header[field_id].as_string()
    return expr


def _conditions(sel: Selection, *, cases: bool = True, flags: frozenset[str] = frozenset()
                ) -> list[ColumnElement[bool]]:
    cond: list[ColumnElement[bool]] = [marking_only()]
    if sel.rounds:
        cond.append(I.c.round.in_(sel.rounds))
    if sel.inspections:
        cond.append(I.c.id.in_(sel.inspections))
    if sel.exclude_inspections:
        cond.append(I.c.id.not_in(sel.exclude_inspections))
    if sel.form_id:
        cond.append(I.c.form_id == sel.form_id)
    if sel.form_version:
        cond.append(I.c.form_version == sel.form_version)
    if sel.areas:
        cond.append(I.c.area.in_(sel.areas))
    if sel.statuses:
        cond.append(C.c.status.in_(sel.statuses))
    if cases:
        cond.append(C.c.withdrawn_reason == "")  # withdrawn cases are never counted
    for k, v in sel.where.items():
        if k in flags:  # a yes/no header field: stored as JSON true/false, read as '1'/'0' or 'true'/'false'
            yes = dimension(k).in_(["1", "true"])
            cond.append(yes if v.lower() in ("yes", "true", "1") else or_(~yes, dimension(k).is_(None)))
        else:
            cond.append(dimension(k) == v)
    return cond


def load_forms(engine: Engine, sel: Selection) -> dict[str, QuestionSet]:
    """The question sets (exact bytes, checked against their hash) of the selected inspections."""
    icond = _conditions(replace(sel, where={}, statuses=()), cases=False)
    with engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(select(I.c.form_hash).where(and_(true(), *icond)).distinct())]
        found: dict[str, QuestionSet] = {}
        q = select(F.c.form_hash, F.c.form_id, F.c.form_version).where(F.c.form_hash.in_(hashes))
        for h, fid, ver in conn.execute(q):
            def content(h: str = h) -> bytes:  # read only when this process has not parsed the set yet
                return bytes(conn.execute(select(F.c.content).where(F.c.form_hash == h)).scalar_one())
            try:  # the bytes are checked against their hash, so the process's one parsed copy is used
                found[h] = question_set_for_hash(h, content, f"{fid}@{ver}")
            except QuestionSetError as exc:
                raise QueryError(f"question set {fid}@{ver} stored centrally cannot be read: {exc}") from exc
    return {h: found[h] for h in hashes if h in found}


def count_answers(engine: Engine, by: Sequence[str], sel: Selection | None = None) -> CountData:
    """Answer counts per (question set, group, Area, question, value, N/A) and case counts per group."""
    sel = sel or Selection()
    by = tuple(f for f in by if f != "area")
    forms = load_forms(engine, sel)
    if not forms:
        raise QueryError("no inspections match the selection: " + _describe(sel))
    flags = _flags(forms, (*by, *sel.where))
    dims = [dimension(f).label(f"g{i}") for i, f in enumerate(by)]
    cond = _conditions(sel, flags=flags)
    nb = len(by)
    answers: list[AnswerCount] = []
    with engine.connect() as conn:
        # Agreed marks (moderation) replace first marks; the union is only paid for where there are any.
        moderated = conn.execute(select(exists().where(A.c.role == "agreed"))).scalar()
        E = effective_answers() if moderated else A
        first = [] if moderated else [A.c.role == "first"]
        for form_hash, qs in forms.items():  # one query per question set keeps the GROUP BY key short
            choice_ids = sorted(q.id for q in qs.questions
                                if qs.scale_of(q.id).kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE))
            n_na = func.sum(case((E.c.na == true(), 1), else_=0))
            aq = (select(I.c.area, *dims, E.c.question_id, E.c.value, func.count(), n_na)
                  .select_from(E.join(C, E.c.case_id == C.c.id).join(I, C.c.inspection_id == I.c.id))
                  .where(I.c.form_hash == form_hash, *first, E.c.applicable == true(),
                         *_only(choice_ids, qs, E.c.question_id), *cond)
                  .group_by(I.c.area, *dims, E.c.question_id, E.c.value))
            for r in conn.execute(aq):
                group, area, qid, value = _group(r[1:1 + nb], by, flags), r[0], r[1 + nb], r[2 + nb]
                total, na = int(r[3 + nb]), int(r[4 + nb] or 0)
                if na:
                    answers.append(AnswerCount(form_hash, group, area, qid, None, True, na))
                if total > na and value is not None:
                    answers.append(AnswerCount(form_hash, group, area, qid, value, False, total - na))
        cq = (select(I.c.form_hash, I.c.area, *dims, func.count())
              .select_from(C.join(I, C.c.inspection_id == I.c.id)).where(*cond)
              .group_by(I.c.form_hash, I.c.area, *dims))
        cases = tuple(CaseCount(r[0], _group(r[2:2 + nb], by, flags), r[1], int(r[2 + nb]))
                      for r in conn.execute(cq))
    answers = _merged(answers)
    return CountData(by, tuple(answers), cases, forms, sel.describe())


def _flags(forms: Mapping[str, QuestionSet], fields: Sequence[str]) -> frozenset[str]:
    """The fields that are yes/no header fields in some question set (filtered and grouped as yes/no)."""
    return frozenset(f for qs in forms.values() for f in fields
                     if (h := qs.header_index.get(f)) and h.type == FieldType.FLAG)


def _merged(answers: list[AnswerCount]) -> list[AnswerCount]:
    """N/A counts of one question in one cell summed (N/A answers may carry different stored values)."""
    out: dict[tuple[Any, ...], AnswerCount] = {}
    for a in answers:
        key = (a.form_hash, a.group, a.area, a.question_id, a.value, a.na)
        found = out.get(key)
        out[key] = a if found is None else AnswerCount(*key, found.count + a.count)
    return list(out.values())


def _only(choice_ids: list[str], qs: QuestionSet, question_id: ColumnElement[Any]) -> list[ColumnElement[bool]]:
    """Leave out text, date and number answers (not counted by value) when the set has any."""
    if len(choice_ids) == len(qs.questions):
        return []
    # ``|| ''`` keeps the planner scanning each case's answers once rather than probing the index per id
    return [(question_id + literal("")).in_(choice_ids)]


def _group(raw: Sequence[Any], by: tuple[str, ...], flags: frozenset[str]) -> tuple[str, ...]:
    return tuple(_normal(v, f in flags) for v, f in zip(raw, by))


def _normal(v: Any, flag: bool) -> str:
    if v is None:
        return NOT_RECORDED
    if flag:
        return "yes" if str(v).lower() in ("1", "true") else "no"
    return str(v)


def _describe(sel: Selection) -> str:
    return sel.describe()["filters"]


def selected_inspections(engine: Engine, sel: Selection) -> list[str]:
    """Ids of the marking inspections a selection covers (whatever its case filters)."""
    cond = _conditions(replace(sel, where={}, statuses=()), cases=False)
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(I.c.id).where(*cond).order_by(I.c.id))]


def report_inspections(engine: Engine, sel: Selection, compare_with: str | None = None) -> list[str]:
    """Ids of the marking inspections a report covers (both sides of a comparison)."""
    if compare_with is None:
        return selected_inspections(engine, sel)
    base, follow, _, _ = baseline_selection(engine, compare_with, sel)
    return sorted({*selected_inspections(engine, base), *selected_inspections(engine, follow)})


def rounds(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(I.c.round).where(marking_only()).distinct().order_by(I.c.round))]


def areas(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(I.c.area).where(marking_only()).distinct().order_by(I.c.area))]


def field_values(engine: Engine, field_id: str) -> list[str]:
    """The distinct values a grouping field takes (for filter lists)."""
    expr = dimension(field_id)
    q = select(expr).select_from(C.join(I, C.c.inspection_id == I.c.id)).where(marking_only()).distinct()
    with engine.connect() as conn:
        return sorted({_normal(r[0], False) for r in conn.execute(q)} - {NOT_RECORDED})


def baseline_selection(engine: Engine, baseline: str, sel: Selection) -> tuple[Selection, Selection, str, str]:
    """Split a selection into (baseline, follow-up) by a round name or an inspection id (or unique prefix)."""
    known_rounds = rounds(engine)
    if baseline in known_rounds:
        others = tuple(r for r in known_rounds if r != baseline and (not sel.rounds or r in sel.rounds))
        if not others:
            raise QueryError(f"--compare {baseline}: there is no other round to compare with it")
        return (_replace(sel, rounds=(baseline,)), _replace(sel, rounds=others), baseline, ",".join(others))
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(I.c.id, I.c.area).where(I.c.id.startswith(baseline),
                                                                        marking_only()))]
        if len(ids) != 1:
            raise QueryError(f"--compare {baseline}: not a round ({', '.join(known_rounds) or 'none'}) nor "
                             + ("a unique inspection id prefix" if ids else "an inspection id"))
        area = conn.execute(select(I.c.area).where(I.c.id == ids[0])).scalar_one()
    return (_replace(sel, inspections=(ids[0],), rounds=()),
            _replace(sel, exclude_inspections=(ids[0],), areas=(area,)), f"inspection {ids[0]}", f"{area} follow-up")


def _replace(sel: Selection, **changes: Any) -> Selection:
    return replace(sel, **changes)


@dataclass(frozen=True)
class Coverage:
    """What the counted cases of a selection span: each (round, question set id@version, Area) present."""

    cells: tuple[tuple[str, str, str], ...]

    @property
    def rounds(self) -> list[str]:
        return sorted({r for r, _, _ in self.cells})

    @property
    def question_sets(self) -> list[str]:
        return sorted({q for _, q, _ in self.cells})

    @property
    def areas(self) -> list[str]:
        return sorted({a for _, _, a in self.cells})

    def versions_by_round(self) -> dict[str, list[str]]:
        return {r: sorted({q for rr, q, _ in self.cells if rr == r}) for r in self.rounds}

    def separating(self, by: Sequence[str]) -> list[str]:
        """The dimensions to add in front of ``by`` so that no group pools two rounds or two question-set
        versions: ``round`` when the selection spans several rounds, ``question_set`` when a round (or the
        whole selection) spans several versions. An inspection holds one round and one version."""
        if "inspection" in by:
            return []
        extra = ["round"] if len(self.rounds) > 1 and "round" not in by else []
        split_by_round = "round" in by or extra
        mixed = (any(len(v) > 1 for v in self.versions_by_round().values()) if split_by_round
                 else len(self.question_sets) > 1)
        return extra + (["question_set"] if mixed and "question_set" not in by else [])

    def block(self, sel: Selection, aggregation: str) -> dict[str, str]:
        """The selection block every output prints: rounds, question-set versions, Areas, filters, method."""
        versions = self.versions_by_round()
        return {"rounds": ", ".join(self.rounds),
                "question_sets": "; ".join(f"{r}: {', '.join(v)}" for r, v in versions.items()),
                "areas": ", ".join(self.areas), **sel.describe(), "aggregation": aggregation}


def coverage(engine: Engine, sel: Selection) -> Coverage:
    """The rounds, question-set versions and Areas of the cases a selection counts."""
    flags = _flags(load_forms(engine, sel), tuple(sel.where))
    q = (select(I.c.round, BUILT_IN["question_set"], I.c.area)
         .select_from(C.join(I, C.c.inspection_id == I.c.id)).where(*_conditions(sel, flags=flags)).distinct())
    with engine.connect() as conn:
        return Coverage(tuple(sorted((r[0], r[1], r[2]) for r in conn.execute(q))))


def _aggregation(extra: Sequence[str], cov: Coverage) -> str:
    rounds = ("each round reported separately (grouped by round)" if "round" in extra
              else f"one round ({', '.join(cov.rounds)})" if len(cov.rounds) == 1
              else "rounds kept apart by the grouping")
    versions = ("each question-set version reported separately (grouped by question_set)" if "question_set" in extra
                else "no question-set versions pooled")
    return (f"{rounds}; {versions}; within each group, national figures both pooled over every case and as the "
            "mean of Areas")


def _one_side(cov: Coverage, side: str, compare_with: str) -> None:
    if len(cov.rounds) > 1:
        raise QueryError(f"--compare {compare_with}: the {side} spans rounds {', '.join(cov.rounds)}, which would be "
                         "pooled; choose one with --round")
    if len(cov.question_sets) > 1:
        raise QueryError(f"--compare {compare_with}: the {side} spans question-set versions "
                         f"{', '.join(cov.question_sets)}, which would be pooled; choose one with --form ID@VERSION")


def build_report(engine: Engine, by: Sequence[str], sel: Selection | None = None, *, compare_with: str | None = None,
                 rule: DirectionRule | None = None, rounding: Rounding | None = None) -> Report:
    """Count, aggregate and (with ``compare_with``, a round or inspection) compare: the whole report model.

    Rounds and question-set versions are never pooled: without ``compare_with`` a selection spanning several
    is grouped by them (see :meth:`Coverage.separating`); with it, each side must hold one round and version.
    """
    sel = sel or Selection()
    rule = rule or DirectionRule(rounding=rounding or Rounding())
    rounding = rounding or rule.rounding
    if compare_with is None:
        cov = coverage(engine, sel)
        extra = cov.separating(by)
        report = aggregate(count_answers(engine, [*extra, *by], sel), rounding)
        return replace(report, selection=cov.block(sel, _aggregation(extra, cov)))
    base_sel, follow_sel, base_label, follow_label = baseline_selection(engine, compare_with, sel)
    base_cov, follow_cov = coverage(engine, base_sel), coverage(engine, follow_sel)
    _one_side(base_cov, "baseline", compare_with)
    _one_side(follow_cov, "follow-up", compare_with)
    follow = aggregate(count_answers(engine, by, follow_sel), rounding)
    base = aggregate(count_answers(engine, by, base_sel), rounding)
    comparison = compare(base, follow, rule, baseline_label=base_label, follow_up_label=follow_label)
    both = Coverage(base_cov.cells + follow_cov.cells)
    aggregation = (f"follow-up figures ({follow_label}) with the direction of travel against the baseline "
                   f"({base_label}); rounds and question-set versions never pooled; within each group, national "
                   "figures both pooled over every case and as the mean of Areas")
    return replace(follow, comparison=comparison,
                   selection={**both.block(sel, aggregation), "compared_with": compare_with})
