"""Writing a report: JSON (docs/report.schema.json), CSV (one long tidy table) and XLSX (a sheet per table)."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from casereader.reports.document import DRAFT, TIDY_COLUMNS, num, publication, publication_note, tidy_rows, to_document
from casereader.reports.model import METHOD, Report, ScoreRow

PERCENT = "0.0%"
POINTS = "0.0"


def write_report(fmt: str, report: Report, path: Path, meta: Mapping[str, Any] | None = None) -> None:
    """Write ``report`` as json, csv or xlsx (the PDF is written by casereader.printing.report_pdf)."""
    {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}[fmt](report, path, meta)


def write_json(report: Report, path: Path, meta: Mapping[str, Any] | None = None) -> None:
    text = json.dumps(to_document(report, meta), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def write_csv(report: Report, path: Path, meta: Mapping[str, Any] | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=TIDY_COLUMNS)
        w.writeheader()
        w.writerows(tidy_rows(report, meta))


def _pct(d: Any) -> float | None:
    v = num(d)
    return None if v is None else v / 100.0


def write_xlsx(report: Report, path: Path, meta: Mapping[str, Any] | None = None) -> None:
    """A workbook with a sheet per table; percentages are numbers formatted 0.0%, never text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    about = wb.active
    about.title = "About"
    about.append(["Casereader report", publication_note(meta)])
    about["A1"].font = Font(bold=True, size=14)
    about["B1"].font = Font(bold=True, size=14, color="B03A2E" if publication(meta) == DRAFT else "1E7B3C")
    for k, v in {**dict(meta or {}), **{f"selection: {k}": v for k, v in report.selection.items()}}.items():
        about.append([k, str(v)])
    about.append(["grouped by", ", ".join(report.by) or "(all cases)"])
    about.append(["rounding", report.rounding.describe()])
    for k, v in METHOD.items():
        about.append([f"method: {k}", v])
    if report.comparison is not None:
        for k, v in report.comparison.rule.items():
            about.append([f"direction: {k}", v])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 110

    def sheet(title: str, header: list[str], rows: list[list[Any]], formats: Mapping[int, str]) -> None:
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(row)
        for col, fmt in formats.items():
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = fmt
        for i, h in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(10, min(60, len(h) + 2))
        ws.freeze_panes = "A2"

    for kind, title in (("measure", "Measures"), ("theme", "Themes"), ("question", "Question scores")):
        rows = report.rows(kind)
        sheet(title, ["Id", "Title", "Group", "Cases", "National (pooled)", "Points", "Maximum points", "n answers",
                      "National (mean of Areas)", "Areas", "Strongest Area", "Strongest %", "Weakest Area",
                      "Weakest %", "Gap (pp)"],
              [_national(report, r) for r in rows], {5: PERCENT, 9: PERCENT, 12: PERCENT, 14: PERCENT, 15: POINTS})
        sheet(f"{title} by Area", ["Id", "Title", "Group", "Area", "Score", "Points", "Maximum points", "n answers",
                                   "Cases"],
              [[r.id, r.title, report.group_label(r.group), a.area, _pct(a.figure.published), a.figure.numerator,
                a.figure.denominator, a.figure.n, a.cases] for r in rows for a in r.areas], {5: PERCENT})
    sheet("Distributions", ["Question", "Text", "Group", "Area", "Answer", "Count", "Share", "n answered", "N/A"],
          [[d.question_id, d.text, report.group_label(d.group), d.area or "National", o.label, o.figure.numerator,
            _pct(o.figure.published), d.answered, d.na] for d in report.distributions for o in d.options],
          {7: PERCENT})
    if report.comparison is not None:
        sheet("Direction of travel", ["Kind", "Id", "Title", "Group", "Scope", "Area", "Baseline", "Follow-up",
                                      "Change (pp)", "Direction", "Arrow", "Baseline n", "Follow-up n", "Note"],
              [[t.kind, t.id, t.title, report.group_label(t.group), t.scope, t.area or "National", _pct(t.baseline),
                _pct(t.follow_up), num(t.change), t.direction, t.arrow, t.baseline_n, t.follow_up_n, t.note]
               for t in report.comparison.rows], {7: PERCENT, 8: PERCENT, 9: POINTS})
    if report.consistency is not None:
        header, *body = report.consistency.to_rows()
        sheet("Consistency", [str(h) for h in header],
              [[*r[:4], _share(r[4]), _share(r[5]), r[6], r[7]] for r in body], {5: PERCENT, 6: PERCENT})
    if report.queries:
        sheet("Queries", ["By", "Key", "Open", "Answered", "Closed", "Median days to close"],
              [[q.group, q.key, q.open, q.answered, q.closed, q.to_json()["median_days_to_close"]]
               for q in report.queries], {})
    if publication(meta) == DRAFT:
        for ws in wb.worksheets:
            _stamp_draft(ws, publication_note(meta))
    wb.save(path)


def _stamp_draft(ws: Any, note: str) -> None:
    """DRAFT on the sheet itself (beside the header row, never moving the table), its tab and its print header."""
    from openpyxl.styles import Font

    if ws.title != "About":  # the About sheet states it in its first row
        ws.cell(row=1, column=ws.max_column + 1, value=note).font = Font(bold=True, color="B03A2E")
    ws.sheet_properties.tabColor = "B03A2E"
    ws.oddHeader.center.text = DRAFT
    ws.oddHeader.center.size = 20
    ws.oddHeader.center.color = "B03A2E"


def _share(percent: Any) -> float | None:
    return None if percent is None or percent == "" else float(percent) / 100.0


def _national(report: Report, r: ScoreRow) -> list[Any]:
    s, w = r.strongest, r.weakest
    return [r.id, r.title, report.group_label(r.group), r.cases, _pct(r.pooled.published), r.pooled.numerator,
            r.pooled.denominator, r.pooled.n, _pct(r.mean_of_areas),
            sum(1 for a in r.areas if a.figure.exact is not None), s.area if s else None,
            _pct(s.figure.published) if s else None, w.area if w else None, _pct(w.figure.published) if w else None,
            num(r.gap_pp)]
