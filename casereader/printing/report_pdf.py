"""The central report as a PDF: method, headline tables, Area charts, direction of travel, distributions.

Its fixed text (headings, labels, method, notes, footer) prints in English, Welsh or both (Welsh first), from
the printing layer's table (:mod:`casereader.printing.language`); the figures, question wording and Area names
are the data's own."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from casereader.printing import charts
from casereader.printing.fonts import FontSet, register_fonts
from casereader.printing.language import WELSH, Words
from casereader.reports.document import DRAFT, publication, publication_note
from casereader.reports.model import METHOD, AreaScore, Distribution, Report, ScoreRow, Travel

MM = 72.0 / 25.4
MARGIN = 16 * MM
HEAD_FILL = colors.HexColor("#E4E9F0")
ZEBRA = colors.HexColor("#F6F8FA")
ARROW_COLOURS = {"improved": "#1E7B3C", "declined": "#B03A2E", "static": "#616E7C"}
DRAFT_RED = colors.HexColor("#B03A2E")
CELL_PADDING = 12  # ReportLab's default left + right cell padding
DEFAULT_TITLE = "Casework quality report"
ROUNDING = "{places} decimal place(s), rounding {mode}, on exact decimal fractions of counts"
SELECTION_LABELS = {"rounds": "Rounds", "question_sets": "Question-set versions", "areas": "Areas",
                    "filters": "Filters", "aggregation": "Aggregation", "compared_with": "Compared with"}


class _Styles:
    def __init__(self, f: FontSet, words: Words) -> None:
        self.fonts, self.w = f, words
        self.title = ParagraphStyle("title", fontName=f.bold, fontSize=18, leading=22, spaceAfter=6)
        self.h1 = ParagraphStyle("h1", fontName=f.bold, fontSize=13, leading=16, spaceBefore=10, spaceAfter=5)
        self.h2 = ParagraphStyle("h2", fontName=f.bold, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3)
        self.body = ParagraphStyle("body", fontName=f.regular, fontSize=8.5, leading=11)
        self.small = ParagraphStyle("small", fontName=f.regular, fontSize=7.5, leading=9.5,
                                    textColor=colors.HexColor("#444444"))
        self.cell = ParagraphStyle("cell", fontName=f.regular, fontSize=7.5, leading=9)
        self.cell_r = ParagraphStyle("cellr", parent=self.cell, alignment=2)
        self.head = ParagraphStyle("head", fontName=f.bold, fontSize=7.5, leading=9)
        self.head_r = ParagraphStyle("headr", parent=self.head, alignment=2)


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _p(v: Any) -> str:
    return "–" if v is None else f"{v}%"


def write_report_pdf(report: Report, path: Path, *, meta: Mapping[str, str] | None = None,
                     fonts_dir: Path | None = None, lang: str = "en") -> None:
    """Write the report to ``path`` (A4 portrait, embedded DejaVu fonts), its fixed text in ``lang`` (``en``,
    ``cy`` or ``both``)."""
    fonts = register_fonts(fonts_dir)
    w = Words(lang)
    st = _Styles(fonts, w)
    meta = dict(meta or {})
    title = meta.get("title") or DEFAULT_TITLE
    title = w(title) if title == DEFAULT_TITLE else title
    width = A4[0] - 2 * MARGIN
    draft = publication(meta) == DRAFT
    story: list[Any] = [Paragraph(_esc(title), st.title)]
    cases = ", ".join(f"{w.label(report.group_label(g))}: {n}" for g, n in report.cases.items())
    about = [(w("Publication"), w.label(publication_note(meta))), (w("Generated"), meta.get("generated_at", "")),
             (w("Central store"), meta.get("database", "")),
             (w("Grouped by"), ", ".join(report.by) or w("all cases")), (w("Cases"), cases)]
    story.append(_key_values(st, about, width))
    story.append(Paragraph(_esc(w("What this report covers")), st.h1))
    story.append(_key_values(st, [(w.label(SELECTION_LABELS.get(k, k.replace("_", " ").capitalize())), v)
                                  for k, v in report.selection.items()], width))
    story.append(Paragraph(_esc(w("How the figures are worked out")), st.h1))
    method = [(w.label(k.replace("_", " ").capitalize()), w.label(v)) for k, v in METHOD.items()]
    method.append((w("Rounding"), w.joined(lambda one: _rounding(one, report))))
    if report.comparison is not None:
        rule = report.comparison.rule
        method += [(w("Direction of travel"), w.joined(lambda one: "; ".join(
            f"{one.label(k)}: {v}" for k, v in _rule(one, rule, report).items())))]
    story.append(_key_values(st, method, width))
    for kind, heading in (("measure", "Headline measures"), ("theme", "Casework themes")):
        rows = report.rows(kind)
        if not rows:
            continue
        story += [PageBreak(), Paragraph(_esc(w(heading)), st.h1)]
        story.append(_score_table(st, report, rows, width, "Theme" if kind == "theme" else "Measure"))
        story.append(Paragraph(_esc(w("n answers = scored answers behind the national figure. Strongest and weakest "
                                      "Area by unrounded score; gap in percentage points between their published "
                                      "figures.")), st.small))
        for r in rows:
            story.append(CondPageBreak(60 * MM))
            story.append(KeepTogether([
                Paragraph(f"{_esc(r.title)} — {_esc(w.label(report.group_label(r.group)))}", st.h2),
                charts.area_bars(r, fonts, width, w)]))
    if report.comparison is not None:
        story += [PageBreak(), *_travel_section(st, report, width)]
    if report.distributions:
        story += [PageBreak(), Paragraph(_esc(w("Answer distributions (national)")), st.h1),
                  Paragraph(_esc(w("Each bar is one question: the share of each answer among the applicable "
                                   "questions answered (N/A and inapplicable excluded), with n answered.")), st.small)]
        story += _distribution_section(st, report, width)
    if report.consistency is not None:
        story += [PageBreak(), *_consistency_section(st, report, width)]
    if report.queries:
        story += [PageBreak(), *_queries_section(st, report, width)]
    stamp = w("DRAFT")
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 4, title=(stamp + ": " if draft else "") + title,
                            author="Casereader", subject=w("Casework quality: added value, grip, themes"),
                            initialFontName=fonts.regular, initialFontSize=10, initialLeading=12, lang=w.pdf_lang)

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        if draft:  # under the page's content: a pale diagonal mark, and a plain line at the top
            canvas.setFillColor(DRAFT_RED, alpha=0.10)
            size = min(110.0, 640 / stringWidth(stamp, fonts.bold, 1))  # "DRAFFT / DRAFT" fits the diagonal too
            canvas.setFont(fonts.bold, size)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -size * 0.35, stamp)
            canvas.rotate(-50)
            canvas.translate(-A4[0] / 2, -A4[1] / 2)
            canvas.setFillColor(DRAFT_RED)
            canvas.setFont(fonts.bold, 8)
            canvas.drawString(MARGIN, A4[1] - MARGIN + 12, w("DRAFT — not for publication"))
        canvas.setFont(fonts.regular, 7)
        canvas.setFillColor(colors.HexColor("#616E7C"))
        canvas.drawString(MARGIN, MARGIN - 2, _esc(title)[:90])
        canvas.drawRightString(A4[0] - MARGIN, MARGIN - 2, (stamp + " · " if draft else "")
                               + w("Page {number}", number=canvas.getPageNumber()))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def _rounding(w: Words, report: Report) -> str:
    """How figures are rounded, in one language."""
    r = report.rounding
    if w.lang == "en":
        return r.describe()
    return WELSH[ROUNDING].format(places=r.places, mode=w.label(r.mode))


def _rule(w: Words, rule: Mapping[str, str], report: Report) -> dict[str, str]:
    """The direction-of-travel rule (change, figures, improved, declined, static) in one language."""
    if w.lang == "en":
        return {k: v for k, v in rule.items() if k not in ("on", "threshold")}
    threshold = rule.get("threshold", "")
    figures = (w("the published figures ({rounding})", rounding=_rounding(w, report)) if rule.get("on") == "published"
               else w("the unrounded figures (exact fractions of the counts)"))
    return {"change": w.label(rule.get("change", "")), "figures": figures,
            "improved": w("change >= +{threshold} percentage points (▲)", threshold=threshold),
            "declined": w("change <= -{threshold} percentage points (▼)", threshold=threshold),
            "static": w("|change| < {threshold} percentage points (▶)", threshold=threshold)}


def _key_values(st: _Styles, pairs: Sequence[tuple[str, str]], width: float) -> Table:
    data = [[Paragraph(_esc(k), st.head), Paragraph(_esc(v), st.cell)] for k, v in pairs if v != ""]
    t = Table(data, colWidths=[34 * MM, width - 34 * MM])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.fonts.regular), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2)]))
    return t


def _table(st: _Styles, header: list[str], rows: list[list[str]], widths: list[float], right_from: int) -> Table:
    header = [st.w(h) for h in header]

    def cells(values: list[str], head: bool) -> list[Paragraph]:
        out = []
        for i, v in enumerate(values):
            style = (st.head_r if i >= right_from else st.head) if head else (st.cell_r if i >= right_from else st.cell)
            out.append(Paragraph(v if ("<font" in v or "<br/>" in v) else _esc(v), style))
        return out

    data = [cells(header, True)] + [cells(r, False) for r in rows]
    t = Table(data, colWidths=_unbroken(st, header, rows, widths), repeatRows=1)
    style = [("FONTNAME", (0, 0), (-1, -1), st.fonts.regular), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey), ("TOPPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    style += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(data), 2)]
    t.setStyle(TableStyle(style))
    return t


def _unbroken(st: _Styles, header: list[str], rows: list[list[str]], widths: list[float]) -> list[float]:
    """Column widths in which no word (of a header or a cell) has to break: a narrow column takes what it needs
    from the columns with the most room to spare (Welsh headers run longer). Words longer than a quarter of the
    table may still break."""
    cap = sum(widths) / 4

    def need(text: str, font: str) -> float:
        words = re.sub(r"<[^>]+>", " ", text).split()
        return max((stringWidth(w, font, st.cell.fontSize) for w in words), default=0) + CELL_PADDING + 1

    needs = [min(cap, max([need(header[i], st.head.fontName)] + [need(r[i], st.cell.fontName) for r in rows]))
             for i in range(len(widths))]
    out = list(widths)
    for i, n in enumerate(needs):
        while out[i] < n - 0.01:
            others = [j for j in range(len(out)) if j != i]
            donor = max(others, key=lambda j: out[j] - needs[j])
            give = min(n - out[i], max(out[donor] - needs[donor], 0.0), 2.0)  # a little at a time: shared
            if give <= 0:  # no column has room to spare: the widest gives
                donor, give = max(others, key=out.__getitem__), n - out[i]
            out[donor] -= give
            out[i] += give
    return out


def _score_table(st: _Styles, report: Report, rows: Sequence[ScoreRow], width: float, what: str) -> Table:
    header = [what, "Group", "National (pooled)", "n answers", "Mean of Areas", "Strongest Area", "Weakest Area",
              "Gap (pp)"]  # each in the report's language, by _table
    body = []
    for r in rows:
        s, w = r.strongest, r.weakest
        body.append([r.title, st.w.label(report.group_label(r.group)), _p(r.pooled.published), str(r.pooled.n),
                     _p(r.mean_of_areas), _area_figure(s),
                     _area_figure(w), "–" if r.gap_pp is None else str(r.gap_pp)])
    widths = [x * MM for x in (36, 22, 17, 15, 15, 31, 31, 11)]
    widths[0] += width - sum(widths)
    return _table(st, header, body, widths, right_from=2)


def _area_figure(a: AreaScore | None) -> str:
    """An Area's published figure over its name (a name never splits the figure from its Area)."""
    return "–" if a is None else f"{_p(a.figure.published)}<br/>{_esc(a.area)}"


