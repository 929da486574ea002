"""The marking app driven as an inspector would: the keyboard alone, through real widgets and a real store."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from scripted_dialogs import ScriptedDialogs

from casereader.core.answers import Answer
from casereader.core.inspection import CaseStatus
from casereader.paths import resolve
from casereader.storage import LocalStore
from casereader.ui.app import application
from casereader.ui.marking.app import open_window
from casereader.ui.marking.header_form import FlagRow, KeyComboBox
from casereader.ui.marking.main_window import MainWindow
from casereader.ui.marking.question_widget import QuestionWidget

ROOT = Path(__file__).resolve().parents[2]
AIP = ROOT / "forms" / "aip-casework-2021.1.yaml"
# Qt warnings fail these tests; the offscreen plugin's notice about window size hints is not a warning of ours.
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

MC_HEADER = {"casework_type": "MC", "charging_route": "area", "outcome": "conviction_after_trial"}


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def owner(widget: QWidget | None, kind: type) -> QWidget | None:
    while widget is not None and not isinstance(widget, kind):
        widget = widget.parentWidget()
    return widget


def press_for_header(box: KeyComboBox, wanted_label_start: str) -> str:
    for letter, index in box.keys.items():
        if box.itemText(index).lower().startswith(wanted_label_start.lower()):
            return letter
    raise AssertionError(f"no key for {wanted_label_start!r} in {[box.itemText(i) for i in range(box.count())]}")


def mark_whole_case_by_keyboard(qtbot: QtBot, window: MainWindow, header_labels: dict[str, str]) -> int:
    """The scripted inspector: reads the focused widget and presses one key; returns the number of presses."""
    presses = 0
    session = window.session
    assert session is not None
    for _ in range(200):
        engine = session.engine
        assert engine is not None
        if engine.is_complete:
            break
        widget = focused()
        combo = owner(widget, KeyComboBox)
        flags = owner(widget, FlagRow)
        question = owner(widget, QuestionWidget)
        if isinstance(combo, KeyComboBox):
            field = next(fid for fid, ed in window.form.header.editors.items() if ed is combo)
            qtbot.keyClick(combo, press_for_header(combo, header_labels[field]))
        elif isinstance(flags, FlagRow):
            qtbot.keyClick(flags, Qt.Key.Key_Return)
        elif isinstance(question, QuestionWidget):
            first = session.qs.scale_of(question.question.id).options[0].value  # fully / yes: no comment needed
            key = next(k for k, v in question.keys.items() if v == first)
            qtbot.keyClick(question, key)
        else:
            raise AssertionError(f"focus is on {widget!r}, not on a header field or question")
        presses += 1
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return presses


def test_keyboard_alone_marks_a_magistrates_case_from_header_to_complete(app_env, qtbot: QtBot) -> None:
    store, _insp, ids, window, _paths = app_env
    window.open_case(ids["MC0001"])
    qtbot.waitUntil(lambda: focused() is not None)
    labels = {"casework_type": "Magistrates", "charging_route": "Area", "outcome": "Conviction after trial"}
    presses = mark_whole_case_by_keyboard(qtbot, window, labels)
    case = store.get_case(ids["MC0001"])
    assert case.summary.status == CaseStatus.COMPLETE
    assert case.state.header["casework_type"] == "MC"
    session = window.session
    assert session is not None and session.engine is not None
    applicable = len(session.engine.applicable)
    assert set(case.state.answers) == set(session.engine.applicable)  # every answer is in the database
    # the issue's budget: one key per applicable question plus five for the header
    assert presses <= applicable + 5, (presses, applicable)
    print(f"key presses for a magistrates' court case: {presses} for {applicable} applicable questions "
          f"(+1 Ctrl+Enter to complete)")


def test_applicability_change_hides_and_restores_answers(app_env, qtbot: QtBot) -> None:
    store, _insp, ids, window, _paths = app_env
    cid = ids["CC0002"]
    window.open_case(cid)
    session = window.session
    assert session is not None
    session.answer("PT-01", Answer("fully"))
    assert window.form.questions["PT-01"].isVisibleTo(window.form)
    session.set_header("casework_type", "MC")
    window.form.refresh()
    assert not window.form.questions["PT-01"].isVisibleTo(window.form)
    assert store.get_case(cid).state.answers["PT-01"].value == "fully"  # kept, only excluded
    session.set_header("casework_type", "CC")
    window.form.refresh()
    assert window.form.questions["PT-01"].isVisibleTo(window.form)
    assert session.engine is not None and "PT-01" not in session.engine.excluded


def test_undo_restores_the_previous_answer_in_the_database(app_env, qtbot: QtBot) -> None:
    store, _insp, ids, window, _paths = app_env
    cid = ids["CC0002"]
    window.open_case(cid)
    window.form.focus_question("PC-01")
    qtbot.keyClick(window.form.questions["PC-01"], "y")
    assert store.get_case(cid).state.answers["PC-01"].value == "yes"
    window.form.focus_question("PC-01")
    qtbot.keyClick(window.form.questions["PC-01"], "n")
    assert store.get_case(cid).state.answers["PC-01"].value == "no"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get_case(cid).state.answers["PC-01"].value == "yes"
    assert [e.new for e in store.history(cid, "PC-01")][-1] is not None  # the undo is itself audited
    assert len(store.history(cid, "PC-01")) == 3


def test_completion_refused_while_a_required_answer_is_missing(app_env, qtbot: QtBot) -> None:
    store, _insp, ids, window, _paths = app_env
    cid = ids["CC0002"]
    window.open_case(cid)
    window.session.answer("PC-01", Answer("yes"))  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert store.get_case(cid).summary.status == CaseStatus.IN_PROGRESS
    assert window.form.issues.count() > 0  # the missing questions are listed


KILLED = """
import os, signal, sys
sys.path.insert(0, {root!r})
from casereader.paths import resolve
from casereader.storage import LocalStore
from casereader.ui.app import application
from casereader.ui.marking.app import open_window
app = application()
paths = resolve({data!r})
store = LocalStore.open(paths.database, backups_dir=paths.backups)
window = open_window(paths, store)
window.show()
window.open_case({case!r}, "VW-01")
app.processEvents()
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_reopening_after_a_kill_returns_to_the_same_case_and_question(app_env, qtbot: QtBot) -> None:
    store, insp, ids, window, paths = app_env
    window.close()
    code = textwrap.dedent(KILLED.format(root=str(ROOT), data=str(paths.data_dir), case=ids["CC0002"]))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == -9, proc.stderr
    again = open_window(paths, store)
    qtbot.addWidget(again)
    again.show()
    assert again.session is not None and again.session.inspection.id == insp.id
    assert again.session.case is not None and again.session.case.id == ids["CC0002"]
    assert again.session.current_question == "VW-01"
    again.close()


