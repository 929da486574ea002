"""``casereader central report`` end to end: AIP baseline (2021.1) against follow-up (2023.1) in a real
central store (SQLite and PostgreSQL), written as JSON (checked against docs/report.schema.json), CSV,
XLSX and PDF, with figures checked against the case engine's own per-case scores."""

from __future__ import annotations

import csv
import json
import random
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from central_builder import CentralDb, random_cases, run_report
from openpyxl import load_workbook
from pypdf import PdfReader

from casereader.core.answers import CaseState
from casereader.core.engine import CaseEngine
from casereader.core.errors import UserError
from casereader.core.scoring import Score

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "forms" / "aip-casework-2021.1.yaml"
FOLLOW_UP = ROOT / "forms" / "aip-casework-2023.1.yaml"
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
AREAS = ("North East", "Wessex", "West Midlands")


run = run_report


@pytest.fixture
def store(central_url: str, data_dir: Path) -> tuple[str, dict[str, list]]:
    db = CentralDb(central_url)
    b, f = db.add_form(BASELINE), db.add_form(FOLLOW_UP)
    rng = random.Random(11)
    follow: dict[str, list] = {}
    for i, area in enumerate(AREAS):
        db.add_cases(db.add_inspection(b, area, "baseline", f"base-{i}"), b, random_cases(b, 12, rng, skew=0.1))
        follow[area] = random_cases(f, 12, rng, skew=0.6 + i * 0.5)
        db.add_cases(db.add_inspection(f, area, "follow-up", f"foll-{i}"), f, follow[area])
    db.close()
    return central_url, follow


def engine_scores(cases: list, measure: str, casework_type: str) -> Score:
    from casereader.core.loader import load_question_set

    qs = load_question_set(FOLLOW_UP)
    total = Score()
    for header, answers in cases:
        if header.get("casework_type") == casework_type:
            total = total + CaseEngine(qs, CaseState(header, answers)).scores.by_measure[measure]
    return total


def test_json_report_follows_the_schema_and_the_engine(store: tuple[str, dict], tmp_path: Path) -> None:
    url, follow = store
    out = tmp_path / "report.json"
    assert run("--db", url, "--compare", "baseline", "--out", str(out)) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert doc["by"] == ["casework_type"] and doc["areas"] == sorted(AREAS)
    assert doc["forms"] == ["aip-casework@2023.1"] and doc["selection"]["compared_with"] == "baseline"
    for m in doc["measures"]:  # aggregation from counts == sum of the engine's per-case scores
        if m["id"] != "added_value":
            continue
        ct = m["group"]["casework_type"]
        whole = sum((engine_scores(follow[a], "added_value", ct) for a in AREAS), Score())
        assert (m["national"]["pooled"]["numerator"], m["national"]["pooled"]["denominator"]) == (
            whole.points, whole.max_points)
        for a in m["areas"]:
            s = engine_scores(follow[a["area"]], "added_value", ct)
            assert (a["numerator"], a["denominator"], a["n"]) == (s.points, s.max_points, s.answers)
            assert a["percent"] == float(s.percent_1dp) if s.percent_1dp is not None else a["percent"] is None
        exact = [Decimal(a["numerator"] * 100) / a["denominator"] for a in m["areas"] if a["denominator"]]
        assert m["national"]["mean_of_areas"]["percent"] == float(
            (sum(exact) / len(exact)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))
    rows = doc["comparison"]["rows"]
    new = [r for r in rows if r["id"] == "PR-11" and r["scope"] == "pooled"]
    assert new and all(r["direction"] == "not comparable" and r["arrow"] == "–" and "new in" in r["note"]
                       for r in new)
    walked = [r for r in rows if r["id"] == "PR-09" and r["scope"] == "pooled"]
    assert walked and all("crosswalk" in r["note"] and r["direction"] != "not comparable" for r in walked)
    for r in rows:
        if r["change"] is not None:
            expect = "improved" if r["change"] >= 1.0 else "declined" if r["change"] <= -1.0 else "static"
            assert r["direction"] == expect
            assert Decimal(str(r["follow_up"])) - Decimal(str(r["baseline"])) == Decimal(str(r["change"]))


