"""Building blocks shared by the filled and blank sheets: escaped text, boxed field grids, signatures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from casereader.core.inspection import Round
from casereader.printing.language import BOTH_JOIN, ENGLISH, Words
from casereader.printing.styles import LABEL_FILL, RULE_GREY, SOFT_INK, SheetStyles, grey_level
from casereader.printing.ticks import text_width

NBSP = "\u00a0"
PAD = 5.0
LABEL_SIZE = 8.0
VALUE_SIZE = 9.5
LABEL_GREY = grey_level(LABEL_FILL)
SOFT_GREY = grey_level(SOFT_INK)
RULE_LEVEL = grey_level(RULE_GREY)


def esc(text: object) -> str:
    """Text made safe for a ReportLab Paragraph; line breaks kept."""
    return escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def keep_together(label: str) -> str:
    """A short label that must not wrap in the middle (tick box and words on one line)."""
    return label.replace(" ", NBSP) if len(label) <= 32 else label


def round_label(value: Round | str) -> str:
    return {"baseline": "Baseline", "follow-up": "Follow-up"}.get(str(value), str(value))


def date_text(value: str | dt.date | dt.datetime | None, words: Words = ENGLISH) -> str:
    """An ISO date or timestamp as "20 November 2026" in the sheet's language (the text itself when it is
    not a date)."""
    if value is None or value == "":
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return words.date(day)


def fitted(text: str, font: str, size: float, width: float, style: Any) -> Any:
    """Plain text for a table cell when it fits on one line (cheap to draw), else a wrapping Paragraph."""
    if "\n" not in text and text_width(text, font, size) <= width:
        return text
    return Paragraph(esc(text), style)


class FieldGrid(Flowable):  # type: ignore[misc]
    """Label/value pairs, two pairs to a row, in a ruled box, drawn directly (cheaper than a Table).

    A value is plain text (wrapped by a Paragraph only when it needs more than one line), a ready-made
    flowable, or "" for a box to fill in by hand (at least ``min_height`` tall).
    """

    def __init__(self, styles: SheetStyles, fields: Sequence[tuple[str, Any]], *, min_height: float = 0,
                 bold: Sequence[str] = ()) -> None:
        super().__init__()
        self.st = styles
        self.fields = [(label, value, label in bold) for label, value in fields]
        self.min_height = min_height
        self._rows: list[tuple[float, list[tuple[float, float, Any, Any, bool]]]] = []

    def _cell(self, text: Any, font: str, size: float, width: float, style: Any) -> tuple[Any, float]:
        if not isinstance(text, str):
            return text, float(text.wrap(width, 10_000)[1])
        if "\n" not in text and text_width(text, font, size) <= width:
            return text, size * 1.2
        para = Paragraph(esc(text), style)
        return para, float(para.wrap(width, 10_000)[1])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        f = self.st.fonts
        label_w = availWidth * 0.2
        value_w = availWidth / 2 - label_w
        rows = []
        for i in range(0, len(self.fields), 2):
            pair = self.fields[i:i + 2]
            cells = []
            height = self.min_height
            for j, (label, value, bold) in enumerate(pair):
                x = j * (label_w + value_w)
                vw = value_w if len(pair) == 2 else availWidth - label_w
                lab, lh = self._cell(label, f.bold, LABEL_SIZE, label_w - 2 * PAD, self.st.cell_label)
                val, vh = self._cell(value, f.bold if bold else f.regular, VALUE_SIZE, vw - 2 * PAD,
                                     self.st.cell_value)
                height = max(height, lh + 2 * PAD, vh + 2 * PAD)
                cells.append((x, vw, lab, val, bold))
            rows.append((height, cells))
        self._rows = rows
        self.width = availWidth
        self.label_w = label_w
        self.height = sum(h for h, _ in rows)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Between rows, when a very long header does not fit on the rest of the page."""
        self.wrap(availWidth, availHeight)
        used, fit = 0.0, 0
        for height, _cells in self._rows:
            if used + height > availHeight:
                break
            used += height
            fit += 1
        if fit == 0 or fit == len(self._rows):
            return []
        bold = [label for label, _value, is_bold in self.fields if is_bold]
        head = [(label, value) for label, value, _b in self.fields[:2 * fit]]
        tail = [(label, value) for label, value, _b in self.fields[2 * fit:]]
        return [FieldGrid(self.st, head, min_height=self.min_height, bold=bold),
                FieldGrid(self.st, tail, min_height=self.min_height, bold=bold)]

    def draw(self) -> None:
        c = self.canv
        f = self.st.fonts
        c.setFillGray(LABEL_GREY)
        top = self.height
        for height, cells in self._rows:  # shading first, so that no rule is painted over
            for x, _vw, _lab, _val, _bold in cells:
                c.rect(x, top - height, self.label_w, height, stroke=0, fill=1)
            top -= height
        top = self.height
        c.setStrokeGray(RULE_LEVEL)
        c.setLineWidth(0.4)
        for height, cells in self._rows:
            bottom = top - height
            for x, _vw, lab, val, bold in cells:
                self._draw_cell(lab, x + PAD, bottom, height, f.bold, LABEL_SIZE, SOFT_GREY)
                self._draw_cell(val, x + self.label_w + PAD, bottom, height, f.bold if bold else f.regular,
                                VALUE_SIZE, 0)
                c.line(x + self.label_w, bottom, x + self.label_w, top)
                if x:
                    c.line(x, bottom, x, top)
            if bottom > 0:
                c.line(0, bottom, self.width, bottom)
            top = bottom
        c.setStrokeGray(0)
        c.setLineWidth(0.9)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)

    def _draw_cell(self, item: Any, x: float, bottom: float, height: float, font: str, size: float,
                   grey: float) -> None:
        if isinstance(item, str):
            if item:
                c = self.canv
                c.setFillGray(grey)
                c.setFont(font, size)
                c.drawString(x, bottom + height / 2 - size * 0.35, item)
            return
        h = item.wrap(self.width, 10_000)[1] if not hasattr(item, "height") else item.height
        item.drawOn(self.canv, x, bottom + (height - h) / 2)


