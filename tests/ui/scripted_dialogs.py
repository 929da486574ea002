"""A :class:`Dialogs` that answers from a script, for the UI tests (instead of monkeypatching QMessageBox)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from casereader.core.answers import Answer
from casereader.core.questionset import QuestionSet
from casereader.core.review import QueryState
from casereader.ui.dialogs import Dialogs
from casereader.ui.marking.query_answer import QueryAnswerDialog


class ScriptedDialogs(Dialogs):
    """The inspector's side of every dialog, from a script: each answer is taken in turn, and everything the app
    said is kept in ``shown`` as (kind, title, text). A question nobody scripted fails the test (rather than
    waiting for a click that never comes)."""

    def __init__(self, *, inspectors: list[str | None] | None = None, confirms: list[bool] | None = None,
                 texts: list[str | None] | None = None, files: list[Path | None] | None = None,
                 query_answers: list[tuple[str, str | None] | None] | None = None) -> None:
        super().__init__()
        self.inspectors = list(inspectors or [])
        self.confirms = list(confirms or [])
        self.texts = list(texts or [])
        self.files = list(files or [])
        self.query_answers = list(query_answers or [])  # (text, mark value or None to keep it), None: cancel
        self.shown: list[tuple[str, str, str]] = []
        self.asked: list[tuple[str, str]] = []

    @staticmethod
    def _next(queue: list, what: str):  # type: ignore[no-untyped-def,type-arg]
        if not queue:
            raise AssertionError(f"the app asked for {what}, which the test did not script")
        return queue.pop(0)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("warn", title, text))

    def fail(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("fail", title, text))

    def about(self, parent: QWidget | None, title: str, html: str) -> None:
        self.shown.append(("about", title, html))

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        self.asked.append(("confirm", text))
        return bool(self._next(self.confirms, f"a confirmation ({title})"))

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        self.asked.append(("text", label))
        return self._next(self.texts, f"text ({label})")  # type: ignore[no-any-return]

    def open_file(self, parent: QWidget | None, title: str, filters: str, folder: Path | None = None) -> Path | None:
        self.asked.append(("open", title))
        return self._used(str(path)) if (path := self._next(self.files, f"a file ({title})")) else None

    def save_file(self, parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
        self.asked.append(("save", title))
        return self._used(str(path)) if (path := self._next(self.files, f"a file name ({title})")) else None

    def choose_inspector(self, parent: QWidget | None, names: list[str], current: str = "") -> str | None:
        self.asked.append(("inspector", ", ".join(names)))
        return self._next(self.inspectors, "who is marking")  # type: ignore[no-any-return]

    def answer_query(self, parent: QWidget | None, query: QueryState, qs: QuestionSet,
                     current: Answer | None) -> tuple[str, Answer | None] | None:
        """Fill the real dialog as the inspector would (typed text, a mark picked from its list) and send it."""
        self.asked.append(("query", query.text))
        scripted = self._next(self.query_answers, f"an answer to query '{query.text}'")
        if scripted is None:
            return None
        text, mark = scripted
        dialog = QueryAnswerDialog(query, qs, current, parent)
        dialog.text.setPlainText(text)
        dialog.choose_mark(mark)
        assert dialog.send.isEnabled(), "Send is enabled once the answer has text"
        answer = dialog.answer()
        dialog.deleteLater()
        return answer
