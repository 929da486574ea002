"""Every message box, question and file chooser of the marking app, behind one small object.

The windows are given a :class:`Dialogs` and never call ``QMessageBox`` or ``QFileDialog`` themselves, so a
test hands them one that answers from a script (and records what it was shown) instead of monkeypatching Qt.
File choosers start in the last folder used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

if TYPE_CHECKING:
    from casereader.core.answers import Answer
    from casereader.core.questionset import QuestionSet
    from casereader.core.review import QueryState


class Dialogs:
    """The real dialogs. Each method returns what the inspector chose (``None`` or ``False`` when cancelled)."""

    def __init__(self) -> None:
        self.last_folder: Path | None = None

    def folder(self, fallback: Path | None = None) -> Path:
        """Where a file chooser starts: the last folder used, else ``fallback``, else the home folder."""
        for candidate in (self.last_folder, fallback):
            if candidate is not None and candidate.is_dir():
                return candidate
        return Path.home()

    def _used(self, name: str) -> Path | None:
        if not name:
            return None
        path = Path(name)
        self.last_folder = path.parent
        return path

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def fail(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    def about(self, parent: QWidget | None, title: str, html: str) -> None:
        QMessageBox.about(parent, title, html)

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        """Ask before doing something that needs thought; ``action`` names the button that goes ahead."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def open_file(self, parent: QWidget | None, title: str, filters: str, folder: Path | None = None) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, str(self.folder(folder)), filters)
        return self._used(name)

    def save_file(self, parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
        start = self.folder(suggested.parent) / suggested.name
        name, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
        return self._used(name)

    def choose_inspector(self, parent: QWidget | None, names: list[str], current: str = "") -> str | None:
        """Which inspector is marking on this computer: one of ``names`` or a new name."""
        from casereader.ui.inspector_chooser import InspectorChooser

        dialog = InspectorChooser(names, current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()

    def answer_query(self, parent: QWidget | None, query: QueryState, qs: QuestionSet,
                     current: Answer | None) -> tuple[str, Answer | None] | None:
        """The inspector's answer to a query from the centre: its text and the changed mark (None: unchanged)."""
        from casereader.ui.marking.query_answer import QueryAnswerDialog

        dialog = QueryAnswerDialog(query, qs, current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()