def field_grid(styles: SheetStyles, width: float, fields: Sequence[tuple[str, Any]], *,
               empty_height: float = 0, bold: Sequence[str] = ()) -> FieldGrid:
    """The header box of a sheet (see :class:`FieldGrid`); ``width`` is taken from the frame when drawn."""
    return FieldGrid(styles, fields, min_height=empty_height, bold=bold)


class SignatureLines(Flowable):  # type: ignore[misc]
    """Name / signature / date lines to sign on paper, one row per role."""

    def __init__(self, styles: SheetStyles, roles: Sequence[str], words: Words = ENGLISH) -> None:
        super().__init__()
        self.st = styles
        self.roles = list(roles)
        self.words = words

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = 12 + 34 * len(self.roles)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        f = self.st.fonts
        w = self.width
        say = self.words
        cols = [(w * 0.22, w * 0.3 - 10, say("Name")), (w * 0.52, w * 0.3 - 10, say("Signature")),
                (w * 0.82, w * 0.18, say("Date"))]
        c.setFillGray(SOFT_GREY)
        c.setFont(f.bold, LABEL_SIZE)
        for x, _width, title in cols:
            c.drawString(x, self.height - 9, title)
        c.setStrokeGray(0)
        c.setLineWidth(0.7)
        y = self.height - 12
        for role in self.roles:
            y -= 34
            c.setFillGray(0)
            c.setFont(f.bold, VALUE_SIZE)
            lines = role.split(BOTH_JOIN)  # a bilingual role: Welsh above English
            for k, line in enumerate(lines):
                c.drawString(0, y + 4 + 11 * (len(lines) - 1 - k), line)
            for x, width, _title in cols:
                c.line(x, y + 1, x + width, y + 1)


def signature_block(styles: SheetStyles, width: float, roles: Sequence[str], words: Words = ENGLISH) -> SignatureLines:
    return SignatureLines(styles, [words(role) for role in roles], words)


def data_table(styles: SheetStyles, width: float, header: Sequence[str], rows: Sequence[Sequence[str]],
               first_col: float = 0.46) -> Table:
    """A ruled table with a shaded heading row; the first column wraps, the rest are right-aligned."""
    other = (1 - first_col) / max(1, len(header) - 1)
    cols = [width * first_col] + [width * other] * (len(header) - 1)
    body: list[list[Any]] = [list(header)]
    for row in rows:
        body.append([fitted(row[0], styles.fonts.regular, 9.5, cols[0] - 12, styles.cell_value), *row[1:]])
    table = Table(body, colWidths=cols, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.fonts.regular, 9.5),
        ("FONT", (0, 0), (-1, 0), styles.fonts.bold, 9),
        ("BOX", (0, 0), (-1, -1), 0.8, HexColor("#000000")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#000000")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor(RULE_GREY)),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(LABEL_FILL)),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table
