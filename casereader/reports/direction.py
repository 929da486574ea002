"""Direction of travel: a follow-up round against its baseline (methodology §6.3).

Change = follow-up minus baseline, by default on the figures as published (one decimal place, half-up),
in exact decimals: 70.3 -> 71.3 is a change of exactly 1.0 and so improved (▲); 58.6 -> 57.9 is static
(▶). Questions whose wording or scale changed between question-set versions are compared only through
the ``crosswalk`` a question declares; otherwise they are reported as not comparable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from casereader.core.questionset import Question, QuestionSet
from casereader.reports.model import Comparison, Figure, Report, Rounding, ScoreRow, Travel

ARROWS = {"improved": "▲", "declined": "▼", "static": "▶", "not comparable": "–", "no data": ""}


@dataclass(frozen=True)
class DirectionRule:
    """When a change counts as improved or declined, and on which figures it is measured."""

    threshold: Decimal = Decimal("1.0")
    on: str = "published"  # published (rounded figures) | exact (unrounded fractions)
    rounding: Rounding = field(default_factory=Rounding)

    def describe(self) -> dict[str, str]:
        return {
            "change": "follow-up minus baseline, in percentage points, in exact decimal arithmetic",
            "figures": ("the published figures (" + self.rounding.describe() + ")") if self.on == "published"
            else "the unrounded figures (exact fractions of the counts)",
            "improved": f"change >= +{self.threshold} percentage points (▲)",
            "declined": f"change <= -{self.threshold} percentage points (▼)",
            "static": f"|change| < {self.threshold} percentage points (▶)",
            "threshold": str(self.threshold),
            "on": self.on,
        }

    def direction(self, baseline: Decimal | None, follow_up: Decimal | None) -> tuple[str, Decimal | None]:
        if baseline is None or follow_up is None:
            return "no data", None
        change = follow_up - baseline
        if change >= self.threshold:
            return "improved", change
        if change <= -self.threshold:
            return "declined", change
        return "static", change

    def value(self, f: Figure) -> Decimal | None:
        return f.published if self.on == "published" else f.exact

    def mean(self, row: ScoreRow) -> Decimal | None:
        return row.mean_of_areas if self.on == "published" else row.mean_of_areas_exact


def arrow(direction: str) -> str:
    return ARROWS[direction]


def compare(baseline: Report, follow_up: Report, rule: DirectionRule | None = None, *,
            baseline_label: str = "baseline", follow_up_label: str = "follow-up") -> Comparison:
    """Every measure, theme and scored question of the follow-up against the baseline: national, each Area."""
    rule = rule or DirectionRule()
    rows: list[Travel] = []
    versions_differ = {qs.content_hash for qs in baseline.question_sets} != \
        {qs.content_hash for qs in follow_up.question_sets}
    for kind in ("measure", "theme", "question"):
        for f_row in follow_up.rows(kind):
            b_id: str | None = f_row.id
            note = ""
            if kind == "question":
                b_id, note = _question_match(f_row.id, baseline.question_sets, follow_up.question_sets)
            elif versions_differ:
                note = "question-set versions differ: compared by measure/theme id"
            b_row = baseline.row(kind, b_id, f_row.group) if b_id else None
            rows.extend(_travel(kind, f_row, b_row, rule, note, comparable=bool(b_id)))
    return Comparison(baseline_label, follow_up_label, rule.describe(), tuple(rows))


def _travel(kind: str, f: ScoreRow, b: ScoreRow | None, rule: DirectionRule, note: str,
            comparable: bool) -> list[Travel]:
    out = []

    def one(scope: str, area: str | None, bv: Decimal | None, fv: Decimal | None, bn: int, fn: int) -> None:
        if not comparable:
            direction, change = "not comparable", None
        else:
            direction, change = rule.direction(bv, fv)
        out.append(Travel(kind, f.id, f.title, f.group, scope, area, bv if comparable else None, fv, change,
                          direction, ARROWS[direction], bn, fn, note))

    one("pooled", None, rule.value(b.pooled) if b else None, rule.value(f.pooled),
        b.pooled.n if b else 0, f.pooled.n)
    one("mean_of_areas", None, rule.mean(b) if b else None, rule.mean(f), len(b.areas) if b else 0, len(f.areas))
    for fa in f.areas:
        ba = b.area(fa.area) if b else None
        one("area", fa.area, rule.value(ba.figure) if ba else None, rule.value(fa.figure),
            ba.figure.n if ba else 0, fa.figure.n)
    return out


def _question_match(qid: str, baseline: tuple[QuestionSet, ...], follow_up: tuple[QuestionSet, ...]
                    ) -> tuple[str | None, str]:
    """The baseline question comparable to follow-up question ``qid`` (or None) and how it was matched."""
    matches: set[str] = set()
    how: set[str] = set()
    for f_qs in follow_up:
        fq = f_qs.question_index.get(qid)
        if fq is None:
            continue
        for b_qs in baseline:
            found, why = _match_one(fq, f_qs, b_qs)
            if found is None:
                return None, why
            matches.add(found)
            how.add(why)
    if len(matches) != 1:
        return None, "not comparable: crosswalks disagree" if matches else "not comparable: not in the baseline"
    return matches.pop(), "; ".join(sorted(h for h in how if h))


def _match_one(fq: Question, f_qs: QuestionSet, b_qs: QuestionSet) -> tuple[str | None, str]:
    if f_qs.content_hash and f_qs.content_hash == b_qs.content_hash:
        return fq.id, ""
    target = fq.crosswalk.get(b_qs.version)
    if target is not None and target in b_qs.question_index:
        return target, f"compared through the crosswalk to {b_qs.key} {target}"
    for bq in b_qs.questions:
        if bq.crosswalk.get(f_qs.version) == fq.id:
            return bq.id, f"compared through the crosswalk of {b_qs.key} {bq.id}"
    bq2 = b_qs.question_index.get(fq.id)
    if bq2 is not None and _signature(bq2, b_qs) == _signature(fq, f_qs):
        return fq.id, f"unchanged since {b_qs.key}"
    if bq2 is None:
        return None, f"not comparable: new in {f_qs.key}, no crosswalk to {b_qs.key}"
    return None, f"not comparable: changed between {b_qs.key} and {f_qs.key} and no crosswalk"


def _signature(q: Question, qs: QuestionSet) -> tuple[object, ...]:
    """What must be unchanged for a question to be compared by its id alone."""
    scale = qs.scale_of(q.id)
    return (q.text, q.applies_if, scale.kind, tuple((o.value, qs.points_for(q.id, o.value)) for o in scale.options),
            q.measures, qs.theme_of(q.id))
