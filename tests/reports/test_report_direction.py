"""The seed's published follow-up tables (annual report 2024-25): every arrow, strongest, weakest and gap.

Each published row becomes one measure. Synthetic answer counts are built so that the national pooled
figure, the strongest and the weakest Area equal the published ones exactly; the real aggregation and
comparison must then print the published arrow.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from casereader.core.loader import load_question_set_bytes
from casereader.core.questionset import QuestionSet
from casereader.reports.aggregate import aggregate
from casereader.reports.counts import AnswerCount, CaseCount, CountData
from casereader.reports.direction import DirectionRule, compare
from casereader.reports.model import Rounding

DATA = Path(__file__).resolve().parent / "data" / "aip-followup-2024-25.csv"
ANSWERS = 500  # per Area: 500 answers on a 2/1/0 scale, so x.y% is exactly 10*x.y points out of 1000


def published_rows() -> list[dict[str, str]]:
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


ROWS = published_rows()


def question_set(rows: list[dict[str, str]]) -> QuestionSet:
    measures = "".join(f"  - {{id: m{i:02d}, title: 'M{i:02d}'}}\n" for i in range(len(rows)))
    questions = "".join(f"      - {{id: Q{i:02d}, text: 'Row {i}', scale: fpn, measures: [m{i:02d}]}}\n"
                        for i in range(len(rows)))
    text = ("id: published-tables\nversion: '1'\ntitle: Published tables\nprogramme: AIP\n"
            "scales:\n  - id: fpn\n    label: FPN\n    kind: single\n    options:\n"
            "      - {value: fully, label: Fully, points: 2}\n      - {value: partially, label: Partially, points: 1}\n"
            "      - {value: not, label: Not, points: 0}\n"
            f"themes:\n  - {{id: T, title: Theme}}\nmeasures:\n{measures}"
            f"sections:\n  - id: s\n    title: S\n    theme: T\n    questions:\n{questions}")
    return load_question_set_bytes(text.encode(), "published-tables.yaml")


def area_counts(form: str, qid: str, area: str, points: int) -> list[AnswerCount]:
    fully, partially = divmod(points, 2)
    split = {"fully": fully, "partially": partially, "not": ANSWERS - fully - partially}
    return [AnswerCount(form, (), area, qid, v, False, n) for v, n in split.items() if n]


def follow_up_areas(p: Decimal, s: Decimal, w: Decimal) -> list[tuple[str, int]]:
    """Areas whose pooled figure is exactly p, with the strongest at s and the weakest at w."""
    for k in range(1, 40):
        rest = int((k + 2) * 10 * p - 10 * s - 10 * w)
        if k * 10 * w <= rest <= k * 10 * s:
            middles = [rest // k + (1 if i < rest % k else 0) for i in range(k)]
            return [("Strongest", int(10 * s)), ("Weakest", int(10 * w))] + [
                (f"Area {i + 1:02d}", m) for i, m in enumerate(middles)]
    raise AssertionError(f"no Area split for {p} between {w} and {s}")


def counts(qs: QuestionSet, follow: bool) -> CountData:
    answers: list[AnswerCount] = []
    cases: list[CaseCount] = []
    for i, row in enumerate(ROWS):
        qid = f"Q{i:02d}"
        if follow:
            areas = follow_up_areas(Decimal(row["follow_up"]), Decimal(row["strongest"]), Decimal(row["weakest"]))
        else:
            areas = [(f"Area {j + 1:02d}", int(10 * Decimal(row["baseline"]))) for j in range(3)]
        for area, pts in areas:
            answers.extend(area_counts(qs.content_hash, qid, area, pts))
    for area in sorted({a.area for a in answers}):
        cases.append(CaseCount(qs.content_hash, (), area, ANSWERS))
    return CountData((), tuple(answers), tuple(cases), {qs.content_hash: qs})


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['casework_type']}:{r['measure'][:30]}" for r in ROWS])
def test_published_arrow_from_the_published_figures(row: dict[str, str]) -> None:
    direction, change = DirectionRule().direction(Decimal(row["baseline"]), Decimal(row["follow_up"]))
    assert {"improved": "▲", "declined": "▼", "static": "▶"}[direction] == row["arrow"]
    assert change == Decimal(row["follow_up"]) - Decimal(row["baseline"])


def test_every_published_row_through_aggregation_and_comparison() -> None:
    qs = question_set(ROWS)
    baseline, follow_up = aggregate(counts(qs, False)), aggregate(counts(qs, True))
    comparison = compare(baseline, follow_up)
    for i, row in enumerate(ROWS):
        measure = follow_up.row("measure", f"m{i:02d}")
        assert measure is not None
        assert measure.pooled.published == Decimal(row["follow_up"]).quantize(Decimal("0.1")), row
        assert measure.strongest is not None and measure.weakest is not None
        assert (measure.strongest.area, measure.weakest.area) == ("Strongest", "Weakest")
        assert measure.strongest.figure.published == Decimal(row["strongest"])
        assert measure.weakest.figure.published == Decimal(row["weakest"])
        if row["gap"]:
            assert measure.gap_pp == Decimal(row["gap"]), row
        national = [t for t in comparison.rows if t.id == f"m{i:02d}" and t.scope == "pooled"]
        assert len(national) == 1
        t = national[0]
        assert (t.baseline, t.follow_up) == (Decimal(row["baseline"]), Decimal(row["follow_up"]))
        assert t.arrow == row["arrow"], row


def test_change_of_exactly_one_point_is_improved_and_floats_would_get_it_wrong() -> None:
    rule = DirectionRule()
    assert rule.direction(Decimal("70.3"), Decimal("71.3")) == ("improved", Decimal("1.0"))
    assert rule.direction(Decimal("58.6"), Decimal("57.9"))[0] == "static"
    assert rule.direction(Decimal("71.3"), Decimal("70.3"))[0] == "declined"
    assert 0.4 - 1.4 > -1.0  # in floats a change of exactly one point can look smaller; Decimal is exact
    assert rule.direction(Decimal("1.4"), Decimal("0.4"))[0] == "declined"


def test_rule_is_configurable_and_recorded() -> None:
    strict = DirectionRule(threshold=Decimal("2.0"))
    assert strict.direction(Decimal("63.3"), Decimal("65.5"))[0] == "improved"
    assert strict.direction(Decimal("65.9"), Decimal("66.8"))[0] == "static"
    exact = DirectionRule(on="exact", rounding=Rounding(2))
    described = exact.describe()
    assert described["on"] == "exact" and "unrounded" in described["figures"]
    assert "1 decimal place(s), rounding half-up" in DirectionRule().describe()["figures"]
