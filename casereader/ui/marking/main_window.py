"""The main window: welcome page, or the case list beside the case form, with progress and save state."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casereader.core.inspection import CaseStatus, CaseStore, CaseSummary, StoreError
from casereader.paths import Paths
from casereader.ui.dialogs import Dialogs
from casereader.ui.marking.case_list import CaseListPanel, ListColumns
from casereader.ui.marking.issue_text import round_text, ui_text
from casereader.ui.marking.save_banner import SaveBanner
from casereader.ui.marking.startup import LAST_INSPECTION, InspectionView, Preview
from casereader.ui.marking.status_line import StatusLine
from casereader.ui.marking.window_menu import WindowMenu
from casereader.ui.marking.window_state import WindowState

if TYPE_CHECKING:
    # The form, the session and the start page load the question-set machinery (pydantic, the rule
    # language); they are imported when first needed so the window can paint before they load.
    from casereader.ui.marking.case_form import CaseForm
    from casereader.ui.marking.session import MarkingSession
    from casereader.ui.marking.shortcuts import ShortcutOverlay
    from casereader.ui.marking.welcome import WelcomePage
    from casereader.ui.workers import BackgroundTask


class MainWindow(QMainWindow):
    """Owns the store for its lifetime; one :class:`MarkingSession` per open inspection."""

    def __init__(self, store: CaseStore | None, paths: Paths, parent: QWidget | None = None, *,
                 dialogs: Dialogs | None = None) -> None:
        """``store`` may be ``None`` at first: the window then shows a :class:`Preview` (or an empty page)
        until :meth:`attach` hands it the opened store. ``dialogs`` asks and tells the inspector things."""
        super().__init__(parent)
        self.store = store
        self.paths = paths
        self.dialogs = dialogs or Dialogs()
        self.state = WindowState(paths)
        self.session: MarkingSession | None = None
        self.case_list: CaseListPanel | None = None
        self.form: CaseForm | None = None
        self.split: QSplitter | None = None
        self.form_stack: QStackedWidget | None = None
        self.task: BackgroundTask | None = None
        self.welcome: WelcomePage | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Casereader"))
        icon = paths.icons / "casereader.svg"
        if icon.is_file() and QApplication.windowIcon().isNull():
            self.setWindowIcon(QIcon(str(icon)))
        self.state.restore(self)  # as the inspector left it; the first time, fitted to the screen

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = SaveBanner()
        self.banner.retry.connect(self._retry)
        layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._overlay: ShortcutOverlay | None = None  # built the first time it is shown
        self.status = StatusLine(self.statusBar())
        self.where, self.who, self.progress = self.status.where, self.status.who, self.status.progress
        self.progress_label = self.status.progress_label
        self.menu = WindowMenu(self, self)
        self.case_actions = self.menu.case_actions
        self.relabel_due = QTimer(self, singleShot=True, interval=0)  # one relabel for a translator's swap
        self.relabel_due.timeout.connect(self.menu.relabel)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:  # Settings ▸ Language: every text again, live
            self.relabel_due.start()
        super().changeEvent(event)

    # ------------------------------------------------------------ pages

    @property
    def overlay(self) -> ShortcutOverlay:
        """The keyboard-shortcut overlay (F1 or ?) over the window's central area."""
        if self._overlay is None:
            from casereader.ui.marking.shortcuts import ShortcutOverlay

            self._overlay = ShortcutOverlay(self.centralWidget() or self)
        return self._overlay

    @property
    def ready(self) -> bool:
        """Whether the store is open (before that the window shows the start preview)."""
        return self.store is not None

    def show_preview(self, preview: Preview | None) -> None:
        """Paint the inspection last used from the read-only snapshot while the store opens: its captions, its
        case list (not yet clickable) and a note where the case form will be."""
        note = QLabel(self.tr("Opening…"))
        note.setObjectName("openingNote")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if preview is None:
            self._set_page(note)
            return
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.case_list = CaseListPanel(preview.view.columns)
        self.case_list.setMinimumWidth(300)
        self.case_list.setEnabled(False)
        self.case_list.set_cases(preview.cases)
        if preview.case_id:
            self.case_list.select_case(preview.case_id)
        reference = next((c.reference for c in preview.cases if c.id == preview.case_id), "")
        if reference:
            note.setText(self.tr("Opening {0}…").format(reference))
        split.addWidget(self.case_list)
        split.addWidget(note)
        self._arrange(split)
        self._set_page(split)
        self.setWindowTitle(preview.view.title)
        self.where.setText(preview.view.where)
        self._update_progress(preview.cases)

    def attach(self, store: CaseStore, inspection_id: str | None = None) -> None:
        """Take the opened store and show the given inspection, else the last one used, else the start page."""
        self.store = store
        target = inspection_id or store.get_setting(LAST_INSPECTION)
        known = {i.id for i in store.list_inspections()}
        if target and target in known:
            self.open_inspection(target)
        else:
            self.show_welcome()

    def _set_page(self, page: QWidget) -> None:
        """Make ``page`` the one marking page after the start page (replacing the previous one)."""
        for i in reversed(range(self.stack.count())):
            old = self.stack.widget(i)
            if old is not None and old is not self.welcome:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def show_welcome(self) -> None:
        if self.store is None:
            return
        if self.welcome is None:
            from casereader.ui.marking.welcome import WelcomePage

            self.welcome = WelcomePage(self.store, self.paths, self.dialogs)
            self.welcome.openInspection.connect(self.open_inspection)
            self.welcome.demoRequested.connect(self.menu.open_demo)
            self.stack.insertWidget(0, self.welcome)
        self.welcome.refresh()
        self.stack.setCurrentWidget(self.welcome)
        self.progress.hide()
        self.progress_label.hide()
        self.who.setText("")
        self.where.setText("")
        self.setWindowTitle(self.tr("Casereader"))
        for a in self.case_actions:
            a.setEnabled(False)

    def open_inspection(self, inspection_id: str) -> None:
        """Open an inspection for marking and go back to where the inspector was."""
        from casereader.ui.marking.session import MarkingSession
        from casereader.ui.marking.who import who_is_marking

        if self.store is None:
            return
        try:
            inspection = self.store.get_inspection(inspection_id)
            actor = who_is_marking(self.store, inspection, self.dialogs, self)
            session = None if actor is None else MarkingSession(self.store, inspection_id, actor)
        except StoreError as exc:
            self.dialogs.warn(self, self.tr("Could not open the inspection"), str(exc))
            self.show_welcome()
            return
        if session is None:  # nobody chosen: nothing is marked without a name
            self.show_welcome()
            self.statusBar().showMessage(self.tr("Choose who is marking to open the inspection."), 8000)
            return
        self.session = session
        session.caseUpdated.connect(self._case_updated)
        session.saved.connect(self._saved)
        session.saveFailed.connect(self._save_failed)
        self.show_session(*session.saved_position())

    def show_session(self, case_id: str | None = None, question_id: str | None = None) -> None:
        """The open session's page, built anew: the case list beside the form, at ``case_id`` (else the first case
        not complete) and ``question_id``; after a language change, the open case again as it is."""
        from casereader.ui.marking.case_form import CaseForm
        from casereader.ui.marking.case_intake import EmptyInspection

        if (session := self.session) is None:
            return
        self._leave_inspection()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.case_list = CaseListPanel(ListColumns.of(session.qs))
        self.case_list.setMinimumWidth(min(300, self.width() // 4))
        self.case_list.caseChosen.connect(self.open_case)
        self.form = CaseForm(session)
        self.form.completeRequested.connect(self.mark_complete)
        self.form.reopenRequested.connect(self.reopen)
        self.form.summaryRequested.connect(self.menu.show_summary)
        self.form.side.queryChosen.connect(self.menu.answer_query)
        self.form.leave.connect(lambda _step: self.case_list and self.case_list.table.setFocus(
            Qt.FocusReason.TabFocusReason))
        self.empty = EmptyInspection()
        self.empty.importRequested.connect(self.menu.import_sample)
        self.empty.addRequested.connect(self.menu.add_case)
        self.form_stack = QStackedWidget()
        self.form_stack.addWidget(self.form)
        self.form_stack.addWidget(self.empty)
        split.addWidget(self.case_list)
        split.addWidget(self.form_stack)
        self._arrange(split)
        self.split = split
        self.state.restore_splitter("form", self.form.split)
        self._set_page(split)
        insp = session.inspection
        self.setWindowTitle(self.tr("{0} — Casereader").format(insp.title or insp.area))
        self.where.setText(self.tr("{0} · {1} · {2}").format(insp.area, round_text(insp.round),
                                                                  ui_text(session.qs, "title")))
        session.remember_view(InspectionView(self.windowTitle(), self.where.text(), self.case_list.model.columns))
        for a in self.case_actions:
            a.setEnabled(True)
        self.who.setText(self.tr("Marking as {0}").format(session.actor))
        self._reload_cases()
        if session.case is not None:  # the same case again, in the new language
            self.case_list.select_case(session.case.id)
            session.caseOpened.emit(session.case.id)
            self.form.start(question_id)
            return
        cases = self.case_list.model.rows
        if case_id is None or all(c.id != case_id for c in cases):
            first = next((c for c in cases if c.status != CaseStatus.COMPLETE), cases[0] if cases else None)
            case_id, question_id = (first.id if first else None), None
        if case_id:
            self.open_case(case_id, question_id)

    def _arrange(self, split: QSplitter) -> None:
        """The case list beside the form: as the inspector left it, else a third of the width for the list."""
        split.setStretchFactor(1, 1)
        if not self.state.restore_splitter("main", split):
            split.setSizes([min(400, self.width() // 3), max(self.width() - min(400, self.width() // 3), 1)])

    def _leave_inspection(self) -> None:
        """Keep the splitters of the inspection being left for the next one and the next start."""
        if self.split is not None and self.form is not None:
            self.state.save_splitter("main", self.split)
            self.state.save_splitter("form", self.form.split)
        self.split = None

    def _reload_cases(self) -> None:
        if self.session is None or self.case_list is None:
            return
        cases = self.session.cases()
        self.case_list.set_cases(cases)
        self._update_progress(cases)
        if self.form_stack is not None and self.form is not None:
            self.form_stack.setCurrentWidget(self.form if cases else self.empty)

    def cases_added(self, added: list[CaseSummary]) -> None:
        """After an import or a new case: show them, and open the first new one if no case is open."""
        if not added or self.session is None:
            return
        self._reload_cases()
        self.statusBar().showMessage(self.tr("%n cases added.", "", len(added)), 8000)
        if self.session.case is None:
            self.open_case(added[0].id)

    def _update_progress(self, cases: list[CaseSummary]) -> None:
        self.status.show_progress(cases)

    def open_case(self, case_id: str, question_id: str | None = None) -> None:
        if self.session is None or self.form is None or self.case_list is None:
            return
        if self.session.case is not None and self.session.case.id == case_id and question_id is None:
            self.form.start(self.form.current or None)
            return
        try:
            self.session.open_case(case_id, question_id)
        except StoreError as exc:
            self._save_failed(str(exc))
            return
        self.case_list.select_case(case_id)
        self.form.start(question_id)

    def step_case(self, step: int) -> None:
        if self.session is None or self.case_list is None or self.session.case is None:
            return
        target = self.case_list.neighbour(self.session.case.id, step)
        if target:
            self.open_case(target)

    # ------------------------------------------------------------ commands

    def find_case(self) -> None:
        if self.case_list is not None:
            self.case_list.focus_search()

    def focus_header(self) -> None:
        if self.form is not None:
            self.form.focus_header()

    def focus_issues(self) -> None:
        if self.form is not None:
            self.form.issues.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if self.form.issues.count() and self.form.issues.currentRow() < 0:
                self.form.issues.setCurrentRow(0)

    def undo(self) -> None:
        if self.session is None or self.form is None:
            return
        before = self.session.case.id if self.session.case else None
        step = self.session.undo()  # opens the case the last change was in, if another
        if self.session.case is not None and self.session.case.id != before and self.case_list is not None:
            self.case_list.select_case(self.session.case.id)
        if step is None and self.session.undo_stack and self.session.read_only:
            self.form.show_notice(self.tr("This case is complete, so it is read-only: reopen it to undo."), warn=True)
            return
        if step is None:
            self.statusBar().showMessage(self.tr("Nothing to undo."), 4000)
            return
        self.form.refresh()
        if step.kind == "answer":
            self.form.focus_question(step.key)
        else:
            self.form.focus_header(step.key if step.key in self.form.header.editors else "flags")
        self.form.show_notice(self.tr("Undone: {0} is back to its previous value.").format(step.key))

    def mark_complete(self) -> None:
        if self.session is None or self.form is None or self.session.case is None:
            return
        if self.session.status == CaseStatus.COMPLETE:
            self.form.show_notice(self.tr("This case is already complete."))
            return
        self.form.flush_focused_comment()
        problems = self.session.mark_complete()
        if problems:
            self.form.show_refusal(problems)
            return
        self.form.refresh()
        reference = self.session.case.reference
        self.statusBar().showMessage(self.tr("{0} marked complete.").format(reference), 6000)
        self.form.show_notice(self.tr("{0} marked complete. PgDown opens the next case.").format(reference))

    def reopen(self) -> None:
        self.menu.reopen_case()

    # ------------------------------------------------------------ save state

    def _case_updated(self, summary: CaseSummary) -> None:
        if self.case_list is None:
            return
        self.case_list.model.update_case(summary)
        self._update_progress(self.case_list.model.rows)

    def _saved(self, when: str) -> None:
        if self.session is not None and self.session.unsaved:
            return
        self.status.saved(self.tr("Saved ✓ {0}").format(when), ok=True)
        if self.banner.isVisible() and (self.session is None or not self.session.unsaved):
            self.banner.hide()

    def _save_failed(self, message: str) -> None:
        self.banner.failed(message)
        self.status.saved(self.tr("Not saved ✗"), ok=False)
        if self.form is not None:
            QTimer.singleShot(0, self.form.refresh)

    def _retry(self) -> None:
        if self.session is None:
            return
        self.session.retry_unsaved()
        if self.form is not None:
            self.form.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form is not None:
            self.form.flush_focused_comment()
        self._leave_inspection()
        self.state.save(self)
        if self.session is not None and self.store is not None:
            with contextlib.suppress(StoreError):
                self.store.set_setting(LAST_INSPECTION, self.session.inspection.id)
        super().closeEvent(event)
