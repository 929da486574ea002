"""The notice line above the case form: what just happened, for a few seconds; or, when a header change hid
questions that had answers, that fact, kept in view until the next case (a later notice goes under it)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from casereader.ui.style import set_state

NOTICE_MS = 6000


class Notice(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setVisible(False)
        self.setAccessibleName(self.tr("Notice"))
        self.kept = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._expired)

    def say(self, text: str, *, warn: bool = False, keep: bool = False) -> None:
        """Show ``text`` for a few seconds; ``keep``: until :meth:`clear`. A kept text is never replaced."""
        if keep:
            self.kept = text
        elif self.kept:
            text = f"{self.kept}\n{text}"
        self.setText(text)
        set_state(self, "warn", warn or bool(self.kept))
        self.setVisible(True)
        if keep:
            self.timer.stop()
        else:  # a short notice goes after a few seconds (back to the kept one, if any)
            self.timer.start(NOTICE_MS)

    def reset(self) -> None:
        self.kept = ""
        self.timer.stop()
        self.setVisible(False)

    def _expired(self) -> None:
        if self.kept:
            self.setText(self.kept)
        else:
            self.setVisible(False)
