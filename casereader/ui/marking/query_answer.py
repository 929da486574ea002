"""The dialog answering a query from the centre: the query and its question, the answer's text and, for a
question marked on a scale, the mark it is changed to (see ``WindowMenu.answer_query``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casereader.core.answers import Answer
from casereader.core.questionset import QuestionSet, ScaleKind
from casereader.core.review import QueryState
from casereader.ui.marking.issue_text import ui_text


class QueryAnswerDialog(QDialog):
    """The query, a box for the answer and (for a single-choice question) the mark: kept, or changed to one of
    the scale's options. Send is enabled once the answer has some text."""

    def __init__(self, query: QueryState, qs: QuestionSet, current: Answer | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queryAnswer")
        self.setWindowTitle(self.tr("Answer the centre's query"))
        self.setMinimumWidth(min(560, max(320, (parent.width() // 2) if parent is not None else 560)))
        layout = QVBoxLayout(self)
        question = qs.question_index.get(query.question_id or "")
        about = (f"{question.id}  {ui_text(question, 'text')}" if question is not None
                 else self.tr("The whole case"))
        for text, name in ((about, "queryQuestion"),
                           (self.tr("{0} asked on {1}: {2}").format(query.opened_by, query.opened_at[:10], query.text),
                            "queryText")):
            label = QLabel(text)
            label.setObjectName(name)
            label.setWordWrap(True)
            layout.addWidget(label)
        if query.answer:
            layout.addWidget(QLabel(self.tr("Your earlier answer: {0}").format(query.answer)))
        answer_label = QLabel(self.tr("&Your answer"))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        answer_label.setBuddy(self.text)
        layout.addWidget(answer_label)
        layout.addWidget(self.text)
        self.mark = QComboBox()
        self.mark.addItem(self.tr("Keep the mark as it is"), None)
        scale = qs.scale_of(question.id) if question is not None else None
        if question is not None and scale is not None and scale.kind == ScaleKind.SINGLE:
            for option in scale.options:
                self.mark.addItem(f"{option.key or ''}  {ui_text(option, 'label')}".strip(), option.value)
            held = scale.option(str(current.value)) if current is not None and not current.na else None
            if held is not None:
                self.mark.setItemText(0, self.tr("Keep the mark as it is ({0})").format(ui_text(held, "label")))
            mark_label = QLabel(self.tr("&Mark"))
            mark_label.setBuddy(self.mark)
            layout.addWidget(mark_label)
            layout.addWidget(self.mark)
        else:
            self.mark.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton(self.tr("&Send answer"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._changed)
        self._changed()
        self.text.setFocus()

    def _changed(self) -> None:
        self.send.setEnabled(bool(self.text.toPlainText().strip()))

    def choose_mark(self, value: str | None) -> None:
        """Pick the mark ``value`` (None: keep the mark) as the inspector would in the list."""
        index = self.mark.findData(value)
        if index < 0:
            raise ValueError(f"'{value}' is not a mark of this question")
        self.mark.setCurrentIndex(index)

    def answer(self) -> tuple[str, Answer | None]:
        """The answer's text, and the mark to change to (None: unchanged)."""
        value = self.mark.currentData()
        return self.text.toPlainText().strip(), (None if value is None else Answer(str(value)))
