"""AAP composite report Annex C (methodology §14): marks that match the annex reproduce every figure.

1,830 synthetic cases are marked on the shipped forms/aap-casework-2016.yaml so that each question's
answers have the annex's counts; applicability comes from the real case engine. The cases go into a
central store (SQLite and PostgreSQL) and the real query + aggregation must give each published
percentage (one decimal) with its denominator.
"""

from __future__ import annotations

import csv
import functools
from decimal import Decimal
from pathlib import Path

import pytest
from central_builder import Case, CentralDb

from casereader.central.queries import count_answers
from casereader.core.answers import Answer, CaseState
from casereader.core.engine import CaseEngine
from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet
from casereader.reports.aggregate import aggregate
from casereader.reports.model import Report

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "forms" / "aap-casework-2016.yaml"
PUBLISHED = Path(__file__).resolve().parent / "data" / "aap-annex-c.csv"
AREAS = ("Cymru-Wales", "East Midlands", "East of England", "London North", "London South", "Mersey-Cheshire",
         "North East", "North West", "South East", "South West", "Thames and Chiltern", "Wessex", "West Midlands",
         "Yorkshire and Humberside")
# (charging body, court, cases, charging decisions compliant with the Code)
BLOCKS = (("cpsd", "MC", 240, 227), ("cpsd", "CC", 692, 658), ("area", "MC", 140, 133), ("area", "CC", 137, 132),
          ("police", "MC", 533, 500), ("police", "CC", 88, 78))
NA = "N/A"
REST = "*"  # value for every remaining applicable case
# Answers in case order over the cases where the question applies; a dict splits by court.
ALLOCATION: dict[str, object] = {
    "CH-02": [("yes", 521), ("no", 100)],
    "CH-03": [("yes", 60), ("no", 40)],
    "MG-01": [("fully", 494), ("partially", 500), ("not", 215)],
    "MG-02": [("fully", 561), ("partially", 448), ("not", 200)],
    "MG-03": [("fully", 664), ("partially", 400), ("not", 145)],
    "MG-04": [("fully", 684), ("partially", 400), ("not", 125)],
    "MG-05": [("excellent", 15), ("good", 487), ("fair", 490), ("poor", 217)],
    "RV-01": {"MC": [("no", 45), ("yes", 829), (NA, 39)], "CC": [("no", 36), ("yes", 876), (NA, 5)]},
    "RV-02": [("yes", 1652), ("no", 178)],
    "RV-03": [("yes", 1300), ("no", 352)],
    "RV-04": [("yes", 906), ("no", 394)],
    "PL-01": [("pleas", 297), ("basis", 99), ("both", 100), ("none", 1334)],
    "PL-02": [("yes", 408), ("no", 88)],
    "PL-03": [("yes", 42), ("no", 157)],
    "PL-04": [("yes", 1411), ("no", 419)],
    "PL-05": [("yes", 1043), ("no", 166)],
    "PF-01": [("fully", 719), ("partially", 849), ("not", 262)],
    "PF-02": [("overbuild", 301), ("no_vps", 210), ("key_statements", 198), ("other", 402)],
    "PF-03": [("yes", 500), ("no", 611)],
    "PF-04": [("yes", 1455), ("no", 375)],
    "PG-01": [("yes", 1360), ("no", 470)],
    "PG-02": [("yes", 1433), ("no", 397)],
    "PG-03": [("defence", 178), ("police", 106), ("cps", 93), ("court", 17), ("probation", 3)],
    "PG-04": [("fully", 754), ("partially", 700), ("not", 376)],
    "PG-05": [("yes", 869), ("no", 961)],
    "PG-06": [("yes", 70), ("no", 30)],
    "DP-01": [("fully", 986), ("partially", 668), ("not", 176)],
    "DP-02": [("poor_descriptions", 340), ("no_schedules", 165), ("listed_wrongly", 82), ("other", 257)],
    "DS-01": [("fully", 1102), ("partially", 500), ("not", 228)],
    "DS-02": [("fully", 653), ("partially", 900), ("not", 277)],
    "DS-03": [("fully", 650), ("partially", 250), ("not", 100), (NA, 830)],
    "DS-04": [("yes", 8), ("no", REST)],
    "VL-01": [("yes", 311), ("no", 1519)],
    "VL-02": [("yes", 232), ("no", 79)],
    "VL-03": [("yes", 30), ("no", 202)],
    "VL-04": [("fully", 150), ("partially", 60), ("not", 22)],
}


