"""Reading a CSV or XLSX file into named columns and numbered rows of text, or listing what is wrong.

CSV must be UTF-8 (with or without a byte-order mark); XLSX is read from its first worksheet. Row
numbers are those a spreadsheet shows (the header is row 1), so every problem can name its row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casereader.tabular.problems import Problem, ProblemList, TabularError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SUPPORTED = (".csv", ".xlsx")


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number and its cells by column name (text, stripped)."""

    number: int
    cells: dict[str, str] = field(default_factory=dict)

    def get(self, column: str | None) -> str:
        return self.cells.get(column, "") if column else ""


@dataclass(frozen=True)
class Table:
    """A whole input file: display name, column names in file order and the non-blank data rows."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    # cells that could not be read as values (formulas, error cells), when the reader was asked to defer them:
    # the checker of the table's content lists them beside every other problem (see ProblemList.of)
    problems: tuple[Problem, ...] = ()

    def column(self, name: str) -> str | None:
        """The file's own spelling of a column, matched case-insensitively; None when absent."""
        wanted = name.strip().lower()
        return next((c for c in self.columns if c.lower() == wanted), None)


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_table(path: str | Path, display: str | None = None, *, defer_cell_problems: bool = False) -> Table:
    """Read a ``.csv`` or ``.xlsx`` file. Raises :class:`TabularError` listing every problem found.

    With ``defer_cell_problems``, cells that hold a formula or an error do not stop the reading: they are
    returned in :attr:`Table.problems`, for the caller's checker to report with the rest of the file's."""
    path = Path(path)
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TabularError(_one(name, f"the file is too large ({size // (1024 * 1024)} MB; "
                                          f"at most {MAX_BYTES // (1024 * 1024)} MB)"))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TabularError(_one(name, "no such file")) from None
    except IsADirectoryError:
        raise TabularError(_one(name, "is a folder, not a file")) from None
    except OSError as exc:
        raise TabularError(_one(name, f"cannot be read: {exc.strerror or exc}")) from None
    return read_table_bytes(raw, path.suffix, name, defer_cell_problems=defer_cell_problems)


def read_table_bytes(raw: bytes, suffix: str, display: str, *, defer_cell_problems: bool = False) -> Table:
    """Read file contents given the file's extension (``.csv`` or ``.xlsx``); see :func:`read_table`."""
    suffix = suffix.lower()
    is_zip = raw[:4] == b"PK\x03\x04"
    if suffix == ".xls" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TabularError(_one(display, "this is an old Excel 97-2003 (.xls) workbook; "
                                         "save it as .xlsx or CSV UTF-8 and try again"))
    if suffix not in SUPPORTED:
        raise TabularError(_one(display, f"unsupported file type '{suffix or '(none)'}': "
                                         "use a .csv or .xlsx file"))
    if not raw.strip():
        raise TabularError(_one(display, "the file is empty"))
    if suffix == ".csv":
        if is_zip:
            raise TabularError(_one(display, "this looks like an XLSX workbook saved with a .csv name; "
                                             "rename it to .xlsx or save it as CSV UTF-8"))
        return _read_csv(raw, display)
    if not is_zip:
        raise TabularError(_one(display, "not an XLSX workbook (the file is damaged or is not a spreadsheet)"))
    return _read_xlsx(raw, display, defer_cell_problems)


def _one(display: str, message: str) -> list[Any]:
    problems = ProblemList(display)
    problems.add(None, None, message)
    return problems.items


# ------------------------------------------------------------------ CSV

