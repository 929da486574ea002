"""The central dashboard on a small central store: one round and question-set version at a time, filters,
the scores-by-Area table with uncut headers and n answers, the chart, closing mid-load, draft and final export."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from central_builder import CentralDb, two_rounds
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QThreadPool

from casereader.central.queries import Selection, build_report
from casereader.ui.centre.dashboard import CentralDashboard

AREAS = ("North East", "Wessex", "West Midlands")


@pytest.fixture
def central(tmp_path: Path) -> CentralDb:
    return two_rounds(f"sqlite:///{tmp_path / 'central.sqlite'}", AREAS, 10, 5, baseline_skew=0.2)


def wait_loaded(qtbot, dash: CentralDashboard) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dash.is_busy() and dash.report is not None, timeout=20000)


def table(dash: CentralDashboard) -> list[list[str]]:
    m = dash.model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_dashboard_shows_scores_by_area_with_n(qtbot, central: CentralDb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dash = CentralDashboard(central.url)
    qtbot.addWidget(dash)
    dash.resize(1100, 720)
    dash.show()
    wait_loaded(qtbot, dash)
    # rounds are never pooled: no "All rounds"; the latest round and its question set are shown first
    assert [dash.round_box.itemData(i) for i in range(dash.round_box.count())] == ["baseline", "follow-up"]
    assert dash.round_box.currentData() == "follow-up"
    assert [dash.version_box.itemData(i) for i in range(dash.version_box.count())] == ["aip-casework@2023.1"]
    assert [dash.area_box.itemData(i) for i in range(dash.area_box.count())] == ["", *AREAS]
    assert dash.report is not None and "round" not in dash.report.by
    for needle in ("Round: follow-up", "Question set: follow-up: aip-casework@2023.1", "Areas: North East",
                   "Filters: ", "pooled over casework types"):
        assert needle in dash.selection.text(), needle

    # the baseline round, on its own question-set version
    dash.round_box.setCurrentIndex(dash.round_box.findData("baseline"))
    dash.refresh()
    wait_loaded(qtbot, dash)
    assert dash.version_box.currentData() == "aip-casework@2021.1" and "Round: baseline" in dash.selection.text()

    # filter: follow-up round, Crown Court
    dash.round_box.setCurrentIndex(dash.round_box.findData("follow-up"))
    dash.refresh()
    wait_loaded(qtbot, dash)
    dash.type_box.setCurrentIndex(dash.type_box.findData("CC"))
    dash._show()
    expected = build_report(central.engine, ["casework_type"], Selection(rounds=("follow-up",)))
    rows = [r for r in expected.measures if r.group == ("CC",)]
    got = table(dash)
    header = [dash.model.headerData(c, Qt.Orientation.Horizontal) for c in range(dash.model.columnCount())]
    assert header[0] == "Area" and header[1].replace("\n", " ") == rows[0].title and header[2] == "n answers"
    view_header = dash.table.horizontalHeader()
    metrics = view_header.fontMetrics()
    for c, text in enumerate(header):  # every header line fits its column: nothing is cut
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        assert view_header.sectionSize(c) >= widest, text
    assert [g[0] for g in got] == [*AREAS, "National (pooled)", "National (mean of Areas)"]
    for i, area in enumerate(AREAS):
        for j, r in enumerate(rows):
            a = r.area(area)
            if a is None:  # no scored answer in that Area for this measure
                assert got[i][1 + 2 * j] == got[i][2 + 2 * j] == "–"
                continue
            assert got[i][1 + 2 * j] == f"{a.figure.published}%"
            assert got[i][2 + 2 * j] == str(a.figure.n)
    assert got[len(AREAS)][1] == f"{rows[0].pooled.published}%" and got[len(AREAS)][2] == str(rows[0].pooled.n)
    assert got[len(AREAS) + 1][1] == f"{rows[0].mean_of_areas}%"
    assert got[len(AREAS) + 1][2] == "–"  # the n column counts answers; the mean of Areas has none
    assert dash.chart.row is not None and dash.chart.row.id == rows[0].id

    # all casework types: groups pooled exactly, as an ungrouped report gives
    dash.type_box.setCurrentIndex(0)
    dash._show()
    whole = build_report(central.engine, [], Selection(rounds=("follow-up",)))
    got = table(dash)
    assert got[len(AREAS)][1] == f"{whole.measures[0].pooled.published}%"
    assert got[len(AREAS)][2] == str(whole.measures[0].pooled.n)

    # themes, one Area
    dash.kind_box.setCurrentIndex(dash.kind_box.findData("theme"))
    dash.area_box.setCurrentIndex(dash.area_box.findData("Wessex"))
    dash.refresh()
    wait_loaded(qtbot, dash)
    assert [g[0] for g in table(dash)] == ["Wessex", "National (pooled)", "National (mean of Areas)"]
    assert dash.model.headerData(1, Qt.Orientation.Horizontal).replace("\n", " ") == whole.themes[0].title
    assert "cases in 1 Areas" in dash.status.text()
    dash.area_box.setCurrentIndex(0)
    dash.kind_box.setCurrentIndex(0)
    dash.refresh()
    wait_loaded(qtbot, dash)
    shot = Path(os.environ.get("CASEREADER_DASHBOARD_PNG", tmp_path / "dashboard.png"))
    assert dash.grab().save(str(shot))
    assert shot.stat().st_size > 10_000
    dash.close()
    central.close()


def test_dashboard_reports_an_unreadable_store(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dash = CentralDashboard(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    qtbot.addWidget(dash)
    qtbot.waitUntil(lambda: not dash.is_busy(), timeout=10000)
    assert dash.status.text().startswith("Could not aggregate")
    assert dash.model.rowCount() == 0
    dash.close()


def test_closing_during_a_load_never_raises(qtbot, central: CentralDb) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):  # closed while loading; the last one also deleted before its job ends
        dash = CentralDashboard(central.url)
        dash.show()
        assert dash.is_busy()
        dash.close()
    dash.deleteLater()
    qtbot.wait(50)
    assert QThreadPool.globalInstance().waitForDone(20000)
    qtbot.wait(50)  # the jobs' ends are delivered to closed dashboards, and dropped
    central.close()


def test_export_draft_and_refused_final(qtbot, central: CentralDb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dash = CentralDashboard(central.url)
    qtbot.addWidget(dash)
    wait_loaded(qtbot, dash)
    draft = tmp_path / "draft.xlsx"
    with qtbot.waitSignal(dash.exported, timeout=20000) as sent:
        dash.export_to(draft, final=False)
    assert sent.args == [[]]
    wb = load_workbook(draft)
    assert wb["About"]["B1"].value.startswith("DRAFT")
    assert all(ws.oddHeader.center.text == "DRAFT" for ws in wb.worksheets)
    qtbot.waitUntil(lambda: not dash.is_busy(), timeout=5000)

    final = tmp_path / "final.pdf"
    with qtbot.waitSignal(dash.exported, timeout=20000) as sent:
        dash.export_to(final, final=True)
    lines = sent.args[0]
    assert not final.exists() and len(lines) == len(AREAS)  # this store has no second marking at all
    assert all("follow-up" in line and "no second marking has been drawn" in line for line in lines)
    assert dash.message is not None and dash.message.informativeText() == "\n".join(lines)
    dash.message.close()
    central.close()


def test_the_dashboard_command_opens_it(qtbot, central: CentralDb, tmp_path: Path,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtWidgets import QApplication
    from shiboken6 import isValid

    from casereader.cli.main import main

    seen: list[tuple[str, str]] = []

    def exec_(*_a: object) -> int:  # the event loop, replaced: what the window shows once loaded
        for w in QApplication.topLevelWidgets():
            if isinstance(w, CentralDashboard) and isValid(w) and w.isVisible():  # not earlier tests' closed ones
                wait_loaded(qtbot, w)
                seen.append((w.windowTitle(), w.round_box.currentData()))
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert main(["--data-dir", str(tmp_path / "data"), "central", "dashboard", "--db", central.url]) == 0
    assert seen == [("Central dashboard", "follow-up")]
    missing = f"sqlite:///{tmp_path / 'nowhere' / 'central.sqlite'}"
    assert main(["--data-dir", str(tmp_path / "data"), "central", "dashboard", "--db", missing]) != 0
    err = capsys.readouterr().err
    assert err.startswith("casereader: error: ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    central.close()
