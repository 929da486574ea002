"""Writing marks back out, long or wide, as CSV (escaped against formula injection) or XLSX."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from casereader.core.answers import CaseState
from casereader.core.engine import CaseEngine
from casereader.core.questionset import QuestionSet
from casereader.files import write_atomic
from casereader.tabular.marks import CASE_REF, COMMENT_SUFFIX, LONG_COLUMNS, NA_REASON_SUFFIX
from casereader.tabular.table import FORMULA_PREFIXES
from casereader.tabular.values import answer_text

Sheet = tuple[list[str], list[list[str]]]


def long_sheet(qs: QuestionSet, cases: Sequence[tuple[str, CaseState]]) -> Sheet:
    """One row per answer of each case (applicable questions only), in case and form order."""
    rows: list[list[str]] = []
    for ref, state in cases:
        engine = CaseEngine(qs, state)
        for qid in engine.applicable:
            a = state.answers.get(qid)
            if a is None or not (a.given or a.comment):
                continue
            rows.append([ref, qid, answer_text(a), a.na_reason if a.na else "", a.comment])
    return list(LONG_COLUMNS), rows


def wide_columns(qs: QuestionSet) -> list[str]:
    columns = [CASE_REF]
    for q in qs.questions:
        columns.append(q.id)
        if q.na.allowed:
            columns.append(q.id + NA_REASON_SUFFIX)
        columns.append(q.id + COMMENT_SUFFIX)
    return columns


def wide_sheet(qs: QuestionSet, cases: Sequence[tuple[str, CaseState]]) -> Sheet:
    """One row per case, one column per question (plus its N/A reason and comment); also a blank template."""
    columns = wide_columns(qs)
    rows: list[list[str]] = []
    for ref, state in cases:
        engine = CaseEngine(qs, state)
        cells = {CASE_REF: ref}
        for qid in engine.applicable:
            a = state.answers.get(qid)
            if a is None or not (a.given or a.comment):
                continue
            cells[qid] = answer_text(a)
            cells[qid + NA_REASON_SUFFIX] = a.na_reason if a.na else ""
            cells[qid + COMMENT_SUFFIX] = a.comment
        rows.append([cells.get(c, "") for c in columns])
    return columns, rows


def escape_cell(text: str) -> str:
    """Defuse a CSV cell a spreadsheet would run as a formula (OWASP): prefix it with an apostrophe.

    NUL characters, which no spreadsheet keeps, are dropped.
    """
    text = text.replace("\x00", "")
    # An apostrophe that would read as our own escape is escaped too, so every cell reads back as written.
    escaped_already = len(text) > 1 and text[0] == "'" and (text[1] in FORMULA_PREFIXES or text[1] == "'")
    return "'" + text if text.startswith(FORMULA_PREFIXES) or escaped_already else text


def csv_bytes(sheet: Sheet) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends, every cell escaped."""
    columns, rows = sheet
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_cell(c) for c in columns])
    writer.writerows([escape_cell(c) for c in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(sheet: Sheet, title: str = "Marks") -> bytes:
    """A workbook with one sheet, the header row bold and frozen, every cell stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    columns, rows = sheet
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    bold = Font(bold=True)
    for r, values in enumerate([columns, *rows], start=1):
        for c, value in enumerate(values, start=1):
            if value == "":
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XLSX cannot hold
            cell.data_type = "s"  # text, never a formula
            if r == 1:
                cell.font = bold
    ws.freeze_panes = "A2"
    for c, name in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = max(10, min(40, len(name) + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return stable_xlsx(buf.getvalue())


FIXED_STAMP = "2000-01-01T00:00:00Z"  # the document time of every workbook written: the same data, the same bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def stable_xlsx(data: bytes) -> bytes:
    """The workbook ``data`` (as openpyxl saved it) with its document times and zip entry times fixed, so two
    exports of the same data are byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            dst.writestr(entry, content)
    return out.getvalue()


def write_sheet(path: str | Path, sheet: Sheet) -> Path:
    """Write ``sheet`` as CSV or XLSX by the file's extension, atomically (a temporary file then rename)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = csv_bytes(sheet)
    elif suffix == ".xlsx":
        data = xlsx_bytes(sheet)
    else:
        raise ValueError(f"{path}: the output must be a .csv or .xlsx file")
    if not path.parent.is_dir():
        raise ValueError(f"{path}: folder {path.parent} does not exist")
    write_atomic(path, data)
    return path

