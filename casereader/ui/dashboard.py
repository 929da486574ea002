"""The central dashboard: measures and themes by Area with sample sizes, an Area bar chart with the
national line, filterable by round, casework type and Area. Aggregation runs in the thread pool with a
progress bar; the widgets only display the report model it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casereader.reports.aggregate import pool_groups
from casereader.reports.model import Report, ScoreRow

ALL = ""
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Filters:
    round: str = ALL
    casework_type: str = ALL
    area: str = ALL


@dataclass(frozen=True)
class Loaded:
    report: Report
    rounds: list[str]
    areas: list[str]
    casework_types: list[str]


class _Signals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)


class _Aggregation(QRunnable):
    """Counts in SQL and aggregates in Python, off the GUI thread."""

    def __init__(self, url: str, filters: Filters, signals: _Signals, steps: tuple[str, str, str]) -> None:
        super().__init__()
        self.url, self.filters, self.signals, self.steps = url, filters, signals, steps

    def run(self) -> None:
        from casereader.central import queries
        from casereader.central.store import CentralStore
        from casereader.reports.aggregate import aggregate

        store = None
        try:
            self.signals.progress.emit(5, self.steps[0])
            store = CentralStore.open(self.url)
            engine = store.engine
            rounds, areas = queries.rounds(engine), queries.areas(engine)
            types = queries.field_values(engine, "casework_type")
            sel = queries.Selection(rounds=(self.filters.round,) if self.filters.round else (),
                                    areas=(self.filters.area,) if self.filters.area else ())
            forms = queries.load_forms(engine, sel)
            by = ["casework_type"] if forms and all("casework_type" in qs.header_index
                                                    for qs in forms.values()) else []
            self.signals.progress.emit(25, self.steps[1])
            counts = queries.count_answers(engine, by, sel)
            self.signals.progress.emit(75, self.steps[2])
            report = aggregate(counts)
        except Exception as exc:  # shown in the status line, never lost
            self.signals.failed.emit(str(exc) or type(exc).__name__)
            return
        finally:
            if store is not None:
                store.close()
        self.signals.progress.emit(100, "")
        self.signals.finished.emit(Loaded(report, rounds, areas, types))


def _pct(d: Decimal | None) -> str:
    return "–" if d is None else f"{d}%"


class ScoreTableModel(QAbstractTableModel):
    """Rows: Areas, then National (pooled) and National (mean of Areas); columns: each score and its n."""

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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (Qt.ItemDataRole.DisplayRole,
                                                                     Qt.ItemDataRole.ToolTipRole):
            return None
        if section == 0:
            return self.tr("Area")
        row = self.rows[(section - 1) // 2]
        return row.title if section % 2 else self.tr("n")

    def cell(self, r: int, c: int) -> str:
        if c == 0:
            return self.areas[r] if r < len(self.areas) else self.labels[r - len(self.areas)]
        row = self.rows[(c - 1) // 2]
        if r < len(self.areas):
            a = row.area(self.areas[r])
            if a is None:
                return "–"
            return _pct(a.figure.published) if c % 2 else str(a.figure.n)
        if r == len(self.areas):
            return _pct(row.pooled.published) if c % 2 else str(row.pooled.n)
        return _pct(row.mean_of_areas) if c % 2 else str(sum(1 for a in row.areas if a.figure.exact is not None))

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
        if role == Qt.ItemDataRole.ToolTipRole and c > 0 and c % 2 == 0:
            return self.tr("n: scored answers behind the figure (for the mean of Areas: the number of Areas)")
        return None


class AreaBarChart(QWidget):
    """Horizontal bars per Area for one score, strongest first, with the national (pooled) line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: ScoreRow | None = None
        self.setMinimumHeight(220)
        self.setAccessibleName(self.tr("Area bar chart"))

    def set_row(self, row: ScoreRow | None) -> None:
        self.row = row
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        row = self.row
        if row is None:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No figures for this selection"))
            p.end()
            return
        areas = sorted((a for a in row.areas if a.figure.exact is not None), key=lambda a: -(a.figure.exact or 0))
        fm = p.fontMetrics()
        label_w = min(200, max([fm.horizontalAdvance(a.area) for a in areas] + [60]) + 12)
        value_w = fm.horizontalAdvance("100.0%  n=00000") + 12
        top, line_h = fm.height() + 12, max(fm.height() + 4, 16)
        plot_w = max(40, self.width() - label_w - value_w - 12)
        p.setPen(self.palette().text().color())
        p.drawText(QRect(8, 4, self.width() - 16, fm.height()), Qt.AlignmentFlag.AlignLeft,
                   self.tr("{0} — national (pooled) {1}, mean of Areas {2}").format(
                       row.title, _pct(row.pooled.published), _pct(row.mean_of_areas)))
        bottom = top + len(areas) * line_h
        grid = QPen(QColor("#D9DEE3"), 1)
        for tick in range(0, 101, 20):
            x = label_w + int(plot_w * tick / 100)
            p.setPen(grid)
            p.drawLine(x, top - 2, x, bottom)
            p.setPen(self.palette().placeholderText().color())
            p.drawText(QRect(x - 30, bottom + 2, 60, fm.height()), Qt.AlignmentFlag.AlignHCenter, f"{tick}%")
        for i, a in enumerate(areas):
            y = top + i * line_h
            w = int(plot_w * float(a.figure.exact or 0) / 100)
            strong = a is row.strongest or a is row.weakest
            p.fillRect(label_w, y + 2, w, line_h - 5, QColor("#4C6A92") if strong else QColor("#B7C4D6"))
            p.setPen(self.palette().text().color())
            p.drawText(QRect(4, y, label_w - 8, line_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(a.area, Qt.TextElideMode.ElideRight, label_w - 8))
            p.drawText(QRect(label_w + plot_w + 6, y, value_w, line_h), Qt.AlignmentFlag.AlignVCenter,
                       self.tr("{0}  n={1}").format(_pct(a.figure.published), a.figure.n))
        legend_y = bottom + fm.height() + 8
        for k, (colour, style, text) in enumerate((("#C0392B", Qt.PenStyle.SolidLine, self.tr("National (pooled)")),
                                                   ("#E08E0B", Qt.PenStyle.DashLine, self.tr("Mean of Areas")))):
            x = label_w + k * 180
            p.setPen(QPen(QColor(colour), 2, style))
            p.drawLine(x, legend_y + fm.height() // 2, x + 22, legend_y + fm.height() // 2)
            p.setPen(self.palette().text().color())
            p.drawText(QRect(x + 28, legend_y, 150, fm.height()), Qt.AlignmentFlag.AlignVCenter, text)
        for value, colour, style in ((row.pooled.exact, "#C0392B", Qt.PenStyle.SolidLine),
                                     (row.mean_of_areas_exact, "#E08E0B", Qt.PenStyle.DashLine)):
            if value is not None:
                x = label_w + int(plot_w * float(value) / 100)
                p.setPen(QPen(QColor(colour), 2, style))
                p.drawLine(x, top - 2, x, bottom)
        p.end()


class CentralDashboard(QWidget):
    """Central figures for the centre's staff: ``CentralDashboard(db_url)``."""

    loaded = Signal()

    def __init__(self, db_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Central dashboard"))
        self.db_url = db_url
        self.report: Report | None = None
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._busy = False
        self._pending: Filters | None = None

        self.round_box, self.type_box, self.area_box = QComboBox(), QComboBox(), QComboBox()
        self.kind_box, self.score_box = QComboBox(), QComboBox()
        self.kind_box.addItem(self.tr("Measures"), "measure")
        self.kind_box.addItem(self.tr("Themes"), "theme")
        for box, name in ((self.round_box, self.tr("Round")), (self.type_box, self.tr("Casework type")),
                          (self.area_box, self.tr("Area")), (self.kind_box, self.tr("Show")),
                          (self.score_box, self.tr("Chart"))):
            box.setAccessibleName(name)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        bar = QHBoxLayout()
        for text, w in ((self.tr("Round:"), self.round_box), (self.tr("Casework type:"), self.type_box),
                        (self.tr("Area:"), self.area_box), (self.tr("Show:"), self.kind_box)):
            label = QLabel(text)
            label.setBuddy(w)
            bar.addWidget(label)
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)

        self.model = ScoreTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Scores by Area"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setMaximumSectionSize(170)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.chart = AreaBarChart()
        chart_bar = QHBoxLayout()
        chart_label = QLabel(self.tr("Chart:"))
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
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(self.tr("Aggregation progress"))
        self.status = QLabel()
        self.method = QLabel(self.tr("Scores are points over maximum points; N/A and inapplicable questions are in "
                                     "neither part. National (pooled) sums every case; the mean of Areas is the "
                                     "unweighted mean of the Areas' scores. n = scored answers."))
        self.method.setWordWrap(True)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.method)
        layout.addLayout(foot)

        self.round_box.activated.connect(self.refresh)
        self.area_box.activated.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.type_box.activated.connect(self._show)
        self.kind_box.activated.connect(self._show)
        self.score_box.activated.connect(self._show_chart)
        self.refresh()

    # -- loading -------------------------------------------------------------------------------------------
    def filters(self) -> Filters:
        return Filters(self.round_box.currentData() or ALL, self.type_box.currentData() or ALL,
                       self.area_box.currentData() or ALL)

    def refresh(self) -> None:
        """Aggregate again for the current filters, in the thread pool."""
        if self._busy:
            self._pending = self.filters()
            return
        self._busy = True
        self.refresh_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        steps = (self.tr("Reading the central store…"), self.tr("Counting answers…"), self.tr("Aggregating…"))
        task = _Aggregation(self.db_url, self.filters(), self._signals, steps)
        QThreadPool.globalInstance().start(task)

    def is_busy(self) -> bool:
        return self._busy

    def _on_progress(self, value: int, text: str) -> None:
        self.progress.setValue(value)
        if text:
            self.status.setText(text)

    def _on_failed(self, message: str) -> None:
        self._busy = False
        self.refresh_button.setEnabled(True)
        self.progress.hide()
        self.status.setText(self.tr("Could not aggregate: {0}").format(message))
        self.loaded.emit()

    def _on_finished(self, loaded: Loaded) -> None:
        self._busy = False
        self.refresh_button.setEnabled(True)
        self.progress.hide()
        self.report = loaded.report
        self._fill(self.round_box, loaded.rounds, self.tr("All rounds"))
        self._fill(self.type_box, loaded.casework_types, self.tr("All casework types"), loaded.report)
        self._fill(self.area_box, loaded.areas, self.tr("All Areas"))
        cases = sum(loaded.report.cases.values())
        self.status.setText(self.tr("{0} cases in {1} Areas").format(cases, len(loaded.report.areas)))
        self._show()
        self.loaded.emit()
        if self._pending is not None:
            self._pending = None
            self.refresh()

    def _fill(self, box: QComboBox, values: list[str], everything: str, report: Report | None = None) -> None:
        current = box.currentData()
        box.clear()
        box.addItem(everything, ALL)
        for v in values:
            label = report.group_labels.get("casework_type", {}).get(v, v) if report else v
            box.addItem(label, v)
        i = box.findData(current)
        box.setCurrentIndex(max(i, 0))

    # -- display -------------------------------------------------------------------------------------------
    def visible_rows(self) -> list[ScoreRow]:
        """The score rows the table shows: the chosen kind, for the chosen casework type (or all cases)."""
        if self.report is None:
            return []
        kind = self.kind_box.currentData() or "measure"
        rows = list(self.report.rows(kind))
        ct = self.type_box.currentData() or ALL
        if "casework_type" in self.report.by:
            if ct:
                rows = [r for r in rows if r.group == (ct,)]
            else:
                rows = list(pool_groups(rows))
        return rows

    def _show(self) -> None:
        rows = self.visible_rows()
        areas = list(self.report.areas) if self.report else []
        self.model.set_rows(rows, areas)
        self.table.resizeColumnsToContents()
        current = self.score_box.currentData()
        self.score_box.clear()
        for r in rows:
            self.score_box.addItem(r.title, r.id)
        self.score_box.setCurrentIndex(max(self.score_box.findData(current), 0))
        self._show_chart()

    def _show_chart(self) -> None:
        rows = self.visible_rows()
        chosen = self.score_box.currentData()
        self.chart.set_row(next((r for r in rows if r.id == chosen), rows[0] if rows else None))
