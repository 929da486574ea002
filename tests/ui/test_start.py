"""Starting the app: the window paints from a read-only snapshot, then the store opens behind it.

Driven through ``casereader.ui.marking.app.start`` — what ``casereader gui`` runs — with the event loop turned by
pytest-qt instead of ``app.exec()``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from scripted_dialogs import ScriptedDialogs

from casereader.core.answers import Answer
from casereader.core.inspection import CaseStatus, Round
from casereader.core.loader import load_question_set
from casereader.storage import LocalStore
from casereader.storage.snapshot import read, snapshot
from casereader.ui.marking.app import open_window, start
from casereader.ui.marking.startup import LAST_INSPECTION, read_preview, view_key

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]
MC = {"casework_type": "MC", "charging_route": "area", "outcome": "conviction_after_trial"}
AIP = Path(__file__).resolve().parents[2] / "forms" / "aip-casework-2021.1.yaml"


def make_store(paths):  # type: ignore[no-untyped-def]
    return LocalStore.open(paths.database, backups_dir=paths.backups)


def make_inspection(store, form: Path, refs: list[tuple[str, dict]]):  # type: ignore[no-untyped-def]
    insp = store.create_inspection(load_question_set(form), area="Testshire", round=Round.BASELINE,
                                   form_bytes=form.read_bytes(), inspectors=["T. Tester"])
    return insp, store.add_cases(insp.id, refs, actor="T. Tester")


@pytest.fixture
def used_before(paths, qtbot: QtBot):  # type: ignore[no-untyped-def]
    """An inspection of three cases, marked a little and left on the second case: as any later start finds it."""
    store = make_store(paths)
    insp, cases = make_inspection(store, AIP, [("MC0001", MC), ("CC0002", {**MC, "casework_type": "CC"}),
                                               ("MC0003", MC)])
    store.save_answer(cases[1].id, "CX-04", Answer("yes"), "T. Tester")
    window = open_window(paths, store, insp.id)
    qtbot.addWidget(window)
    window.open_case(cases[1].id)
    window.close()
    store.close()
    return insp, cases


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_window_paints_the_case_list_before_the_store_opens(paths, used_before, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    insp, cases = used_before
    before = digest(paths.database)
    _app, window, launch = start(paths)
    qtbot.addWidget(window)
    try:
        # first paint: no store yet; the list is the stored one (references, statuses, progress), not clickable
        assert not window.ready and window.session is None and launch.store is None
        assert window.case_list is not None and not window.case_list.isEnabled()
        shown = [(r.reference, r.status, r.answered) for r in window.case_list.model.rows]
        assert shown == [("CC0002", CaseStatus.IN_PROGRESS, 1), ("MC0001", CaseStatus.NOT_STARTED, 0),
                         ("MC0003", CaseStatus.NOT_STARTED, 0)]  # sorted by reference, as the list always opens
        assert window.case_list.model.shown[0][1] == "CC"  # the type column, from the remembered columns
        assert window.windowTitle().startswith(insp.title or insp.area)
        note = window.stack.currentWidget().findChild(QLabel, "openingNote")
        assert note is not None and note.text() == "Opening CC0002…"
        # read only: the file is as it was (SQLite opens the WAL index beside it, and writes no log)
        assert digest(paths.database) == before
        wal = paths.data_dir / "casereader.sqlite-wal"
        assert not wal.exists() or wal.stat().st_size == 0

        # then the store opens behind it, back on the case the inspector left
        qtbot.waitUntil(lambda: window.ready and window.form is not None and window.form.isVisible(), timeout=15000)
        assert window.session is not None and window.session.case is not None
        assert window.session.case.id == cases[1].id
        assert window.case_list.isEnabled()
        assert window.case_list.model.rows[window.case_list.model.row_of(cases[1].id)].answered == 1
        assert launch.backups.isActive()
    finally:
        window.close()
        launch.close()


def test_first_start_on_an_empty_folder_opens_the_start_page(paths, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    assert read_preview(paths.database) is None  # no database: nothing to show, and nothing created
    assert not paths.database.exists()
    _app, window, launch = start(paths)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.ready and window.welcome is not None and window.welcome.isVisible(),
                        timeout=15000)
        assert paths.database.exists()
    finally:
        window.close()
        launch.close()


def test_a_store_that_cannot_open_is_reported_and_the_app_exits(paths, used_before, qtbot: QtBot,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(paths.database) as con:  # a database written by a newer Casereader
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()
    before = digest(paths.database)
    dialogs = ScriptedDialogs()
    said = dialogs.shown
    exits: list[int] = []
    _app, window, launch = start(paths, dialogs=dialogs)
    monkeypatch.setattr(launch.app, "exit", lambda code=0: exits.append(code))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(said), timeout=15000)
    assert said[0][:2] == ("fail", "Casereader cannot start") and "newer" in said[0][2]
    assert exits == [1] and launch.failed and not window.isVisible()
    assert digest(paths.database) == before
    launch.close()


@pytest.mark.parametrize("damage", ["view", "position", "case_status", "no_table"])
def test_an_unreadable_snapshot_means_no_preview_not_an_error(paths, used_before, damage: str) -> None:  # type: ignore[no-untyped-def]
    insp, _cases = used_before
    assert read_preview(paths.database) is not None
    with sqlite3.connect(paths.database) as con:
        if damage == "view":
            con.execute("UPDATE setting SET value = '{\"title\": 1}' WHERE key = ?", (view_key(insp.id),))
        elif damage == "position":
            con.execute("UPDATE setting SET value = '[1, 2]' WHERE key LIKE 'ui.position.%'")
        elif damage == "case_status":
            con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            con.execute("UPDATE case_file SET status = 'pondering' WHERE reference = 'MC0001'")
        else:
            con.execute("ALTER TABLE case_file RENAME TO case_file_old")
    con.close()
    assert read_preview(paths.database) is None


def test_snapshot_reads_what_the_store_holds(paths, used_before) -> None:  # type: ignore[no-untyped-def]
    insp, _cases = used_before
    store = make_store(paths)
    try:
        expected = store.list_cases(insp.id), store.get_inspection(insp.id), store.get_setting(LAST_INSPECTION)
    finally:
        store.close()
    got = read(paths.database, lambda s: (s.cases(insp.id), s.inspection(insp.id), s.setting(LAST_INSPECTION)))
    assert got == expected
    with snapshot(paths.data_dir / "missing.sqlite") as snap:
        assert snap is None
    assert not (paths.data_dir / "missing.sqlite").exists()
    assert json.loads(read(paths.database, lambda s: s.setting(view_key(insp.id))) or "{}")["columns"]["type_field"] \
        == "casework_type"
