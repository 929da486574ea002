"""The moderation window's agreement view: agreement per question (least consistent first) beside every
agreement statistic, with n and its 95 % interval, of the question, inspector pair or overall row chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casereader.moderation.consistency import AgreementRow, ConsistencySection


def table(name: str, headers: list[str]) -> QTableWidget:
    """A read-only, row-selecting table whose last column takes the rest of the width and wraps."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setAccessibleName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrapped text never cut
    t.setWordWrap(True)
    t.setTextElideMode(Qt.TextElideMode.ElideNone)
    return t


def fit_columns(t: QTableWidget) -> None:
    """Every column to its contents but the last, which takes the rest of the width (and wraps)."""
    for c in range(t.columnCount() - 1):
        t.resizeColumnToContents(c)


def _percent(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}%"


def _kappa(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def _ac(row: AgreementRow) -> str:
    stats = row.statistics
    e = None if stats is None else (stats.ac2 or stats.ac1)
    if e is None or e.value is None:
        return "–"
    interval = "" if e.low is None or e.high is None else f" ({e.low:.2f} to {e.high:.2f})"
    return f"{e.value:.3f}{interval}"


class AgreementView(QWidget):
    """``table``: agreement per question; ``statistics``: the chosen row's statistics (``chooser``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AgreementRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Agreement per question (least consistent first)"))
        column.addWidget(label)
        self.table = table(self.tr("Agreement per question"),
                           [self.tr("Question"), self.tr("Pairs"), self.tr("Exact agreement"), self.tr("Within one"),
                            self.tr("Kappa"), self.tr("Weighted kappa"), self.tr("Gwet's AC (95% CI)"),
                            self.tr("Question text")])
        label.setBuddy(self.table)
        column.addWidget(self.table)
        split.addWidget(left)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        chooser_label = QLabel(self.tr("Statistics &for:"))
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(self.tr("Question, inspector pair or overall for the statistics"))
        chooser_label.setBuddy(self.chooser)
        top.addWidget(chooser_label)
        top.addWidget(self.chooser, 1)
        column.addLayout(top)
        self.statistics = table(self.tr("Agreement statistics, N/A pairs excluded"),
                                [self.tr("Statistic"), self.tr("Value"), self.tr("95% interval or verdict")])
        column.addWidget(self.statistics)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split)
        self.chooser.currentIndexChanged.connect(self._show_statistics)
        self.table.itemSelectionChanged.connect(self._question_chosen)

    def clear(self) -> None:
        self.rows = []
        self.table.setRowCount(0)
        self.chooser.clear()
        self.statistics.setRowCount(0)

    def show_section(self, section: ConsistencySection) -> None:
        """Fill both tables from the consistency section, keeping the chosen row when it is still there."""
        chosen = self.chooser.currentText()
        self.table.setRowCount(len(section.questions))
        for r, row in enumerate(section.questions):
            for c, text in enumerate((row.key, str(row.pairs), _percent(row.exact_percent),
                                      _percent(row.within_one_percent), _kappa(row.kappa),
                                      _kappa(row.weighted_kappa), _ac(row), row.label)):
                item = QTableWidgetItem(text)
                if 0 < c < 7:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        fit_columns(self.table)
        self.rows = [*section.questions, *section.inspector_pairs, section.overall]
        names = [self.tr("Question {key}").format(key=r.key) for r in section.questions]
        names += [self.tr("Inspectors {key}").format(key=r.key) for r in section.inspector_pairs]
        names.append(self.tr("All questions"))
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems(names)
        self.chooser.setCurrentIndex(names.index(chosen) if chosen in names else len(names) - 1)
        self.chooser.blockSignals(False)
        self._show_statistics()

    def _question_chosen(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < self.table.rowCount():
            self.chooser.setCurrentIndex(row)

    def _show_statistics(self) -> None:
        index = self.chooser.currentIndex()
        row = self.rows[index] if 0 <= index < len(self.rows) else None
        if row is None or row.statistics is None:
            self.statistics.setRowCount(0)
            return
        first, _, second = row.key.partition(" → ")
        lines = row.statistics.lines(*((first, second) if second else ("first marker", "second marker")))
        self.statistics.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, text in enumerate(line):
                self.statistics.setItem(r, c, QTableWidgetItem(text))
        fit_columns(self.statistics)
