"""The moderation window's agreement view: agreement per question (least consistent first) beside every
agreement statistic, with n and its 95 % interval, of the question, inspector pair or overall row chosen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casereader.moderation.consistency import AgreementRow, ConsistencySection


class WrappingTable(QTableWidget):
    """A read-only, row-selecting table that never cuts text: the ``wrap`` columns share the width the others
    leave, each at least as wide as its longest word, and wrap; rows grow to their wrapped text; other columns
    fit their contents (at most ``caps[column]`` pixels, wrapping beyond). When even the longest words do not
    fit, a horizontal scroll bar appears rather than a word being cut."""

    def __init__(self, name: str, headers: Sequence[str], wrap: Sequence[int] = (),
                 caps: Mapping[int, int] | None = None) -> None:
        super().__init__(0, len(headers))
        self.wrap = tuple(wrap) or (len(headers) - 1,)
        self.caps = dict(caps or {})
        self.setHorizontalHeaderLabels(list(headers))
        self.setAccessibleName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def fit(self) -> None:
        """Lay the columns out as the class says (after the rows changed, and on every resize)."""
        for c in range(self.columnCount()):
            if c not in self.wrap:
                self.resizeColumnToContents(c)
                if c in self.caps:
                    self.setColumnWidth(c, min(self.columnWidth(c), self.caps[c]))
        margin = 2 * (self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin, None, self) + 1) + 2
        metrics = self.fontMetrics()
        taken = sum(self.columnWidth(c) for c in range(self.columnCount()) if c not in self.wrap)
        room = self.viewport().width() - 2
        if not self.verticalScrollBar().isVisible():  # keep room for it: growing rows may bring it in
            room -= self.verticalScrollBar().sizeHint().width()
        share = max(room - taken, 0) // len(self.wrap)
        for c in self.wrap:
            words = [metrics.horizontalAdvance(word) for r in range(self.rowCount())
                     if (item := self.item(r, c)) is not None for word in item.text().split()]
            self.setColumnWidth(c, max(share, max(words, default=0) + margin, 60))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


def labelled_combo(label: str, name: str) -> tuple[QHBoxLayout, QComboBox]:
    """A row holding a label and the combo box it names (the label's mnemonic focuses the box)."""
    row = QHBoxLayout()
    text = QLabel(label)
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)  # long inspection titles are elided, never widen the window
    text.setBuddy(combo)
    row.addWidget(text)
    row.addWidget(combo, 1)
    return row, combo


def table(name: str, headers: Sequence[str], wrap: Sequence[int] = (),
          caps: Mapping[int, int] | None = None) -> WrappingTable:
    return WrappingTable(name, headers, wrap, caps)


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
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Agreement"))
        self.table = table(self.tr("Agreement per question"),
                           [self.tr("Question"), self.tr("Pairs"), self.tr("Exact agreement"), self.tr("Within one"),
                            self.tr("Kappa"), self.tr("Weighted kappa"), self.tr("Gwet's AC (95% CI)"),
                            self.tr("Question text")])
        self.tabs.addTab(self.table, self.tr("Agreement per &question (least consistent first)"))
        page = QWidget()
        column = QVBoxLayout(page)
        top, self.chooser = labelled_combo(self.tr("Statistics &for:"),
                                           self.tr("Question, inspector pair or overall for the statistics"))
        column.addLayout(top)
        self.statistics = table(self.tr("Agreement statistics, N/A pairs excluded"),
                                [self.tr("Statistic"), self.tr("Value"), self.tr("95% interval or verdict")])
        column.addWidget(self.statistics)
        self.tabs.addTab(page, self.tr("Agreement &statistics (n, 95% intervals)"))
        layout.addWidget(self.tabs)
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
        self.table.fit()
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
        self.statistics.fit()
