"""The moderation window (pytest-qt, offscreen) on a central store built through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from moderation_flow import Flow, build, expected_disagreements
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casereader.central.moderation import disagreements
from casereader.central.schema import CentralAnswerRecord, ResolutionRecord
from casereader.central.store import CentralStore
from casereader.ui.centre.moderation_window import ModerationWindow


@pytest.fixture
def flow(tmp_path: Path, moderation_env: pytest.MonkeyPatch) -> Flow:
    return build(tmp_path)


def shown(window: ModerationWindow) -> list[tuple[str, ...]]:
    t = window.table
    return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]



def test_window_shows_disagreements_and_records_by_keyboard(qtbot: QtBot, flow: Flow) -> None:
    window = ModerationWindow(flow.url, flow.inspection[:8], moderator="Lead Inspector")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert window.inspection_id == flow.inspection

    # every disagreement recomputed from the marks typed, with both marks (as labels) and both comments
    expected = expected_disagreements(flow.drawn)
    assert set(shown(window)) == expected and len(shown(window)) == len(expected)
    assert window.agreement.rowCount() == 4  # PC-03, PC-04, VW-01, DI-02
    assert window.table.accessibleName() and window.record_button.accessibleName()
    window.grab().save("/tmp/moderation.png")

    # keyboard: move to the second row, press the option's key, type the reason, Ctrl+Return
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    target = window.current()
    assert target is not None and target == window.rows[1]
    keys = [b for b in window.choice.buttons() if b.property("mark") == "partially"]
    assert keys and keys[0].accessibleName() == "Agreed mark: Partially meeting"
    qtbot.waitUntil(keys[0].isVisible)  # buttons added to a shown layout appear on the next event loop pass
    qtbot.keyClick(window.table, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: window.chosen_mark() == "partially", timeout=2000)  # a shortcut animates the click
    window.reason.setFocus()
    qtbot.keyClicks(window.reason, "checked the file together")
    qtbot.keyClick(window.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert (target.reference, target.question_id) not in {(r[0], r[1]) for r in shown(window)}
    assert len(shown(window)) == len(expected) - 1
    assert "both original marks are kept" in window.message.text()
    store = flow.open_store()
    try:
        with store.sessions() as s:
            res = s.get(ResolutionRecord, (target.original_case_id, target.question_id))
            assert res is not None and (res.value, res.reason, res.moderator) == \
                ("partially", "checked the file together", "Lead Inspector")
            agreed = s.get(CentralAnswerRecord, (target.original_case_id, target.question_id, "agreed"))
            first = s.get(CentralAnswerRecord, (target.original_case_id, target.question_id, "first"))
            assert agreed is not None and agreed.value == "partially"
            assert first is not None and first.value == target.first.value
        assert len(disagreements(store, flow.inspection)) == len(expected) - 1
    finally:
        store.close()

    # with the buttons: the N/A button and a reason; a missing reason is asked for, nothing stored
    window.table.selectRow(0)
    target = window.current()
    assert target is not None
    na = [b for b in window.choice.buttons() if b.property("mark") == "n/a"]
    if not na:  # PC-04 cannot be N/A: pick its first option instead
        na = window.choice.buttons()[:1]
    qtbot.mouseClick(na[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == "Give the reason for the agreed mark."
    assert len(shown(window)) == len(expected) - 1
    window.reason.setPlainText("agreed at the moderation meeting")
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert len(shown(window)) == len(expected) - 2
    assert window.summary.text().endswith("2 resolved")
    window.close()


def test_window_on_a_store_without_second_marking(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.sqlite'}"
    CentralStore.open(url, create=True).close()
    window = ModerationWindow(url, moderator="Lead")
    qtbot.addWidget(window)
    assert window.inspection_id is None and window.table.rowCount() == 0
    assert window.summary.text().startswith("No marking inspection in the central store yet")
    assert not window.draw_button.isEnabled() and window.open_draw_dialog() is None
    assert not window.record_button.isEnabled()
    assert window.record() is False and window.message.text() == "Choose a disagreement first."
    window.close()


def test_window_opens_a_query_to_the_first_marker(qtbot: QtBot, flow: Flow) -> None:
    """Issue 19: from the chosen disagreement, a query to the first marker, opened and audited at the centre."""
    from casereader.central.reviews import list_queries

    window = ModerationWindow(flow.url, flow.inspection[:8], moderator="Lead Inspector")
    qtbot.addWidget(window)
    window.show()
    window.table.clearSelection()
    window.table.setCurrentCell(-1, -1)
    assert window.ask_first_marker("anything") is False and window.message.text() == "Choose a disagreement first."
    window.table.selectRow(0)
    target = window.current()
    assert target is not None
    assert window.query_action.shortcut().toString() == "Ctrl+Shift+Q"
    assert window.ask_first_marker("  ") is False and window.message.text()  # an empty query is refused, said
    assert window.ask_first_marker("Your note says the PTPH form was late: please review the mark") is True
    assert "next query pack" in window.message.text()
    window.close()
    store = flow.open_store()
    try:
        (row,) = list_queries(store, flow.inspection)
        assert (row.reference, row.query.question_id, row.query.state, row.query.opened_by) == \
            (target.reference, target.question_id, "open", "Lead Inspector")
    finally:
        store.close()
