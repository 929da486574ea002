"""The filled marking sheet of one case, as a list of ReportLab flowables (no output here)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph, Spacer

from casereader.core.answers import Answer
from casereader.core.engine import CaseEngine
from casereader.core.inspection import CaseFile, Inspection
from casereader.core.questionset import Question, QuestionSet, ScaleKind
from casereader.core.scoring import Score, format_percent
from casereader.printing.blocks import (
    data_table,
    date_text,
    esc,
    field_grid,
    keep_together,
    round_label,
    signature_block,
)
from casereader.printing.language import Words
from casereader.printing.options import SheetOptions
from casereader.printing.pages import Block
from casereader.printing.paragraphs import RepeatedParagraph
from casereader.printing.styles import (
    BIG_CHOSEN,
    BIG_EMPTY,
    BOX_CHOSEN,
    BOX_EMPTY,
    CHOSEN_FILL,
    QUESTION_INDENT,
    SOFT_INK,
    SheetStyles,
)
from casereader.printing.ticks import Tick, TickFonts, TickLine, text_width
from casereader.printing.wording import answer_text, header_value_text, na_reason_text, rule_words

GAP = "\u00a0\u00a0\u00a0 "  # space between tick boxes (kept: plain spaces collapse)


class CaseSheet:
    """Lays out one case: header, answers section by section, what did not apply, points, signatures."""

    def __init__(self, qs: QuestionSet, inspection: Inspection, case: CaseFile, styles: SheetStyles,
                 options: SheetOptions, width: float) -> None:
        self.qs = qs
        self.inspection = inspection
        self.case = case
        self.st = styles
        self.options = options
        self.width = width
        self.engine = CaseEngine(qs, case.state)
        self.bold = styles.fonts.bold
        self.tick_fonts = TickFonts(styles.fonts.regular, styles.fonts.bold, styles.fonts.regular)
        self.w = Words(options.language)

    def story(self) -> list[Any]:
        flow: list[Any] = self.header()
        flow.extend(self.answers())
        if self.options.list_inapplicable:
            flow.extend(self.inapplicable())
        flow.extend(self.points())
        flow.extend(self.declaration())
        return flow

    # ------------------------------------------------------------ header

    def header(self) -> list[Any]:
        qs, insp, summary, w = self.qs, self.inspection, self.case.summary, self.w
        fields: list[tuple[str, str]] = [
            (w("Inspection"), insp.title or w.item(qs, "title")),
            (w("Area"), insp.area),
            (w("Round"), w.label(round_label(insp.round))),
            (w("Case reference"), summary.reference),
        ]
        for f in qs.header:
            value = self.case.state.header.get(f.id)
            fields.append((w.item(f, "label"), w.joined(lambda lw, f=f, v=value: header_value_text(  # type: ignore[misc]
                qs, f.id, v, lw.lang))))
        digest = self.qs.content_hash or self.inspection.form_hash
        fields += [
            (w("Inspector"), summary.inspector),
            (w("Date"), date_text(summary.updated_at, w)),
            (w("Status"), w.label(summary.status.label) + (" " + w("(reserve case)") if summary.reserve else "")),
            (w("Question set"), w("{id} version {version}", id=qs.id, version=qs.version)
             + (f" ({digest[:12]})" if digest else "")),
        ]
        flow: list[Any] = [
            Paragraph(esc(w("Case marking sheet")), self.st.title),
            Paragraph(esc(f"{w.item(qs, 'title')} · {insp.programme or w.item(qs, 'programme')}"), self.st.subtitle),
            field_grid(self.st, self.width, fields, bold=(w("Case reference"),)),
        ]
        if summary.withdrawn_reason:
            flow.append(Paragraph(f"<b>{esc(w('Withdrawn:'))}</b> {esc(summary.withdrawn_reason)}", self.st.body))
        for _lw, note in w.per_language(qs, "note"):
            flow += [Spacer(1, 4), Paragraph(esc(note), self.st.small)]
        answered, applicable = self.engine.progress
        legend = [lw("{answered} of {applicable} applicable questions answered.", answered=answered,
                     applicable=applicable) + " " + lw(
            "The chosen answer is shown {chosen} in bold; other answers are shown {empty}.",
            chosen=BOX_CHOSEN, empty=BOX_EMPTY) for lw in map(Words, w.languages)]
        flow += [Spacer(1, 5), Paragraph("<br/>".join(legend), self.st.small)]
        return flow

    # ------------------------------------------------------------ answers

    def answers(self) -> list[Any]:
        flow: list[Any] = []
        applicable = set(self.engine.applicable)
        w = self.w
        themes = {t.id: t for t in self.qs.themes}
        number = 0
        for section in self.qs.sections:
            questions = [q for q in section.questions if q.id in applicable]
            if not questions:
                continue
            number += 1
            heading: list[Any] = [RepeatedParagraph(f"{number}. {esc(w.item(section, 'title'))}", self.st.section)]
            theme = themes.get(section.theme or "")
            note = "" if theme is None or theme.title == section.title else w.joined(
                lambda lw, t=theme: lw("Theme: {title}", title=lw.item(t, "title")))  # type: ignore[misc]
            description = w.item(section, "description")
            if note or description:
                text = " · ".join(p for p in (note, description) if p)
                heading.append(RepeatedParagraph(esc(text), self.st.section_note))
            for i, q in enumerate(questions):
                flow.extend(self.question(q, heading if i == 0 else []))
        return flow

    def question(self, q: Question, heading: list[Any]) -> list[Any]:
        """The question and its answer kept together (with the section heading before a section's first);
        the guidance and the comment follow and may flow onto the next page."""
        st, w = self.st, self.w
        ans = self.engine.answer(q.id)
        kept: list[Any] = [*heading, question_paragraph(q, st, w), self.answer_line(q, ans)]
        if ans is not None and ans.na and ans.na_reason:
            reason = w.joined(lambda lw: na_reason_text(q, ans.na_reason, lw.lang))
            kept.append(Paragraph(f"<b>{esc(w('N/A reason:'))}</b> {esc(reason)}", st.detail))
        flow: list[Any] = [Block(kept)]
        if self.options.show_guidance:
            flow += guidance_paragraphs(q, st, w)
        if ans is not None and ans.comment.strip():
            flow.append(comment_paragraph(ans.comment.strip(), st, w))
        return flow

    def answer_line(self, q: Question, ans: Answer | None) -> Any:
        """Every option as a tick box, the chosen one crossed; then "not answered" or the points earned."""
        scale = self.qs.scale_of(q.id)
        if scale.kind not in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
            return Paragraph(self.answer_markup(q, ans), self.st.answer)
        is_na = ans is not None and ans.na
        chosen: set[str] = set()
        if ans is not None and not is_na and ans.value not in (None, "", ()):
            chosen = set(ans.value) if isinstance(ans.value, tuple) else {str(ans.value)}
        w = self.w
        ticks = [Tick(w.item(opt, "label"), opt.value in chosen) for opt in scale.options]
        if q.na.allowed or is_na:
            ticks.append(Tick(w("N/A"), is_na))
        if ans is None or not ans.given:
            ticks.append(Tick(w("— not answered (required)" if q.required else "— not answered"), remark=True))
        elif q.measures and (pts := self.engine.points(q)) is not None:
            ticks.append(Tick(w("{points} of {maximum} points", points=pts[0], maximum=pts[1]), remark=True))
        line = TickLine(ticks, self.tick_fonts, indent=QUESTION_INDENT)
        return line if line.fits(self.width) else Paragraph(self.answer_markup(q, ans), self.st.answer)

    def answer_markup(self, q: Question, ans: Answer | None) -> str:
        scale = self.qs.scale_of(q.id)
        is_na = ans is not None and ans.na
        chosen: set[str] = set()
        if ans is not None and not is_na and ans.value not in (None, "", ()):
            chosen = set(ans.value) if isinstance(ans.value, tuple) else {str(ans.value)}
        w = self.w
        parts: list[str] = []
        if scale.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
            parts = [self.box(w.item(opt, "label"), opt.value in chosen) for opt in scale.options]
        else:
            value = w.joined(lambda lw: answer_text(self.qs, q.id, ans, lw.lang)) if chosen else ""
            parts = [f"{esc(w('Answer:'))} <b>{esc(value)}</b>" if value else esc(w("Answer:"))]
        if q.na.allowed or is_na:
            parts.append(self.box(w("N/A"), is_na))
        markup = GAP.join(parts)
        if ans is None or not ans.given:
            markup += f"{GAP}<i>{esc(w('— not answered (required)' if q.required else '— not answered'))}</i>"
        elif q.measures and (pts := self.engine.points(q)) is not None:
            points = w("{points} of {maximum} points", points=pts[0], maximum=pts[1]).replace(" ", "\u00a0")
            markup += f'{GAP}<font size=8 color="{SOFT_INK}">{esc(points)}</font>'
        return markup

    def box(self, label: str, chosen: bool) -> str:
        text = esc(keep_together(label))
        if chosen:
            marked = f"{BIG_CHOSEN}\u00a0{text}\u00a0"
            return f'<font name="{self.bold}"><span backColor="{CHOSEN_FILL}">{marked}</span></font>'
        return f"{BIG_EMPTY}\u00a0{text}"

    # ------------------------------------------------------------ what did not apply

    def inapplicable(self) -> list[Any]:
        applicable = set(self.engine.applicable)
        missing = [q for q in self.qs.questions if q.id not in applicable]
        if not missing:
            return []
        w = self.w
        rules = {lang: rule_words(self.qs, lang) for lang in w.languages}
        excluded = self.engine.excluded
        flow: list[Any] = []
        heading = [RepeatedParagraph(esc(w("Questions not applicable to this case")), self.st.heading_alone)]
        for i, q in enumerate(missing):
            why = "<br/>".join(esc(lw("Not applicable to this case (rule: {rule})",
                                      rule=rules[lw.lang].conditions(q.id))) for lw in map(Words, w.languages))
            kept_parts: list[Any] = [*(heading if i == 0 else []), question_paragraph(q, self.st, w),
                                     RepeatedParagraph(why, self.st.note)]
            kept = excluded.get(q.id)
            if kept is not None:
                text = w.joined(lambda lw, k=kept, q=q: answer_text(self.qs, q.id, k, lw.lang))  # type: ignore[misc]
                kept_parts.append(Paragraph(
                    f"{esc(w('Answer kept but excluded from the scores:'))} <b>{esc(text)}</b>", self.st.detail))
            flow.append(Block(kept_parts))
            if kept is not None and kept.comment.strip():
                flow.append(comment_paragraph(kept.comment.strip(), self.st, w))
        return flow

    # ------------------------------------------------------------ points and signatures

    def points(self) -> list[Any]:
        scores = self.engine.scores
        w = self.w
        flow: list[Any] = []
        header = [w(h) for h in ("Answers", "Points", "Maximum", "Score")]
        if scores.by_measure:
            titles = {m.id: w.item(m, "title") for m in self.qs.measures}
            rows = [score_row(titles.get(k, k), s) for k, s in scores.by_measure.items()]
            flow += [Paragraph(esc(w("Points for this case")), self.st.heading),
                     data_table(self.st, self.width, [w("Measure"), *header], rows)]
        if scores.by_theme:
            order = {t.id: i for i, t in enumerate(self.qs.themes)}
            titles = {t.id: w.item(t, "title") for t in self.qs.themes}
            keys = sorted(scores.by_theme, key=lambda k: (order.get(k, len(order)), k))
            rows = [score_row(titles.get(k, k), scores.by_theme[k]) for k in keys]
            flow += [Spacer(1, 8), data_table(self.st, self.width, [w("Theme"), *header], rows)]
        if flow:
            flow.append(Paragraph("<br/>".join(esc(t) for t in w.each(
                "N/A and inapplicable questions count in neither the points nor the maximum.")), self.st.small))
        return flow

    def declaration(self) -> list[Any]:
        return declaration(self.st, self.width, self.w)


def declaration(st: SheetStyles, width: float, w: Words) -> list[Any]:
    """The inspector's declaration and the signature lines (filled and blank sheets alike)."""
    return [
        Paragraph(esc(w("Declaration")), st.heading),
        *[Paragraph(esc(text), st.body) for text in w.each(
            "I have examined this case file and the marks above are my assessment of it.")],
        Spacer(1, 4),
        signature_block(st, width, ["Inspector", "Quality assurance"], w),
    ]


def question_paragraph(q: Question, st: SheetStyles, w: Words) -> Paragraph:
    """The question id in the margin (smaller when long, inline when too long) and its wording; on a
    bilingual sheet the Welsh wording, then the English in grey."""
    texts = [esc(t) for t in w.item_each(q, "text")]
    text = texts[0] + "".join(f'<br/><font color="{SOFT_INK}">{t}</font>' for t in texts[1:])
    text += "" if q.required else f" <font size=8>{esc(w('(optional)'))}</font>"
    room = QUESTION_INDENT - 4
    for style in (st.question, st.question_long_id):
        if text_width(q.id, style.bulletFontName, style.bulletFontSize) <= room:
            return RepeatedParagraph(text, style, bulletText=q.id)
    return RepeatedParagraph(f"<b>{esc(q.id)}</b>\u2003{text}", st.question)


def score_row(title: str, score: Score) -> list[str]:
    pct = format_percent(score.percent_1dp)
    return [title, str(score.answers), str(score.points), str(score.max_points), pct]


def guidance_paragraphs(q: Question, st: SheetStyles, w: Words) -> list[Any]:
    """The question's guidance, once per language of the sheet (Welsh first)."""
    return [Paragraph(f"{esc(lw('Guidance:'))} {esc(text)}", st.guidance) for lw, text in w.per_language(q, "guidance")]


def comment_paragraph(comment: str, st: SheetStyles, w: Words) -> Paragraph:
    """A comment in its box with "Comment" in the margin; a bilingual label does not fit there, so it leads."""
    if w.lang != "both":
        return Paragraph(esc(comment), st.comment, bulletText=w("Comment"))
    return Paragraph(f"<b>{esc(w('Comment'))}:</b> {esc(comment)}", st.comment)