def _answer(value: str, reasons: tuple[str, ...] = ()) -> Answer:
    if value == NA:
        return Answer(na=True, na_reason=reasons[0] if reasons else "")
    return Answer(value=value, comment="evidence noted on the file")


@functools.cache
def marked_cases() -> tuple[QuestionSet, tuple[tuple[str, Case], ...]]:
    qs = load_question_set(FORM)
    headers: list[dict[str, object]] = []
    answers: list[dict[str, Answer]] = []
    forces = [o.value for o in qs.header_index["police_force"].options]
    for body, court, n, compliant in BLOCKS:
        for k in range(n):
            i = len(headers)
            headers.append({"court": court, "charging_body": body, "sensitive": "none",
                            "outcome": "discontinued" if i % 18 == 0 and i < 1800 else "guilty_plea",
                            "police_force": forces[i % len(forces)], "youth_defendant": False})
            answers.append({"CH-01": _answer("yes" if k < compliant else "no")})
    for q in qs.questions:
        if q.id == "CH-01":
            continue
        spec = ALLOCATION[q.id]
        parts = spec if isinstance(spec, dict) else {None: spec}
        for court, allocation in parts.items():
            cases = [i for i in range(len(headers)) if (court is None or headers[i]["court"] == court)
                     and CaseEngine(qs, CaseState(headers[i], answers[i])).is_applicable(q.id)]  # type: ignore[arg-type]
            values = [v for v, c in allocation if c != REST for _ in range(c)]  # type: ignore[union-attr]
            rest = [v for v, c in allocation if c == REST]  # type: ignore[union-attr]
            values += rest * (len(cases) - len(values))
            assert len(values) == len(cases), (q.id, court, len(values), len(cases))
            for i, v in zip(cases, values):
                answers[i][q.id] = _answer(v, q.na.reasons)
    out = tuple((AREAS[i % len(AREAS)], (headers[i], answers[i])) for i in range(len(headers)))
    return qs, out  # type: ignore[return-value]


def published() -> list[dict[str, str]]:
    lines = [ln for ln in PUBLISHED.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def test_the_synthetic_marks_are_complete_cases() -> None:
    qs, cases = marked_cases()
    assert len(cases) == 1830
    incomplete = [n for n, (_, (h, a)) in enumerate(cases)
                  if not CaseEngine(qs, CaseState(h, a)).is_complete]  # type: ignore[arg-type]
    assert incomplete == []


def test_annex_c_figures_through_the_central_store(central_url: str) -> None:
    qs, cases = marked_cases()
    db = CentralDb(central_url)
    db.add_form(FORM)
    for area in AREAS:
        iid = db.add_inspection(qs, area, "baseline")
        db.add_cases(iid, qs, [c for a, c in cases if a == area])
    reports: dict[str, Report] = {}
    rows = published()
    assert len({r["id"] for r in rows}) >= 10
    checked = 0
    for row in rows:
        by = row["by"]
        if by not in reports:
            reports[by] = aggregate(count_answers(db.engine, by.split("+") if by else []))
        report = reports[by]
        group = tuple(row["group"].split("+")) if row["group"] else ()
        if row["kind"] == "measure":
            m = report.row("measure", row["id"], group)
            assert m is not None, row["figure"]
            assert m.pooled.published == Decimal(row["percent"]), row["figure"]
            assert m.pooled.n == int(row["n"]), row["figure"]
            assert sum(a.figure.n for a in m.areas) == int(row["n"])
        else:
            d = report.distribution(row["id"], group)
            assert d is not None, row["figure"]
            option = d.option(row["value"])
            assert option is not None, row["figure"]
            assert (option.figure.numerator, option.figure.denominator) == (int(row["count"]), int(row["n"])), \
                row["figure"]
            assert option.figure.published == Decimal(row["percent"]), row["figure"]
            assert d.answered == int(row["n"])
        checked += 1
    assert checked == len(rows)
    total = reports[""]
    assert total.cases[()] == 1830 and len(total.areas) == 14
    db.close()


@pytest.mark.parametrize("by", [["court"], ["charging_body", "court"], ["police_force"]])
def test_grouped_case_counts_add_up(by: list[str], tmp_path: Path) -> None:
    qs, cases = marked_cases()
    db = CentralDb(f"sqlite:///{tmp_path / 'c.sqlite'}")
    db.add_form(FORM)
    iid = db.add_inspection(qs, "National", "baseline")
    db.add_cases(iid, qs, [c for _, c in cases])
    report = aggregate(count_answers(db.engine, by))
    assert sum(report.cases.values()) == 1830
    db.close()
