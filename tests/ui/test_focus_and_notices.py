"""Focus shows on every stop of the form (drawn in the highlight colour, as soon as focus arrives and gone when it
leaves), and the notice that a header change hid answered questions stays in view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from casereader.core.answers import Answer
from casereader.ui.contrast import MARKER, ratio
from casereader.ui.marking.header_form import FlagRow, KeyComboBox
from casereader.ui.marking.notice import NOTICE_MS

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def edge(widget: QWidget) -> dict[tuple[int, int], QColor]:
    """The colours of the outer 3 pixels of ``widget`` as it is drawn now."""
    QCoreApplication.processEvents()
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    points = {(x, y) for x in range(w) for y in (*range(3), *range(h - 3, h))}
    points |= {(x, y) for y in range(h) for x in (*range(3), *range(w - 3, w))}
    return {p: QColor(image.pixel(*p)) for p in points}


def ring(widget: QWidget, before: dict[tuple[int, int], QColor]) -> list[QColor]:
    """The edge pixels that focus changed, in colours that stand out from the window at 3:1 or more."""
    window = widget.palette().color(QPalette.ColorRole.Window)
    now = edge(widget)
    return [c for p, c in now.items() if c != before[p] and ratio(c, window) >= MARKER]


def test_every_stop_of_the_form_shows_focus_in_the_highlight_colour(app_env, qtbot: QtBot) -> None:
    _store, _insp, ids, window, _paths = app_env
    window.open_case(ids["MC0001"])
    form = window.form
    combo = form.header.editors["casework_type"]
    flags = form.header.flags
    assert isinstance(combo, KeyComboBox) and isinstance(flags, FlagRow)
    question = form.questions["CX-04"]
    stops: list[QWidget] = [combo, flags, question, question.comment, window.case_list.table, form.issues,
                            window.case_list.status_filter, window.case_list.search]
    form.focus_header("outcome")
    qtbot.waitUntil(lambda: form.header.editors["outcome"].hasFocus(), timeout=3000)
    unfocused = {id(w): edge(w) for w in stops if w is not question}
    for widget in stops:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=3000)
        if widget is question:
            assert question.property("current") is True
            continue
        # a ring all round the control (at least one pixel deep, 3:1 against the window), drawn at once
        assert len(ring(widget, unfocused[id(widget)])) >= widget.width() + widget.height(), widget
    flags.setFocus()
    qtbot.waitUntil(flags.hasFocus, timeout=3000)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=3000)
    assert flags.property("current") is False  # the flags row does not stay lit
    assert ring(flags, unfocused[id(flags)]) == []


def test_the_notice_of_hidden_answers_stays_in_view(app_env, qtbot: QtBot) -> None:
    store, _insp, ids, window, _paths = app_env
    cid = ids["CC0002"]
    window.open_case(cid)
    session, form = window.session, window.form
    session.answer("PT-01", Answer("fully"))
    form.refresh()
    combo = form.header.editors["casework_type"]
    form.focus_header("casework_type")
    qtbot.waitUntil(combo.hasFocus, timeout=3000)
    qtbot.keyClick(combo, "m")  # Magistrates' courts: the Crown Court questions stop applying
    assert store.get_case(cid).state.header["casework_type"] == "MC"
    kept = form.notice.text()
    assert "No longer applies" in kept and "PT-01" in kept.split("Answers kept")[1]
    form.show_notice("All questions answered. Ctrl+Enter marks the case complete.")
    assert form.notice.text().startswith(kept) and "All questions answered" in form.notice.text()
    qtbot.wait(NOTICE_MS + 300)
    assert form.notice.isVisible() and form.notice.text() == kept  # still there once the short notice has gone
    window.open_case(ids["MC0001"])
    assert not form.notice.isVisible()  # until another case is opened
    assert QApplication.focusWidget() is not None
