"""A visible focus ring where Fusion draws none: on a non-editable combo box.

Fusion shows focus on fields, buttons and lists, but not on a drop-down that is not editable, so the app's
drop-downs are :class:`FocusComboBox` and draw a 2-pixel ring in the highlight colour (3:1 or more against
the window, see :mod:`casereader.ui.contrast`) while they have focus.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QComboBox, QWidget


def paint_focus_ring(widget: QWidget) -> None:
    """A 2-pixel ring in the highlight colour around ``widget``, over what it painted itself."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(widget.palette().color(QPalette.ColorRole.Highlight), 2))
    painter.drawRoundedRect(QRectF(widget.rect()).adjusted(1, 1, -1, -1), 3, 3)
    painter.end()


class FocusComboBox(QComboBox):
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus() and not self.isEditable():
            paint_focus_ring(self)