def _arrow_html(t: Travel, w: Words) -> str:
    colour, word = ARROW_COLOURS.get(t.direction), _esc(w.label(t.direction))
    return f'<font color="{colour}">{t.arrow}</font> {word}' if colour else word


def _travel_section(st: _Styles, report: Report, width: float) -> list[Any]:
    c = report.comparison
    assert c is not None
    w = st.w

    def group(g: tuple[str, ...]) -> str:
        return w.label(report.group_label(g))

    def about(one: Words) -> str:
        rule = _rule(one, c.rule, report)
        return one("{follow_up} against {baseline}. {improved}; {declined}; {static}. Measured on {figures}.",
                   follow_up=one.label(c.follow_up.capitalize()), baseline=one.label(c.baseline.capitalize()),
                   improved=rule.get("improved", ""), declined=rule.get("declined", ""),
                   static=rule.get("static", ""), figures=rule.get("figures", ""))

    out: list[Any] = [Paragraph(_esc(w("Direction of travel")), st.h1), Paragraph(_esc(w.joined(about)), st.small)]
    national = [t for t in c.rows if t.scope == "pooled" and t.kind in ("measure", "theme")]
    header = ["Measure or theme", "Group", "Baseline", "Follow-up", "Change (pp)", "Direction"]
    body = [[t.title, group(t.group), _p(t.baseline), _p(t.follow_up),
             "–" if t.change is None else f"{t.change:+}", _arrow_html(t, w)] for t in national]
    widths = [x * MM for x in (66, 26, 18, 20, 20, 28)]
    widths[0] += width - sum(widths)
    out.append(_table(st, header, body, widths, right_from=2))
    for g in report.groups:
        rows = [t for t in national if t.group == g]
        if rows:
            out += [CondPageBreak(50 * MM), Paragraph(_esc(w("Baseline and follow-up — {group}", group=group(g))),
                                                      st.h2),
                    charts.travel_bars(rows, report_fonts(st), width, w("national (pooled)"), w)]
    areas = [t for t in c.rows if t.scope == "area" and t.kind == "measure"]
    if areas:
        out += [CondPageBreak(60 * MM), Paragraph(_esc(w("Direction of travel by Area (measures)")), st.h2)]
        body = [[t.area or "", t.title, group(t.group), _p(t.baseline), _p(t.follow_up),
                 "–" if t.change is None else f"{t.change:+}", _arrow_html(t, w)] for t in areas]
        widths = [x * MM for x in (30, 40, 22, 18, 20, 15, 25)]
        widths[1] += width - sum(widths)
        out.append(_table(st, ["Area", "Measure", "Group", "Baseline", "Follow-up", "Change", "Direction"], body,
                          widths, right_from=3))
    questions = [t for t in c.rows if t.scope == "pooled" and t.kind == "question"]
    listed = [t for t in questions if t.direction == "not comparable" or
              (t.note.startswith("compared through") and not t.note.endswith(f" {t.id}"))]
    same = len({t.id for t in questions if t.note.startswith("compared through")} - {t.id for t in listed})
    if listed or same:
        out += [Paragraph(_esc(w("Changed questions")), st.h2), Paragraph(_esc(w(
            "{same} question(s) compared through a crosswalk to the same id in the baseline version; questions "
            "below are compared through a crosswalk to another id, or are not comparable.", same=same)), st.small)]
    if listed:
        out.append(_table(st, ["Question", "Group", "Direction", "Note"],
                          [[t.id, group(t.group), _arrow_html(t, w), t.note] for t in listed],
                          [22 * MM, 26 * MM, 28 * MM, width - 76 * MM], right_from=99))
    return out


