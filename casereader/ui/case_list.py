"""The case list: a table model of case summaries, a filter proxy, and the panel with search and filters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casereader.core.inspection import CaseStatus, CaseSummary
from casereader.core.questionset import FieldType, QuestionSet

CaseIdRole = Qt.ItemDataRole.UserRole
SortRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
TypeRole = Qt.ItemDataRole.UserRole + 3
AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_ORDER = {CaseStatus.NOT_STARTED: 0, CaseStatus.IN_PROGRESS: 1, CaseStatus.COMPLETE: 2, CaseStatus.LOCKED: 3}


class CaseTableModel(QAbstractTableModel):
    """Rows of :class:`CaseSummary`: reference, casework type, status, progress n/m, flags."""

    REFERENCE, TYPE, STATUS, PROGRESS, FLAGS = range(5)

    def __init__(self, qs: QuestionSet, parent: Any = None) -> None:
        super().__init__(parent)
        self.qs = qs
        self.rows: list[CaseSummary] = []
        self.type_field = next((f for f in qs.header if f.type == FieldType.CHOICE), None)
        self.flag_fields = [f for f in qs.header if f.type == FieldType.FLAG]

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self.rows = list(cases)
        self.endResetModel()

    def update_case(self, summary: CaseSummary) -> None:
        for i, row in enumerate(self.rows):
            if row.id == summary.id:
                self.rows[i] = summary
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
                return

    def row_of(self, case_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == case_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Reference"), self.tr("Type"), self.tr("Status"), self.tr("Progress"),
                    self.tr("Flags"))[section]
        return None

    def case_type(self, row: CaseSummary) -> str:
        if self.type_field is None:
            return ""
        value = row.header.get(self.type_field.id)
        return "" if value is None else str(value)

    def flag_text(self, row: CaseSummary) -> str:
        out = [f.label for f in self.flag_fields if row.header.get(f.id) is True]
        if row.reserve:
            out.append(self.tr("Reserve"))
        if row.withdrawn_reason:
            out.append(self.tr("Withdrawn"))
        return ", ".join(out)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == CaseIdRole:
            return row.id
        if role == StatusRole:
            return row.status.value
        if role == TypeRole:
            return self.case_type(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.REFERENCE:
                return row.reference
            if col == self.TYPE:
                return self.case_type(row)
            if col == self.STATUS:
                return self.tr(row.status.label)
            if col == self.PROGRESS:
                return f"{row.answered}/{row.applicable}" if row.applicable else "–"
            return self.flag_text(row)
        if role == SortRole:
            if col == self.STATUS:
                return STATUS_ORDER.get(row.status, 9)
            if col == self.PROGRESS:
                return row.answered / row.applicable if row.applicable else -1.0
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.STATUS and row.updated_at:
            return self.tr("Last changed {0} by {1}").format(row.updated_at, row.inspector or "—")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CaseFilter(QSortFilterProxyModel):
    """Filter by status and casework type, and search the reference (case-insensitive, anywhere)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.case_type = ""
        self.search = ""
        self.setSortRole(SortRole)

    def set_filters(self, *, status: str | None = None, case_type: str | None = None,
                    search: str | None = None) -> None:
        self.beginFilterChange()
        if status is not None:
            self.status = status
        if case_type is not None:
            self.case_type = case_type
        if search is not None:
            self.search = search.strip().upper().replace(" ", "")
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self.status and model.data(index, StatusRole) != self.status:
            return False
        if self.case_type and model.data(index, TypeRole) != self.case_type:
            return False
        if self.search:
            reference = str(model.data(index, Qt.ItemDataRole.DisplayRole)).upper().replace(" ", "")
            if self.search not in reference:
                return False
        return True


class CaseListPanel(QWidget):
    """Search box, status and type filters, and the table. Emits ``caseChosen(case_id)``."""

    caseChosen = Signal(str)

    def __init__(self, qs: QuestionSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(qs, self)
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 6, 10)
        layout.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a case by reference (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find a case by reference"))
        self.search.textChanged.connect(lambda t: self.proxy.set_filters(search=t))
        self.search.returnPressed.connect(self._open_first)
        layout.addWidget(self.search)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Show cases with status"))
        self.status_filter.addItem(self.tr("All statuses"), "")
        for status in CaseStatus:
            self.status_filter.addItem(self.tr(status.label), status.value)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filters(status=self.status_filter.currentData()))
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName(self.tr("Show cases of casework type"))
        self.type_filter.addItem(self.tr("All types"), "")
        if self.model.type_field is not None:
            for o in self.model.type_field.options:
                self.type_filter.addItem(o.label, o.value)
        self.type_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filters(case_type=self.type_filter.currentData()))
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.type_filter, 1)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Cases in this inspection"))
        self.table.setAccessibleDescription(self.tr("Enter opens the case"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseTableModel.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        head = self.table.horizontalHeader()
        head.setHighlightSections(False)
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(CaseTableModel.FLAGS, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.type_filter)
        self.setTabOrder(self.type_filter, self.table)

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.model.set_cases(cases)

    def _activated(self, index: QModelIndex) -> None:
        case_id = index.data(CaseIdRole)
        if case_id:
            self.caseChosen.emit(str(case_id))

    def _open_first(self) -> None:
        if self.proxy.rowCount():
            self._activated(self.proxy.index(0, 0))

    def select_case(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def neighbour(self, case_id: str, step: int) -> str | None:
        """The case ``step`` rows away in the list as currently sorted and filtered."""
        row = self.model.row_of(case_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        target = (index.row() + step) if index.isValid() else (0 if step > 0 else self.proxy.rowCount() - 1)
        if 0 <= target < self.proxy.rowCount():
            return str(self.proxy.index(target, 0).data(CaseIdRole))
        return None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
