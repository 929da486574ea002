"""The banner that says an answer did not save (the disk is full, the folder went away), with Try again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class SaveBanner(QFrame):
    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.again = QPushButton()
        self.again.clicked.connect(self.retry)
        self.dismiss = QPushButton()
        self.dismiss.clicked.connect(self.hide)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.again)
        layout.addWidget(self.dismiss)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Save problem"))
        self.again.setText(self.tr("Try again"))
        self.again.setAccessibleDescription(self.tr("Save the answers that did not save"))
        self.dismiss.setText(self.tr("Dismiss"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def failed(self, message: str) -> None:
        self.text.setText(self.tr("Not saved: {0} The answer stays on the form, marked “Not saved”; use Try again "
                                  "once the problem is fixed.").format(message.rstrip(".") + "."))
        self.show()
