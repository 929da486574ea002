"""The window's status bar: where (Area · round · question set), who is marking, the save state and how many
cases are complete."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from casereader.core.inspection import CaseStatus, CaseSummary
from casereader.ui.style import set_state


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when the bar is too narrow, with the whole text as its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 12)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self):  # type: ignore[no-untyped-def]
        hint = super().minimumSizeHint()
        hint.setWidth(self.minimumWidth())
        return hint

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.where = ElidedLabel()
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("savedLabel")
        self.progress = QProgressBar()
        self.progress.setObjectName("overallProgress")
        self.progress.setFixedWidth(120)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("progressLabel")
        self.who = QLabel("")
        self.who.setObjectName("whoLabel")
        bar.addWidget(self.where, 1)
        for w in (self.who, self.saved_label, self.progress_label, self.progress):
            bar.addPermanentWidget(w)
        self.progress.hide()
        self.cases: list[CaseSummary] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """The accessible names and the progress line in the interface language (again after a change)."""
        self.saved_label.setAccessibleName(Q.translate("StatusLine", "Save state"))
        self.progress.setAccessibleName(Q.translate("StatusLine", "Cases complete in this inspection"))
        self.who.setAccessibleName(Q.translate("StatusLine", "Who is marking"))
        if self.cases is not None and not self.progress.isHidden():
            self.show_progress(self.cases)

    def show_progress(self, cases: list[CaseSummary]) -> None:
        self.cases = cases
        live = [c for c in cases if not c.withdrawn_reason and not c.reserve]
        done = sum(1 for c in live if c.status in (CaseStatus.COMPLETE, CaseStatus.LOCKED))
        self.progress.setMaximum(max(len(live), 1))
        self.progress.setValue(done)
        text = Q.translate("StatusLine", "{0} of {1} cases complete").format(done, len(live))
        self.progress.setAccessibleDescription(text)
        self.progress_label.setText(text)
        self.progress.show()
        self.progress_label.show()

    def saved(self, text: str, *, ok: bool) -> None:
        self.saved_label.setText(text)
        set_state(self.saved_label, "warn", not ok)
