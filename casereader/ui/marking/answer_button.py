"""One answer (or flag) toggle of the case form: its key shown before its label, never cut short."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QPushButton


def answer_button(label: str, value: str) -> QPushButton:
    """A checkable button for ``label`` ("1   Fully meeting"), keyed by the card (it takes no focus)."""
    button = QPushButton(label)
    button.setObjectName("answerButton")
    # wide enough for the label in the bold face a chosen answer is shown in, so it is never cut short
    bold = QFont(button.font())
    bold.setWeight(QFont.Weight.DemiBold)
    button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(label) + 44)
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setProperty("value", value)
    button.setAccessibleName(label.split("   ")[-1])
    return button


def value_text(value: object) -> str:
    """An answer's value as the inspector types it (numbers without a needless ".0")."""
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)
