"""Report charts drawn with ReportLab graphics: Area bars with the national line, baseline against
follow-up with arrows, and answer distributions as stacked bars. Each returns a ``Drawing`` flowable.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from casereader.printing.fonts import FontSet
from casereader.printing.language import ENGLISH, Words
from casereader.reports.model import Distribution, ScoreRow, Travel

INK = colors.HexColor("#1F2933")
SOFT = colors.HexColor("#616E7C")
GRID = colors.HexColor("#D9DEE3")
BAR = colors.HexColor("#4C6A92")
BAR_LIGHT = colors.HexColor("#B7C4D6")
NATIONAL = colors.HexColor("#C0392B")
MEAN = colors.HexColor("#E08E0B")
UP = colors.HexColor("#1E7B3C")
DOWN = colors.HexColor("#B03A2E")
STATIC = colors.HexColor("#616E7C")
SEGMENTS = ("#1F5F8B", "#5B9BD5", "#BDD7EE", "#F4B183", "#C55A11", "#7F7F7F", "#A9D18E", "#FFD966")


def _pct(d: Decimal | None) -> str:
    return "–" if d is None else f"{d}%"


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (a word longer than the width gets a line of its own)."""
    return simpleSplit(text, font, size, width) or [""]


def _drawing(width: float, height: float, fonts: FontSet) -> Drawing:
    """A drawing whose default font is the embedded regular face (never an unembedded standard font)."""
    d = Drawing(width, height)
    d.initialFontName = fonts.regular
    return d


def _label(d: Drawing, x: float, y_top: float, lines: Sequence[str], fonts: FontSet, size: float,
           leading: float) -> None:
    """Right-aligned label lines ending at ``x``, the first line's top at ``y_top``."""
    for i, line in enumerate(lines):
        d.add(String(x, y_top - size - i * leading + 1, line, fontName=fonts.regular, fontSize=size, fillColor=INK,
                     textAnchor="end"))


def _axis(d: Drawing, fonts: FontSet, x0: float, plot_w: float, top: float, bottom: float) -> None:
    for tick in range(0, 101, 20):
        x = x0 + plot_w * tick / 100
        d.add(Line(x, bottom, x, top, strokeColor=GRID, strokeWidth=0.5))
        d.add(String(x, bottom - 9, f"{tick}%", fontName=fonts.regular, fontSize=6.5, fillColor=SOFT,
                     textAnchor="middle"))


def area_bars(row: ScoreRow, fonts: FontSet, width: float, words: Words = ENGLISH) -> Drawing:
    """One bar per Area (strongest first) with its % and n; the national pooled figure as a line."""
    areas = sorted((a for a in row.areas if a.figure.exact is not None), key=lambda a: -a.figure.exact)  # type: ignore[operator]
    bar_h, gap, label_w, value_w, leading = 10.0, 4.0, 118.0, 70.0, 8.5
    labels = [_wrap(a.area, fonts.regular, 7.5, label_w - 6) for a in areas]
    rows_h = [max(bar_h, len(lines) * leading) for lines in labels]
    top_pad, bottom_pad = 22.0, 26.0
    height = top_pad + bottom_pad + sum(h + gap for h in rows_h)
    d = _drawing(width, height, fonts)
    x0, plot_w = label_w, width - label_w - value_w
    top, bottom = height - top_pad, bottom_pad
    _axis(d, fonts, x0, plot_w, top + 4, bottom)
    y_top = top
    for a, lines, h in zip(areas, labels, rows_h):
        f = a.figure
        w = plot_w * float(f.exact or 0) / 100
        strong = a is row.strongest or a is row.weakest
        y = y_top - (h + bar_h) / 2
        d.add(Rect(x0, y, w, bar_h, fillColor=BAR if strong else BAR_LIGHT, strokeColor=None))
        _label(d, x0 - 4, y_top - (h - len(lines) * leading) / 2, lines, fonts, 7.5, leading)
        d.add(String(x0 + plot_w + 4, y + 2.5, f"{_pct(f.published)}  n={f.n}", fontName=fonts.regular,
                     fontSize=7, fillColor=INK))
        y_top -= h + gap
    for value, colour, dash in ((row.pooled.exact, NATIONAL, None), (row.mean_of_areas_exact, MEAN, [2, 2])):
        if value is None:
            continue
        x = x0 + plot_w * float(value) / 100
        d.add(Line(x, bottom, x, top + 4, strokeColor=colour, strokeWidth=1.2, strokeDashArray=dash))
    legend_y = height - 10
    d.add(Line(x0, legend_y + 3, x0 + 14, legend_y + 3, strokeColor=NATIONAL, strokeWidth=1.2))
    national = f"{words('National (pooled)')} {_pct(row.pooled.published)}  n={row.pooled.n}"
    d.add(String(x0 + 18, legend_y, national, fontName=fonts.regular, fontSize=7, fillColor=INK))
    lx = x0 + 18 + stringWidth(national, fonts.regular, 7) + 14
    d.add(Line(lx, legend_y + 3, lx + 14, legend_y + 3, strokeColor=MEAN, strokeWidth=1.2, strokeDashArray=[2, 2]))
    d.add(String(lx + 18, legend_y, f"{words('Mean of Areas')} {_pct(row.mean_of_areas)}", fontName=fonts.regular,
                 fontSize=7, fillColor=INK))
    return d


