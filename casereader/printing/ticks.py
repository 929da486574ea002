"""A line of tick boxes (the answer options of a question), drawn directly on the canvas.

Cheaper than a marked-up Paragraph (no parsing, widths cached across documents) and exact about
spacing: each option is a box and its label, kept together, wrapped onto further rows when needed.
The chosen option prints as a crossed box (the ☒ glyph, so it is also in the PDF's text) with a bold
label on a grey band, unmistakable in black-and-white print; the other boxes are drawn as squares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from casereader.printing.styles import BOX_CHOSEN, BOX_EMPTY, CHOSEN_FILL, SOFT_INK, grey_level

_widths: dict[tuple[str, str, float], float] = {}
ITEM_GAP = 14.0
CHOSEN_GREY = grey_level(CHOSEN_FILL)
SOFT_GREY = grey_level(SOFT_INK)


def text_width(text: str, font: str, size: float) -> float:
    """stringWidth, remembered (option labels repeat on every sheet of a set)."""
    key = (text, font, size)
    found = _widths.get(key)
    if found is None:
        found = _widths[key] = float(stringWidth(text, font, size))
    return found


@dataclass(frozen=True)
class Tick:
    """One box: its label, whether it is chosen, and whether it is only a remark (no box)."""

    label: str
    chosen: bool = False
    remark: bool = False


@dataclass(frozen=True)
class TickFonts:
    regular: str
    bold: str
    italic: str
    size: float = 10.0
    box_size: float = 12.5
    remark_size: float = 8.5
    leading: float = 16.0


class TickLine(Flowable):  # type: ignore[misc]
    """Tick boxes in rows from ``indent``; remarks (e.g. "not answered") are set in italics after them."""

    def __init__(self, ticks: Sequence[Tick], fonts: TickFonts, *, indent: float = 0, space_after: float = 2) -> None:
        super().__init__()
        self.ticks = tuple(ticks)
        self.fonts = fonts
        self.indent = indent
        self.spaceAfter = space_after
        self.spaceBefore = 0
        self._rows: list[list[tuple[float, Tick]]] = []

    def fits(self, width: float) -> bool:
        """Whether every item fits on a row of ``width`` (else the caller uses a Paragraph instead)."""
        return all(self._item_width(t) <= width - self.indent for t in self.ticks)

    def _item_width(self, t: Tick) -> float:
        f = self.fonts
        if t.remark:
            return text_width(t.label, f.italic, f.remark_size)
        font = f.bold if t.chosen else f.regular
        return text_width(BOX_EMPTY + " ", font, f.box_size) + text_width(t.label, font, f.size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        rows: list[list[tuple[float, Tick]]] = [[]]
        x = self.indent
        for t in self.ticks:
            w = self._item_width(t)
            if rows[-1] and x + w > availWidth:
                rows.append([])
                x = self.indent
            rows[-1].append((x, t))
            x += w + ITEM_GAP
        self._rows = rows
        self.width = availWidth
        self.height = len(rows) * self.fonts.leading
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        f = self.fonts
        baseline = self.height - f.leading + 4
        side = 0.66 * f.box_size  # an empty box drawn as a square the size of the ☐ glyph
        for row in self._rows:
            path = c.beginPath()
            empty = False
            for x, t in row:  # grey bands behind chosen options, squares for the others, then the text
                if t.remark:
                    continue
                if t.chosen:
                    c.setFillGray(CHOSEN_GREY)
                    c.rect(x - 2, baseline - 3.5, self._item_width(t) + 4, f.leading - 1.5, stroke=0, fill=1)
                else:
                    path.rect(x + 0.12 * f.box_size, baseline + 0.04 * f.box_size, side, side)
                    empty = True
            if empty:
                c.setStrokeGray(0)
                c.setLineWidth(0.06 * f.box_size)
                c.drawPath(path, stroke=1, fill=0)
            c.setFillGray(0)
            text = c.beginText(0, baseline)
            for x, t in row:
                if t.remark:
                    text.setTextOrigin(x, baseline)
                    text.setFillGray(SOFT_GREY)
                    text.setFont(f.italic, f.remark_size)
                    text.textOut(t.label)
                    text.setFillGray(0)
                elif t.chosen:
                    text.setTextOrigin(x, baseline)
                    text.setFont(f.bold, f.box_size)
                    text.textOut(BOX_CHOSEN + " ")
                    text.setFont(f.bold, f.size)
                    text.textOut(t.label)
                else:
                    text.setTextOrigin(x + text_width(BOX_EMPTY + " ", f.regular, f.box_size), baseline)
                    text.setFont(f.regular, f.size)
                    text.textOut(t.label)
            c.drawText(text)
            baseline -= f.leading