def test_about_box_names_the_app_version_and_pinned_question_set(app_env) -> None:
    from casereader import __version__

    _store, insp, _ids, window, _paths = app_env
    window.menu.show_about()
    kind, title, text = window.dialogs.shown[-1]
    assert (kind, title) == ("about", "About Casereader")
    assert f"Casereader {__version__}" in text and insp.form_key in text
    assert not window.windowIcon().isNull()


def test_periodic_backup_only_when_something_changed(app_env) -> None:
    from casereader.ui.marking.app import _periodic_backup

    store, _insp, ids, _window, _paths = app_env
    store.save_answer(ids["CC0002"], "PC-01", Answer("yes"), "test")
    before = len(store.list_backups())
    _periodic_backup(store)
    assert len(store.list_backups()) == before + 1
    _periodic_backup(store)  # nothing changed since: no new backup
    assert len(store.list_backups()) == before + 1


def test_start_page_opens_the_demo(tmp_path: Path, qtbot: QtBot) -> None:
    paths = resolve(tmp_path / "fresh").ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    try:
        application()
        dialogs = ScriptedDialogs(inspectors=["K. Osei (demo)"])
        window = open_window(paths, store, dialogs=dialogs)
        qtbot.addWidget(window)
        assert window.session is None  # nothing to open yet: the start page
        window.welcome.demo_button.click()
        assert dialogs.asked == [("inspector", "R. Hale (demo), K. Osei (demo)")]  # two inspectors: who is it?
        assert window.session is not None and window.session.actor == "K. Osei (demo)"
        assert window.session is not None and "fictional" in window.session.inspection.area
        assert len(window.session.cases()) == 90
        window.close()
    finally:
        store.close()
