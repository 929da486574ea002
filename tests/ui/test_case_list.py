"""The case list: sorting by each column (done by the model), filters, selection kept across a re-sort."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casereader.core.inspection import CaseStatus, CaseSummary
from casereader.ui.marking.case_list import CaseIdRole, CaseListPanel, CaseTableModel, ListColumns

COLUMNS = ListColumns("casework_type", (("mags", "Magistrates"), ("crown", "Crown Court")), (("rasso", "RASSO"),))


def summary(ref: str, status: CaseStatus = CaseStatus.NOT_STARTED, answered: int = 0, applicable: int = 10,
            kind: str = "mags", **header: object) -> CaseSummary:
    return CaseSummary(id=f"id-{ref}", inspection_id="insp", reference=ref, header={"casework_type": kind, **header},
                       status=status, answered=answered, applicable=applicable, inspector="Ann", updated_at="",
                       reserve=False, withdrawn_reason="")


CASES = [
    summary("URN-C", CaseStatus.COMPLETE, 10, 10, "crown"),
    summary("URN-A", CaseStatus.IN_PROGRESS, 3, 10),
    summary("URN-D", CaseStatus.NOT_STARTED, 0, 0, rasso=True),
    summary("URN-B", CaseStatus.IN_PROGRESS, 7, 10, "crown"),
]


def shown_refs(panel: CaseListPanel) -> list[str]:
    return [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]


def panel_with_cases(qtbot: QtBot) -> CaseListPanel:
    panel = CaseListPanel(COLUMNS)
    qtbot.addWidget(panel)
    panel.set_cases(CASES)
    return panel


def test_the_list_opens_sorted_by_reference(qtbot: QtBot) -> None:
    panel = panel_with_cases(qtbot)
    assert shown_refs(panel) == ["URN-A", "URN-B", "URN-C", "URN-D"]
    head = panel.table.horizontalHeader()
    assert (head.sortIndicatorSection(), head.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder)


def test_each_column_sorts_by_its_meaning_both_ways(qtbot: QtBot) -> None:
    panel = panel_with_cases(qtbot)
    panel.table.sortByColumn(CaseTableModel.STATUS, Qt.SortOrder.AscendingOrder)
    # not started < in progress < complete; equal statuses keep the order they had (stable)
    assert shown_refs(panel) == ["URN-D", "URN-A", "URN-B", "URN-C"]
    panel.table.sortByColumn(CaseTableModel.PROGRESS, Qt.SortOrder.DescendingOrder)
    assert shown_refs(panel) == ["URN-C", "URN-B", "URN-A", "URN-D"]  # 100%, 70%, 30%, nothing applicable
    panel.table.sortByColumn(CaseTableModel.TYPE, Qt.SortOrder.AscendingOrder)
    assert [panel.proxy.index(r, 1).data() for r in range(4)] == ["crown", "crown", "mags", "mags"]
    panel.table.sortByColumn(CaseTableModel.REFERENCE, Qt.SortOrder.DescendingOrder)
    assert shown_refs(panel) == ["URN-D", "URN-C", "URN-B", "URN-A"]
    assert panel.proxy.index(0, CaseTableModel.FLAGS).data() == "RASSO"


def test_a_new_list_arrives_in_the_current_order_and_filters_keep_it(qtbot: QtBot) -> None:
    panel = panel_with_cases(qtbot)
    panel.table.sortByColumn(CaseTableModel.REFERENCE, Qt.SortOrder.DescendingOrder)
    panel.set_cases([*CASES, summary("URN-E")])
    assert shown_refs(panel) == ["URN-E", "URN-D", "URN-C", "URN-B", "URN-A"]
    panel.type_filter.setCurrentIndex(panel.type_filter.findData("crown"))
    assert shown_refs(panel) == ["URN-C", "URN-B"]
    panel.search.setText("c")
    assert shown_refs(panel) == ["URN-C"]


def test_selection_and_neighbours_follow_a_re_sort(qtbot: QtBot) -> None:
    panel = panel_with_cases(qtbot)
    panel.select_case("id-URN-B")
    panel.table.sortByColumn(CaseTableModel.PROGRESS, Qt.SortOrder.AscendingOrder)  # D, A, B, C
    selected = panel.table.selectionModel().selectedRows()
    assert [ix.data(CaseIdRole) for ix in selected] == ["id-URN-B"]
    assert panel.neighbour("id-URN-B", 1) == "id-URN-C"
    assert panel.neighbour("id-URN-B", -1) == "id-URN-A"


def test_a_case_whose_status_changes_moves_to_its_place(qtbot: QtBot) -> None:
    panel = panel_with_cases(qtbot)
    panel.table.sortByColumn(CaseTableModel.STATUS, Qt.SortOrder.AscendingOrder)  # D, A, B, C
    panel.select_case("id-URN-D")
    panel.model.update_case(summary("URN-D", CaseStatus.COMPLETE, 0, 0, rasso=True))
    # complete now, after the in-progress cases; the sort is stable, so it stays before the other complete one
    assert shown_refs(panel) == ["URN-A", "URN-B", "URN-D", "URN-C"]
    assert [ix.data(CaseIdRole) for ix in panel.table.selectionModel().selectedRows()] == ["id-URN-D"]
    assert panel.proxy.index(2, CaseTableModel.STATUS).data() == CaseStatus.COMPLETE.label
