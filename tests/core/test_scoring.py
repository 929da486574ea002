"""Scoring: the worked example of methodology §6.2, and properties that must hold for any marks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereader.core.answers import Answer, CaseState
from casereader.core.engine import CaseEngine
from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet
from casereader.core.scoring import Score, format_percent, round_1dp, total

ROOT = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def qs() -> QuestionSet:
    return load_question_set(ROOT / "worked-example.yaml")


F, P, N = "fully", "partially", "not"
WORKED = {
    "A": ({"casework_type": "MC", "charging_route": "area"},
          {"PC-03": Answer(F), "PC-04": Answer(P), "DI-02": Answer(N), "VW-01": Answer(F)}),
    "B": ({"casework_type": "MC", "charging_route": "police"}, {"DI-02": Answer(F), "VW-01": Answer(P)}),
    "C": ({"casework_type": "MC", "charging_route": "cpsd"}, {"DI-02": Answer(P), "VW-01": Answer(F)}),
    "D": ({"casework_type": "MC", "charging_route": "area"},
          {"PC-03": Answer(P, comment="late"), "PC-04": Answer(F),
           "DI-02": Answer(na=True, na_reason="Guilty plea at first hearing"), "VW-01": Answer(na=True)}),
}


def pooled(qs: QuestionSet, cases: list[CaseState]) -> tuple[dict[str, Score], dict[str, Score]]:
    measures: dict[str, Score] = {}
    themes: dict[str, Score] = {}
    for state in cases:
        s = CaseEngine(qs, state).scores
        for k, v in s.by_measure.items():
            measures[k] = measures.get(k, Score()) + v
        for k, v in s.by_theme.items():
            themes[k] = themes.get(k, Score()) + v
    return measures, themes


def test_worked_example_of_methodology_6_2(qs: QuestionSet) -> None:
    measures, themes = pooled(qs, [CaseState(h, a) for h, a in WORKED.values()])
    assert (measures["added_value"].points, measures["added_value"].max_points) == (6, 10)
    assert measures["added_value"].percent_1dp == Decimal("60.0")
    assert (measures["grip"].points, measures["grip"].max_points) == (8, 10)
    assert measures["grip"].percent_1dp == Decimal("80.0")
    assert themes["T1"].percent_1dp == Decimal("75.0")
    assert themes["T4"].percent_1dp == Decimal("50.0")
    assert themes["T5"].percent_1dp == Decimal("83.3")
    # themes and measures reconcile when every scored question has exactly one measure
    assert total(themes) == total(measures) == Score(14, 20, 10)


def test_rounding_is_half_up_on_one_decimal() -> None:
    assert round_1dp(82.35) == Decimal("82.4")
    assert round_1dp(100 * 14 / 17) == Decimal("82.4")
    assert round_1dp(100 * 13 / 16) == Decimal("81.3")
    assert format_percent(None) == "–"
    assert Score().percent is None


VALUES = st.sampled_from([F, P, N, "na", None])
ROUTES = st.sampled_from(["police", "cpsd", "area"])
CASE = st.tuples(ROUTES, st.lists(VALUES, min_size=4, max_size=4))


def build(route: str, picks: list[str | None]) -> CaseState:
    answers: dict[str, Answer] = {}
    for qid, pick in zip(["PC-03", "PC-04", "DI-02", "VW-01"], picks):
        if pick == "na":
            if qid != "PC-04":
                answers[qid] = Answer(na=True)
        elif pick is not None:
            answers[qid] = Answer(pick, comment="evidence")
    return CaseState({"casework_type": "MC", "charging_route": route}, answers)


@settings(max_examples=150, deadline=None)
@given(st.lists(CASE, min_size=1, max_size=12), st.integers(min_value=0, max_value=11), st.sampled_from(
    ["PC-03", "DI-02", "VW-01"]))
def test_adding_na_never_changes_a_percentage(qs: QuestionSet, cases: list[tuple[str, list[str | None]]],
                                              pick: int, qid: str) -> None:
    states = [build(r, p) for r, p in cases]
    target = states[pick % len(states)]
    if qid in target.answers and target.answers[qid].value is not None:
        return  # only adding N/A where there was no answer: that must not move any percentage
    before_m, before_t = pooled(qs, states)
    states[pick % len(states)] = target.with_answer(qid, Answer(na=True))
    after_m, after_t = pooled(qs, states)
    assert {k: v.percent for k, v in before_m.items()} == {k: v.percent for k, v in after_m.items()}
    assert {k: v.percent for k, v in before_t.items()} == {k: v.percent for k, v in after_t.items()}


@settings(max_examples=150, deadline=None)
@given(st.lists(CASE, min_size=1, max_size=12))
def test_themes_and_measures_reconcile_and_are_deterministic(qs: QuestionSet,
                                                            cases: list[tuple[str, list[str | None]]]) -> None:
    states = [build(r, p) for r, p in cases]
    m1, t1 = pooled(qs, states)
    m2, t2 = pooled(qs, list(reversed(states)))
    assert m1 == m2 and t1 == t2
    assert total(m1).points == total(t1).points
    assert total(m1).max_points == total(t1).max_points
    for s in [*m1.values(), *t1.values()]:
        assert 0 <= s.points <= s.max_points
        assert s.percent is None or 0.0 <= s.percent <= 100.0
