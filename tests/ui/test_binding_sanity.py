"""The Qt binding itself: calls the app makes tens of thousands of times in a day of marking must not leak or
drop references.

PySide6 6.12.0 dropped a reference to ``None`` on every call of a method that returns nothing. On Python 3.11,
where ``None`` is an ordinary counted object, the app crashed ("none_dealloc: deallocating None") after some
thousands of such calls — a few dozen cases opened in a row. pyproject.toml keeps that release out; this
test fails if a binding with the fault is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QButtonGroup, QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

CALLS = 500


def test_methods_returning_nothing_keep_none_alive(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    button = QPushButton("Fully meeting", host)
    button.setCheckable(True)
    group = QButtonGroup(host)
    group.addButton(button)
    line, combo, text = QLineEdit(host), QComboBox(host), QPlainTextEdit(host)
    combo.addItems(["", "Not applicable: no victim"])
    calls = [lambda: button.setChecked(True), lambda: group.setExclusive(True), lambda: line.setText("12"),
             lambda: combo.setCurrentIndex(0), lambda: combo.setVisible(False), lambda: text.setPlainText("note"),
             lambda: host.setProperty("missing", True)]
    for call in calls:  # once first: anything created lazily on the first call is not a leak
        call()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        for call in calls:
            call()
    change = sys.getrefcount(None) - before
    # a faulty binding moves it by about one per call (-3,000 here); a sound one by a handful at most
    assert abs(change) < CALLS, f"None's reference count moved by {change} over {CALLS * len(calls)} calls"