def _decode(raw: bytes, display: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TabularError(_one(display, "the file is UTF-16 text; save it as 'CSV UTF-8' and try again"))
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    problems = ProblemList(display)
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = line[exc.start]
            problems.add(number, None, f"byte 0x{bad:02X} at character {exc.start + 1} is not UTF-8 text; "
                                       "save the file as 'CSV UTF-8' and try again")
    problems.raise_if_any()
    raise TabularError(_one(display, "the file is not UTF-8 text"))  # a sequence split across lines


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(raw: bytes, display: str) -> Table:
    text = _decode(raw, display)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems = ProblemList(display)
        problems.add(line, None, "contains a NUL byte: this is not a CSV text file")
        problems.raise_if_any()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records: list[tuple[int, list[str]]] = []
    problems = ProblemList(display)
    start = 1
    try:
        for record in reader:
            records.append((start, [_unescape(c) for c in record]))
            start = reader.line_num + 1
            if len(records) > MAX_ROWS + 1:
                problems.add(start, None, f"too many rows (at most {MAX_ROWS})")
                break
    except csv.Error as exc:
        problems.add(start, None, f"not valid CSV: {exc}")
    problems.raise_if_any()
    return _build(records, display)


def _unescape(cell: str) -> str:
    """Undo the formula-injection escape written by the exporter ('=... -> =..., ''=... -> '=...)."""
    if len(cell) > 1 and cell[0] == "'" and (cell[1] in FORMULA_PREFIXES or cell[1] == "'"):
        return cell[1:]
    return cell


# ------------------------------------------------------------------ XLSX

def _read_xlsx(raw: bytes, display: str, defer: bool) -> Table:
    from openpyxl import load_workbook

    problems = ProblemList(display)
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError, AttributeError) as exc:
        raise TabularError(_one(display, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})")) from None
    except Exception as exc:  # openpyxl and the XML parser raise many kinds; all mean a bad workbook
        raise TabularError(_one(display, f"not a readable XLSX workbook ({type(exc).__name__})")) from None
    records: list[tuple[int, list[str]]] = []
    try:
        if not wb.worksheets:
            raise TabularError(_one(display, "the workbook has no worksheet"))
        ws = wb.worksheets[0]
        header: list[str] = []
        for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):
            values = [_cell_text(c, number, _label(header, i), problems) for i, c in enumerate(cells)]
            if number == 1:
                header = values
            records.append((number, values))
            if number > MAX_ROWS + 1:
                problems.add(number, None, f"too many rows (at most {MAX_ROWS})")
                break
    except TabularError:
        raise
    except Exception as exc:
        raise TabularError(_one(display, f"not a readable XLSX workbook ({type(exc).__name__})")) from None
    finally:
        wb.close()
    if not defer:
        problems.raise_if_any()
    try:
        table = _build(records, display)
    except TabularError as exc:
        raise TabularError([*problems.items, *exc.problems]) from None
    return Table(table.file, table.columns, table.rows, tuple(problems.items)) if problems else table


def _label(header: list[str], index: int) -> str:
    name = header[index].strip() if index < len(header) else ""
    return name or column_letter(index)


def _cell_text(cell: Any, row: int, column: str, problems: ProblemList) -> str:
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", None)
    if value is None:
        return ""
    if kind == "f" or (isinstance(value, str) and value.startswith("=") and kind != "s"):
        problems.add(row, column, "the cell holds a formula; paste values only and try again")
        return ""
    if kind == "e":
        problems.add(row, column, f"the cell shows an error ({value})")
        return ""
    return text_of(value)


def text_of(value: object) -> str:
    """A spreadsheet cell value as the text the importers parse."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


# ------------------------------------------------------------------ both

def _build(records: Sequence[tuple[int, list[str]]], display: str) -> Table:
    records = [(n, [c.strip() for c in cells]) for n, cells in records]
    nonblank = [(n, cells) for n, cells in records if any(cells)]
    if not nonblank:
        raise TabularError(_one(display, "the file is empty"))
    problems = ProblemList(display)
    first_number, header = records[0]
    if not any(header):
        problems.add(first_number, None, "the first row must hold the column names")
        problems.raise_if_any()
    width = max(len(cells) for _, cells in nonblank)
    header = header + [""] * (width - len(header))
    seen: dict[str, str] = {}
    for i, name in enumerate(header):
        has_data = any(i < len(cells) and cells[i] for _, cells in records[1:])
        if not name:
            if has_data:
                problems.add(first_number, column_letter(i), "this column has values but no name in the header row")
            continue
        if name.lower() in seen:
            problems.add(first_number, name, f"column '{name}' appears twice (columns {seen[name.lower()]} "
                                             f"and {column_letter(i)})")
        seen.setdefault(name.lower(), column_letter(i))
    problems.raise_if_any()
    named = [(i, name) for i, name in enumerate(header) if name]
    rows = tuple(
        Row(number, {name: (cells[i] if i < len(cells) else "") for i, name in named})
        for number, cells in records[1:] if any(cells)
    )
    if not rows:
        raise TabularError(_one(display, "the file has a header row but no data rows"))
    return Table(display, tuple(name for _, name in named), rows)


def unknown_columns(table: Table, allowed: Iterable[str]) -> list[str]:
    """Columns of ``table`` not in ``allowed`` (compared case-insensitively)."""
    known = {a.lower() for a in allowed}
    return [c for c in table.columns if c.lower() not in known]
