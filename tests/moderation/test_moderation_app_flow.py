"""The whole moderation flow in the two apps (pytest-qt, offscreen): the lead inspector draws the dip sample
in the moderation window; each second inspector imports the pack on the start page of the marking app, marks
blind by keyboard and sends the marks with File ▸ Send marks; the centre imports the bundles; the lead
inspector compares and records agreed marks in the moderation window.

First marking and the central imports are the command line's (the centre scripts them); everything the
issue names — draw, blind second marking, comparison, resolution — happens in the windows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from moderation_flow import CANARY, Flow, expected_disagreements, first_marks, second_marks
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from casereader.central.moderation import disagreements
from casereader.paths import resolve
from casereader.storage import LocalStore
from casereader.ui.app import application
from casereader.ui.centre.moderation_window import ModerationWindow
from casereader.ui.marking.main_window import MainWindow
from casereader.ui.marking.question_widget import QuestionWidget


@pytest.fixture
def flow(tmp_path: Path, moderation_env: pytest.MonkeyPatch) -> Flow:
    moderation_env.delenv("CASEREADER_INSPECTOR", raising=False)
    f = Flow(tmp_path)
    f.first_round()
    return f


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def every_text(window: QWidget) -> str:
    """Everything the window shows as text: labels, fields, comment boxes and the case list's cells."""
    parts = [w.text() for w in window.findChildren(QLabel)] + [w.text() for w in window.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    main = window if isinstance(window, MainWindow) else None
    if main is not None and main.case_list is not None:
        parts += ["|".join(row) for row in main.case_list.model.shown]
    return "\n".join(parts)


def open_case_by_keyboard(qtbot: QtBot, window: MainWindow, reference: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.case_list is not None
    search = window.case_list.search
    qtbot.waitUntil(search.hasFocus, timeout=3000)
    qtbot.keyClicks(search, reference)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is not None and window.session.case is not None
                    and window.session.case.reference == reference, timeout=3000)


def mark_blind(qtbot: QtBot, window: MainWindow, reference: str, marks: dict[str, tuple[str, str]]) -> None:
    """Answer each question with its key and type the comment (C, the text, Escape back to the question)."""
    assert window.form is not None and window.session is not None
    for qid, (value, comment) in marks.items():
        window.form.focus_question(qid)
        widget = window.form.questions[qid]
        assert isinstance(widget, QuestionWidget)
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w, timeout=3000)
        assert window.session.engine is not None
        assert qid not in window.session.engine.state.answers, f"{reference} {qid}: second marking starts blank"
        key = next(k for k, v in widget.keys.items() if v == value)
        qtbot.keyClick(widget, key)
        if comment:
            window.form.focus_question(qid)
            qtbot.keyClick(widget, Qt.Key.Key_C)
            qtbot.waitUntil(widget.comment.hasFocus, timeout=3000)
            qtbot.keyClicks(widget.comment, comment)
            qtbot.keyClick(widget.comment, Qt.Key.Key_Escape)
    case = window.session.store.get_case(window.session.case.id)  # type: ignore[union-attr]
    got = {q: (a.value, a.comment) for q, a in case.state.answers.items()}
    assert got == marks, reference


def test_draw_blind_second_marking_comparison_and_resolution_in_the_apps(
        flow: Flow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    application()
    lead = ModerationWindow(flow.url, flow.inspection, moderator="Lead Inspector")
    qtbot.addWidget(lead)
    lead.show()
    activate(qtbot, lead)

    # 1. the dip sample, drawn in the moderation window by keyboard
    flow.draw_in_window(qtbot, lead, seed=11, percent="50", out_dir=flow.tmp / "packs",
                        passphrase="correct horse battery staple")
    assert flow.packs and flow.drawn and set(flow.second) == set(flow.packs)
    assert all(first != second for first, second in flow.drawn.values())

    # 2. blind second marking in the marking app, sent with File ▸ Send marks
    for who, pack in sorted(flow.packs.items()):
        paths = resolve(flow.folders[who]).ensure()
        store = LocalStore.open(paths.database, backups_dir=paths.backups)
        window = MainWindow(None, paths)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        window.attach(store)
        assert window.welcome is not None and window.welcome.isVisible()
        window.welcome.import_file(pack)
        qtbot.waitUntil(lambda w=window, who=who: w.session is not None
                        and w.session.inspection.id == flow.second[who], timeout=15000)
        refs = sorted(r for r, (_first, second) in flow.drawn.items() if second == who)
        assert sorted(r.reference for r in window.case_list.model.rows) == refs  # type: ignore[union-attr]
        activate(qtbot, window)
        for ref in refs:
            open_case_by_keyboard(qtbot, window, ref)
            shown = every_text(window)
            assert CANARY not in shown, f"{who} sees the first marker's comment on {ref}"
            for qid, (_value, comment) in first_marks(flow.index(ref)).items():
                assert not comment or comment not in shown, (ref, qid)
            mark_blind(qtbot, window, ref, second_marks(flow.index(ref)))

        out = flow.tmp / f"second-{who}-from-app.crbundle"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, o=out, **_k: (str(o), ""))
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert out.is_file(), window.statusBar().currentMessage()
        assert window.statusBar().currentMessage().startswith("Bundle 1 written to ")
        code, text, err = flow.central("import", out)
        assert code == 0 and "imported" in text, err
        window.close()
        store.close()

    # 3. comparison: every disagreement the marks make, with both marks and comments, nothing more
    activate(qtbot, lead)
    lead.refresh()
    expected = expected_disagreements(flow.drawn)
    t = lead.table
    rows = {tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())}
    assert rows == expected and t.rowCount() == len(expected)
    assert lead.agreement.rowCount() == 4  # PC-03, PC-04, VW-01, DI-02

    # 4. resolution by keyboard: each disagreement gets the first option's key, a reason and Ctrl+Return
    for n in range(len(expected)):
        lead.table.setFocus()
        lead.table.selectRow(0)
        target = lead.current()
        assert target is not None
        buttons = lead.choice.buttons()
        qtbot.waitUntil(lambda b=buttons: bool(b) and b[0].isVisible(), timeout=2000)  # laid out on the next pass
        qtbot.keyClick(lead.table, Qt.Key.Key_1)
        qtbot.waitUntil(lambda: lead.chosen_mark() is not None, timeout=2000)
        lead.reason.setFocus()
        qtbot.keyClicks(lead.reason, f"agreed at moderation {n}")
        qtbot.keyClick(lead.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert lead.table.rowCount() == len(expected) - n - 1
    store = flow.open_store()
    try:
        assert disagreements(store, flow.inspection) == []
        assert len(disagreements(store, flow.inspection, include_resolved=True)) == len(expected)
    finally:
        store.close()
    lead.close()
