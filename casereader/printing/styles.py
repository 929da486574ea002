"""Paragraph styles, colours and measures shared by every marking sheet, built once per font set."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from casereader.printing.fonts import FontSet

# Tick marks (DejaVu covers all of them; they print clearly in black and white).
BOX_EMPTY = "☐"
BOX_CHOSEN = "☒"
TICK = "✓"
BIG_EMPTY = f"<font size=12.5>{BOX_EMPTY}</font>"
BIG_CHOSEN = f"<font size=12.5>{BOX_CHOSEN}</font>"
CHOSEN_FILL = "#D4D4D4"

# Greys only: the sheets are printed on office mono printers.
INK = "#000000"
SOFT_INK = "#444444"
RULE_GREY = "#8C8C8C"
LABEL_FILL = "#EDEDED"
BAR_FILL = "#DADADA"



def grey_level(hex_colour: str) -> float:
    """A "#RRGGBB" grey as a 0..1 grey level (for the cheap setFillGray)."""
    return int(hex_colour[1:3], 16) / 255.0


MM = 72.0 / 25.4
PAGE_MARGIN = 16 * MM
TOP_MARGIN = 22 * MM
BOTTOM_MARGIN = 20 * MM
QUESTION_INDENT = 58.0


@dataclass(frozen=True)
class SheetStyles:
    """Every style a sheet uses. Immutable and shared between documents (ReportLab never mutates them)."""

    fonts: FontSet
    title: Any
    subtitle: Any
    cell_label: Any
    cell_value: Any
    section: Any
    section_note: Any
    question: Any
    question_long_id: Any
    instruction: Any
    answer: Any
    note: Any
    detail: Any
    comment: Any
    guidance: Any
    small: Any
    heading: Any
    heading_alone: Any
    body: Any
    plain: Any


_lock = threading.Lock()
_cache: dict[FontSet, SheetStyles] = {}


def sheet_styles(fonts: FontSet) -> SheetStyles:
    """The styles for ``fonts`` (cached: building styles once keeps batch printing fast)."""
    with _lock:
        found = _cache.get(fonts)
        if found is None:
            found = _build(fonts)
            _cache[fonts] = found
        return found


def _build(f: FontSet) -> SheetStyles:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    ink, soft, rule = HexColor(INK), HexColor(SOFT_INK), HexColor(RULE_GREY)
    base = ParagraphStyle("cr-base", fontName=f.regular, fontSize=9.5, leading=12.5, textColor=ink,
                          splitLongWords=1, allowWidows=1, allowOrphans=0)

    def style(name: str, **kw: Any) -> Any:
        return ParagraphStyle(f"cr-{name}", parent=base, **kw)

    return SheetStyles(
        fonts=f,
        title=style("title", fontName=f.bold, fontSize=16, leading=20, spaceAfter=2),
        subtitle=style("subtitle", fontSize=10.5, leading=14, textColor=soft, spaceAfter=8),
        cell_label=style("cell-label", fontName=f.bold, fontSize=8, leading=10, textColor=soft),
        cell_value=style("cell-value", fontSize=9.5, leading=12),
        section=style("section", fontName=f.bold, fontSize=11, leading=14, backColor=HexColor(BAR_FILL),
                      borderPadding=(4, 5, 4, 5), spaceBefore=12, spaceAfter=8, keepWithNext=1),
        section_note=style("section-note", fontSize=8.5, leading=11, textColor=soft,
                           spaceAfter=6, keepWithNext=1),
        question=style("question", fontSize=10, leading=13, leftIndent=QUESTION_INDENT, bulletIndent=0,
                       bulletFontName=f.bold, bulletFontSize=9.5, spaceBefore=7, spaceAfter=3, keepWithNext=1),
        question_long_id=style("question-long-id", fontSize=10, leading=13, leftIndent=QUESTION_INDENT,
                               bulletIndent=0, bulletFontName=f.bold, bulletFontSize=7.5, spaceBefore=7,
                               spaceAfter=3, keepWithNext=1),
        instruction=style("instruction", fontName=f.italic, fontSize=8.5, leading=11,
                          leftIndent=QUESTION_INDENT, spaceAfter=3, keepWithNext=1),
        note=style("note", fontSize=8.5, leading=11, textColor=soft, leftIndent=QUESTION_INDENT, spaceAfter=3),
        answer=style("answer", fontSize=10, leading=14.5, leftIndent=QUESTION_INDENT, spaceAfter=2),
        detail=style("detail", fontSize=9, leading=12, leftIndent=QUESTION_INDENT, spaceAfter=2),
        comment=style("comment", fontSize=9, leading=12, leftIndent=QUESTION_INDENT + 4, rightIndent=4,
                      borderWidth=0.5, borderColor=rule, borderPadding=(3, 4, 3, 4), spaceBefore=4, spaceAfter=4,
                      bulletIndent=0, bulletFontName=f.bold, bulletFontSize=8, bulletColor=soft),
        guidance=style("guidance", fontSize=8.5, leading=11, textColor=soft,
                       leftIndent=QUESTION_INDENT, spaceAfter=3),
        small=style("small", fontSize=8, leading=10, textColor=soft),
        heading=style("heading", fontName=f.bold, fontSize=11.5, leading=15, spaceBefore=14, spaceAfter=6,
                      keepWithNext=1),
        heading_alone=style("heading-alone", fontName=f.bold, fontSize=11.5, leading=15, spaceBefore=14,
                            spaceAfter=6),
        body=style("body", fontSize=9.5, leading=12.5, spaceAfter=4),
        plain=style("plain", fontSize=9.5, leading=12.5),
    )
