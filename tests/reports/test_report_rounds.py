"""Rounds and question-set versions are never pooled silently, and every output says what it covers.

A store holding a baseline (AIP 2021.1) and a follow-up (AIP 2023.1) round, on SQLite and PostgreSQL:
without ``--round`` the report keeps the rounds apart (a group per round, figures equal to single-round
reports), and JSON, CSV, XLSX and PDF each name the rounds, question-set versions, Areas, filters and
aggregation method. A round marked on two versions is split by version; a comparison that would pool is refused.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from central_builder import CentralDb, random_cases, run_report
from openpyxl import load_workbook
from pypdf import PdfReader

from casereader.central.queries import Selection, build_report
from casereader.core.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "forms" / "aip-casework-2021.1.yaml"
FOLLOW_UP = ROOT / "forms" / "aip-casework-2023.1.yaml"
AREAS = ("North East", "Wessex")
BLOCK = ("rounds", "question_sets", "areas", "filters", "aggregation")


@pytest.fixture
def two_rounds(central_url: str) -> str:
    db = CentralDb(central_url)
    b, f = db.add_form(BASELINE), db.add_form(FOLLOW_UP)
    rng = random.Random(4)
    for i, area in enumerate(AREAS):
        db.add_cases(db.add_inspection(b, area, "baseline", f"base-{i}"), b, random_cases(b, 8, rng, skew=0.1))
        db.add_cases(db.add_inspection(f, area, "follow-up", f"foll-{i}"), f, random_cases(f, 8, rng, skew=1.5))
    db.close()
    return central_url


def test_rounds_are_reported_separately_in_every_format(two_rounds: str, tmp_path: Path) -> None:
    paths = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "csv", "xlsx", "pdf")}
    for p in paths.values():
        assert run_report("--db", two_rounds, "--by", "", "--out", str(p)) == 0

    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert doc["by"] == ["round"]
    assert [g["key"] for g in doc["groups"]] == [{"round": "baseline"}, {"round": "follow-up"}]
    sel = doc["selection"]
    assert sel["rounds"] == "baseline, follow-up"
    assert sel["question_sets"] == "baseline: aip-casework@2021.1; follow-up: aip-casework@2023.1"
    assert sel["areas"] == "North East, Wessex" and "case status: complete, locked" in sel["filters"]
    assert "each round reported separately" in sel["aggregation"]
    # not pooled: each round's figures are exactly those of a report on that round alone
    from sqlalchemy import create_engine

    engine = create_engine(two_rounds)
    for rnd in ("baseline", "follow-up"):
        alone = build_report(engine, [], Selection(rounds=(rnd,)))
        assert alone.selection["rounds"] == rnd and "one round" in alone.selection["aggregation"]
        mine = [m for m in doc["measures"] if m["group"] == {"round": rnd}]
        assert [(m["id"], m["national"]["pooled"]["numerator"], m["national"]["pooled"]["denominator"])
                for m in mine] == [(r.id, r.pooled.numerator, r.pooled.denominator) for r in alone.measures]
    engine.dispose()

    with paths["csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    block = {r["id"]: r["title"] for r in rows if r["table"] == "selection"}
    assert {k: block[k] for k in BLOCK} == {k: sel[k] for k in BLOCK}
    assert {r["group"] for r in rows if r["table"] == "score"} == {"round=baseline", "round=follow-up"}

    about = {r[0].value: r[1].value for r in load_workbook(paths["xlsx"])["About"].iter_rows()}
    assert all(about[f"selection: {k}"] == sel[k] for k in BLOCK)

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(paths["pdf"])).pages)
    for needle in ("What this report covers", "Rounds baseline, follow-up", "aip-casework@2021.1",
                   "aip-casework@2023.1", "Areas North East, Wessex", "each round reported separately",
                   "Added value — baseline", "Added value — follow-up"):
        assert needle in text, needle


def test_one_round_on_two_versions_is_split_by_version(central_url: str, tmp_path: Path) -> None:
    db = CentralDb(central_url)
    old, new = db.add_form(BASELINE), db.add_form(FOLLOW_UP)
    rng = random.Random(8)
    db.add_cases(db.add_inspection(old, "Wessex", "follow-up"), old, random_cases(old, 5, rng))
    db.add_cases(db.add_inspection(new, "North East", "follow-up"), new, random_cases(new, 5, rng))
    db.close()
    out = tmp_path / "v.json"
    assert run_report("--db", central_url, "--by", "", "--out", str(out)) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["by"] == ["question_set"]
    assert {g["key"]["question_set"] for g in doc["groups"]} == {"aip-casework@2021.1", "aip-casework@2023.1"}
    assert doc["selection"]["question_sets"] == "follow-up: aip-casework@2021.1, aip-casework@2023.1"
    assert "each question-set version reported separately" in doc["selection"]["aggregation"]
    # one version chosen: nothing to split
    assert run_report("--db", central_url, "--form", "aip-casework@2023.1", "--out", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["selection"]["question_sets"] == "follow-up: aip-casework@2023.1"


def test_a_comparison_never_pools_two_follow_up_versions(two_rounds: str, tmp_path: Path) -> None:
    db = CentralDb(two_rounds)
    old = db.add_form(BASELINE)  # a third Area's follow-up marked on the old version
    db.add_cases(db.add_inspection(old, "West Midlands", "follow-up"), old, random_cases(old, 4, random.Random(2)))
    db.close()
    out = tmp_path / "c.json"
    with pytest.raises(UserError) as err:
        run_report("--db", two_rounds, "--compare", "baseline", "--out", str(out))
    assert str(err.value) == ("--compare baseline: the follow-up spans question-set versions aip-casework@2021.1, "
                                 "aip-casework@2023.1, which would be pooled; choose one with --form ID@VERSION")
    assert not out.exists()
    assert run_report("--db", two_rounds, "--compare", "baseline", "--area", "Wessex", "--out", str(out)) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["selection"]["rounds"] == "baseline, follow-up" and doc["selection"]["compared_with"] == "baseline"
    assert "never pooled" in doc["selection"]["aggregation"]
