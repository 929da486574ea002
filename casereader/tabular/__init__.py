"""Spreadsheets in and out: case samples, stratified sample draws and marks (CSV and XLSX).

Imports only :mod:`casereader.core` and openpyxl; works on plain values, so the command line and the
app can check a whole file before anything is written to the local store.
"""

from casereader.tabular.export import csv_bytes, escape_cell, long_sheet, wide_sheet, write_sheet, xlsx_bytes
from casereader.tabular.marks import CaseTarget, ImportedAnswer, MarksImport, detect_format, read_marks
from casereader.tabular.problems import Problem, TabularError
from casereader.tabular.samples import (
    SampleCase,
    SampleDraw,
    draw_sample,
    parse_quota,
    read_sample,
)
from casereader.tabular.table import Row, Table, read_table, read_table_bytes
from casereader.tabular.values import answer_text, parse_answer, parse_header_value

__all__ = [
    "CaseTarget", "ImportedAnswer", "MarksImport", "Problem", "Row", "SampleCase", "SampleDraw", "Table",
    "TabularError", "answer_text", "csv_bytes", "detect_format", "draw_sample", "escape_cell", "long_sheet",
    "parse_answer", "parse_header_value", "parse_quota", "read_marks", "read_sample", "read_table",
    "read_table_bytes", "wide_sheet", "write_sheet", "xlsx_bytes",
]