def _arrow(d: Drawing, x: float, y: float, direction: str) -> None:
    s = 4.0
    if direction == "improved":
        d.add(Polygon([x - s, y - s * 0.8, x + s, y - s * 0.8, x, y + s], fillColor=UP, strokeColor=None))
    elif direction == "declined":
        d.add(Polygon([x - s, y + s * 0.8, x + s, y + s * 0.8, x, y - s], fillColor=DOWN, strokeColor=None))
    elif direction == "static":
        d.add(Polygon([x - s * 0.8, y - s, x - s * 0.8, y + s, x + s, y], fillColor=STATIC, strokeColor=None))


def travel_bars(rows: Sequence[Travel], fonts: FontSet, width: float, label: str = "",
                words: Words = ENGLISH) -> Drawing:
    """Baseline and follow-up bars per figure, with the direction arrow and the change in points."""
    bar_h, label_w, value_w, leading = 9.0, 150.0, 92.0, 8.5
    labels = [_wrap(t.title, fonts.regular, 7.5, label_w - 6) for t in rows]
    pairs_h = [max(26.0, len(lines) * leading + 6) for lines in labels]
    top_pad, bottom_pad = 22.0, 26.0
    height = top_pad + bottom_pad + sum(pairs_h)
    d = _drawing(width, height, fonts)
    x0, plot_w = label_w, width - label_w - value_w
    top, bottom = height - top_pad, bottom_pad
    _axis(d, fonts, x0, plot_w, top + 4, bottom)
    y = top
    for t, lines, pair_h in zip(rows, labels, pairs_h):
        _label(d, x0 - 4, y - 2, lines, fonts, 7.5, leading)
        for i, (value, colour) in enumerate(((t.baseline, BAR_LIGHT), (t.follow_up, BAR))):
            if value is not None:
                d.add(Rect(x0, y - (i + 1) * bar_h - 2, plot_w * float(value) / 100, bar_h - 1, fillColor=colour,
                           strokeColor=None))
        text = f"{_pct(t.baseline)} → {_pct(t.follow_up)}"
        d.add(String(x0 + plot_w + 4, y - 9, text, fontName=fonts.regular, fontSize=7, fillColor=INK))
        change = "" if t.change is None else f"{t.change:+} pp"
        _arrow(d, x0 + plot_w + 9, y - 18, t.direction)
        d.add(String(x0 + plot_w + 17, y - 20.5, change or words.label(t.direction), fontName=fonts.regular, fontSize=7,
                     fillColor=SOFT))
        y -= pair_h
    legend_y, lx = height - 10, x0
    for colour, name in ((BAR_LIGHT, words("Baseline")), (BAR, words("Follow-up"))):
        text = f"{name}, {label}" if label else name  # every legend entry has its mark
        d.add(Rect(lx, legend_y, 10, 7, fillColor=colour, strokeColor=None))
        d.add(String(lx + 14, legend_y, text, fontName=fonts.regular, fontSize=7, fillColor=INK))
        lx += 14 + stringWidth(text, fonts.regular, 7) + 16
    return d


def distribution_bars(dists: Sequence[Distribution], fonts: FontSet, width: float) -> Drawing:
    """One 100% stacked bar per question (same scale), each segment an answer's share; n at the right."""
    bar_h, gap, label_w, value_w, leading = 11.0, 5.0, 190.0, 40.0, 8.0
    labels = [_wrap(f"{dist.question_id} {dist.text}", fonts.regular, 7, label_w - 6) for dist in dists]
    rows_h = [max(bar_h, len(lines) * leading) for lines in labels]
    options = [o.label for o in dists[0].options] if dists else []
    x0, plot_w = label_w, width - label_w - value_w
    legend: list[tuple[float, int, str]] = []  # (x, row, label), laid out before the height is known
    lx, row = x0, 0
    for name in options:
        w = 16 + stringWidth(name, fonts.regular, 7) + 12
        if lx + w > width and lx > x0:
            lx, row = x0, row + 1
        legend.append((lx, row, name))
        lx += w
    top_pad, bottom_pad = 4.0 + 11 * (row + 1), 4.0
    height = top_pad + bottom_pad + sum(h + gap for h in rows_h)
    d = _drawing(width, height, fonts)
    y_top = height - top_pad
    for dist, lines, h in zip(dists, labels, rows_h):
        y = y_top - (h + bar_h) / 2
        _label(d, x0 - 4, y_top - (h - len(lines) * leading) / 2, lines, fonts, 7, leading)
        x = x0
        for i, o in enumerate(dist.options):
            share = float(o.figure.exact or 0) / 100
            w = plot_w * share
            if w <= 0:
                continue
            fill = colors.HexColor(SEGMENTS[i % len(SEGMENTS)])
            d.add(Rect(x, y, w, bar_h, fillColor=fill, strokeColor=colors.white, strokeWidth=0.4))
            if w > 22:
                light = i in (0, 4) or i >= 5
                d.add(String(x + w / 2, y + 3, f"{o.figure.published}%", fontName=fonts.regular, fontSize=6.5,
                             fillColor=colors.white if light else INK, textAnchor="middle"))
            x += w
        d.add(String(x0 + plot_w + 4, y + 3, f"n={dist.answered}", fontName=fonts.regular, fontSize=7,
                     fillColor=SOFT))
        y_top -= h + gap
    for i, (lx, row, name) in enumerate(legend):
        ly = height - 10 - 11 * row
        d.add(Rect(lx, ly, 10, 7, fillColor=colors.HexColor(SEGMENTS[i % len(SEGMENTS)]), strokeColor=None))
        d.add(String(lx + 14, ly, _fit(name, fonts.regular, 7, width - lx - 16), fontName=fonts.regular, fontSize=7,
                     fillColor=INK))
    return d
