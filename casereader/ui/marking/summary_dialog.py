"""The case summary: points per measure and theme, every answer, answers kept but excluded, history."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casereader.core.answers import Answer
from casereader.core.inspection import AuditEvent, StoreError
from casereader.core.scoring import Score, format_percent
from casereader.ui.marking.issue_text import status_text, ui_text
from casereader.ui.marking.session import MarkingSession

QidRole = Qt.ItemDataRole.UserRole


def answer_text(session: MarkingSession, qid: str, answer: Answer | None) -> str:
    """An answer as the inspector reads it: the option label, N/A with its reason, or the text."""
    if answer is None or not answer.given:
        return ""
    if answer.na:
        na = QCoreApplication.translate("SummaryDialog", "N/A")
        return na + (f" — {answer.na_reason}" if answer.na_reason else "")
    scale = session.qs.scale_of(qid)
    values = answer.value if isinstance(answer.value, tuple) else (answer.value,)
    labels = []
    for v in values:
        opt = scale.option(str(v)) if v is not None else None
        labels.append(ui_text(opt, "label") if opt else (f"{v:g}" if isinstance(v, float) else str(v)))
    return ", ".join(labels)


def event_text(session: MarkingSession, event: AuditEvent, raw: str | None) -> str:
    if raw is None:
        return "—"
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if event.kind == "answer" and isinstance(data, dict):
        try:
            ans = Answer.from_json(data)
        except ValueError:
            return raw
        text = answer_text(session, event.key, ans) if event.key in session.qs.question_index else str(ans.value)
        if ans.comment:
            text += f"  “{ans.comment}”"
        return text or "—"
    return str(data)


class SummaryDialog(QDialog):
    """Tabs: Scores, Answers (with history of the selected one), Kept but excluded."""

    def __init__(self, session: MarkingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        engine, case = session.engine, session.case
        assert engine is not None and case is not None
        self.session = session
        self.setWindowTitle(self.tr("Case summary — {0}").format(case.reference))
        self.setAccessibleName(self.windowTitle())
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        done, total = engine.progress
        head = QLabel(self.tr("<b>{0}</b> · {1} · {2} of {3} applicable questions answered").format(
            case.reference, status_text(case.summary.status), done, total))
        head.setObjectName("summaryHead")
        layout.addWidget(head)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Case summary"))
        layout.addWidget(self.tabs, 1)

        self.scores = self._table([self.tr("Measure or theme"), self.tr("Points"), self.tr("Out of"),
                                   self.tr("Score"), self.tr("Answers (n)")], self.tr("Scores"))
        rows: list[tuple[str, Score, bool]] = []
        for m in session.qs.measures:
            rows.append((ui_text(m, "title"), engine.scores.by_measure.get(m.id, Score()), True))
        for t in session.qs.themes:
            if t.id in engine.scores.by_theme:
                rows.append((f"{t.id} {ui_text(t, 'title')}", engine.scores.by_theme[t.id], False))
        self.scores.setRowCount(len(rows))
        for r, (name, score, measure) in enumerate(rows):
            cells = [name, str(score.points), str(score.max_points), format_percent(score.percent_1dp),
                     str(score.answers)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if measure:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.scores.setItem(r, c, item)
        self.tabs.addTab(self.scores, self.tr("Scores"))

        answers_page = QSplitter(Qt.Orientation.Vertical)
        self.answers = self._table([self.tr("Question"), self.tr("Answer"), self.tr("Comment")],
                                   self.tr("All answers; select one to see its history"), (0, 2))
        qids = [q for q in engine.applicable]
        self.answers.setRowCount(len(qids))
        for r, qid in enumerate(qids):
            ans = engine.answer(qid)
            q = session.qs.question(qid)
            self._row(self.answers, r, [f"{qid}  {ui_text(q, 'text')}",
                                        answer_text(session, qid, ans) or self.tr("(not answered)"),
                                        ans.comment if ans else ""], qid)
        self.answers.itemSelectionChanged.connect(self._show_history)
        self.history = self._table([self.tr("When"), self.tr("Who"), self.tr("From"), self.tr("To")],
                                   self.tr("History of the selected answer"), (2, 3))
        self.history_title = QLabel(self.tr("Select an answer to see its history."))
        self.history_title.setObjectName("panelTitle")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.history_title)
        lower_layout.addWidget(self.history)
        answers_page.addWidget(self.answers)
        answers_page.addWidget(lower)
        answers_page.setSizes([380, 200])
        self.tabs.addTab(answers_page, self.tr("Answers"))

        excluded = engine.excluded
        self.excluded = self._table([self.tr("Question"), self.tr("Kept answer"), self.tr("Comment")],
                                    self.tr("Answers kept but excluded because their question no longer applies"),
                                    (0, 2))
        self.excluded.setRowCount(len(excluded))
        for r, (qid, ans) in enumerate(excluded.items()):
            self._row(self.excluded, r, [f"{qid}  {ui_text(session.qs.question(qid), 'text')}",
                                         answer_text(session, qid, ans), ans.comment], qid)
        self.tabs.addTab(self.excluded, self.tr("Kept but excluded ({0})").format(len(excluded)))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        if qids:
            self.answers.selectRow(0)

    def _table(self, headers: list[str], name: str, stretch: tuple[int, ...] = (0,)) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setAccessibleName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        head = table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in stretch:
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        head.setHighlightSections(False)
        return table

    def _row(self, table: QTableWidget, r: int, cells: list[str], qid: str) -> None:
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(QidRole, qid)
            table.setItem(r, c, item)

    def _show_history(self) -> None:
        items = self.answers.selectedItems()
        if not items or self.session.case is None:
            return
        qid = str(items[0].data(QidRole))
        try:
            events = list(self.session.store.history(self.session.case.id, qid))
        except StoreError as exc:
            self.history_title.setText(str(exc))
            return
        self.history_title.setText(self.tr("History of {0} (%n changes)", "", len(events)).format(qid))
        self.history.setRowCount(len(events))
        for r, ev in enumerate(events):
            self._row(self.history, r, [ev.at.replace("T", " ")[:19], ev.actor, event_text(self.session, ev, ev.old),
                                        event_text(self.session, ev, ev.new)], qid)
