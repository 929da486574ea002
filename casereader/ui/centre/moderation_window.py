"""The lead inspector's moderation window over a central store: draw blind second marking, the disagreements
between first and second marks side by side, a panel to record the agreed mark and its reason, and agreement
per question with every agreement statistic. It refreshes itself when new marks reach the central store
(a check every few seconds) and on Refresh (F5)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casereader.central.errors import CentralError
from casereader.central.moderation import (
    InspectionInfo,
    consistency,
    marking_inspections,
    moderated_inspections,
    pair_details,
    resolve,
    store_fingerprint,
)
from casereader.central.second_marking import DrawStatus, draw_status
from casereader.central.store import CentralStore
from casereader.core.questionset import QuestionSet
from casereader.moderation.pairs import Mark, PairDetail
from casereader.ui.centre.moderation_agreement import AgreementView, labelled_combo, table
from casereader.ui.centre.moderation_draw import DrawDialog, default_keys_dir
from casereader.ui.centre.moderation_query import ask_first_marker

NA_VALUE = "n/a"
WATCH_MS = 3000  # how often the window checks the central store for newly imported marks


class ModerationWindow(QMainWindow):
    """Open on a central store URL (and optionally one marking inspection id). ``keys_dir`` holds the central
    keys that sign the second-marking packs (default: the ``central-keys`` folder beside a SQLite central store,
    as in a centre's data folder, else the one in the data folder)."""

    def __init__(self, url: str, inspection: str | None = None, *, moderator: str = "",
                 keys_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = CentralStore.open(url)
        self.url = url
        self.keys_dir = keys_dir or default_keys_dir(url)
        self.qs: QuestionSet | None = None
        self.rows: list[PairDetail] = []
        self.infos: dict[str, InspectionInfo] = {}
        self.status: DrawStatus | None = None
        self.draw_dialog: DrawDialog | None = None
        self.setWindowTitle(self.tr("Moderation"))
        self.setAccessibleName(self.tr("Moderation of second marking"))
        self.resize(1100, 720)
        central = QWidget(self)
        layout = QVBoxLayout(central)

        top, self.inspections = labelled_combo(self.tr("&Inspection:"), self.tr("Inspection to moderate"))
        self.draw_action, self.draw_button = self._command(
            self.tr("&Draw second marking…"), "Ctrl+D", self.tr("Draw second marking"),
            self.tr("Choose cases for blind second marking and write the packs (Ctrl+D)"), self.open_draw_dialog)
        top.addWidget(self.draw_button)
        self.refresh_action, self.refresh_button = self._command(
            self.tr("Refres&h"), "F5", self.tr("Refresh from the central store"),
            self.tr("Reload marks that reached the central store (F5)"), self.refresh)
        top.addWidget(self.refresh_button)
        self.query_action, self.query_button = self._command(
            self.tr("As&k the first marker…"), "Ctrl+Shift+Q", self.tr("Open a query to the first marker"),
            self.tr("Ask the first marker about the chosen mark, in the next query pack (Ctrl+Shift+Q)"),
            self.ask_first_marker)
        top.addWidget(self.query_button)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Second marking summary"))
        layout.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = table(self.tr("Disagreements between first and second marks"),
                           [self.tr("Case"), self.tr("Question"), self.tr("First mark"), self.tr("First comment"),
                            self.tr("Second mark"), self.tr("Second comment")],
                           wrap=(3, 5), caps={2: 140, 4: 140})  # marks wrap; the comments share the rest
        split.addWidget(self.table)
        split.addWidget(self._panel(moderator))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([680, 420])
        layout.addWidget(split, 3)

        self.agreement_view = AgreementView()
        self.agreement = self.agreement_view.table
        layout.addWidget(self.agreement_view, 2)
        self.setCentralWidget(central)
        self.fingerprint: tuple[object, ...] | None = None
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self.check_for_new_marks)
        self.watch.start()

        self.table.itemSelectionChanged.connect(lambda: self._show_question(self.current()))
        self.inspections.currentIndexChanged.connect(self._inspection_changed)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.record)  # (a child: kept alive)
        self._fill_inspections(inspection)

    # -- building ----------------------------------------------------------------------------------------
    def _command(self, text: str, shortcut: str, name: str, tip: str,
                 slot: Callable[[], object]) -> tuple[QAction, QPushButton]:
        """A window action with its shortcut, and a button that triggers it."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.clicked.connect(action.trigger)
        return action, button

    def _panel(self, moderator: str) -> QWidget:
        box = QGroupBox(self.tr("Agreed mark"))
        box.setAccessibleName(self.tr("Record the agreed mark"))
        form = QVBoxLayout(box)
        self.question = QLabel(self.tr("Choose a disagreement on the left."))
        self.question.setWordWrap(True)
        self.question.setAccessibleName(self.tr("Question being moderated"))
        form.addWidget(self.question)
        self.marks_shown = QLabel()
        self.marks_shown.setWordWrap(True)
        self.marks_shown.setTextFormat(Qt.TextFormat.PlainText)
        self.marks_shown.setAccessibleName(self.tr("First and second marks with their comments"))
        form.addWidget(self.marks_shown)
        self.buttons_row = QGridLayout()  # two a row: option labels are long and the panel is narrow
        form.addLayout(self.buttons_row)
        self.choice = QButtonGroup(self)
        self.choice.setExclusive(True)
        fields = QFormLayout()
        self.na_reason = QComboBox()
        self.na_reason.setEditable(True)
        self.na_reason.setAccessibleName(self.tr("Reason the question does not apply"))
        self.choice.buttonToggled.connect(lambda *_: self.na_reason.setEnabled(self.chosen_mark() == NA_VALUE))
        fields.addRow(self.tr("N/A reason:"), self.na_reason)
        self.comment = QLineEdit()
        self.comment.setAccessibleName(self.tr("Comment on the agreed mark"))
        fields.addRow(self.tr("Co&mment:"), self.comment)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Why this is the agreed mark (required)"))
        self.reason.setAccessibleName(self.tr("Reason for the agreed mark"))
        self.reason.setMaximumHeight(90)
        fields.addRow(self.tr("&Reason:"), self.reason)
        self.moderator = QLineEdit(moderator or os.environ.get("CASEREADER_INSPECTOR") or getpass.getuser())
        self.moderator.setAccessibleName(self.tr("Moderator's name"))
        fields.addRow(self.tr("M&oderator:"), self.moderator)
        form.addLayout(fields)
        self.record_button = QPushButton(self.tr("Re&cord agreed mark"))
        self.record_button.setAccessibleName(self.tr("Record the agreed mark"))
        self.record_button.setToolTip(self.tr("Ctrl+Return"))
        self.record_button.clicked.connect(self.record)
        form.addWidget(self.record_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Moderation message"))
        form.addWidget(self.message)
        form.addStretch(1)
        return box

    def _fill_inspections(self, wanted: str | None) -> None:
        self.inspections.blockSignals(True)
        self.inspections.clear()
        self.infos = {info.id: info for info in marking_inspections(self.store)}
        for info in self.infos.values():
            self.inspections.addItem(f"{info.title or info.id} — {info.id[:8]}", info.id)
        drawn = {info.id for info in moderated_inspections(self.store)}
        ids = [str(self.inspections.itemData(i)) for i in range(self.inspections.count())]
        index = next((i for i, iid in enumerate(ids) if wanted and iid.startswith(wanted)),
                     next((i for i, iid in enumerate(ids) if iid in drawn), 0))
        self.inspections.setCurrentIndex(index)
        self.inspections.blockSignals(False)
        self.refresh()

    def _inspection_changed(self) -> None:
        self.message.clear()
        self.refresh()

    # -- state -------------------------------------------------------------------------------------------
    @property
    def inspection_id(self) -> str | None:
        data = self.inspections.currentData()
        return str(data) if data else None

    def check_for_new_marks(self) -> bool:
        """Refresh if marks were imported (or changed) at the centre since the last refresh; True if it did.
        Not while the draw dialog is open: it refreshes the window itself when the draw is done."""
        if self.draw_dialog is not None and self.draw_dialog.isVisible():
            return False
        try:
            now = store_fingerprint(self.store)
        except CentralError:
            return False
        if now == self.fingerprint:
            return False
        self.refresh()
        return True

    def refresh(self) -> None:
        """Reload the disagreements and the agreement figures from the central store, keeping the chosen
        disagreement selected when it is still open."""
        kept, kept_mark = self.current(), self.chosen_mark()
        try:
            self.fingerprint = store_fingerprint(self.store)
        except CentralError:
            self.fingerprint = None
        self.table.setRowCount(0)
        self.agreement_view.clear()
        self.rows = []
        self.status = None
        if self.inspection_id is None:
            self.summary.setText(self.tr("No marking inspection in the central store yet: import the inspectors' "
                                         "bundles first."))
            for w in (self.draw_action, self.draw_button):
                w.setEnabled(False)
            self._show_question(None)
            return
        try:
            self.status = draw_status(self.store, self.inspection_id)
            _info, self.qs, pairs = pair_details(self.store, self.inspection_id)
            section = consistency(self.store, self.inspection_id)[1]
        except CentralError as exc:
            self.message.setText(str(exc))
            return
        for w in (self.draw_action, self.draw_button):
            w.setEnabled(not self.status.drawn)
        self.draw_button.setToolTip(self.draw_action.toolTip() if not self.status.drawn else self.tr(
            "Second marking was drawn on {at} with seed {seed}").format(at=self.status.drawn_at, seed=self.status.seed))
        self.rows = [p for p in pairs if p.differs and p.resolution is None]
        self.table.setRowCount(len(self.rows))
        for r, p in enumerate(self.rows):
            for c, text in enumerate((p.reference, p.question_id, self._label(p.question_id, p.first),
                                      p.first.comment, self._label(p.question_id, p.second), p.second.comment)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.fit()
        self.summary.setText(self._summary(self.status, section.overall.pairs, section.cases, section.resolutions))
        self.agreement_view.show_section(section)
        if self.rows:
            keys = [(p.reference, p.question_id) for p in self.rows]
            wanted = (kept.reference, kept.question_id) if kept else None
            self.table.selectRow(keys.index(wanted) if wanted in keys else 0)
            for button in self.choice.buttons() if wanted in keys else ():  # a check of the store while the
                button.setChecked(button.property("mark") == kept_mark)  # moderator chooses keeps the choice
        else:
            self._show_question(None)

    def _summary(self, status: DrawStatus, pairs: int, cases: int, resolved: int) -> str:
        if not status.drawn:
            return self.tr("Second marking not drawn yet: %n cases marked complete at the centre "
                           "(per casework type: {eligible}). Use Draw second marking… to choose cases.", "",
                           status.marked).format(eligible=status.eligible_text())
        return self.tr("{drawn} cases drawn for second marking (seed {seed}), {awaiting} awaiting second marks; "
                       "{pairs} pairs on {cases} cases; {open} disagreements to resolve, {done} resolved").format(
            drawn=status.drawn, seed=status.seed, awaiting=status.awaiting, pairs=pairs, cases=cases,
            open=len(self.rows), done=resolved)

    # -- drawing -----------------------------------------------------------------------------------------
    def open_draw_dialog(self) -> DrawDialog | None:
        """Open the draw dialog on the chosen inspection (not modal to the app: window-modal, returns at once)."""
        iid = self.inspection_id
        if iid is None or self.status is None:
            return None
        if self.draw_dialog is not None:
            self.draw_dialog.deleteLater()
        dialog = DrawDialog(self.url, self.infos[iid], self.status, self.keys_dir, self)
        dialog.drawn.connect(self._drawn)
        self.draw_dialog = dialog
        dialog.open()
        return dialog

    def _drawn(self, issued: list[object]) -> None:
        self.refresh()
        self.message.setText(self.tr("Second marking drawn: %n packs written.", "", len(issued)))

    def current(self) -> PairDetail | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _label(self, qid: str, mark: Mark) -> str:
        if mark.na or self.qs is None or mark.value is None:
            return mark.shown
        option = self.qs.scale_of(qid).option(mark.value)
        return option.label if option else mark.shown

    def _show_question(self, pair: PairDetail | None) -> None:
        for button in self.choice.buttons():
            self.choice.removeButton(button)
            self.buttons_row.removeWidget(button)
            button.deleteLater()
        self.na_reason.clear()
        enabled = pair is not None and self.qs is not None
        for w in (self.record_button, self.reason, self.comment):
            w.setEnabled(enabled)
        self.na_reason.setEnabled(False)
        if pair is None or self.qs is None:
            self.question.setText(self.tr("Choose a disagreement on the left."))
            self.marks_shown.setText("")
            return
        q = self.qs.question(pair.question_id)
        self.question.setText(self.tr("{case}, {qid}: {text}").format(case=pair.reference, qid=q.id, text=q.text))
        first = self.tr("First ({who}): {mark}").format(who=pair.first.inspector,
                                                         mark=self._label(q.id, pair.first))
        second = self.tr("Second ({who}): {mark}").format(who=pair.second.inspector,
                                                           mark=self._label(q.id, pair.second))
        commented = self.tr("{mark} — “{comment}”")
        lines = [commented.format(mark=text, comment=m.comment) if m.comment else text
                 for text, m in ((first, pair.first), (second, pair.second))]
        self.marks_shown.setText("\n".join(lines))
        options: list[tuple[str, str, str]] = [(o.value, o.label, o.key or "")
                                               for o in self.qs.scale_of(q.id).options]
        if q.na.allowed:
            options.append((NA_VALUE, self.tr("Not applicable"), ""))
            self.na_reason.addItems(list(q.na.reasons))
        for n, (value, label, key) in enumerate(options):
            button = QPushButton(f"{label} ({key})" if key else label)
            button.setCheckable(True)
            button.setProperty("mark", value)
            button.setAccessibleName(self.tr("Agreed mark: {label}").format(label=label))
            if key:
                button.setShortcut(QKeySequence(key))
            self.choice.addButton(button)
            self.buttons_row.addWidget(button, n // 2, n % 2)

    # -- recording ---------------------------------------------------------------------------------------
    def chosen_mark(self) -> str | None:
        button = self.choice.checkedButton()
        return None if button is None else str(button.property("mark"))

    def record(self) -> bool:
        """Record the agreed mark of the selected disagreement; True if it was stored."""
        pair, mark = self.current(), self.chosen_mark()
        if pair is None or self.inspection_id is None:
            self.message.setText(self.tr("Choose a disagreement first."))
            return False
        if mark is None:
            self.message.setText(self.tr("Choose the agreed mark."))
            return False
        if not self.reason.toPlainText().strip():
            self.message.setText(self.tr("Give the reason for the agreed mark."))
            self.reason.setFocus()
            return False
        if not self.moderator.text().strip():
            self.message.setText(self.tr("Give the moderator's name."))
            self.moderator.setFocus()
            return False
        na_reason = self.na_reason.currentText().strip() if mark == NA_VALUE else ""
        try:
            done = resolve(self.store, self.inspection_id, pair.reference, pair.question_id, mark,
                           reason=self.reason.toPlainText().strip(), moderator=self.moderator.text().strip(),
                           na_reason=na_reason, comment=self.comment.text().strip())
        except CentralError as exc:
            self.message.setText(str(exc))
            return False
        self.reason.clear()
        self.comment.clear()
        shown = done.resolution.mark.shown if done.resolution else mark
        self.refresh()
        self.message.setText(self.tr("Recorded {mark} for {case} {qid}; both original marks are kept.")
                             .format(mark=shown, case=pair.reference, qid=pair.question_id))
        self.table.setFocus()
        return True

    def ask_first_marker(self, text: str | None = None) -> bool:  # a query on the chosen disagreement
        said, opened = ask_first_marker(self, self.store, self.inspection_id, self.current(), self.moderator.text(),
                                        text)
        self.message.setText(said)
        return opened

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watch.stop()
        self.store.close()
        super().closeEvent(event)

