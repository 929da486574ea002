"""A new inspector's first day, from an empty data folder, in the app alone: create an inspection, import the
sample (a bad file first), add a case, mark a case by keyboard, complete it, fail to change it, reopen it with
confirmation and change it. Every change in the audit log carries the inspector's name, and so does the sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from scripted_dialogs import ScriptedDialogs
from test_marking_app import mark_whole_case_by_keyboard

from casereader.core.inspection import CaseStatus
from casereader.paths import resolve
from casereader.storage import LocalStore
from casereader.ui.app import application
from casereader.ui.marking.app import open_window
from casereader.ui.marking.header_form import KeyComboBox
from casereader.ui.marking.question_widget import QuestionWidget

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]
NAME = "Ann Example"
LABELS = {"casework_type": "Magistrates", "charging_route": "Area", "outcome": "Conviction after trial"}


def test_first_day_from_an_empty_data_folder(tmp_path: Path, qtbot: QtBot) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,casework_type\nWX0001,MC\nWX0002,Crown\n", encoding="utf-8")
    good = tmp_path / "sample.csv"
    good.write_text("reference,casework_type\nWX0001,MC\nWX0002,CC\n", encoding="utf-8")
    dialogs = ScriptedDialogs(inspectors=[NAME], files=[bad, good], texts=["wx0001", "WX0099"],
                              confirms=[False, True])
    paths = resolve(tmp_path / "data").ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    application()
    window = open_window(paths, store, dialogs=dialogs)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    # 1. the start page: create the inspection (the app asks who is marking: nobody is known yet)
    welcome = window.welcome
    assert welcome is not None and welcome.isVisible()
    welcome.form_choice.setCurrentIndex(welcome.form_choice.findData("aip-casework@2021.1"))
    welcome.area.setText("Wessex")
    welcome.create_button.click()
    assert dialogs.asked[0] == ("inspector", "")
    session = window.session
    assert session is not None and session.actor == NAME and session.inspection.inspectors == (NAME,)
    assert window.who.text() == f"Marking as {NAME}"

    # 2. no cases: the empty state, not the form; a key press reaches nothing
    assert window.form is not None and window.form_stack is not None and window.empty.isVisible()
    assert not window.form.isVisible()
    stray = next(iter(window.form.questions.values()))
    qtbot.keyClick(stray, "1")
    qtbot.keyClick(window, "1")
    assert session.case is None and store.list_cases(session.inspection.id) == []

    # 3. import the sample: a bad file is refused with its row and column, nothing added; then the good one
    window.empty.import_button.click()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "Nothing was imported")
    assert "bad.csv:row 3, column casework_type: 'Crown' is not one of" in text
    assert store.list_cases(session.inspection.id) == []
    window.empty.import_button.click()
    assert sorted(c.reference for c in session.cases()) == ["WX0001", "WX0002"]
    assert window.form.isVisible() and not window.empty.isVisible()
    assert session.case is not None and session.case.reference == "WX0001"

    # 4. add one case by reference: a duplicate (any case) is refused as the sample import refuses it
    window.menu.add_case()
    assert "case 'WX0001' is already in this inspection" in dialogs.shown[-1][2]
    window.menu.add_case()
    assert sorted(c.reference for c in session.cases()) == ["WX0001", "WX0002", "WX0099"]

    # 5. mark WX0001 by keyboard and complete it
    window.open_case(next(c.id for c in session.cases() if c.reference == "WX0001"))
    mark_whole_case_by_keyboard(qtbot, window, LABELS)
    case_id = session.case.id
    assert store.get_case(case_id).summary.status == CaseStatus.COMPLETE
    before = store.get_case(case_id).state

    # 6. it is read-only now: an answer key, Delete and a header key change nothing, and say why
    engine = session.engine
    assert engine is not None
    qid = next(q for q in engine.applicable if q in window.form.questions)
    widget = window.form.questions[qid]
    window.form.focus_question(qid)
    for key in ("3", Qt.Key.Key_Delete):
        qtbot.keyClick(widget, key)
    combo = window.form.header.editors["casework_type"]
    assert isinstance(combo, KeyComboBox)
    qtbot.keyClick(combo, "c")
    qtbot.keyClick(combo, Qt.Key.Key_Delete)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nor does an undo
    QCoreApplication.processEvents()
    assert store.get_case(case_id).state == before
    assert window.form.notice.isVisible() and "read-only" in window.form.notice.text()
    assert combo.currentText().startswith("Magistrates")
    assert all(not b.isEnabled() for b in widget.group.buttons())

    # 7. reopen: cancelled, then confirmed (Ctrl+Shift+O); then the change goes in
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert store.get_case(case_id).summary.status == CaseStatus.COMPLETE
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert store.get_case(case_id).summary.status == CaseStatus.IN_PROGRESS
    asked = next(text for kind, text in dialogs.asked if kind == "confirm")
    assert asked.startswith("WX0001 is marked complete.")
    window.form.focus_question(qid)
    third = next(k for k, v in widget.keys.items() if v == session.qs.scale_of(qid).options[-1].value)
    qtbot.keyClick(widget, third)
    assert store.get_case(case_id).state.answers[qid].value == session.qs.scale_of(qid).options[-1].value

    # 8. every change was recorded under the inspector's name, the reopening with its reason
    events = store.audit_events(session.inspection.id)
    assert events and {e.actor for e in events} == {NAME}
    reopened = [e for e in events if e.kind == "status" and e.reason == "reopened for editing"]
    assert len(reopened) == 1 and reopened[0].case_id == case_id

    # 9. the case sheet prints that name
    from casereader.ui.marking import printing_bridge

    pdf = printing_bridge.print_case(session, paths)
    text = "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert NAME in text
    window.close()
    store.close()


def test_na_with_a_reason_is_two_keys_and_tab_leaves_the_form(tmp_path: Path, qtbot: QtBot) -> None:
    form = Path(__file__).resolve().parents[2] / "forms" / "aap-casework-2016.yaml"
    from casereader.core.inspection import Round
    from casereader.core.loader import load_question_set

    paths = resolve(tmp_path / "data").ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    qs = load_question_set(form)
    insp = store.create_inspection(qs, area="Wessex", round=Round.BASELINE, form_bytes=form.read_bytes(),
                                   inspectors=[NAME])
    store.add_cases(insp.id, [("AA0001", {})], actor=NAME)
    application()
    window = open_window(paths, store, insp.id)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    session = window.session
    assert session is not None and window.form is not None and session.engine is not None
    reasons = {q.id: q.na.reasons for s in qs.sections for q in s.questions if len(q.na.reasons) >= 2}
    header = {f.id: f.options[0].value for f in qs.header if f.options}
    for fid, value in header.items():
        session.set_header(fid, value)
    window.form.refresh()
    qid = next(q for q in reasons if session.engine.is_applicable(q))
    widget = window.form.questions[qid]
    assert isinstance(widget, QuestionWidget)
    window.form.focus_question(qid)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)
    qtbot.keyClick(widget, "0")
    assert QApplication.focusWidget() is widget and widget.reason.isVisible()  # waiting for the reason
    qtbot.keyClick(widget, "2")
    saved = store.get_case(session.case.id).state.answers[qid]  # type: ignore[union-attr]
    assert saved.na and saved.na_reason == reasons[qid][1]
    assert QApplication.focusWidget() is not widget  # and on to the next question

    # Shift+Tab on the first case detail leaves the form for the case list; Tab from the list comes back
    window.form.focus_header()
    first = window.form.header.widget(window.form.header.stops[0])
    qtbot.waitUntil(first.hasFocus, timeout=3000)
    qtbot.keyClick(first, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.case_list is not None and window.case_list.table.hasFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Tab)
    assert window.form.isAncestorOf(QApplication.focusWidget())
    last = list(session.engine.applicable)[-1]
    window.form.focus_question(last)
    qtbot.waitUntil(window.form.questions[last].hasFocus, timeout=3000)
    qtbot.keyClick(window.form.questions[last], Qt.Key.Key_Tab)  # Tab past the last question: the case list
    assert window.case_list.table.hasFocus()
    window.close()
    store.close()
