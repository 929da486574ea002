"""One question on the case form: wording, guidance, the scale as keyed buttons, N/A with reason, comment.

The widget displays; it never decides. It emits what the inspector did and the case form asks the
session (and so the engine) what follows. Keys: the scale's option keys answer, 0 marks N/A,
Delete clears, C or Enter goes to the comment, R to the N/A reason, G shows the guidance.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casereader.core.answers import Answer
from casereader.core.engine import coerce_answer_value
from casereader.core.questionset import Question, QuestionSet, ScaleKind
from casereader.ui.marking.answer_button import answer_button, value_text
from casereader.ui.marking.flow_layout import FlowLayout
from casereader.ui.marking.issue_text import ui_reasons, ui_text
from casereader.ui.marking.na_reason import NaReason
from casereader.ui.style import set_state

NA_KEY = "0"
COMMENT_DELAY_MS = 700


class QuestionWidget(QFrame):
    """A focusable card for one question. Focus sits on the card; keys answer it."""

    answerGiven = Signal(str, object, bool)  # question id, Answer | None, move on afterwards
    navigate = Signal(str, int)  # question id, +1 next / -1 previous
    focused = Signal(str)  # question id
    leaveComment = Signal(str)  # question id: Escape in the comment returns to the card

    def __init__(self, qs: QuestionSet, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.qs = qs
        self.question = question
        self.scale = qs.scale_of(question.id)
        self.answer: Answer | None = None
        self._loading = False
        self.awaiting_reason = False  # after 0 on a question with reasons: the next digit picks one
        self.setObjectName("question")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Question {0}: {1}").format(question.id, ui_text(question, "text")))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 12)
        outer.setSpacing(6)

        top = QHBoxLayout()
        top.setSpacing(10)
        self.id_label = QLabel(question.id)
        self.id_label.setObjectName("questionId")
        self.id_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.id_label.setMinimumWidth(52)
        text = QLabel(ui_text(question, "text"))
        text.setObjectName("questionText")
        text.setWordWrap(True)
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.id_label)
        top.addWidget(text, 1)
        self.marker = QLabel("")
        self.marker.setObjectName("marker")
        self.marker.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.marker)
        outer.addLayout(top)

        body = QVBoxLayout()
        body.setContentsMargins(62, 0, 0, 0)
        body.setSpacing(6)
        outer.addLayout(body)

        self.guidance_button: QToolButton | None = None
        self.guidance = QLabel(ui_text(question, "guidance"))
        self.guidance.setObjectName("guidance")
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(False)
        if question.guidance:
            self.guidance_button = QToolButton()
            self.guidance_button.setObjectName("guidanceToggle")
            self.guidance_button.setText(self.tr("Guidance (G)"))
            self.guidance_button.setCheckable(True)
            self.guidance_button.setArrowType(Qt.ArrowType.RightArrow)
            self.guidance_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.guidance_button.setAutoRaise(True)
            self.guidance_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.guidance_button.setAccessibleName(self.tr("Show guidance for {0}").format(question.id))
            self.guidance_button.toggled.connect(self.show_guidance)
            body.addWidget(self.guidance_button, 0, Qt.AlignmentFlag.AlignLeft)
            body.addWidget(self.guidance)

        self.group = QButtonGroup(self)
        self.group.setExclusive(self.scale.kind != ScaleKind.MULTIPLE)
        self.buttons: dict[str, QPushButton] = {}
        self.keys: dict[str, str] = {}
        self.value_edit: QLineEdit | None = None
        # The buttons wrap onto more lines when the card is narrow: they never overlap or push the form sideways.
        self.answer_box = QWidget()
        self.answer_box.setObjectName("answerBox")
        row = FlowLayout(self.answer_box)
        if self.scale.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
            for option, shown in ((o, ui_text(o, "label")) for o in self.scale.options):
                label = shown if not option.key else f"{option.key.upper()}   {shown}"
                button = self._make_button(label, option.value)
                button.setAccessibleDescription(
                    self.tr("Answer {0}; key {1}").format(shown, (option.key or "").upper()))
                if option.key:
                    self.keys[option.key.lower()] = option.value
                row.add(button)
        else:
            edit = QLineEdit()
            edit.setAccessibleName(self.tr("Answer to {0}").format(question.id))
            edit.setPlaceholderText({ScaleKind.DATE: self.tr("Date, YYYY-MM-DD"), ScaleKind.NUMBER: self.tr("Number")}
                                    .get(self.scale.kind, self.tr("Answer")))
            edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") * 2)
            edit.editingFinished.connect(self._value_edited)
            edit.installEventFilter(self)
            row.add(edit)
            self.value_edit = edit
        self.na_button: QPushButton | None = None
        if question.na.allowed:
            self.na_button = self._make_button(self.tr("0   N/A"), "")
            self.na_button.setAccessibleDescription(self.tr("Not applicable; key 0"))
            row.add(self.na_button)
        body.addWidget(self.answer_box)
        self.group.buttonClicked.connect(self._clicked)

        self.reason = NaReason(question.id, question.na.reasons, ui_reasons(question.na))
        line = self.reason.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._reason_chosen)
        self.reason.activated.connect(self._reason_chosen)
        self.reason.installEventFilter(self)
        body.addWidget(self.reason, 0, Qt.AlignmentFlag.AlignLeft)

        self.comment = QPlainTextEdit()
        self.comment.setObjectName("comment")
        self.comment.setPlaceholderText(self.tr("Comment / evidence (C)"))
        self.comment.setAccessibleName(self.tr("Comment or evidence for {0}").format(question.id))
        self.comment.setAccessibleDescription(self.tr("Saved as you type. Escape returns to the question."))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 16)
        self.comment.installEventFilter(self)
        self.comment.textChanged.connect(self._comment_typed)
        body.addWidget(self.comment)
        self._comment_timer = QTimer(self)
        self._comment_timer.setSingleShot(True)
        self._comment_timer.setInterval(COMMENT_DELAY_MS)
        self._comment_timer.timeout.connect(self.flush_comment)

        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        body.addWidget(self.problem)

        keys = ", ".join(f"{k.upper()} {ui_text(self.scale.option(v), 'label')}"  # type: ignore[arg-type]
                         for k, v in self.keys.items())
        if question.na.allowed:
            keys += self.tr(", 0 not applicable")
        self.setAccessibleDescription(self.tr("Keys: {0}. C comment, Delete clears.").format(keys))

    def _make_button(self, label: str, value: str) -> QPushButton:
        button = answer_button(label, value)
        self.group.addButton(button)
        if value:
            self.buttons[value] = button
        return button

    def set_answer(self, answer: Answer | None) -> None:
        """Show ``answer`` without emitting anything."""
        self._loading = True
        try:
            self.answer = answer
            value = answer.value if answer and not answer.na else None
            selected = set(value) if isinstance(value, tuple) else ({value} if isinstance(value, str) else set())
            self.group.setExclusive(False)
            for v, button in self.buttons.items():
                button.setChecked(v in selected)
            if self.na_button is not None:
                self.na_button.setChecked(bool(answer and answer.na))
            self.group.setExclusive(self.scale.kind != ScaleKind.MULTIPLE)
            if self.value_edit is not None:
                self.value_edit.setText("" if value is None or answer is None or answer.na else value_text(value))
            self.reason.setVisible(bool(answer and answer.na))
            self.reason.show_reason(answer.na_reason if answer else "")
            comment = answer.comment if answer else ""
            if self.comment.toPlainText() != comment and not self._comment_timer.isActive():
                self.comment.setPlainText(comment)
        finally:
            self._loading = False

    def set_marks(self, *, missing: bool, problems: list[str], current: bool, unsaved: bool) -> None:
        set_state(self, "missing", missing)
        set_state(self, "current", current)
        set_state(self, "unsaved", unsaved)
        marker = self.tr("Not saved") if unsaved else (self.tr("Required") if missing else "")
        self.marker.setText(marker)
        set_state(self.marker, "warn", bool(unsaved or missing))
        self.problem.setText("\n".join(problems))
        self.problem.setVisible(bool(problems))

    def set_read_only(self, read_only: bool) -> None:
        """A complete case is shown, not edited: the buttons, the reason and the comment stop taking input."""
        for button in self.group.buttons():
            button.setEnabled(not read_only)
        self.reason.setEnabled(not read_only)
        self.comment.setReadOnly(read_only)
        if self.value_edit is not None:
            self.value_edit.setReadOnly(read_only)

    def show_guidance(self, shown: bool) -> None:
        self.guidance.setVisible(shown)
        if self.guidance_button is not None:
            self.guidance_button.setChecked(shown)
            self.guidance_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # ------------------------------------------------------------ input

    def _current(self) -> Answer:
        return self.answer or Answer()

    def choose(self, value: str, advance: bool = True) -> None:
        """Answer with option ``value`` (for multiple-choice scales: toggle it)."""
        cur = self._current()
        if self.scale.kind == ScaleKind.MULTIPLE:
            chosen = set(cur.value) if isinstance(cur.value, tuple) and not cur.na else set()
            chosen ^= {value}
            ordered = tuple(v for v in self.scale.values if v in chosen)
            new = Answer(ordered or None, False, "", cur.comment)
            advance = False
        else:
            new = Answer(value, False, "", self.comment.toPlainText())
        self.answerGiven.emit(self.question.id, new, advance)

    def choose_na(self, advance: bool = True) -> None:
        """Mark N/A. With a list of reasons and a key press, stay for the reason: its digit picks it and moves on
        (so N/A with a reason is two keys), Enter moves on without one."""
        if not self.question.na.allowed:
            return
        cur = self._current()
        wait = advance and bool(self.question.na.reasons) and not cur.na_reason
        self.answerGiven.emit(self.question.id, Answer(None, True, cur.na_reason, self.comment.toPlainText()),
                              advance and not wait)
        self.awaiting_reason = wait and bool(self.answer and self.answer.na)
        if self.awaiting_reason:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reason_key(self, event: QKeyEvent) -> bool:
        """While a reason is awaited: a digit picks it, Enter goes on without one; other keys act as usual."""
        self.awaiting_reason = False
        reason = self.reason.by_digit(event.text())
        if reason is not None:
            self.answerGiven.emit(self.question.id, Answer(None, True, reason, self._current().comment), True)
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.answerGiven.emit(self.question.id, self._current(), True)
            return True
        return False

    def clear(self) -> None:
        comment = self.comment.toPlainText()
        self.answerGiven.emit(self.question.id, Answer(comment=comment) if comment else None, False)

    def _clicked(self, button: QAbstractButton) -> None:
        if self._loading:
            return
        value = button.property("value")
        if value:
            self.choose(str(value), advance=False)
        else:
            self.choose_na(advance=False)

    def _reason_chosen(self, *_: object) -> None:
        if self._loading:
            return
        cur = self._current()
        reason = self.reason.reason()
        if cur.na and reason != cur.na_reason:
            self.answerGiven.emit(self.question.id, Answer(None, True, reason, cur.comment), False)

    def _value_edited(self) -> None:
        if self._loading or self.value_edit is None:
            return
        cur = self._current()
        try:
            value = coerce_answer_value(self.qs, self.question.id, self.value_edit.text())
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        if value != cur.value or cur.na:
            self.answerGiven.emit(self.question.id, Answer(value, False, "", cur.comment), False)

    def _comment_typed(self) -> None:
        if not self._loading:
            self._comment_timer.start()

    def flush_comment(self) -> None:
        """Save the comment now if it changed (called on a pause in typing and when focus leaves)."""
        self._comment_timer.stop()
        text = self.comment.toPlainText()
        cur = self._current()
        if text != cur.comment:
            self.answerGiven.emit(self.question.id, Answer(cur.value, cur.na, cur.na_reason, text), False)

    def focus_comment(self) -> None:
        self.comment.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_reason(self) -> None:
        if self.reason.isVisible():
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text().lower()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if self.awaiting_reason and plain and self._reason_key(event):
            return
        if plain and text and text in self.keys:
            self.choose(self.keys[text])
        elif plain and text == NA_KEY and self.question.na.allowed:
            self.choose_na()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            if self.value_edit is not None:
                self.value_edit.setFocus()
            else:
                self.focus_comment()
        elif plain and text == "c":
            self.focus_comment()
        elif plain and text == "r":
            self.focus_reason()
        elif plain and text == "g" and self.guidance_button is not None:
            self.show_guidance(not self.guidance.isVisible())
        elif key in (Qt.Key.Key_Down,) or (plain and text == "j"):
            self.navigate.emit(self.question.id, 1)
        elif key in (Qt.Key.Key_Up,) or (plain and text == "k"):
            self.navigate.emit(self.question.id, -1)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self._tab(event):
            return True
        return super().event(event)

    def _tab(self, event: QKeyEvent) -> bool:
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if event.key() == Qt.Key.Key_Backtab:
            self.navigate.emit(self.question.id, -1)
            return True
        if event.key() == Qt.Key.Key_Tab:
            self.navigate.emit(self.question.id, -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype == QEvent.Type.FocusIn:
            self.focused.emit(self.question.id)
        elif etype == QEvent.Type.FocusOut and watched is self.comment:
            self.flush_comment()
        elif etype == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.comment and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.flush_comment()
            if self._tab(event):
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.setFocus(Qt.FocusReason.OtherFocusReason)
                self.leaveComment.emit(self.question.id)
                return True
        return super().eventFilter(watched, event)

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.focused.emit(self.question.id)

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.awaiting_reason = False
