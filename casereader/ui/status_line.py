"""The window's status bar: where (Area · round · question set), who is marking, the save state and how many
cases are complete."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from casereader.core.inspection import CaseStatus, CaseSummary
from casereader.ui.style import set_state


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.where = QLabel("")
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setAccessibleName(bar.tr("Save state"))
        self.progress = QProgressBar()
        self.progress.setObjectName("overallProgress")
        self.progress.setAccessibleName(bar.tr("Cases complete in this inspection"))
        self.progress.setFixedWidth(160)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("progressLabel")
        self.who = QLabel("")
        self.who.setObjectName("whoLabel")
        self.who.setAccessibleName(bar.tr("Who is marking"))
        bar.addWidget(self.where, 1)
        for w in (self.who, self.saved_label, self.progress_label, self.progress):
            bar.addPermanentWidget(w)
        self.progress.hide()

    def show_progress(self, cases: list[CaseSummary]) -> None:
        live = [c for c in cases if not c.withdrawn_reason and not c.reserve]
        done = sum(1 for c in live if c.status in (CaseStatus.COMPLETE, CaseStatus.LOCKED))
        self.progress.setMaximum(max(len(live), 1))
        self.progress.setValue(done)
        text = self.progress.tr("{0} of {1} cases complete").format(done, len(live))
        self.progress.setAccessibleDescription(text)
        self.progress_label.setText(text)
        self.progress.show()
        self.progress_label.show()

    def saved(self, text: str, *, ok: bool) -> None:
        self.saved_label.setText(text)
        set_state(self.saved_label, "warn", not ok)
