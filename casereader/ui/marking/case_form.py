"""The case form: header first, then the applicable questions section by section, and the to-do list.

It shows what the session's engine says: which questions apply, which are missing, what is wrong.
Answers go to the session (saved at once); after a keyed answer focus moves to the next applicable
unanswered question. Questions that stop applying are hidden, not cleared, and come back with their answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casereader.core.answers import Answer, HeaderValue
from casereader.core.engine import Change
from casereader.core.inspection import CaseStatus
from casereader.core.outcome import IssueCode, Outcome
from casereader.core.questionset import FieldType
from casereader.ui.marking.case_bar import CaseBar
from casereader.ui.marking.header_form import HeaderForm
from casereader.ui.marking.issue_text import issue_text, ui_text
from casereader.ui.marking.notice import Notice
from casereader.ui.marking.question_widget import QuestionWidget
from casereader.ui.marking.session import MarkingSession
from casereader.ui.marking.side_panel import SidePanel, TargetRole
from casereader.ui.style import set_state


class CaseForm(QWidget):
    """The open case. Emits ``completeRequested`` and ``summaryRequested`` for the main window."""

    completeRequested = Signal()
    reopenRequested = Signal()
    summaryRequested = Signal()
    leave = Signal(int)  # Tab past the last question (+1) or Shift+Tab before the first field (-1)

    def __init__(self, session: MarkingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        qs = session.qs
        self.current = ""
        self.refused: list[str] = []
        self.refused_inline: dict[str, list[str]] = {}  # question id -> why the engine refused what was given
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.bar = CaseBar(session)
        self.bar.completeRequested.connect(self.completeRequested)
        self.bar.reopenRequested.connect(self.reopenRequested)
        self.bar.summaryRequested.connect(self.summaryRequested)
        self.title, self.complete_button = self.bar.title, self.bar.complete_button
        outer.addWidget(self.bar)

        self.notice = Notice()
        outer.addWidget(self.notice)

        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)

        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        # The form follows the width of the pane (text wraps); it never scrolls sideways.
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        page.setObjectName("formPage")
        page.setMinimumWidth(480)
        self.page_layout = QVBoxLayout(page)
        self.page_layout.setContentsMargins(12, 8, 12, 24)
        self.page_layout.setSpacing(4)
        self.scroller.setWidget(page)
        split.addWidget(self.scroller)

        self.header_heading = self._heading(self.tr("About this case"), "")
        self.header = HeaderForm(qs)
        self.header.changed.connect(self._header_changed)
        self.header.flagsConfirmed.connect(self._flags_confirmed)
        self.header.focused.connect(lambda fid: self._focused(""))
        self.header.leave.connect(self.leave)
        self.page_layout.addWidget(self.header)

        self.questions: dict[str, QuestionWidget] = {}
        self.section_headings: dict[str, QWidget] = {}
        for section in qs.sections:
            self.section_headings[section.id] = self._heading(ui_text(section, "title"),
                                                                ui_text(section, "description"))
            for q in section.questions:
                w = QuestionWidget(qs, q)
                w.answerGiven.connect(self._answer_given)
                w.navigate.connect(self._navigate)
                w.focused.connect(self._focused)
                self.questions[q.id] = w
                self.page_layout.addWidget(w)
        self.page_layout.addStretch(1)

        self.side = SidePanel()
        self.issues_title, self.issues = self.side.title, self.side.issues
        self.side.issueChosen.connect(self._go_to)
        split.addWidget(self.side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([760, 260])

        session.caseOpened.connect(self._case_opened)
        session.changeRefused.connect(self._change_refused)
        session.applicabilityChanged.connect(self._applicability_changed)
        session.caseUpdated.connect(self.bar.refresh)  # a method: gone with the bar (a language change)
        session.caseUpdated.connect(self.refresh_review)

    def _heading(self, title: str, description: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 14, 6, 4)
        layout.setSpacing(2)
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        label.setAccessibleName(title)
        layout.addWidget(label)
        if description:
            d = QLabel(description)
            d.setObjectName("sectionDescription")
            d.setWordWrap(True)
            layout.addWidget(d)
        self.page_layout.addWidget(box)
        return box

    # ------------------------------------------------------------ loading and display

    def _case_opened(self, _case_id: str) -> None:
        engine = self.session.engine
        assert engine is not None
        self.refused = []
        self.refused_inline.clear()
        self.notice.reset()
        self.header.set_values(dict(engine.state.header))
        for qid, w in self.questions.items():
            w.set_answer(engine.answer(qid))
        self.refresh()
        self.refresh_review()
        self.scroller.verticalScrollBar().setValue(0)

    def refresh(self) -> None:
        """Show what the engine says: visibility, missing and invalid answers, the to-do list."""
        engine = self.session.engine
        if engine is None:
            return
        missing = set(engine.missing_required)
        problems: dict[str, list[str]] = {qid: list(texts) for qid, texts in self.refused_inline.items()}
        for issue in engine.issues:
            if issue.code != IssueCode.REQUIRED:  # a missing answer shows as "Required", not as a problem
                problems.setdefault(issue.target, []).append(issue_text(issue))
        unsaved = {key for kind, key in self.session.unsaved if kind == "answer"}
        self.header.set_values(dict(engine.state.header))
        read_only = self.session.read_only
        set_state(self, "readOnly", read_only)
        for qid, w in self.questions.items():
            shown = engine.is_applicable(qid)
            w.setVisible(shown)
            if shown:
                w.set_read_only(read_only)
                if qid not in self.refused_inline or w.value_edit is None:  # a refused typed value stays to mend
                    w.set_answer(engine.answer(qid))
                w.set_marks(missing=qid in missing, problems=problems.get(qid, []), current=qid == self.current,
                            unsaved=qid in unsaved)
        for section in self.session.qs.sections:
            self.section_headings[section.id].setVisible(any(engine.is_applicable(q.id) for q in section.questions))
        self._refresh_issues()
        self.bar.refresh()

    def _refresh_issues(self) -> None:
        engine = self.session.engine
        assert engine is not None
        self.issues.clear()
        for issue in engine.issues:
            item = QListWidgetItem(self.session.describe_issue(issue))
            item.setData(TargetRole, issue.target)
            self.issues.addItem(item)
        count = self.issues.count()
        self.issues_title.setText(self.tr("To do ({0})").format(count) if count else self.tr("Nothing missing"))
        set_state(self.issues_title, "refused", bool(self.refused and count))
        if not count:
            self.refused = []

    def refresh_review(self) -> None:
        """The centre's queries on the open case and its sign-off, as stored now."""
        self.side.set_review(*self.session.review())

    def show_notice(self, text: str, *, warn: bool = False, keep: bool = False) -> None:
        """Say something above the form (see :class:`Notice`; ``keep``: until the next case)."""
        self.notice.say(text, warn=warn, keep=keep)

    # ------------------------------------------------------------ focus and navigation

    def start(self, question_id: str | None = None) -> None:
        """Put focus where the inspector should be: a saved question, an empty header field, the next gap."""
        engine = self.session.engine
        if engine is None:
            return
        if question_id and engine.is_applicable(question_id):
            self.focus_question(question_id)
            return
        empty = self._first_empty_header()
        if empty is not None:
            self.focus_header(empty)
            return
        target = engine.next_question(None, unanswered=True) or engine.next_question(None)
        if target:
            self.focus_question(target)

    def _first_empty_header(self, after: str | None = None) -> str | None:
        """The first header stop after ``after`` still to fill: an empty field, or flags not yet confirmed."""
        engine = self.session.engine
        assert engine is not None
        stops = self.header.stops
        start = stops.index(after) + 1 if after in stops else 0
        for stop in stops[start:]:
            if stop == "flags":
                if any(engine.state.header.get(f) is None for f in self._flag_ids()):
                    return stop
            elif engine.state.header.get(stop) in (None, ""):
                return stop
        return None

    def _flag_ids(self) -> list[str]:
        return [f.id for f in self.session.qs.header if f.type == FieldType.FLAG]

    def focus_header(self, stop: str | None = None) -> None:
        stops = self.header.stops
        if not stops:
            return
        stop = stop or stops[0]
        self.header.focus_field(stop)
        self.scroller.ensureWidgetVisible(self.header.widget(stop), 0, 80)
        self._focused("")

    def focus_question(self, qid: str) -> None:
        w = self.questions.get(qid)
        engine = self.session.engine
        if w is None or engine is None or not engine.is_applicable(qid):
            return
        w.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focused(qid)
        QTimer.singleShot(0, lambda: self.scroller.ensureWidgetVisible(w, 0, 60))

    def _focused(self, qid: str) -> None:
        if qid != self.current:
            old = self.questions.get(self.current)
            if old is not None:
                set_state(old, "current", False)
            self.current = qid
            new = self.questions.get(qid)
            if new is not None:
                set_state(new, "current", True)
        self.session.move_to(qid)

    def _navigate(self, qid: str, step: int) -> None:
        engine = self.session.engine
        assert engine is not None
        target = engine.next_question(qid) if step > 0 else engine.previous_question(qid)
        if target:
            self.focus_question(target)
        elif step < 0 and self.header.stops:
            self.focus_header(self.header.stops[-1])
        else:
            self.leave.emit(step)

    def next_gap(self, after: str | None) -> None:
        """Go to the next applicable unanswered question (wrapping to the first), or say it is all done."""
        engine = self.session.engine
        assert engine is not None
        target = engine.next_question(after, unanswered=True) or engine.next_question(None, unanswered=True)
        if target:
            self.focus_question(target)
        elif engine.is_complete:
            self.show_notice(self.tr("All questions answered. Ctrl+Enter marks the case complete."))
        else:
            first = engine.first_incomplete()
            if first:
                self.focus_question(first)

    # ------------------------------------------------------------ edits

    def _change_refused(self, target: str, outcome: Outcome) -> None:
        """The engine refused a change: nothing was stored. Say why next to the question (or, for a complete
        or locked case, how to reopen it); a typed value stays in its box, to be put right."""
        engine = self.session.engine
        if any(i.code == IssueCode.LOCKED for i in outcome.issues):
            self.show_notice(self.tr("This case is locked and cannot be changed.")
                             if self.session.status == CaseStatus.LOCKED else
                             self.tr("This case is complete, so it is read-only. To change it, reopen it first: "
                                     "Case ▸ Reopen for editing (Ctrl+Shift+O)."), warn=True)
        elif target in self.questions:
            self.refused_inline[target] = [issue_text(i) for i in outcome.refusals]
        if engine is not None and target not in self.refused_inline:
            if target in self.questions:
                self.questions[target].set_answer(engine.answer(target))
            self.header.set_values(dict(engine.state.header))
        self.refresh()

    def _answer_given(self, qid: str, answer: Answer | None, advance: bool) -> None:
        if self.session.case is None:
            return
        self.refused_inline.pop(qid, None)
        before = self.session.engine
        self.session.answer(qid, answer)
        self.refresh()
        if self.session.engine is before or not advance or answer is None:  # refused, unchanged or cleared
            return
        engine = self.session.engine
        if engine is not None and any(i.code == IssueCode.EVIDENCE_REQUIRED and i.target == qid
                                      for i in engine.issues):
            self.show_notice(self.tr("{0}: a comment (the evidence for the mark) is required.").format(qid))
            self.questions[qid].focus_comment()
            return
        self.next_gap(qid)

    def _header_changed(self, fid: str, value: HeaderValue, move_on: bool) -> None:
        if self.session.case is None:
            return
        before = self.session.engine
        self.session.set_header(fid, value)
        self.refresh()
        if self.session.engine is before:  # refused (said so) or unchanged
            return
        if move_on:
            nxt = self._first_empty_header(fid)
            if nxt is not None:
                self.focus_header(nxt)
            else:
                self.next_gap(None)

    def _flags_confirmed(self) -> None:
        """Enter on the flags: every flag not switched on is recorded as no, then on to the questions."""
        engine = self.session.engine
        if engine is None:
            return
        for fid in self._flag_ids():
            if engine.state.header.get(fid) is None:
                self.session.set_header(fid, False)
        self.refresh()
        self.next_gap(None)

    def _applicability_changed(self, change: Change) -> None:
        parts = []
        kept: list[str] = []
        if change.hidden:
            kept = [q for q in change.hidden if self.session.engine and q in self.session.engine.excluded]
            text = self.tr("No longer applies: {0}.").format(", ".join(change.hidden))
            if kept:
                text += " " + self.tr("Answers kept (shown in the summary) and restored if it applies again: "
                                      "{0}.").format(", ".join(kept))
            parts.append(text)
        if change.restored:
            parts.append(self.tr("Applies again, answers restored: {0}.").format(", ".join(change.restored)))
        if parts:
            if not kept:
                self.notice.kept = ""
            self.show_notice(" ".join(parts), keep=bool(kept))

    def _go_to(self, target: str) -> None:
        """A to-do item chosen: its question, its header field, or the flags."""
        if target in self.questions:
            self.focus_question(target)
        elif target in self.header.editors:
            self.focus_header(target)
        elif target in self.session.qs.header_index and self.header.flags is not None:
            self.focus_header("flags")

    def flush_focused_comment(self) -> None:
        """Save any comment still waiting for its typing pause (before completing, printing, closing)."""
        for w in self.questions.values():
            w.flush_comment()

    def show_refusal(self, problems: list[str]) -> None:
        """Mark complete was refused: say so and put the list in front of the inspector."""
        self.refused = problems
        self._refresh_issues()
        self.show_notice(self.tr("Not marked complete: %n things still to do, listed on the right.", "",
                                 len(problems)), warn=True)
        if self.issues.count():
            self.issues.setCurrentRow(0)
            self.issues.setFocus(Qt.FocusReason.OtherFocusReason)
