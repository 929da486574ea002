"""The moderation window (pytest-qt, offscreen) picks up second marks as their bundles are imported — by itself
and on F5 — never cuts a comment, and shows every agreement statistic of the question or inspector pair chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from moderation_flow import Flow, expected_disagreements, first_marks, second_marks
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casereader.ui.centre.moderation_window import WATCH_MS, ModerationWindow

LONG = ("second marker: the witness care unit letter went out nine days after the first hearing; the warning "
        "was not recorded on the file until the day of trial and the victim personal statement was never "
        "offered so this cannot be fully meeting whatever the first marker saw in the correspondence log")


@pytest.fixture
def flow(tmp_path: Path, moderation_env: pytest.MonkeyPatch) -> Flow:
    f = Flow(tmp_path)
    f.first_round()
    f.draw(seed=11)
    return f


def open_window(qtbot: QtBot, flow: Flow) -> ModerationWindow:
    window = ModerationWindow(flow.url, flow.inspection, moderator="Lead Inspector")
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def send_second_marks(flow: Flow, who: str, long_comment: bool = False) -> set[str]:
    """``who`` imports their second-marking pack, marks blind and sends the bundle; the references marked."""
    flow.at(who, "pack", "import", flow.packs[who])
    refs = sorted(r for r, (_, second) in flow.drawn.items() if second == who)
    marks = {r: second_marks(flow.index(r)) for r in refs}
    if long_comment:
        for r in refs:
            value, _ = marks[r]["VW-01"]
            marks[r]["VW-01"] = (value, LONG)
    flow.mark_and_send(who, flow.second[who], refs, marks, f"second-{who}")
    return set(refs)


def differing(flow: Flow, refs: set[str]) -> int:
    return sum(first_marks(flow.index(r))[q][0] != second_marks(flow.index(r))[q][0]
               for r in refs for q in first_marks(flow.index(r)))


def test_new_bundles_appear_by_themselves_and_on_f5(qtbot: QtBot, flow: Flow) -> None:
    window = open_window(qtbot, flow)
    assert window.table.rowCount() == 0 and window.refresh_button.accessibleName()
    ann = send_second_marks(flow, "ann")
    # the window checks the store every WATCH_MS: the bundle's disagreements appear without any key pressed
    qtbot.waitUntil(lambda: window.table.rowCount() == differing(flow, ann) > 0, timeout=WATCH_MS * 4)
    window.watch.stop()  # now only F5 refreshes
    send_second_marks(flow, "bob")
    assert window.table.rowCount() == differing(flow, ann)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    expected = expected_disagreements(flow.drawn)
    assert window.table.rowCount() == len(expected)
    assert window.check_for_new_marks() is False  # nothing new since the refresh
    window.close()


def test_comments_are_never_cut_and_statistics_are_shown(qtbot: QtBot, flow: Flow) -> None:
    send_second_marks(flow, "ann", long_comment=True)
    send_second_marks(flow, "bob", long_comment=True)
    window = open_window(qtbot, flow)
    t = window.table
    for width in (900, 1300):
        window.resize(width, 700)
        qtbot.waitUntil(lambda w=width: window.width() == w, timeout=3000)
        QApplication.processEvents()
        metrics = QFontMetrics(t.font())
        long_rows = [r for r in range(t.rowCount()) if t.item(r, 5).text() == LONG]
        assert long_rows
        for r in range(t.rowCount()):
            for c in (3, 5):
                text = t.item(r, c).text()
                if not text:
                    continue
                # the item view draws text inside the focus-frame margin plus one pixel on each side
                margin = t.style().pixelMetric(t.style().PixelMetric.PM_FocusFrameHMargin, None, t) + 1
                room = t.columnWidth(c) - 2 * margin
                needed = metrics.boundingRect(QRect(0, 0, room, 100000), int(Qt.TextFlag.TextWordWrap), text)
                assert needed.height() <= t.rowHeight(r), f"row {r} column {c} is cut at width {width}"
                assert max(metrics.horizontalAdvance(word) for word in text.split()) <= room
    # the agreement view: every statistic of the question chosen, then of an inspector pair
    window.agreement.selectRow(0)
    chosen = window.agreement.item(0, 0).text()
    view = window.agreement_view
    assert view.chooser.currentText() == f"Question {chosen}"
    names = [view.statistics.item(r, 0).text() for r in range(view.statistics.rowCount())]
    assert names[:3] == ["pairs used", "percent agreement", "Cohen's kappa"] and "Gwet's AC1" in names
    pair = next(i for i in range(view.chooser.count()) if view.chooser.itemText(i).startswith("Inspectors "))
    view.chooser.setCurrentIndex(pair)
    verdict = [view.statistics.item(r, 2).text() for r in range(view.statistics.rowCount())
               if view.statistics.item(r, 0).text() == "Stuart-Maxwell test"]
    assert verdict and verdict[0]
    assert window.agreement.item(0, 6).text() != ""  # Gwet's AC with its interval in the per-question table
    window.close()
