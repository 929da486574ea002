"""The bar above the case form: the case reference, its type, status and progress, Summary and Mark complete
(which reads "Reopen to edit…" while the case is complete and read-only)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from casereader.core.inspection import CaseStatus
from casereader.core.questionset import FieldType
from casereader.ui.marking.issue_text import status_text, ui_text
from casereader.ui.marking.session import MarkingSession


class CaseBar(QFrame):
    completeRequested = Signal()
    reopenRequested = Signal()
    summaryRequested = Signal()

    def __init__(self, session: MarkingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("caseBar")
        top = QHBoxLayout(self)
        top.setContentsMargins(16, 10, 12, 10)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel("")
        self.title.setObjectName("caseTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("caseSubtitle")
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        self.summary_button = QPushButton(self.tr("Summary"))
        self.summary_button.setAccessibleDescription(self.tr("Scores, answers and history of this case (Ctrl+I)"))
        self.summary_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.summary_button.clicked.connect(self.summaryRequested)
        self.complete_button = QPushButton(self.tr("Mark complete"))
        self.complete_button.setObjectName("primary")
        self.complete_button.setAccessibleDescription(self.tr("Mark this case complete (Ctrl+Enter)"))
        self.complete_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.complete_button.clicked.connect(self._complete_clicked)
        top.addWidget(self.summary_button)
        top.addWidget(self.complete_button)

    def refresh(self) -> None:
        case, engine = self.session.case, self.session.engine
        if case is None or engine is None:
            return
        done, total = engine.progress
        self.title.setText(case.reference)
        parts = [self._type_label(), status_text(case.summary.status),
                 self.tr("{0} of {1} answered").format(done, total)]
        self.subtitle.setText("  ·  ".join(p for p in parts if p))
        status = case.summary.status
        self.complete_button.setText(self.tr("Reopen to edit…") if status == CaseStatus.COMPLETE
                                     else self.tr("Mark complete"))
        self.complete_button.setAccessibleDescription(
            self.tr("This case is complete and read-only; reopen it to change it (Ctrl+Shift+O)")
            if status == CaseStatus.COMPLETE else self.tr("Mark this case complete (Ctrl+Enter)"))
        self.complete_button.setEnabled(status != CaseStatus.LOCKED)

    def _complete_clicked(self) -> None:
        if self.session.status == CaseStatus.COMPLETE:
            self.reopenRequested.emit()
        else:
            self.completeRequested.emit()

    def _type_label(self) -> str:
        engine = self.session.engine
        assert engine is not None
        for f in self.session.qs.header:
            if f.type == FieldType.CHOICE:
                value = engine.state.header.get(f.id)
                opt = f.option(str(value)) if value is not None else None
                return ui_text(opt, "label") if opt else ""
        return ""