def report_fonts(st: _Styles) -> FontSet:
    return st.fonts


def _distribution_section(st: _Styles, report: Report, width: float) -> list[Any]:
    out: list[Any] = []
    themes = {t.id: t.title for qs in report.question_sets for t in qs.themes}
    for g in report.groups:
        national = [d for d in report.distributions if d.area is None and d.group == g]
        by_theme: dict[str, list[Distribution]] = {}
        for d in national:
            by_theme.setdefault(d.theme or "", []).append(d)
        heads: list[Any] = [Paragraph(_esc(st.w.label(report.group_label(g))), st.h2)]  # kept with its chart
        for theme, dists in by_theme.items():
            chunks: list[list[Distribution]] = []
            for d in dists:  # one chart per run of questions on the same answer scale
                labels = [o.label for o in d.options]
                if chunks and [o.label for o in chunks[-1][0].options] == labels:
                    chunks[-1].append(d)
                else:
                    chunks.append([d])
            name = themes.get(theme, theme)
            heads.append(Paragraph(_esc(st.w("Theme: {title}", title=name) if theme else st.w("Other questions")),
                                   st.small))
            for chunk in chunks:
                out.append(KeepTogether([*heads, charts.distribution_bars(chunk, st.fonts, width), Spacer(1, 4)]))
                heads = []
    return out


