"""The publication gate: ``casereader central report --final`` refuses, one line per blocker, until the
evidence base is secure; then it writes the report with no DRAFT stamp. Without ``--final`` every output is
stamped DRAFT (every PDF page, every XLSX sheet, every CSV row, the JSON document).

The store (SQLite and PostgreSQL) holds the worked-example question set, whose PC-03 needs an evidence note
for "partially" and "not"; second marking is drawn on two cases. Each blocker is then built on its own.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from central_builder import CentralDb, answer, run_report
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import insert, update

from casereader.central.schema import CentralCaseRecord, ConflictRecord
from casereader.cli.main import main
from casereader.core.answers import Answer
from casereader.core.errors import UserError

WORKED = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"
AREA_CHARGED = {"casework_type": "MC", "charging_route": "area"}
CASES = [
    (AREA_CHARGED, {"PC-03": answer("partially"), "PC-04": answer("fully"), "DI-02": answer("fully"),
                    "VW-01": answer("fully")}),
    (AREA_CHARGED, {"PC-03": answer("fully"), "PC-04": answer("not"), "DI-02": answer("fully"),
                    "VW-01": answer("partially")}),
    ({"casework_type": "CC", "charging_route": "police"}, {"DI-02": answer("fully"), "VW-01": answer("fully")}),
]
WHERE = "Wessex baseline (inspection wessex-1)"
Store = tuple[CentralDb, str, list[str]]  # the store, its URL, the marked cases' ids


@pytest.fixture
def secure(central_url: str) -> Store:
    """Every sampled case complete or replaced with a reason; evidence notes present; second marking complete
    to the drawn quota and agreeing; no conflict."""
    db = CentralDb(central_url)
    qs = db.add_form(WORKED)
    iid = db.add_inspection(qs, "Wessex", "baseline", "wessex-1")
    ids = db.add_cases(iid, qs, CASES)
    db.add_cases(iid, qs, [(AREA_CHARGED, {})], status="not_started", withdrawn_reason="file sealed",
                 first_reference=10)
    db.add_cases(iid, qs, [(AREA_CHARGED, {})], status="not_started", reserve=True, first_reference=11)
    db.add_second_marking(iid, qs, ids[:2], CASES[:2])
    return db, central_url, ids


def _unfinished(db: CentralDb, ids: list[str]) -> None:
    qs = db.add_form(WORKED)
    db.add_cases("wessex-1", qs, [(AREA_CHARGED, {"PC-03": answer("fully")})], status="in_progress",
                 first_reference=20)


def _no_evidence(db: CentralDb, ids: list[str]) -> None:
    qs = db.add_form(WORKED)
    db.add_cases("wessex-1", qs, [(AREA_CHARGED, {"PC-03": Answer(value="not"), "PC-04": answer("fully")})],
                 first_reference=21)


def _conflict(db: CentralDb, ids: list[str]) -> None:
    with db.engine.begin() as conn:
        conn.execute(insert(ConflictRecord), [{"bundle_sha256": "ab" * 32, "case_id": ids[2], "kind": "different_marks",
                                               "detail": "{}", "recorded_at": "2026-01-03T00:00:00+00:00",
                                               "resolved": False}])


def _below_quota(db: CentralDb, ids: list[str]) -> None:
    qs = db.add_form(WORKED)
    db.add_second_marking("wessex-1", qs, ids[2:], CASES[2:], status="in_progress", inspector="Inspector C")


def _disagreement(db: CentralDb, ids: list[str]) -> None:
    qs = db.add_form(WORKED)
    header, answers = CASES[2]
    db.add_second_marking("wessex-1", qs, ids[2:], [(header, {**answers, "DI-02": answer("partially")})],
                          inspector="Inspector C")


BLOCKERS: dict[str, tuple[Callable[[CentralDb, list[str]], None], str]] = {
    "unfinished case": (_unfinished, f"{WHERE}: case URN000020 is in progress, neither marked complete nor "
                                     "replaced with a recorded reason"),
    "missing evidence note": (_no_evidence, f"{WHERE}: case URN000021 question PC-03 is marked 'Not meeting' "
                                            "without the evidence note it requires"),
    "unresolved conflict": (_conflict, f"{WHERE}: import conflict #1 (different marks) on case URN000002 is "
                                       "unresolved (casereader central conflicts)"),
    "second marking below quota": (_below_quota, f"{WHERE}: second marking below the drawn quota: 2 of 3 drawn "
                                                 "case(s) second-marked complete"),
    "open disagreement": (_disagreement, f"{WHERE}: case URN000002 question DI-02: first mark fully and second "
                                         "mark partially disagree, no agreed mark recorded"),
}


@pytest.mark.parametrize("name", list(BLOCKERS))
def test_each_blocker_refuses_final_with_its_line(secure: Store, tmp_path: Path, name: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db, url, ids = secure
    build, line = BLOCKERS[name]
    build(db, ids)
    out = tmp_path / "final.pdf"
    with pytest.raises(UserError) as err:
        run_report("--db", url, "--final", "--out", str(out))
    assert capsys.readouterr().err.splitlines() == [line]
    assert err.value.message == "1 blocker stands in the way of a final report (listed above); nothing was written"
    assert not out.exists()
    assert run_report("--db", url, "--out", str(out)) == 0  # a draft is still written
    db.close()


def test_every_blocker_listed_one_line_each_without_traceback(secure: Store, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    db, url, ids = secure
    for build, _ in BLOCKERS.values():
        build(db, ids)
    with db.engine.begin() as conn:  # a sampled case replaced without a recorded reason is no replacement
        conn.execute(update(CentralCaseRecord).where(CentralCaseRecord.reference == "URN000011")
                     .values(reserve=False))
    db.close()
    out = tmp_path / "final.json"
    code = main(["--data-dir", str(tmp_path / "data"), "central", "report", "--db", url, "--final",
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err and not out.exists()
    lines = err.splitlines()
    assert lines[-1] == ("casereader: error: 6 blockers stand in the way of a final report (listed above); "
                         "nothing was written")
    # both second markings of case URN000002 are drawn: 3 of the 4 copies are complete
    expected = [line.replace("2 of 3", "3 of 4") for _, line in BLOCKERS.values()] + [
        f"{WHERE}: case URN000011 is not started, neither marked complete nor replaced with a recorded reason"]
    assert sorted(lines[:-1]) == sorted(expected)


def test_no_blocker_final_passes_without_draft_stamp(secure: Store, tmp_path: Path) -> None:
    db, url, _ = secure
    db.close()
    for final in (True, False):
        paths = {fmt: tmp_path / f"{'final' if final else 'draft'}.{fmt}" for fmt in ("json", "csv", "xlsx", "pdf")}
        for p in paths.values():
            assert run_report("--db", url, *(["--final"] if final else []), "--out", str(p)) == 0
        stamp = "final" if final else "DRAFT"
        doc = json.loads(paths["json"].read_text(encoding="utf-8"))
        assert doc["publication"]["status"] == doc["meta"]["publication"] == stamp
        with paths["csv"].open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows[0]["table"] == "publication" and {r["publication"] for r in rows} == {stamp}
        wb = load_workbook(paths["xlsx"])
        for ws in wb.worksheets:
            first_row = " ".join(str(c.value) for c in ws[1] if c.value is not None)
            assert ("DRAFT" in first_row and ws.oddHeader.center.text == "DRAFT") is not final, ws.title
        pages = [p.extract_text() for p in PdfReader(str(paths["pdf"])).pages]
        assert all(("DRAFT" in text) is not final for text in pages)
        for p in (paths["json"], paths["csv"]):
            assert ("DRAFT" in p.read_text(encoding="utf-8")) is not final


def test_the_dashboard_exports_final_only_through_the_gate(qtbot, secure: Store,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    from casereader.ui.centre.dashboard import CentralDashboard

    db, url, ids = secure
    dash = CentralDashboard(url)
    qtbot.addWidget(dash)
    qtbot.waitUntil(lambda: dash.report is not None and not dash.is_busy(), timeout=20000)
    out = tmp_path / "final.json"
    with qtbot.waitSignal(dash.exported, timeout=20000) as sent:
        dash.export_to(out, final=True)
    assert sent.args == [[]]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["publication"]["status"] == "final" and doc["selection"]["rounds"] == "baseline"
    qtbot.waitUntil(lambda: not dash.is_busy(), timeout=5000)
    _conflict(db, ids)
    refused = tmp_path / "refused.json"
    with qtbot.waitSignal(dash.exported, timeout=20000) as sent:
        dash.export_to(refused, final=True)
    assert sent.args == [[BLOCKERS["unresolved conflict"][1]]] and not refused.exists()
    db.close()
