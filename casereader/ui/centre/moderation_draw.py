"""The "Draw second marking" dialog of the moderation window: the options of ``casereader central moderation
draw`` (share, minimum per casework type, seed, extra second inspectors, output folder) and the central key
passphrase; the draw runs off the GUI thread and the dialog then lists who second-marks which case and the
packs written."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casereader.central.keys import central_keys_dir, load_central_keys
from casereader.central.moderation import InspectionInfo
from casereader.central.second_marking import DrawStatus, IssuedCopy, draw
from casereader.central.store import CentralStore
from casereader.paths import resolve as resolve_paths
from casereader.ui.workers import BackgroundTask, Cancelled, Job, Progress


def default_keys_dir(url: str) -> Path:
    """The central keys beside a SQLite central store (as in a centre's data folder), else the data folder's."""
    if url.startswith("sqlite:///"):
        beside = central_keys_dir(Path(url.removeprefix("sqlite:///")).parent)
        if beside.is_dir():
            return beside
    return central_keys_dir(resolve_paths().data_dir)


def draw_job(url: str, keys_dir: Path, passphrase: str, inspection_id: str, *, fraction: float, seed: int,
             min_per_type: int, out_dir: Path, team: Sequence[str]) -> Job:
    """The draw as a background job: unlock the keys, then draw on a store opened in the worker thread."""

    def job(progress: Progress, cancelled: Callable[[], bool]) -> list[IssuedCopy]:
        progress(0, 0, Q.translate("DrawDialog", "Unlocking the central keys…"))
        keys = load_central_keys(keys_dir, passphrase)
        if cancelled():
            raise Cancelled()
        progress(0, 0, Q.translate("DrawDialog", "Drawing the cases and writing the packs…"))
        store = CentralStore.open(url)
        try:
            return draw(store, keys, inspection_id, fraction=fraction, seed=seed, min_per_type=min_per_type,
                        out_dir=out_dir, team=team)
        finally:
            store.close()

    return job


def names(text: str) -> list[str]:
    """Inspector names typed one after another, separated by commas or semicolons."""
    return list(dict.fromkeys(n.strip() for n in re.split(r"[,;]", text) if n.strip()))


class DrawDialog(QDialog):
    """Draw blind second marking of one marking inspection. Emits ``drawn`` with the issued packs."""

    drawn = Signal(object)  # list[IssuedCopy]

    def __init__(self, url: str, inspection: InspectionInfo, status: DrawStatus, keys_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url, self.inspection, self.keys_dir, self.status = url, inspection, keys_dir, status
        self.task: BackgroundTask | None = None
        self.issued: list[IssuedCopy] = []
        self.setWindowTitle(self.tr("Draw second marking"))
        self.setAccessibleName(self.tr("Draw second marking"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)

        who = ", ".join(status.first_markers) or self.tr("nobody yet")
        self.about = QLabel(self.tr("{title} ({id}): %n cases marked complete at the centre, marked by {who}. "
                                    "Eligible per casework type: {eligible}. Only cases marked complete are drawn.",
                                    "", status.marked).format(title=inspection.title or self.tr("Inspection"),
                                                              id=inspection.id[:8], who=who,
                                                              eligible=status.eligible_text()))
        self.about.setWordWrap(True)
        self.about.setAccessibleName(self.tr("Inspection to draw from"))
        layout.addWidget(self.about)

        self.options = QWidget()
        form = QFormLayout(self.options)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fraction = QDoubleSpinBox()
        self.fraction.setRange(0.1, 100.0)
        self.fraction.setDecimals(1)
        self.fraction.setValue(10.0)
        self.fraction.setSuffix(" %")
        self.fraction.setAccessibleName(self.tr("Share of each inspector's cases, in per cent"))
        self._row(form, self.tr("&Fraction of each inspector's cases:"), self.fraction)
        self.min_per_type = QSpinBox()
        self.min_per_type.setRange(0, 999)
        self.min_per_type.setValue(1)
        self.min_per_type.setAccessibleName(self.tr("Minimum cases per casework type"))
        self._row(form, self.tr("&Minimum per casework type:"), self.min_per_type)
        self.seed = QLineEdit(str(100000 + secrets.randbelow(900000)))
        self.seed.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?\d{1,18}"), self.seed))
        self.seed.setAccessibleName(self.tr("Random seed"))
        self.seed.setToolTip(self.tr("Keep this number: the same seed draws the same cases."))
        self._row(form, self.tr("&Seed:"), self._with_note(self.seed, self.tr(
            "Note it down: the same seed draws the same cases.")), buddy=self.seed)
        self.extra = QLineEdit()
        self.extra.setPlaceholderText(self.tr("optional: names separated by commas"))
        self.extra.setAccessibleName(self.tr("Extra second inspectors"))
        self._row(form, self.tr("&Extra second inspectors:"), self._with_note(self.extra, self.tr(
            "Whoever marked the inspection second-marks too; never their own cases.")), buddy=self.extra)
        self.out_dir = QLineEdit()
        self.out_dir.setPlaceholderText(self.tr("folder to write the sample packs to"))
        self.out_dir.setAccessibleName(self.tr("Output folder for the packs"))
        self.browse = QPushButton(self.tr("&Browse…"))
        self.browse.setAccessibleName(self.tr("Choose the output folder"))
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._choose_folder)
        folder = QHBoxLayout()
        folder.setContentsMargins(0, 0, 0, 0)
        folder.addWidget(self.out_dir, 1)
        folder.addWidget(self.browse)
        folder_box = QWidget()
        folder_box.setLayout(folder)
        self._row(form, self.tr("&Output folder:"), folder_box, buddy=self.out_dir)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Central key passphrase"))
        self._row(form, self.tr("Central key &passphrase:"), self.passphrase)
        layout.addWidget(self.options)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Draw message"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.result_view = QPlainTextEdit()
        self.result_view.setReadOnly(True)
        self.result_view.setAccessibleName(self.tr("Cases drawn and packs written"))
        self.result_view.setVisible(False)
        self.result_view.setMinimumHeight(180)
        layout.addWidget(self.result_view, 1)

        self.buttons = QDialogButtonBox()
        self.draw_button = self.buttons.addButton(self.tr("&Draw"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.draw_button.setAccessibleName(self.tr("Draw the cases and write the packs"))
        self.draw_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setAccessibleName(self.tr("Close without drawing"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.inputs: tuple[QWidget, ...] = (self.fraction, self.min_per_type, self.seed, self.extra, self.out_dir,
                                            self.browse, self.passphrase, self.draw_button)
        for first, second in zip(self.inputs, self.inputs[1:]):
            QWidget.setTabOrder(first, second)
        self.fraction.setFocus()

    def _row(self, form: QFormLayout, text: str, field: QWidget, *, buddy: QWidget | None = None) -> None:
        label = QLabel(text)
        label.setBuddy(buddy or field)
        form.addRow(label, field)

    def _with_note(self, field: QLineEdit, note: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        hint = QLabel(note)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # drawn in the palette's secondary text colour
        column.addWidget(hint)
        return box

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the second-marking packs"),
                                                  self.out_dir.text())
        if chosen:
            self.out_dir.setText(chosen)

    # -- drawing -----------------------------------------------------------------------------------------
    def _refuse(self, text: str, field: QWidget) -> bool:
        self.message.setText(text)
        field.setFocus()
        return False

    def start(self) -> bool:
        """Check the options and start the draw in the background; False (with a message) if an option is bad."""
        if self.task is not None and self.task.running:
            return False
        if not self.seed.hasAcceptableInput():
            return self._refuse(self.tr("Give the seed as a whole number."), self.seed)
        if not self.out_dir.text().strip():
            return self._refuse(self.tr("Choose the output folder for the packs."), self.out_dir)
        out_dir = Path(self.out_dir.text().strip()).expanduser()
        if out_dir.exists() and not out_dir.is_dir():
            return self._refuse(self.tr("{path} is a file: choose a folder for the packs.").format(path=out_dir),
                                self.out_dir)
        if not self.passphrase.text():
            return self._refuse(self.tr("Give the central key passphrase."), self.passphrase)
        self.message.setText(self.tr("Drawing…"))
        self._set_busy(True)
        seed = int(self.seed.text())
        job = draw_job(self.url, self.keys_dir, self.passphrase.text(), self.inspection.id,
                       fraction=self.fraction.value() / 100, seed=seed, min_per_type=self.min_per_type.value(),
                       out_dir=out_dir, team=names(self.extra.text()))
        self.task = BackgroundTask(self.tr("Drawing second marking"), job, self)
        self.task.done.connect(lambda issued: self._finished(issued, seed))
        self.task.failed.connect(self._failed)
        self.task.start()
        return True

    def _set_busy(self, busy: bool) -> None:
        for w in (*self.inputs, self.close_button):
            w.setEnabled(not busy)

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            return  # the draw is one transaction: it finishes (or fails) first
        super().reject()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.message.setText(message or self.tr("Cancelled: nothing was drawn."))
        if "passphrase" in message:
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def _finished(self, issued: list[IssuedCopy], seed: int) -> None:
        self.issued = list(issued)
        self.passphrase.clear()
        self.message.setText(self.tr("Second marking drawn. Send each inspector their pack: they import it from "
                                     "the start page (Import a sample pack…) or with casereader pack import."))
        self.result_view.setPlainText(self.result_text(self.issued, seed=seed, percent=self.fraction.value(),
                                                       min_per_type=self.min_per_type.value(), status=self.status))
        self.options.setVisible(False)  # what was chosen is in the result's first line
        self.result_view.setVisible(True)
        self.draw_button.setVisible(False)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setEnabled(True)
        self.close_button.setFocus()
        self.drawn.emit(self.issued)

    def result_text(self, issued: Sequence[IssuedCopy], *, seed: int, percent: float, min_per_type: int,
                    status: DrawStatus | None = None) -> str:
        """Who second-marks which case, and the pack each inspector is sent (as the command line prints it),
        after the eligible cases per casework type when ``status`` is given."""
        cases = sum(len(i.cases) for i in issued)
        who = self.tr("%n second inspectors", "", len(issued))
        lines = [self.tr("Seed {seed}: %n cases drawn for {who} ({percent}% of each inspector's cases, at least "
                         "{least} per casework type).", "", cases).format(seed=seed, who=who, percent=f"{percent:g}",
                                                                           least=min_per_type)]
        if status is not None:
            lines.append(self.tr("Eligible cases (marked complete) per casework type: {0}.").format(
                status.eligible_text()))
        for item in issued:
            lines += ["", self.tr("{inspector}: %n cases, inspection {id}", "", len(item.cases)).format(
                inspector=item.inspector, id=item.inspection_id), self.tr("  pack {0}").format(item.path)]
            lines += [self.tr("  {ref}  first marked by {first}  ->  second marked by {second}").format(
                ref=ref, first=first, second=item.inspector) for _new, _orig, ref, first in item.cases]
        return "\n".join(lines)
