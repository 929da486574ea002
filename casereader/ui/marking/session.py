"""The marking session: the store, the open case's engine and the undo stack, with signals for widgets.

The engine decides (applicability, validation, navigation, completeness, what a change meets); this object
asks it first (:meth:`CaseEngine.check`), applies an accepted change through the store the moment it is made
(durable on return) and tells the widgets what changed. A refused change is reported as what it is
(``changeRefused``, with the engine's coded issues); only a store that cannot write says "not saved"
(``saveFailed``). Widgets never talk to the store directly and never hold ORM objects.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from casereader.core.answers import Answer, HeaderValue
from casereader.core.engine import CaseEngine, Change
from casereader.core.inspection import (
    CaseFile,
    CaseStatus,
    CaseStore,
    CaseSummary,
    ChangeRefused,
    Inspection,
    StoreError,
)
from casereader.core.outcome import Issue, Outcome
from casereader.core.questionset import QuestionSet
from casereader.core.review import QueryState, SignOff
from casereader.ui.marking.issue_text import issue_text, ui_text
from casereader.ui.marking.startup import LAST_INSPECTION, InspectionView, position_key, view_key


@dataclass(frozen=True)
class UndoStep:
    """One change that Ctrl+Z can take back: the value a question or header field had before."""

    case_id: str
    kind: str  # "answer" | "header"
    key: str
    old: Answer | HeaderValue | None


class MarkingSession(QObject):
    """One inspection being marked. Holds the open case as a :class:`CaseEngine`."""

    caseOpened = Signal(str)  # case id
    answerChanged = Signal(str)  # question id (answer given, cleared or restored)
    headerChanged = Signal(str)  # header field id
    applicabilityChanged = Signal(object)  # Change
    caseUpdated = Signal(object)  # CaseSummary after a save
    saved = Signal(str)  # time of the save, hh:mm:ss
    saveFailed = Signal(str)  # the store could not write: message fit for the inspector
    changeRefused = Signal(str, object)  # question or header field id, the engine's Outcome: nothing changed
    positionChanged = Signal(str, str)  # case id, question id ("" for the header)

    def __init__(self, store: CaseStore, inspection_id: str, actor: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.inspection: Inspection = store.get_inspection(inspection_id)
        self.qs: QuestionSet = store.question_set(self.inspection.id)
        self.actor = actor or _default_actor(self.inspection)
        self.case: CaseFile | None = None
        self.engine: CaseEngine | None = None
        self.current_question = ""
        self.unsaved: set[tuple[str, str]] = set()  # (kind, key) of the open case not yet stored
        self.undo_stack: list[UndoStep] = []
        store.set_setting(LAST_INSPECTION, self.inspection.id)

    # ------------------------------------------------------------ cases

    def cases(self) -> list[CaseSummary]:
        return self.store.list_cases(self.inspection.id)

    def open_case(self, case_id: str, question_id: str | None = None) -> None:
        """Make ``case_id`` the open case; remember it (and the question) for the next start."""
        self.case = self.store.get_case(case_id)
        self.engine = CaseEngine(self.qs, self.case.state, locked=self.case.summary.status.lock)
        self.unsaved.clear()
        if question_id is None or question_id not in self.qs.question_index:
            question_id = ""
        self.current_question = question_id
        self._remember()
        self.caseOpened.emit(case_id)

    def remember_view(self, view: InspectionView) -> None:
        """Keep the captions and case-list columns for the next start's first paint."""
        try:
            self.store.set_setting(view_key(self.inspection.id), view.to_json())
        except StoreError as exc:
            self.saveFailed.emit(str(exc))

    def saved_position(self) -> tuple[str | None, str | None]:
        """The case and question that were current when the app last ran, if any."""
        raw = self.store.get_setting(position_key(self.inspection.id))
        if not raw:
            return None, None
        try:
            data = json.loads(raw)
        except ValueError:
            return None, None
        return data.get("case") or None, data.get("question") or None

    def move_to(self, question_id: str) -> None:
        """Record that the inspector is now on ``question_id`` ("" for the header)."""
        if self.case is None or question_id == self.current_question:
            return
        self.current_question = question_id
        self._remember()

    def _remember(self) -> None:
        if self.case is None:
            return
        value = json.dumps({"case": self.case.id, "question": self.current_question})
        try:
            self.store.set_setting(position_key(self.inspection.id), value)
        except StoreError as exc:
            self.saveFailed.emit(str(exc))
            return
        self.positionChanged.emit(self.case.id, self.current_question)

    # ------------------------------------------------------------ edits

    def answer(self, question_id: str, answer: Answer | None, *, undoable: bool = True) -> Change:
        """Give (or clear, with None) an answer; saved at once. The form keeps it even if saving fails.

        What the engine refuses (a value off the scale, out of range, a complete or locked case...) changes
        nothing and is reported through ``changeRefused``."""
        engine, case = self._require()
        old = engine.answer(question_id)
        if old == answer or (old is None and answer is not None and not (answer.given or answer.comment)):
            return Change((), ())
        return self._apply(UndoStep(case.id, "answer", question_id, old), engine.check(question_id, answer),
                           lambda: engine.with_answer(question_id, answer),
                           lambda: self._store_answer(case.id, question_id, answer), undoable)

    def set_header(self, field_id: str, value: HeaderValue, *, undoable: bool = True) -> Change:
        engine, case = self._require()
        old = engine.state.header.get(field_id)
        if old == value or (old is None and value in (None, "")):
            return Change((), ())
        return self._apply(UndoStep(case.id, "header", field_id, old), engine.check_header(field_id, value),
                           lambda: engine.with_header(field_id, value),
                           lambda: self._store_header(case.id, field_id, value), undoable)

    def _apply(self, step: UndoStep, outcome: Outcome, change: Callable[[], tuple[CaseEngine, Change]],
               store: Callable[[], None], undoable: bool) -> Change:
        """One answer or header change the engine has checked: refused (reported, nothing changes), or made in
        the engine, put on the undo stack, stored at once, and announced."""
        if self._refused(step.key, outcome):
            return Change((), ())
        self.engine, made = change()
        if undoable:
            self.undo_stack.append(step)
        store()
        (self.answerChanged if step.kind == "answer" else self.headerChanged).emit(step.key)
        if made.hidden or made.restored:
            self.applicabilityChanged.emit(made)
        return made

    def undo(self) -> UndoStep | None:
        """Take back the last change (through the store, so the undo is audited too)."""
        if not self.undo_stack:
            return None
        step = self.undo_stack[-1]
        if self.case is None or self.case.id != step.case_id:
            self.open_case(step.case_id, step.key if step.kind == "answer" else "")
        if self.read_only:
            return None  # a completed case is changed only after reopening it; the step waits
        self.undo_stack.pop()
        if step.kind == "answer":
            old = step.old if isinstance(step.old, Answer) else None
            self.answer(step.key, old, undoable=False)
        else:
            self.set_header(step.key, step.old if not isinstance(step.old, Answer) else None, undoable=False)
        return step

    def mark_complete(self) -> list[str]:
        """Mark the open case complete; returns the problems that stop it (nothing changes then)."""
        engine, case = self._require()
        if self.unsaved:
            self.retry_unsaved()
        if self.unsaved:
            return [self.tr("Some answers are not saved yet: fix the save problem first.")]
        if not engine.is_complete:
            return [self.describe_issue(i) for i in engine.issues]
        try:
            summary = self.store.set_status(case.id, CaseStatus.COMPLETE, self.actor)
        except StoreError as exc:
            return [str(exc)]
        self._saved(summary)
        return []

    def reopen(self, reason: str) -> None:
        """Take a complete case back to in progress so it can be changed (audited, with the reason)."""
        _engine, case = self._require()
        if self.status != CaseStatus.COMPLETE:
            return
        summary = self.store.set_status(case.id, CaseStatus.IN_PROGRESS, self.actor, reason=reason)
        self._saved(summary)

    @property
    def read_only(self) -> bool:
        """A complete or locked case is shown but not changed (the engine refuses every change to it)."""
        return self.engine is not None and bool(self.engine.locked)

    def retry_unsaved(self) -> None:
        """Try again to store everything in the open case that failed to save."""
        if self.case is None or self.engine is None:
            return
        for kind, key in sorted(self.unsaved):
            if kind == "answer":
                self._store_answer(self.case.id, key, self.engine.answer(key))
            else:
                self._store_header(self.case.id, key, self.engine.state.header.get(key))

    def review(self) -> tuple[list[QueryState], SignOff | None]:
        """The centre's queries on the open case and its sign-off (whether the case changed since, only worked
        out when it was signed off); nothing for a store without the review loop."""
        from casereader.storage import LocalStore
        from casereader.sync.reviews import case_signoff

        if self.case is None or not isinstance(self.store, LocalStore):
            return [], None
        queries, signoff = self.store.case_review(self.case.id)  # one read, after every save
        return queries, (case_signoff(self.store, self.case.id) if signoff.signed_by else signoff)

    def describe_issue(self, issue: Issue) -> str:
        """An engine issue as the to-do list shows it: the question id or the header field's label, then what
        is wrong, in the interface language (chosen by the issue's code)."""
        if issue.target in self.qs.question_index:
            return f"{issue.target}  {issue_text(issue)}"
        field = self.qs.header_index.get(issue.target)
        return f"{ui_text(field, 'label') if field else issue.target}: {issue_text(issue)}"

    @property
    def status(self) -> CaseStatus | None:
        return None if self.case is None else self.case.summary.status

    # ------------------------------------------------------------ internals

    def _require(self) -> tuple[CaseEngine, CaseFile]:
        if self.engine is None or self.case is None:
            raise RuntimeError("no case is open")
        return self.engine, self.case

    def _refused(self, target: str, outcome: Outcome) -> bool:
        """Report a change the engine refuses (nothing is stored); False when it may go ahead."""
        if outcome.accepted:
            return False
        self.changeRefused.emit(target, outcome)
        return True

    def _store_answer(self, case_id: str, qid: str, answer: Answer | None) -> None:
        self._store("answer", qid, lambda: self.store.save_answer(case_id, qid, answer, self.actor))

    def _store_header(self, case_id: str, field_id: str, value: HeaderValue) -> None:
        self._store("header", field_id, lambda: self.store.save_header(case_id, field_id, value, self.actor))

    def _store(self, kind: str, key: str, save: Callable[[], CaseSummary]) -> None:
        try:
            summary = save()
        except ChangeRefused as exc:  # the stored case changed behind this window: show it as stored now
            self.unsaved.discard((kind, key))
            if self.case is not None:
                self.open_case(self.case.id, key if kind == "answer" else "")
            self.changeRefused.emit(key, exc.outcome)
            return
        except StoreError as exc:
            self.unsaved.add((kind, key))
            self.saveFailed.emit(str(exc))
            return
        self.unsaved.discard((kind, key))
        self._saved(summary)

    def _saved(self, summary: CaseSummary) -> None:
        if self.case is not None and self.case.id == summary.id:
            self.case = CaseFile(summary, self.engine.state if self.engine else self.case.state)
            if self.engine is not None and self.engine.locked != summary.status.lock:  # completed or reopened
                self.engine = CaseEngine(self.qs, self.engine.state, locked=summary.status.lock)
        self.caseUpdated.emit(summary)
        self.saved.emit(dt.datetime.now().strftime("%H:%M:%S"))


def _default_actor(inspection: Inspection) -> str:
    if inspection.inspectors:
        return inspection.inspectors[0]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "inspector"