def _queries_section(st: _Styles, report: Report, width: float) -> list[Any]:
    """The review loop's queries: open, answered and closed, median days to close, by inspection, Area, question."""
    w = st.w
    rows = [[w.label(q.group), q.key[:40], str(q.open), str(q.answered), str(q.closed),
             "–" if q.median_days_to_close is None else f"{q.median_days_to_close:.1f}"] for q in report.queries]
    return [Paragraph(_esc(w("Queries on marks")), st.h1),
            Paragraph(_esc(w("Queries the centre raised on marks and cases: open, answered (not yet closed) and "
                             "closed, with the median days from opening to closing.")), st.small),
            _table(st, ["By", "Key", "Open", "Answered", "Closed", "Median days"], rows,
                   [22 * MM, width - 102 * MM, 18 * MM, 22 * MM, 18 * MM, 22 * MM], right_from=2)]


def _consistency_section(st: _Styles, report: Report, width: float) -> list[Any]:
    """Marking consistency from blind second marking: least consistent questions first."""
    section = report.consistency
    assert section is not None
    w = st.w
    out: list[Any] = [Paragraph(_esc(w("Marking consistency")), st.h1),
                      Paragraph(_esc(w("Cases second-marked blind by another inspector. Exact agreement, agreement "
                                       "within one category (ordinal scales), Cohen's kappa and linearly weighted "
                                       "kappa, with the number of pairs. Least consistent questions first.")),
                                st.small)]
    _header, *body = section.to_rows()
    if not body or all(r[3] == 0 for r in body):
        out.append(Paragraph(_esc(w("No second marking has been imported for the inspections in this report.")),
                             st.small))
        return out

    def cell(v: Any) -> str:
        return "–" if v is None or v == "" else str(v)

    rows = [[w.label(cell(r[0]).capitalize()), cell(r[1]), cell(r[2])[:70], cell(r[3]), cell(r[4]), cell(r[5]),
             cell(r[6]), cell(r[7])] for r in body]
    widths = [18 * MM, 22 * MM, width - 128 * MM, 13 * MM, 19 * MM, 19 * MM, 17 * MM, 20 * MM]
    out.append(_table(st, ["Part", "Key", "Question / inspector", "Pairs", "Exact %", "Within one %", "Kappa",
                           "Weighted"], rows, widths, right_from=3))
    return out
