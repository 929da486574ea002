"""UI test fixtures: offscreen Qt, a real store in tmp_path, and Qt warnings that fail the test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scripted_dialogs import ScriptedDialogs

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
AIP = ROOT / "forms" / "aip-casework-2021.1.yaml"
WORKED = ROOT / "tests" / "core" / "data" / "worked-example.yaml"


@pytest.fixture(scope="session", autouse=True)
def _app_style(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt makes the QApplication, so give it the app's own style (Fusion, the accessible palette and the
    style sheet) as ``casereader.ui.app.application`` would: the tests see what an inspector sees."""
    from casereader.ui.style import apply_style

    apply_style(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _qt_warnings(qt_warnings_fail: list[str]) -> list[str]:
    """Every UI test fails on a Qt warning (the fixture lives in tests/conftest.py)."""
    return qt_warnings_fail


@pytest.fixture
def paths(tmp_path: Path):  # type: ignore[no-untyped-def]
    from casereader.paths import resolve

    return resolve(tmp_path / "data").ensure()


@pytest.fixture
def app_env(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    """An AIP inspection of two cases (MC0001 blank, CC0002 with its header) open in the window at 1400x900:
    (store, inspection, ids by reference, window, paths)."""
    from casereader.core.inspection import Round
    from casereader.core.loader import load_question_set_bytes
    from casereader.paths import resolve
    from casereader.storage import LocalStore
    from casereader.ui.app import application
    from casereader.ui.marking.app import open_window

    raw = AIP.read_bytes()
    qs = load_question_set_bytes(raw, str(AIP))
    paths = resolve(tmp_path / "data").ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    insp = store.create_inspection(qs, area="Wessex", round=Round.BASELINE, form_bytes=raw, title="UI test")
    cases = store.add_cases(insp.id, [("MC0001", {}), ("CC0002", {"casework_type": "CC", "charging_route": "area",
                                                                   "outcome": "conviction_after_trial"})],
                            actor="test")
    application()
    window = open_window(paths, store, insp.id, dialogs=ScriptedDialogs(inspectors=["Ann Inspector"]))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    yield store, insp, {c.reference: c.id for c in cases}, window, paths
    window.close()
    store.close()
