"""The banner that says an answer did not save (the disk is full, the folder went away), with Try again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class SaveBanner(QFrame):
    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName(self.tr("Save problem"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        again = QPushButton(self.tr("Try again"))
        again.setAccessibleDescription(self.tr("Save the answers that did not save"))
        again.clicked.connect(self.retry)
        dismiss = QPushButton(self.tr("Dismiss"))
        dismiss.clicked.connect(self.hide)
        layout.addWidget(self.text, 1)
        layout.addWidget(again)
        layout.addWidget(dismiss)
        self.hide()

    def failed(self, message: str) -> None:
        self.text.setText(self.tr("Not saved: {0} The answer stays on the form, marked “Not saved”; use Try again "
                                  "once the problem is fixed.").format(message.rstrip(".") + "."))
        self.show()
