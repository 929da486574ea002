"""Reading CSV and XLSX files: encodings, row numbers, and every kind of unusable file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from casereader.tabular import TabularError, read_table, read_table_bytes
from casereader.tabular.export import csv_bytes, escape_cell, xlsx_bytes
from casereader.tabular.table import column_letter


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def problems_of(raw: bytes, suffix: str = ".csv") -> list[str]:
    with pytest.raises(TabularError) as info:
        read_table_bytes(raw, suffix, "in" + suffix)
    return [str(p) for p in info.value.problems]


def test_utf8_with_and_without_bom_read_the_same() -> None:
    text = "reference,casework_type\r\nCASE-É1,MC\r\n"
    plain = read_table_bytes(text.encode(), ".csv", "a.csv")
    bom = read_table_bytes(b"\xef\xbb\xbf" + text.encode(), ".csv", "a.csv")
    assert plain == bom
    assert plain.columns == ("reference", "casework_type")
    assert plain.rows[0].cells == {"reference": "CASE-É1", "casework_type": "MC"}
    assert plain.rows[0].number == 2


def test_row_numbers_count_blank_rows_and_multiline_cells() -> None:
    table = read_table_bytes(b'a,b\n1,2\n\n3,"two\nlines"\n4,5\n', ".csv", "a.csv")
    assert [r.number for r in table.rows] == [2, 4, 6]
    assert table.rows[1].cells["b"] == "two\nlines"


def test_semicolon_and_tab_separated_files_are_recognised() -> None:
    assert read_table_bytes(b"a;b\n1;2\n", ".csv", "a.csv").rows[0].cells == {"a": "1", "b": "2"}
    assert read_table_bytes(b"a\tb\n1\t2\n", ".csv", "a.csv").rows[0].cells == {"a": "1", "b": "2"}


def test_undecodable_bytes_are_reported_with_every_row() -> None:
    found = problems_of(b"a,b\n1,caf\xe9\n2,ok\n3,\xff\n")
    assert found == [
        "in.csv:row 2: byte 0xE9 at character 6 is not UTF-8 text; save the file as 'CSV UTF-8' and try again",
        "in.csv:row 4: byte 0xFF at character 3 is not UTF-8 text; save the file as 'CSV UTF-8' and try again",
    ]


def test_utf16_nul_and_broken_quoting_are_refused() -> None:
    assert "UTF-16" in problems_of("a,b\n1,2\n".encode("utf-16"))[0]
    assert problems_of(b"a,b\n1,\x002\n") == ["in.csv:row 2: contains a NUL byte: this is not a CSV text file"]


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n", b",,\n,,\n"])
def test_empty_files_are_refused(raw: bytes) -> None:
    assert problems_of(raw) == ["in.csv: the file is empty"]


def test_header_without_rows_is_refused() -> None:
    assert problems_of(b"reference,casework_type\n\n") == ["in.csv: the file has a header row but no data rows"]


def test_blank_first_row_duplicate_and_nameless_columns() -> None:
    assert problems_of(b"\na,b\n1,2\n") == ["in.csv:row 1: the first row must hold the column names"]
    assert problems_of(b"a,A,b\n1,2,3\n") == ["in.csv:row 1, column A: column 'A' appears twice "
                                              "(columns A and B)"]
    assert problems_of(b"a,,b\n1,2,3\n") == ["in.csv:row 1, column B: this column has values but no name "
                                             "in the header row"]


@pytest.mark.parametrize(("suffix", "message"), [
    (".txt", "unsupported file type '.txt': use a .csv or .xlsx file"),
    ("", "unsupported file type '(none)': use a .csv or .xlsx file"),
    (".xls", "old Excel 97-2003 (.xls) workbook"),
])
def test_wrong_extensions_are_refused(suffix: str, message: str) -> None:
    assert message in problems_of(b"a,b\n1,2\n", suffix)[0]


def test_a_workbook_named_csv_and_text_named_xlsx_are_refused() -> None:
    assert "looks like an XLSX workbook saved with a .csv name" in problems_of(xlsx([["a"], [1]]), ".csv")[0]
    assert "not an XLSX workbook" in problems_of(b"a,b\n1,2\n", ".xlsx")[0]


def test_malformed_xlsx_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<not-really/>")
    assert "not a readable XLSX workbook" in problems_of(buf.getvalue(), ".xlsx")[0]
    truncated = xlsx([["a"], [1]])[:300]
    assert "not a readable XLSX workbook" in problems_of(truncated, ".xlsx")[0]


def test_xlsx_values_become_text_and_keep_row_numbers() -> None:
    raw = xlsx([["reference", "n", "when", "flag", "ratio"], ["R1", 3, dt.datetime(2024, 3, 1), True, 0.25],
                [None], ["R2", 4.0, dt.date(2024, 1, 2), False, None]])
    table = read_table_bytes(raw, ".xlsx", "s.xlsx")
    assert [r.number for r in table.rows] == [2, 4]
    assert table.rows[0].cells == {"reference": "R1", "n": "3", "when": "2024-03-01", "flag": "yes",
                                   "ratio": "0.25"}
    assert table.rows[1].cells["n"] == "4"


def test_xlsx_formula_and_error_cells_are_refused_with_their_place() -> None:
    raw = xlsx([["reference", "answer"], ["R1", "=HYPERLINK(\"http://x\")"], ["R2", "#N/A"]])
    found = problems_of(raw, ".xlsx")
    assert found == ["in.xlsx:row 2, column answer: the cell holds a formula; paste values only and try again",
                     "in.xlsx:row 3, column answer: the cell shows an error (#N/A)"]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(TabularError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(TabularError, match="is a folder"):
        read_table(tmp_path)


def test_exported_csv_is_escaped_and_reads_back_unchanged() -> None:
    cells = ["=1+1", "+44 7700", "-3", "@SUM(A1)", "plain", "it's", "'quoted"]
    raw = csv_bytes((["a", "b", "c", "d", "e", "f", "g"], [cells]))
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=1+1" in text and "'+44 7700" in text and "'-3" in text and "'@SUM(A1)" in text
    assert not any(line.startswith(("=", "+", "-", "@")) for line in text.replace(",", "\n").splitlines())
    assert list(read_table_bytes(raw, ".csv", "x.csv").rows[0].cells.values()) == cells
    assert escape_cell("safe") == "safe"


def test_exported_xlsx_freezes_header_and_keeps_formula_text_as_text() -> None:
    from openpyxl import load_workbook

    raw = xlsx_bytes((["a", "b"], [["=1+1", "-3"]]))
    ws = load_workbook(io.BytesIO(raw)).active
    assert ws is not None
    assert ws.freeze_panes == "A2"
    assert ws["A2"].data_type == "s"
    assert read_table_bytes(raw, ".xlsx", "x.xlsx").rows[0].cells == {"a": "=1+1", "b": "-3"}


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_any_bytes_give_a_table_or_a_tabular_error(raw: bytes, suffix: str) -> None:
    try:
        table = read_table_bytes(raw, suffix, "fuzz" + suffix)
    except TabularError as exc:
        assert exc.problems and all(str(p).startswith("fuzz" + suffix) for p in exc.problems)
    else:
        assert table.rows and all(r.number >= 2 for r in table.rows)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=2, max_size=2), min_size=1, max_size=6),
       st.sampled_from([".csv", ".xlsx"]))
def test_export_reads_back_cell_for_cell(rows: list[list[str]], suffix: str) -> None:
    """Any text survives a CSV or XLSX round trip, except NUL (CSV) and control characters (XLSX, where XML
    also turns carriage returns into line feeds)."""
    rows = [[c.strip() for c in r] for r in rows]
    raw = csv_bytes((["a", "b"], rows)) if suffix == ".csv" else xlsx_bytes((["a", "b"], rows))
    illegal = "\x00" if suffix == ".csv" else "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)]))
    expected = [[c.translate({ord(ch): None for ch in illegal}).strip() for c in r] for r in rows]
    if suffix == ".xlsx":
        expected = [[c.replace("\r\n", "\n").replace("\r", "\n") for c in r] for r in expected]
    expected = [r for r in expected if any(r)]
    try:
        table = read_table_bytes(raw, suffix, "x" + suffix)
    except TabularError as exc:
        assert not expected and "the file has a header row but no data rows" in str(exc)
        return
    assert [[r.cells["a"], r.cells["b"]] for r in table.rows] == expected
