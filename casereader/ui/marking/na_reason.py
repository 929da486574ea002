"""The N/A reason of a question: a numbered list of the question set's reasons (after ``0``, the reason's
digit picks it: N/A with a reason in two keys), or a free-text box where the set gives none."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from casereader.ui.marking.focus_ring import FocusComboBox


class NaReason(FocusComboBox):
    def __init__(self, question_id: str, reasons: tuple[str, ...], shown: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        """``reasons`` are stored (the question set's English); ``shown`` are what the list shows (Welsh)."""
        super().__init__(parent)
        self.reasons = reasons
        self.setAccessibleName(self.tr("Reason {0} is not applicable").format(question_id))
        self.setVisible(False)
        if reasons:
            for number, (reason, label) in enumerate(zip(reasons, shown or reasons, strict=True), start=1):
                self.addItem(f"{number}   {label}" if number < 10 else label, reason)
            self.setPlaceholderText(self.tr("Reason for N/A: press its number (Enter skips)"))
        else:
            self.setEditable(True)
            line = self.lineEdit()
            if line is not None:
                line.setPlaceholderText(self.tr("Reason for N/A (optional)"))
        self.setCurrentIndex(-1)

    def by_digit(self, text: str) -> str | None:
        """The reason whose number ``text`` is, if any."""
        if text.isdigit() and 1 <= int(text) <= min(len(self.reasons), 9):
            return self.reasons[int(text) - 1]
        return None

    def reason(self) -> str:
        data = self.currentData()
        return str(data) if data is not None and not self.isEditable() else self.currentText().strip()

    def show_reason(self, reason: str) -> None:
        if self.isEditable():
            self.setEditText(reason)
        else:
            self.setCurrentIndex(self.findData(reason) if reason else -1)
