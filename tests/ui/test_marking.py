"""A scripted inspector marks cases with the keyboard alone, against a real SQLite store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casereader.core.inspection import CaseStatus
from tests.ui.conftest import AIP, WORKED, make_inspection, make_store


def _window(qtbot, paths, store, inspection_id):  # type: ignore[no-untyped-def]
    from casereader.ui.main_window import MainWindow

    window = MainWindow(store, paths)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_inspection(inspection_id)
    return window


def _key(qtbot, text: str, counter: list[int]) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    key = {"\r": Qt.Key.Key_Return}.get(text)
    if key is not None:
        qtbot.keyClick(widget, key)
    elif text == "^\r":
        qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.keyClicks(widget, text)
    counter[0] += 1


def test_mc_case_marked_by_keyboard_alone_and_key_presses_counted(qtbot, paths):  # type: ignore[no-untyped-def]
    store = make_store(paths)
    insp, cases = make_inspection(store, AIP, [("41AB1234522", {})])
    window = _window(qtbot, paths, store, insp.id)
    session = window.session
    presses = [0]
    for key in ("m", "p", "g", "\r"):  # casework type, charging route, outcome, confirm flags
        _key(qtbot, key, presses)
    header_presses = presses[0]
    assert session.engine.state.header["casework_type"] == "MC"
    applicable = len(session.engine.applicable)
    while (qid := session.engine.next_question(None, unanswered=True)) is not None:
        focused = QApplication.focusWidget()
        assert getattr(focused, "question", None) is not None and focused.question.id == qid
        scale = session.qs.scale_of(qid)
        _key(qtbot, scale.options[0].key, presses)  # best answer needs no comment
    answer_presses = presses[0] - header_presses
    _key(qtbot, "^\r", presses)
    store.close()
    again = make_store(paths)
    case = again.get_case(cases[0].id)
    assert case.summary.status == CaseStatus.COMPLETE
    assert len(case.state.answers) == applicable
    assert header_presses <= 5 and answer_presses <= applicable
    print(f"\nMC case: {header_presses} header + {answer_presses} answers ({applicable} applicable) + 1 complete")
    again.close()


def test_completion_refused_while_required_answer_missing(qtbot, paths):  # type: ignore[no-untyped-def]
    store = make_store(paths)
    insp, cases = make_inspection(store, WORKED, [("01AA0000121", {"casework_type": "MC", "charging_route": "police",
                                                                   "victim_letter_required": False})])
    window = _window(qtbot, paths, store, insp.id)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # DI-02 only; VW-01 still missing
    window.mark_complete()
    assert store.get_case(cases[0].id).summary.status == CaseStatus.IN_PROGRESS
    assert any("VW-01" in window.form.issues.item(i).text() for i in range(window.form.issues.count()))
    assert window.form.notice.isVisibleTo(window)
    store.close()


def test_applicability_change_hides_and_restores_answers_and_undo_is_stored(qtbot, paths):  # type: ignore[no-untyped-def]
    from casereader.core.answers import Answer

    store = make_store(paths)
    insp, cases = make_inspection(store, WORKED, [("01AA0000121", {"casework_type": "CC", "charging_route": "area",
                                                                   "victim_letter_required": False})])
    window = _window(qtbot, paths, store, insp.id)
    session, form = window.session, window.form
    session.answer("PC-04", Answer("fully"))
    form.refresh()
    assert form.questions["PC-04"].isVisibleTo(window)
    form._header_changed("charging_route", "police", False)
    assert not form.questions["PC-04"].isVisibleTo(window)
    assert "PC-04" in session.engine.excluded
    assert "PC-04" in form.notice.text()
    form._header_changed("charging_route", "area", False)
    assert form.questions["PC-04"].isVisibleTo(window)
    assert form.questions["PC-04"].buttons["fully"].isChecked()
    session.answer("PC-04", Answer("not", comment="late"))
    window.undo()
    assert store.get_case(cases[0].id).state.answers["PC-04"].value == "fully"
    assert store.history(cases[0].id, "PC-04")[-1].new is not None
    store.close()


def test_reopening_after_kill_returns_to_same_case_and_question(qtbot, paths):  # type: ignore[no-untyped-def]
    store = make_store(paths)
    header = {"casework_type": "CC", "charging_route": "area", "victim_letter_required": True}
    insp, cases = make_inspection(store, WORKED, [("01AA0000121", header), ("02BB0000222", header)])
    window = _window(qtbot, paths, store, insp.id)
    window.open_case(cases[1].id)
    window.form.focus_question("DI-02")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # answered, focus moves on to VW-01
    assert window.form.current == "VW-01"
    store._db.dispose()  # no close, no cleanup: as if the process were killed
    again = make_store(paths)
    reopened = _window(qtbot, paths, again, insp.id)
    assert reopened.session.case.id == cases[1].id
    assert reopened.form.current == "VW-01"
    assert again.get_case(cases[1].id).state.answers["DI-02"].value == "partially"
    again.close()
