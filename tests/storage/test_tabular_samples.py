"""Sample lists: header values checked against the question set; stratified draws reproducible by seed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet
from casereader.tabular import TabularError, draw_sample, parse_quota, read_sample, read_table_bytes
from casereader.tabular.samples import SampleCase

FORM = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"


@pytest.fixture(scope="module")
def qs() -> QuestionSet:
    return load_question_set(FORM)


def sample(text: str, qs: QuestionSet, **kw: bool) -> list[SampleCase]:
    return read_sample(read_table_bytes(text.encode(), ".csv", "sample.csv"), qs, **kw)


def problems(text: str, qs: QuestionSet, **kw: bool) -> list[str]:
    with pytest.raises(TabularError) as info:
        sample(text, qs, **kw)
    return [str(p) for p in info.value.problems]


def test_values_and_labels_become_stored_header_values(qs: QuestionSet) -> None:
    cases = sample("Reference,casework_type,charging_route,victim_letter_required\n"
                   "A1,MC,area,yes\nA2,crown court,CPS Direct,N\nA3,rasso,police,\n", qs)
    assert [(c.row, c.reference, c.header) for c in cases] == [
        (2, "A1", {"casework_type": "MC", "charging_route": "area", "victim_letter_required": True}),
        (3, "A2", {"casework_type": "CC", "charging_route": "cpsd", "victim_letter_required": False}),
        (4, "A3", {"casework_type": "RASSO", "charging_route": "police"}),
    ]


def test_every_bad_value_is_listed_with_row_and_column(qs: QuestionSet) -> None:
    found = problems("reference,casework_type,charging_route,victim_letter_required\n"
                     "A1,Youth,area,yes\n,MC,area,no\nA1,CC,court,maybe\n", qs)
    assert found == [
        "sample.csv:row 2, column casework_type: 'Youth' is not one of: MC (Magistrates' courts), "
        "CC (Crown Court), RASSO",
        "sample.csv:row 3, column reference: the case reference is blank",
        "sample.csv:row 4, column charging_route: 'court' is not one of: police (Police), cpsd (CPS Direct), "
        "area (Area)",
        "sample.csv:row 4, column reference: case 'A1' is listed twice (also row 2)",
        "sample.csv:row 4, column victim_letter_required: 'maybe' is not yes or no",
    ]


def test_unknown_and_missing_columns(qs: QuestionSet) -> None:
    assert problems("reference,casework_type,outcome\nA1,MC,GP\n", qs) == [
        "sample.csv:row 1, column outcome: unknown column; expected 'reference' and the header fields of "
        "worked-example@1: casework_type, charging_route, victim_letter_required"]
    assert problems("urn,casework_type\nA1,MC\n", qs)[0].startswith(
        "sample.csv:row 1: no 'reference' column (columns found: urn, casework_type)")
    assert sample("reference,casework_type,outcome\nA1,MC,GP\n", qs, other_columns=True)[0].other == {
        "outcome": "GP"}


@pytest.mark.parametrize(("text", "message"), [
    ("", "the quota is empty"),
    ("MC=40,CC", "quota part 'CC' is not STRATUM=COUNT"),
    ("MC:40", "quota part 'MC:40' is not STRATUM=COUNT"),
    ("MC=forty", "quota part 'MC=forty': the count must be a whole number of at least 1"),
    ("MC=0", "the count must be a whole number of at least 1"),
    ("MC=-3", "the count must be a whole number of at least 1"),
    ("=4", "quota part '=4' is not STRATUM=COUNT"),
    ("MC=4,mc=5", "quota names stratum 'mc' twice"),
])
def test_bad_quotas_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_quota(text)


def test_quota_parses() -> None:
    assert parse_quota(" MC=40, CC=30,RASSO=20 ") == {"MC": 40, "CC": 30, "RASSO": 20}


def population(n_mc: int, n_cc: int, n_rasso: int) -> list[SampleCase]:
    cases = []
    for kind, n in (("MC", n_mc), ("CC", n_cc), ("RASSO", n_rasso)):
        for i in range(n):
            cases.append(SampleCase(i + 2, f"{kind}-{i:03d}", {"casework_type": kind, "charging_route": "area"},
                                    {"outcome": "GP" if i % 2 else "trial"}))
    return cases


def test_draw_meets_quotas_with_distinct_reserves(qs: QuestionSet) -> None:
    draw = draw_sample(population(100, 60, 30), {"MC": 40, "CC": 30, "RASSO": 20}, 7, qs=qs, reserves=3)
    by = {s.name: s for s in draw.strata}
    assert {k: (len(s.chosen), len(s.reserves), s.available) for k, s in by.items()} == {
        "CC": (30, 3, 60), "MC": (40, 3, 100), "RASSO": (20, 3, 30)}
    refs = [c.reference for c in draw.chosen + draw.reserves]
    assert len(refs) == len(set(refs)) == 99
    assert all(c.header["casework_type"] == name for name, s in by.items() for c in s.chosen + s.reserves)
    record = draw.record()
    assert record["seed"] == 7 and record["reserves"] == 3
    assert record["reserve_order"] == {k: [c.reference for c in s.reserves] for k, s in by.items()}


def test_draw_is_reproducible_whatever_the_row_order(qs: QuestionSet) -> None:
    cases = population(80, 50, 25)
    quota = {"MC": 40, "CC": 30, "RASSO": 20}
    first = draw_sample(cases, quota, 2024, qs=qs, reserves=2)
    shuffled = list(cases)
    random.Random(1).shuffle(shuffled)
    again = draw_sample(shuffled, {"RASSO": 20, "CC": 30, "MC": 40}, 2024, qs=qs, reserves=2)
    assert first.record() == again.record()
    other = draw_sample(cases, quota, 2025, qs=qs, reserves=2)
    assert other.record()["chosen"] != first.record()["chosen"]


def test_quota_may_use_labels_and_any_case(qs: QuestionSet) -> None:
    draw = draw_sample(population(5, 5, 5), {"magistrates' courts": 2, "cc": 1}, 1, qs=qs)
    assert sorted(s.name for s in draw.strata) == ["CC", "MC"]


def test_short_strata_are_named(qs: QuestionSet) -> None:
    with pytest.raises(ValueError) as info:
        draw_sample(population(50, 10, 12), {"MC": 40, "CC": 30, "RASSO": 20}, 1, qs=qs, reserves=2,
                    file="cases.csv")
    assert str(info.value) == ("not enough cases to draw the sample: stratum CC: 10 cases in cases.csv, "
                               "30 needed + 2 reserves; stratum RASSO: 12 cases in cases.csv, 20 needed + 2 reserves")


def test_unknown_stratum_value_and_column(qs: QuestionSet) -> None:
    with pytest.raises(ValueError, match="quota names 'Youth', which is not a value of casework_type"):
        draw_sample(population(5, 5, 5), {"Youth": 2}, 1, qs=qs)
    with pytest.raises(ValueError, match="has no column 'outcome_type'"):
        draw_sample(population(5, 5, 5), {"GP": 2}, 1, qs=qs, stratify_by="outcome_type")


def test_stratify_by_another_column(qs: QuestionSet) -> None:
    draw = draw_sample(population(10, 10, 10), {"gp": 4, "Trial": 3}, 3, qs=qs, stratify_by="outcome", reserves=1)
    assert {s.name: len(s.chosen) for s in draw.strata} == {"GP": 4, "trial": 3}
    assert all(c.other["outcome"] == "GP" for c in draw.strata[0].chosen)
