"""The main window's menu bar and keyboard shortcuts, and the commands that leave the form as it is: the
case summary, marking sheets, sending the marks to the centre and the About box."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget

from casereader.core.inspection import CaseStatus, CaseStore, CaseSummary, StoreError
from casereader.paths import Paths
from casereader.ui.dialogs import Dialogs
from casereader.ui.marking.issue_text import status_text
from casereader.ui.marking.language_menu import LanguageMenu

if TYPE_CHECKING:
    from casereader.ui.marking.case_form import CaseForm
    from casereader.ui.marking.case_intake import CaseIntake
    from casereader.ui.marking.session import MarkingSession
    from casereader.ui.marking.shortcuts import ShortcutOverlay
    from casereader.ui.marking.status_line import StatusLine
    from casereader.ui.marking.welcome import WelcomePage
    from casereader.ui.workers import BackgroundTask


class MenuHost(Protocol):
    """What the menus need of the window they sit on (the main window is one): its parts and its commands."""

    store: CaseStore | None
    paths: Paths
    dialogs: Dialogs
    session: MarkingSession | None
    form: CaseForm | None
    who: QLabel
    status: StatusLine
    welcome: WelcomePage | None
    stack: QStackedWidget

    @property
    def overlay(self) -> ShortcutOverlay: ...
    def show_welcome(self) -> None: ...
    def undo(self) -> None: ...
    def find_case(self) -> None: ...
    def mark_complete(self) -> None: ...
    def reopen(self) -> None: ...
    def step_case(self, step: int) -> None: ...
    def focus_header(self) -> None: ...
    def focus_issues(self) -> None: ...
    def cases_added(self, added: list[CaseSummary]) -> None: ...
    def open_inspection(self, inspection_id: str) -> None: ...
    def show_session(self, case_id: str | None = None, question_id: str | None = None) -> None: ...


class WindowMenu(QObject):
    """Builds the menus on ``window`` (File, Edit, Case, Settings, Help) with their shortcuts; ``case_actions``
    are the ones enabled only while an inspection is open. ``host`` is the same window seen as a :class:`MenuHost`."""

    def __init__(self, window: QMainWindow, host: MenuHost) -> None:
        super().__init__(window)
        self.window = window
        self.host = w = host
        self.task: BackgroundTask | None = None
        mb = window.menuBar()
        self.named: dict[str, QAction] = {}
        self.menus = {name: mb.addMenu("") for name in ("file", "edit", "case", "settings", "help")}
        self._action("file", "start", [], w.show_welcome)
        self.import_action = self._action("file", "import", [], self.import_sample)
        self.add_action = self._action("file", "add", [], self.add_case)
        self.who_action = self._action("file", "who", [], self.change_inspector)
        self.menus["file"].addSeparator()
        self.print_action = self._action("file", "print", [QKeySequence.StandardKey.Print], self.print_case)
        self.print_all_action = self._action("file", "print_all", [], self.print_all)
        self.send_action = self._action("file", "send", ["Ctrl+Shift+E"], self.send_marks)
        self.menus["file"].addSeparator()
        self._action("file", "quit", [QKeySequence.StandardKey.Quit], window.close)
        self.undo_action = self._action("edit", "undo", [QKeySequence.StandardKey.Undo], w.undo)
        self._action("edit", "find", [QKeySequence.StandardKey.Find], w.find_case)
        self.complete_action = self._action("case", "complete", ["Ctrl+Return", "Ctrl+Enter"], w.mark_complete)
        self.reopen_action = self._action("case", "reopen", ["Ctrl+Shift+O"], w.reopen)
        self._action("case", "summary", ["Ctrl+I"], self.show_summary)
        self._action("case", "next", [QKeySequence(Qt.Key.Key_PageDown)], lambda: w.step_case(1))
        self._action("case", "previous", [QKeySequence(Qt.Key.Key_PageUp)], lambda: w.step_case(-1))
        self._action("case", "details", ["Ctrl+L"], w.focus_header)
        self._action("case", "todo", ["Ctrl+T"], w.focus_issues)
        self._action("case", "queries", ["Ctrl+Shift+Q"], self.focus_queries)
        self.language = LanguageMenu(self.menus["settings"], window, w.dialogs)
        self._action("help", "shortcuts", [QKeySequence(Qt.Key.Key_F1)], lambda: w.overlay.toggle())
        self._action("help", "about", [], self.show_about)
        self.retranslate()
        question = QShortcut(QKeySequence("?"), window)
        question.activated.connect(lambda: w.overlay.toggle())
        self.case_actions = [self.print_action, self.print_all_action, self.send_action, self.undo_action,
                             self.complete_action, self.reopen_action, self.import_action, self.add_action,
                             self.who_action]
        printing = importlib.util.find_spec("casereader.printing") is not None
        self.print_action.setVisible(printing)
        self.print_all_action.setVisible(printing)
        for a in self.case_actions:
            a.setEnabled(False)

    def _labels(self) -> dict[str, str]:
        """The text of every menu and command, in the interface language."""
        return {
            "file": self.tr("&File"), "edit": self.tr("&Edit"), "case": self.tr("&Case"),
            "settings": self.tr("&Settings"), "help": self.tr("&Help"),
            "start": self.tr("&Start page"), "import": self.tr("&Import a sample (CSV or XLSX)…"),
            "add": self.tr("A&dd a case…"), "who": self.tr("&Who is marking…"),
            "print": self.tr("&Print case sheet"), "print_all": self.tr("Print &all case sheets…"),
            "send": self.tr("S&end marks to the centre…"), "quit": self.tr("&Quit"),
            "undo": self.tr("&Undo last change"), "find": self.tr("&Find a case…"),
            "complete": self.tr("Mark &complete"), "reopen": self.tr("&Reopen for editing…"),
            "summary": self.tr("Case &summary"), "next": self.tr("&Next case"),
            "previous": self.tr("&Previous case"), "details": self.tr("Case &details"),
            "todo": self.tr("&To-do list"), "queries": self.tr("&Queries from the centre"),
            "shortcuts": self.tr("&Keyboard shortcuts"),
            "about": self.tr("&About Casereader"),
        }

    def relabel(self) -> None:
        """Every text of the window again, in the language now installed: the menus and status line in place,
        the start page built anew, and the marking page built anew around the same session. A window already
        closed is left alone."""
        w = self.host
        if not self.window.isVisible():
            return
        self.retranslate()
        w.status.retranslate()
        welcome = w.welcome
        showing_welcome = welcome is not None and w.stack.currentWidget() is welcome
        if welcome is not None:  # built again the next time it is shown
            w.stack.removeWidget(welcome)
            welcome.deleteLater()
            w.welcome = None
        try:
            if showing_welcome or (w.session is None and w.store is not None):
                w.show_welcome()
            elif w.session is not None and w.form is not None:
                w.show_session(None, w.form.current or None)
        except StoreError as exc:  # the store cannot be read just now: say so, as any other page would
            self.window.statusBar().showMessage(str(exc), 8000)

    def retranslate(self) -> None:
        """Give every menu and command its text again (after the interface language changed)."""
        labels = self._labels()
        for name, menu in self.menus.items():
            menu.setTitle(labels[name])
        for name, action in self.named.items():
            action.setText(labels[name])
        self.language.retranslate()

    def _action(self, menu_name: str, name: str, keys: list[QKeySequence | QKeySequence.StandardKey | str],
                slot: Callable[[], object]) -> QAction:
        action = QAction(self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.menus[menu_name].addAction(action)
        self.window.addAction(action)
        self.named[name] = action
        return action

    def open_demo(self) -> None:
        """Open the fictional demo inspection, building it in this data folder the first time."""
        from casereader.demo import ensure_demo

        w = self.host
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            insp = ensure_demo(w.store, [w.paths.forms, w.paths.user_forms])
        except (StoreError, OSError, ValueError) as exc:
            w.dialogs.warn(self.window, self.tr("Could not open the demo"), str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        w.open_inspection(insp.id)

    def show_about(self) -> None:
        from casereader import __version__

        form = ""
        if self.host.session is not None:
            insp = self.host.session.inspection
            form = self.tr("<p>This inspection: {0}, question set {1} (sha256 {2}…).</p>").format(
                insp.title or insp.area, insp.form_key, insp.form_hash[:12])
        self.host.dialogs.about(self.window, self.tr("About Casereader"), self.tr(
            "<h3>Casereader {0}</h3><p>Case file examination for HMCPSI inspectors: guided marking against a "
            "question set, marking sheets, signed and encrypted marks bundles, central reports and moderation."
            "</p>{1}<p>Data folder: {2}</p>").format(__version__, form, self.host.paths.data_dir))

    def show_summary(self) -> None:
        if self.host.session is None or self.host.session.case is None:
            return
        if self.host.form is not None:
            self.host.form.flush_focused_comment()
        from casereader.ui.marking.summary_dialog import SummaryDialog

        dialog = SummaryDialog(self.host.session, self.window)
        dialog.exec()

    def print_case(self) -> None:
        if self.host.session is None or self.host.session.case is None:
            return
        from casereader.ui.marking import printing_bridge

        try:
            path = printing_bridge.print_case(self.host.session, self.host.paths)
        except (StoreError, OSError, RuntimeError) as exc:
            self.host.dialogs.warn(self.window, self.tr("Could not print the case sheet"), str(exc))
            return
        self.window.statusBar().showMessage(self.tr("Case sheet written to {0}").format(path), 8000)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_all(self) -> None:
        if self.host.session is None:
            return
        from casereader.ui.marking import printing_bridge
        from casereader.ui.workers import BackgroundTask

        job, folder = printing_bridge.print_all_job(self.host.session, self.host.paths)
        self.task = BackgroundTask(self.tr("Printing every case sheet"), job, self.window)
        self.task.done.connect(lambda n: self._printed_all(int(n), folder))
        self.task.failed.connect(lambda msg: self.window.statusBar().showMessage(
            msg or self.tr("Printing cancelled."), 8000))
        self.task.start()

    def send_marks(self) -> None:
        """Write the open inspection's marks as a signed, encrypted bundle for the centre."""
        from casereader.ui.marking.marks_export import send_marks

        if self.host.session is None or self.host.store is None:
            return
        if self.host.form is not None:
            self.host.form.flush_focused_comment()
        line = send_marks(self.window, self.host.store, self.host.session.inspection.id, self.host.paths,
                          self.host.dialogs)
        if line:
            self.window.statusBar().showMessage(line, 15000)

    def reopen_case(self) -> None:
        """Case ▸ Reopen for editing: a complete case back to in progress, once the inspector confirms (audited
        with the reason, under the inspector's name)."""
        w = self.host
        if w.session is None or w.form is None or w.session.case is None:
            return
        if w.session.status != CaseStatus.COMPLETE:
            w.form.show_notice(self.tr("Only a complete case needs reopening; this one is {0}.").format(
                status_text(w.session.status).lower() if w.session.status else ""))
            return
        reference = w.session.case.reference
        if not w.dialogs.confirm(self.window, self.tr("Reopen {0}?").format(reference), self.tr(
                "{0} is marked complete. Reopen it to change its answers? It goes back to in progress until you "
                "mark it complete again, and the reopening is recorded under your name ({1}).").format(
                    reference, w.session.actor), self.tr("Reopen for editing")):
            return
        try:
            w.session.reopen("reopened for editing")  # the audit reason: stored as is, not translated
        except StoreError as exc:
            w.dialogs.warn(self.window, self.tr("Could not reopen the case"), str(exc))
            return
        w.form.refresh()
        w.form.show_notice(self.tr("{0} reopened: you can change it now; mark it complete again when done.")
                           .format(reference))
        w.form.start(w.form.current or None)

    def focus_queries(self) -> None:
        """Case ▸ Queries from the centre: to the open case's queries, or say it has none."""
        form = self.host.form
        if form is not None and self.host.session is not None and self.host.session.case is not None \
                and not form.side.focus_queries():
            form.show_notice(self.tr("The centre has sent no queries on this case."))

    def answer_query(self, query_id: str) -> None:
        """Answer query ``query_id`` of the open case: ask (through the dialogs), save the answer (and the changed
        mark, audited with the query as its reason), and show the case as stored. A refusal (a closed query, a
        complete case whose mark would change) is explained. The answer goes back in the next marks bundle."""
        from casereader.core.errors import UserError
        from casereader.sync.device import device_key
        from casereader.sync.reviews import answer_query
        from casereader.ui.marking.local import local_store

        w = self.host
        session, form = w.session, w.form
        if session is None or form is None or session.case is None or session.engine is None:
            return
        query = next((q for q in session.review()[0] if q.id == query_id), None)
        if query is None:
            return
        if query.state == "closed":
            w.dialogs.warn(self.window, self.tr("This query is closed"), self.tr(
                "{0} closed it on {1}; it needs no answer.").format(query.closed_by, query.closed_at[:10]))
            return
        current = session.engine.answer(query.question_id) if query.question_id else None
        given = w.dialogs.answer_query(self.window, query, session.qs, current)
        if given is None:
            return
        text, mark = given
        try:
            answer_query(local_store(session.store), session.inspection.id, query.id, text, actor=session.actor,
                         origin=device_key(w.paths.ensure()).device_id, mark=mark)
        except UserError as exc:
            w.dialogs.warn(self.window, self.tr("Could not answer the query"), str(exc))
            return
        if mark is not None:  # the changed mark, as stored
            session.open_case(session.case.id, query.question_id)
        form.refresh_review()
        form.show_notice(self.tr("Answer to the query saved; it goes to the centre with the next marks bundle."))

    def _intake(self) -> CaseIntake | None:
        from casereader.ui.marking.case_intake import CaseIntake

        session = self.host.session
        if session is None or self.host.store is None:
            return None
        return CaseIntake(self.host.store, session.inspection.id, session.actor, self.host.dialogs, self.window)

    def import_sample(self) -> None:
        """File ▸ Import a sample: cases from a CSV/XLSX file, checked as ``casereader sample import`` does."""
        intake = self._intake()
        if intake is not None:
            self.host.cases_added(intake.choose_sample())

    def add_case(self) -> None:
        intake = self._intake()
        if intake is not None:
            self.host.cases_added(intake.add_one())

    def change_inspector(self) -> None:
        """File ▸ Who is marking: choose again; every later change is recorded under the new name."""
        from casereader.ui.marking.who import who_is_marking

        w = self.host
        if w.session is None or w.store is None:
            return
        try:
            chosen = who_is_marking(w.store, w.session.inspection, w.dialogs, self.window, ask=True)
        except StoreError as exc:
            w.dialogs.warn(self.window, self.tr("Could not change who is marking"), str(exc))
            return
        if chosen:
            w.session.actor = chosen
            w.who.setText(self.tr("Marking as {0}").format(chosen))

    def _printed_all(self, count: int, folder: Path) -> None:
        self.window.statusBar().showMessage(self.tr("{0} case sheets written to {1}").format(count, folder), 10000)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
