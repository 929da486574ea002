"""The central dashboard: measures and themes by Area with their sample sizes, an Area bar chart with the
national line, for one round and one question-set version at a time (they are never pooled), filterable by
casework type and Area, and exported as a draft or, once the publication checks pass, as final.

Loading and exporting run as :class:`~casereader.ui.workers.BackgroundTask` jobs; the widgets only display
the report model a job returns. Closing the dashboard cancels a running job and drops its result.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casereader.reports.aggregate import pool_groups
from casereader.reports.model import Report, ScoreRow
from casereader.ui.centre.area_chart import AreaBarChart, percent
from casereader.ui.centre.dashboard_jobs import ALL, EXPORT_FORMATS, Filters, Loaded, export, load
from casereader.ui.translation import current_language
from casereader.ui.workers import BackgroundTask

_RUNNING: set[Any] = set()
_Index = QModelIndex | QPersistentModelIndex


class ScoreTableModel(QAbstractTableModel):
    """Rows: Areas, then National (pooled) and National (mean of Areas); columns: each score and its n answers.
    Headers are wrapped onto lines, never cut; the mean of Areas has no n (it weighs each Area equally)."""

    HEADER_WIDTH = 22  # characters per header line

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ScoreRow] = []
        self.areas: list[str] = []
        self.labels = (self.tr("National (pooled)"), self.tr("National (mean of Areas)"))

    def set_rows(self, rows: list[ScoreRow], areas: list[str]) -> None:
        self.beginResetModel()
        self.rows, self.areas = rows, areas
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.rows else len(self.areas) + 2

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + 2 * len(self.rows)

    def title(self, section: int) -> str:
        if section == 0:
            return self.tr("Area")
        return self.rows[(section - 1) // 2].title if section % 2 else self.tr("n answers")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return textwrap.fill(self.title(section), self.HEADER_WIDTH, break_long_words=False,
                                 break_on_hyphens=False)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.title(section) if section % 2 or section == 0 else self.tr(
                "n answers: the scored answers behind the figure")
        return None

    def cell(self, r: int, c: int) -> str:
        if c == 0:
            return self.areas[r] if r < len(self.areas) else self.labels[r - len(self.areas)]
        row = self.rows[(c - 1) // 2]
        if r < len(self.areas):
            a = row.area(self.areas[r])
            if a is None:
                return "–"
            return percent(a.figure.published) if c % 2 else str(a.figure.n)
        if r == len(self.areas):
            return percent(row.pooled.published) if c % 2 else str(row.pooled.n)
        return percent(row.mean_of_areas) if c % 2 else "–"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(r, c)
        if role == Qt.ItemDataRole.TextAlignmentRole and c > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and r >= len(self.areas):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole and r == len(self.areas) + 1 and c > 0 and c % 2 == 0:
            return self.tr("The mean of Areas weighs each Area equally: it has no count of answers")
        return None


class CentralDashboard(QWidget):
    """Central figures for the centre's staff: ``CentralDashboard(db_url)``."""

    loaded = Signal()
    exported = Signal(list)  # the blockers' lines; [] when the file was written

    def __init__(self, db_url: str, parent: QWidget | None = None, *, fonts_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Central dashboard"))
        self.db_url, self.fonts_dir = db_url, fonts_dir
        self.report: Report | None = None
        self.current: Loaded | None = None
        self.task: BackgroundTask | None = None
        self.message: QMessageBox | None = None
        self._pending = False
        self._closing = False

        self.round_box, self.version_box, self.type_box, self.area_box = (QComboBox() for _ in range(4))
        self.kind_box, self.score_box = QComboBox(), QComboBox()
        self.kind_box.addItem(self.tr("Measures"), "measure")
        self.kind_box.addItem(self.tr("Themes"), "theme")
        bar, actions = QHBoxLayout(), QHBoxLayout()  # the selection on one row, what to do with it on the next
        for box, name in ((self.round_box, self.tr("&Round:")), (self.version_box, self.tr("&Question set:")),
                          (self.type_box, self.tr("&Casework type:")), (self.area_box, self.tr("&Area:")),
                          (self.kind_box, self.tr("S&how:")), (self.score_box, self.tr("C&hart:"))):
            box.setAccessibleName(name.replace("&", "").rstrip(":"))
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            if box is not self.score_box:
                label = QLabel(name)
                label.setBuddy(box)
                row = actions if box is self.kind_box else bar
                row.addWidget(label)
                row.addWidget(box)
        bar.addStretch(1)
        actions.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.final_box = QCheckBox(self.tr("F&inal (for publication)"))
        self.final_box.setToolTip(self.tr("Export only if every publication check passes; otherwise the export is "
                                          "stamped DRAFT"))
        self.export_button = QPushButton(self.tr("&Export report…"))
        for w in (self.refresh_button, self.final_box, self.export_button):
            actions.addWidget(w)

        self.model = ScoreTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Scores by Area"))
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.chart = AreaBarChart()
        chart_bar = QHBoxLayout()
        chart_label = QLabel(self.tr("C&hart:"))
        chart_label.setBuddy(self.score_box)
        chart_bar.addWidget(chart_label)
        chart_bar.addWidget(self.score_box, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(chart_bar)
        lower_layout.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        self.selection = QLabel()
        self.selection.setWordWrap(True)
        self.selection.setAccessibleName(self.tr("What the figures cover"))
        self.selection.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Status"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.selection)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        for box in (self.round_box, self.version_box, self.area_box):
            box.activated.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_export)
        self.type_box.activated.connect(self._show)
        self.kind_box.activated.connect(self._show)
        self.score_box.activated.connect(self._show_chart)
        self.refresh()

    # -- background jobs -----------------------------------------------------------------------------------
    def filters(self) -> Filters:
        return Filters(self.round_box.currentData() or ALL, self.version_box.currentData() or ALL,
                       self.type_box.currentData() or ALL, self.area_box.currentData() or ALL)

    def is_busy(self) -> bool:
        return self.task is not None and self.task.running

    def _start(self, title: str, job: Any, done: Any, failure: str) -> None:
        task = BackgroundTask(title, job, self)
        task.done.connect(lambda result: self._ended(task, done, result))
        task.failed.connect(lambda message: self._ended(task, lambda m: self._on_failed(failure, m), message))
        _RUNNING.add(task._runnable)  # kept alive until the job ends, even if the dashboard is closed first
        task.signals.finished.connect(lambda _result: _RUNNING.discard(task._runnable))
        task.signals.failed.connect(lambda _message: _RUNNING.discard(task._runnable))
        self.task = task
        self.refresh_button.setEnabled(False)
        self.export_button.setEnabled(False)
        task.start()

    def _ended(self, task: BackgroundTask, handler: Any, result: Any) -> None:
        if task is not self.task or self._closing:  # a job of a closed dashboard: its result is dropped
            return
        self.task = None
        self.refresh_button.setEnabled(True)
        self.export_button.setEnabled(self.report is not None)
        handler(result)
        if self._pending:
            self._pending = False
            self.refresh()

    def refresh(self) -> None:
        """Aggregate again for the current filters, off the GUI thread."""
        if self.is_busy():
            self._pending = True
            return
        filters = self.filters()
        self.status.setText(self.tr("Reading the central store…"))
        self._start(self.tr("Aggregating"), lambda progress, cancelled: load(self.db_url, filters, progress, cancelled),
                    self._on_loaded, self.tr("Could not aggregate: {0}"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        if self.task is not None:
            self.task.cancel()
        super().closeEvent(event)

    def _on_failed(self, failure: str, message: str) -> None:
        self.status.setText(failure.format(message) if message else self.tr("Stopped"))
        self.loaded.emit()

    def _on_loaded(self, loaded: Loaded) -> None:
        self.current, self.report = loaded, loaded.report
        sel = loaded.selection
        self._fill(self.round_box, loaded.rounds, None, sel.rounds[0])
        self._fill(self.version_box, loaded.question_sets, None, f"{sel.form_id}@{sel.form_version}")
        self._fill(self.type_box, loaded.casework_types, self.tr("All casework types"), None,
                   loaded.report.group_labels.get("casework_type", {}))
        self._fill(self.area_box, loaded.areas, self.tr("All Areas"), None)
        self.status.setText(self.tr("{0} cases in {1} Areas").format(sum(loaded.report.cases.values()),
                                                                      len(loaded.report.areas)))
        self.export_button.setEnabled(True)
        self._show()
        self.loaded.emit()

    def _fill(self, box: QComboBox, values: list[str], everything: str | None, chosen: str | None,
              labels: Mapping[str, str] | None = None) -> None:
        current = chosen if chosen is not None else box.currentData()
        box.clear()
        if everything is not None:
            box.addItem(everything, ALL)
        for v in values:
            box.addItem((labels or {}).get(v, v), v)
        box.setCurrentIndex(max(box.findData(current), 0))

    # -- export --------------------------------------------------------------------------------------------
    def choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), "report.pdf",
                                              self.tr("Report (*.pdf *.xlsx *.csv *.json)"))
        if name:
            self.export_to(Path(name), final=self.final_box.isChecked())

    def export_to(self, path: Path, *, final: bool) -> None:
        """Export the current selection (final: refused, listing the blockers, unless the checks pass)."""
        if self.current is None or self.is_busy():
            return
        if path.suffix.lower() not in EXPORT_FORMATS:
            self._tell(self.tr("Choose a file ending .pdf, .xlsx, .csv or .json."), [])
            return
        loaded, lang = self.current, current_language()  # a PDF's fixed text in the interface language
        self._start(self.tr("Exporting"), lambda progress, cancelled: export(
            self.db_url, loaded, path, final, self.fonts_dir, progress, cancelled, lang=lang),
            lambda lines: self._exported(path, final, lines), self.tr("Could not export: {0}"))

    def _exported(self, path: Path, final: bool, lines: list[str]) -> None:
        if lines:
            self._tell(self.tr("Not exported: a final report needs a secure evidence base, and %n things stand "
                               "in the way:", "", len(lines)), lines)
        else:
            self.status.setText(self.tr("Exported {0} ({1})").format(path, self.tr("final") if final else "DRAFT"))
        self.exported.emit(lines)

    def _tell(self, text: str, lines: list[str]) -> None:
        self.message = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export report"), text,
                                   QMessageBox.StandardButton.Ok, self)
        self.message.setInformativeText("\n".join(lines))
        self.message.open()

    # -- display -------------------------------------------------------------------------------------------
    def visible_rows(self) -> list[ScoreRow]:
        """The score rows the table shows: the chosen kind, for the chosen casework type (or all cases)."""
        if self.report is None:
            return []
        rows = list(self.report.rows(self.kind_box.currentData() or "measure"))
        ct = self.type_box.currentData() or ALL
        if "casework_type" in self.report.by:  # one round and one version: only casework types are pooled
            rows = [r for r in rows if r.group == (ct,)] if ct else list(pool_groups(rows))
        return rows

    def _show(self) -> None:
        rows = self.visible_rows()
        self.model.set_rows(rows, list(self.report.areas) if self.report else [])
        self.table.resizeColumnsToContents()
        current = self.score_box.currentData()
        self.score_box.clear()
        for r in rows:
            self.score_box.addItem(r.title, r.id)
        self.score_box.setCurrentIndex(max(self.score_box.findData(current), 0))
        self._show_chart()
        self.selection.setText(self._selection_text())

    def _selection_text(self) -> str:
        if self.report is None:
            return ""
        s = self.report.selection
        ct = self.type_box.currentText() if self.type_box.currentData() else self.tr(
            "all, pooled over casework types")
        return self.tr("Round: {0} · Question set: {1} · Areas: {2} · Casework type: {3} · Filters: {4} · {5}. "
                       "Scores are points over maximum points (N/A and inapplicable questions in neither part); "
                       "n answers = the scored answers behind a figure.").format(
            s.get("rounds", ""), s.get("question_sets", ""), s.get("areas", ""), ct, s.get("filters", ""),
            s.get("aggregation", "").capitalize())

    def _show_chart(self) -> None:
        rows = self.visible_rows()
        chosen = self.score_box.currentData()
        self.chart.set_row(next((r for r in rows if r.id == chosen), rows[0] if rows else None))