def test_csv_xlsx_and_pdf(store: tuple[str, dict], tmp_path: Path) -> None:
    url, _ = store
    paths = {fmt: tmp_path / f"report.{fmt}" for fmt in ("json", "csv", "xlsx", "pdf")}
    for p in paths.values():
        assert run("--db", url, "--compare", "baseline", "--out", str(p), "--title", "Follow-up report") == 0
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    av = next(m for m in doc["measures"] if m["id"] == "added_value")
    with paths["csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    pooled = [r for r in rows if r["table"] == "score" and r["id"] == "added_value" and r["scope"] == "pooled"
              and r["group_label"] == av["group_label"]]
    assert len(pooled) == 1 and float(pooled[0]["percent"]) == av["national"]["pooled"]["percent"]
    assert int(pooled[0]["n"]) == av["national"]["pooled"]["n"] and pooled[0]["method"].endswith("pooled")
    assert {r["table"] for r in rows} == {"publication", "selection", "score", "distribution", "direction",
                                          "consistency"}

    wb = load_workbook(paths["xlsx"])
    assert {"About", "Measures", "Measures by Area", "Themes", "Distributions", "Direction of travel"} <= set(
        wb.sheetnames)
    ws = wb["Measures"]
    header = [c.value for c in ws[1]]
    col = header.index("National (pooled)") + 1
    cell = ws.cell(row=2, column=col)
    assert isinstance(cell.value, float) and cell.number_format == "0.0%"
    first = doc["measures"][0]
    assert round(cell.value * 100, 1) == first["national"]["pooled"]["percent"]
    assert ws.cell(row=2, column=header.index("n answers") + 1).value == first["national"]["pooled"]["n"]

    pdf = PdfReader(str(paths["pdf"]))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) >= 4
    for needle in ("Follow-up report", "How the figures are worked out", "Headline measures", "National (pooled)",
                   "Mean of Areas", "Direction of travel", "Answer distributions", "not comparable"):
        assert needle in text, needle
    assert any(a in text for a in "▲▼▶")


def test_compare_with_one_inspection(store: tuple[str, dict], tmp_path: Path) -> None:
    url, _ = store
    out = tmp_path / "one.json"
    assert run("--db", url, "--compare", "base-1", "--by", "", "--out", str(out)) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["areas"] == ["Wessex"] and doc["by"] == []
    assert doc["comparison"]["baseline"] == "inspection base-1"
    assert {r["area"] for r in doc["comparison"]["rows"] if r["scope"] == "area"} == {"Wessex"}


@pytest.mark.parametrize(("argv", "message"), [
    (["--by", "colour"], "unknown field 'colour'"),
    (["--compare", "nonsense"], "--compare nonsense: not a round"),
    (["--where", "casework_type"], "expected FIELD=VALUE"),
    (["--threshold", "x"], "--threshold x"),
    (["--form", "no-such-form"], "no inspections match"),
])
def test_bad_options_are_clear_errors(store: tuple[str, dict], tmp_path: Path, argv: list[str],
                                      message: str) -> None:
    url, _ = store
    out = tmp_path / "r.json"
    with pytest.raises(UserError) as err:
        run("--db", url, *argv, "--out", str(out))
    assert message in str(err.value)
    assert not out.exists()


def test_unknown_extension_needs_format(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot tell the format"):
        run("--out", str(tmp_path / "r.txt"))


def test_flag_fields_group_and_filter_as_yes_and_no(store: tuple[str, dict], tmp_path: Path) -> None:
    url, follow = store
    by_flag, only_yes = tmp_path / "flag.json", tmp_path / "yes.json"
    assert run("--db", url, "--round", "follow-up", "--by", "vcl_required", "--out", str(by_flag)) == 0
    assert run("--db", url, "--round", "follow-up", "--by", "", "--where", "vcl_required=yes",
               "--out", str(only_yes)) == 0
    groups = {g["key"]["vcl_required"]: g["cases"] for g in json.loads(by_flag.read_text())["groups"]}
    flagged = sum(1 for cases in follow.values() for header, _ in cases if header.get("vcl_required"))
    assert groups == {"yes": flagged, "no": 36 - flagged}
    assert json.loads(only_yes.read_text())["groups"][0]["cases"] == flagged
