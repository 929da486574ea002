"""Focus shows on every stop of the form (drawn in the highlight colour, as soon as focus arrives and gone when it
leaves), and the notice that a header change hid answered questions stays in view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from casereader.core.answers import Answer
from casereader.ui.header_form import FlagRow, KeyComboBox
from casereader.ui.notice import NOTICE_MS

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def highlight_pixels(widget: QWidget) -> int:
    """How many pixels of the outer edge (3 pixels deep) of ``widget`` are drawn in (nearly) the highlight colour."""
    QCoreApplication.processEvents()
    want = widget.palette().color(QPalette.ColorRole.Highlight)
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    edge = {(x, y) for x in range(w) for y in (*range(3), *range(h - 3, h))}
    edge |= {(x, y) for y in range(h) for x in (*range(3), *range(w - 3, w))}
    count = 0
    for x, y in edge:
        c = QColor(image.pixel(x, y))
        if abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 40:
            count += 1
    return count


def test_every_stop_of_the_form_shows_focus_in_the_highlight_colour(app_env, qtbot: QtBot) -> None:
    _store, _insp, ids, window, _paths = app_env
    window.open_case(ids["MC0001"])
    form = window.form
    combo = form.header.editors["casework_type"]
    flags = form.header.flags
    assert isinstance(combo, KeyComboBox) and isinstance(flags, FlagRow)
    question = form.questions["CX-04"]
    stops: list[QWidget] = [combo, flags, question, question.comment, window.case_list.table, form.issues]
    form.focus_header("outcome")
    qtbot.waitUntil(lambda: form.header.editors["outcome"].hasFocus(), timeout=3000)
    unfocused = {id(w): highlight_pixels(w) for w in stops if w is not question}
    for widget in stops:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=3000)
        if widget is question:
            assert question.property("current") is True
            continue
        ring = highlight_pixels(widget)
        # a ring of at least 2 pixels all round the control, drawn the moment it has focus
        assert ring - unfocused[id(widget)] >= widget.width() + widget.height(), widget
    flags.setFocus()
    qtbot.waitUntil(flags.hasFocus, timeout=3000)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=3000)
    assert flags.property("current") is False  # the flags row does not stay lit
    assert highlight_pixels(flags) == unfocused[id(flags)]


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
