"""Pure aggregation over counts: pooled against mean of Areas, spread, distributions, exact rounding."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from casereader.core.loader import load_question_set
from casereader.reports.aggregate import aggregate, score_row
from casereader.reports.counts import AnswerCount, CaseCount, CountData
from casereader.reports.model import Rounding

WORKED = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"


def data(rows: list[tuple[str, str, str | None, bool, int]], cases: dict[str, int]) -> CountData:
    qs = load_question_set(WORKED)
    h = qs.content_hash
    return CountData((), tuple(AnswerCount(h, (), area, q, v, na, n) for area, q, v, na, n in rows),
                     tuple(CaseCount(h, (), a, n) for a, n in cases.items()), {h: qs})


def test_pooled_and_mean_of_areas_differ_and_are_labelled() -> None:
    # A small Area scoring 50% (1 of 2 points) and a large one scoring 90% (90 of 100): pooled 92/104.
    report = aggregate(data([("Small", "DI-02", "fully", False, 1), ("Small", "DI-02", "not", False, 1),
                             ("Large", "DI-02", "fully", False, 45), ("Large", "DI-02", "not", False, 5)],
                            {"Small": 2, "Large": 50}))
    av = report.row("measure", "added_value")
    assert av is not None
    assert (av.pooled.numerator, av.pooled.denominator, av.pooled.n) == (92, 104, 52)
    assert av.pooled.published == Decimal("88.5")  # 92/104 = 88.46...
    assert av.mean_of_areas == Decimal("70.0")  # (50 + 90) / 2
    assert av.pooled.published != av.mean_of_areas
    assert av.strongest is not None and av.strongest.area == "Large"
    assert av.weakest is not None and av.weakest.area == "Small"
    assert av.gap_pp == Decimal("40.0")
    assert av.cases == 52


def test_na_is_in_neither_part_and_each_answer_share_has_its_own_denominator() -> None:
    report = aggregate(data([("A", "DI-02", "fully", False, 3), ("A", "DI-02", "partially", False, 1),
                             ("A", "DI-02", None, True, 4), ("A", "VW-01", "not", False, 2)], {"A": 8}))
    di = report.distribution("DI-02")
    assert di is not None and (di.answered, di.na) == (4, 4)
    shares = {o.value: (o.figure.numerator, o.figure.denominator, o.figure.published) for o in di.options}
    assert shares == {"fully": (3, 4, Decimal("75.0")), "partially": (1, 4, Decimal("25.0")),
                      "not": (0, 4, Decimal("0.0"))}
    vw = report.distribution("VW-01")
    assert vw is not None and vw.answered == 2
    av = report.row("measure", "added_value")
    assert av is not None and (av.pooled.numerator, av.pooled.denominator) == (7, 8)
    national = report.distribution("DI-02", (), None)
    area = report.distribution("DI-02", (), "A")
    assert national is not None and area is not None and national.options == area.options


def test_rounding_is_exact_half_up_on_counts_and_configurable() -> None:
    # 1/8 = 12.5% exactly; 1/6 = 16.666...; 5/16 = 31.25 (half-up to 31.3, half-even to 31.2)
    r = score_row("measure", "m", "M", (), [("A", 5, 16, 8, 8)], Rounding())
    assert r.pooled.published == Decimal("31.3")
    r2 = score_row("measure", "m", "M", (), [("A", 5, 16, 8, 8)], Rounding(places=1, mode="half-even"))
    assert r2.pooled.published == Decimal("31.2")
    r3 = score_row("measure", "m", "M", (), [("A", 1, 6, 3, 3)], Rounding(places=2))
    assert r3.pooled.published == Decimal("16.67")
    empty = score_row("measure", "m", "M", (), [("A", 0, 0, 0, 3)], Rounding())
    assert empty.pooled.published is None and empty.strongest is None and empty.gap_pp is None


def test_unknown_questions_and_values_are_not_scored() -> None:
    report = aggregate(data([("A", "GONE-01", "fully", False, 9), ("A", "DI-02", "maybe", False, 1),
                             ("A", "DI-02", "fully", False, 1)], {"A": 2}))
    av = report.row("measure", "added_value")
    assert av is not None and (av.pooled.numerator, av.pooled.denominator, av.pooled.n) == (2, 2, 1)
    di = report.distribution("DI-02")
    assert di is not None and di.answered == 2 and di.option("maybe") is not None
    assert report.distribution("GONE-01") is None
