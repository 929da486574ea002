"""Methodology §6.2 through the central store: AV 60.0, grip 80.0, T1 75.0, T4 50.0, T5 83.3."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from central_builder import CentralDb, answer

from casereader.central.queries import Selection, count_answers
from casereader.reports.aggregate import aggregate

WORKED = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"


def build(url: str) -> CentralDb:
    db = CentralDb(url)
    qs = db.add_form(WORKED)
    iid = db.add_inspection(qs, "Wessex")
    mc = "MC"
    db.add_cases(iid, qs, [
        ({"casework_type": mc, "charging_route": "area"},
         {"PC-03": answer("fully"), "PC-04": answer("partially"), "DI-02": answer("not"), "VW-01": answer("fully")}),
        # PC-03 was answered before the charging route was corrected: kept, but not applicable, so not counted.
        ({"casework_type": mc, "charging_route": "police"},
         {"PC-03": answer("not"), "DI-02": answer("fully"), "VW-01": answer("partially")}),
        ({"casework_type": mc, "charging_route": "cpsd"}, {"DI-02": answer("partially"), "VW-01": answer("fully")}),
        ({"casework_type": mc, "charging_route": "area"},
         {"PC-03": answer("partially"), "PC-04": answer("fully"), "DI-02": answer(na=True),
          "VW-01": answer(na=True)}),
    ])
    return db


def test_worked_example_scores_through_the_store(central_url: str) -> None:
    db = build(central_url)
    report = aggregate(count_answers(db.engine, ["casework_type"]))
    g = ("MC",)
    expected = {("measure", "added_value"): ("60.0", 6, 10, 5), ("measure", "grip"): ("80.0", 8, 10, 5),
                ("theme", "T1"): ("75.0", 6, 8, 4), ("theme", "T4"): ("50.0", 3, 6, 3),
                ("theme", "T5"): ("83.3", 5, 6, 3)}
    for (kind, id_), (pct, pts, mx, n) in expected.items():
        row = report.row(kind, id_, g)
        assert row is not None, (kind, id_)
        assert row.pooled.published == Decimal(pct), (kind, id_)
        assert (row.pooled.numerator, row.pooled.denominator, row.pooled.n) == (pts, mx, n), (kind, id_)
        assert row.cases == 4
    # themes and measures reconcile (every scored question has exactly one measure)
    assert sum(r.pooled.numerator for r in report.themes) == sum(r.pooled.numerator for r in report.measures) == 14
    # distribution of PC-03: two applicable answers (A fully, D partially); B's stale answer excluded
    d = report.distribution("PC-03", g)
    assert d is not None and d.answered == 2 and d.na == 0
    assert [(o.value, o.figure.numerator, o.figure.published) for o in d.options] == [
        ("fully", 1, Decimal("50.0")), ("partially", 1, Decimal("50.0")), ("not", 0, Decimal("0.0"))]
    di = report.distribution("DI-02", g)
    assert di is not None and (di.answered, di.na) == (3, 1)
    db.close()


def test_unfinished_and_withdrawn_cases_are_left_out(central_url: str) -> None:
    db = build(central_url)
    qs = db.add_form(WORKED)
    iid = db.add_inspection(qs, "Wessex", "baseline")
    db.add_cases(iid, qs, [({"casework_type": "MC", "charging_route": "cpsd"}, {"DI-02": answer("not")})],
                 status="in_progress")
    db.add_cases(iid, qs, [({"casework_type": "MC", "charging_route": "cpsd"}, {"DI-02": answer("fully")})],
                 withdrawn_reason="file incomplete: replaced by a reserve case")
    finished = aggregate(count_answers(db.engine, ["casework_type"]))
    row = finished.row("measure", "added_value", ("MC",))
    assert row is not None and row.pooled.published == Decimal("60.0") and row.cases == 4
    everything = aggregate(count_answers(db.engine, ["casework_type"], Selection(statuses=())))
    row2 = everything.row("measure", "added_value", ("MC",))
    assert row2 is not None and (row2.pooled.numerator, row2.pooled.denominator) == (6, 12) and row2.cases == 5
    db.close()
