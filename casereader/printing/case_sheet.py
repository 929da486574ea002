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
from casereader.printing.wording import answer_text, header_value_text, rule_words

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
        qs, insp, summary = self.qs, self.inspection, self.case.summary
        fields: list[tuple[str, str]] = [
            ("Inspection", insp.title or qs.title),
            ("Area", insp.area),
            ("Round", round_label(insp.round)),
            ("Case reference", summary.reference),
        ]
        for f in qs.header:
            fields.append((f.label, header_value_text(qs, f.id, self.case.state.header.get(f.id))))
        digest = self.qs.content_hash or self.inspection.form_hash
        fields += [
            ("Inspector", summary.inspector),
            ("Date", date_text(summary.updated_at)),
            ("Status", summary.status.label + (" (reserve case)" if summary.reserve else "")),
            ("Question set", f"{qs.id} version {qs.version}" + (f" ({digest[:12]})" if digest else "")),
        ]
        flow: list[Any] = [
            Paragraph("Case marking sheet", self.st.title),
            Paragraph(esc(f"{qs.title} · {insp.programme or qs.programme}"), self.st.subtitle),
            field_grid(self.st, self.width, fields, bold=("Case reference",)),
        ]
        if summary.withdrawn_reason:
            flow.append(Paragraph(f"<b>Withdrawn:</b> {esc(summary.withdrawn_reason)}", self.st.body))
        if qs.note:
            flow += [Spacer(1, 4), Paragraph(esc(qs.note), self.st.small)]
        answered, applicable = self.engine.progress
        flow += [Spacer(1, 5), Paragraph(
            f"{answered} of {applicable} applicable questions answered. "
            f"The chosen answer is shown {BOX_CHOSEN} in bold; other answers are shown {BOX_EMPTY}.",
            self.st.small)]
        return flow

    # ------------------------------------------------------------ answers

    def answers(self) -> list[Any]:
        flow: list[Any] = []
        applicable = set(self.engine.applicable)
        themes = {t.id: t.title for t in self.qs.themes}
        number = 0
        for section in self.qs.sections:
            questions = [q for q in section.questions if q.id in applicable]
            if not questions:
                continue
            number += 1
            heading: list[Any] = [RepeatedParagraph(f"{number}. {esc(section.title)}", self.st.section)]
            note = themes.get(section.theme or "", "")
            note = "" if note == section.title else note
            if note or section.description:
                text = " · ".join(p for p in (f"Theme: {note}" if note else "", section.description) if p)
                heading.append(RepeatedParagraph(esc(text), self.st.section_note))
            for i, q in enumerate(questions):
                flow.extend(self.question(q, heading if i == 0 else []))
        return flow

    def question(self, q: Question, heading: list[Any]) -> list[Any]:
        """The question and its answer kept together (with the section heading before a section's first);
        the guidance and the comment follow and may flow onto the next page."""
        st = self.st
        ans = self.engine.answer(q.id)
        kept: list[Any] = [*heading, question_paragraph(q, st), self.answer_line(q, ans)]
        if ans is not None and ans.na and ans.na_reason:
            kept.append(Paragraph(f"<b>N/A reason:</b> {esc(ans.na_reason)}", st.detail))
        flow: list[Any] = [Block(kept)]
        if self.options.show_guidance and q.guidance:
            flow.append(Paragraph(f"Guidance: {esc(q.guidance)}", st.guidance))
        if ans is not None and ans.comment.strip():
            flow.append(Paragraph(esc(ans.comment.strip()), st.comment, bulletText="Comment"))
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
        ticks = [Tick(opt.label, opt.value in chosen) for opt in scale.options]
        if q.na.allowed or is_na:
            ticks.append(Tick("N/A", is_na))
        if ans is None or not ans.given:
            ticks.append(Tick(f"— not answered{' (required)' if q.required else ''}", remark=True))
        elif q.measures and (pts := self.engine.points(q)) is not None:
            ticks.append(Tick(f"{pts[0]} of {pts[1]} points", remark=True))
        line = TickLine(ticks, self.tick_fonts, indent=QUESTION_INDENT)
        return line if line.fits(self.width) else Paragraph(self.answer_markup(q, ans), self.st.answer)

    def answer_markup(self, q: Question, ans: Answer | None) -> str:
        scale = self.qs.scale_of(q.id)
        is_na = ans is not None and ans.na
        chosen: set[str] = set()
        if ans is not None and not is_na and ans.value not in (None, "", ()):
            chosen = set(ans.value) if isinstance(ans.value, tuple) else {str(ans.value)}
        parts: list[str] = []
        if scale.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
            parts = [self.box(opt.label, opt.value in chosen) for opt in scale.options]
        else:
            value = answer_text(self.qs, q.id, ans) if chosen else ""
            parts = [f"Answer: <b>{esc(value)}</b>" if value else "Answer:"]
        if q.na.allowed or is_na:
            parts.append(self.box("N/A", is_na))
        markup = GAP.join(parts)
        if ans is None or not ans.given:
            markup += f"{GAP}<i>— not answered{' (required)' if q.required else ''}</i>"
        elif q.measures and (pts := self.engine.points(q)) is not None:
            markup += f'{GAP}<font size=8 color="{SOFT_INK}">{pts[0]}\u00a0of\u00a0{pts[1]}\u00a0points</font>'
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
        words = rule_words(self.qs)
        excluded = self.engine.excluded
        flow: list[Any] = []
        heading = [RepeatedParagraph("Questions not applicable to this case", self.st.heading_alone)]
        for i, q in enumerate(missing):
            kept_parts: list[Any] = [*(heading if i == 0 else []), question_paragraph(q, self.st), RepeatedParagraph(
                f"Not applicable to this case (rule: {esc(words.conditions(q.id))})", self.st.note)]
            kept = excluded.get(q.id)
            if kept is not None:
                kept_parts.append(Paragraph(
                    f"Answer kept but excluded from the scores: <b>{esc(answer_text(self.qs, q.id, kept))}</b>",
                    self.st.detail))
            flow.append(Block(kept_parts))
            if kept is not None and kept.comment.strip():
                flow.append(Paragraph(esc(kept.comment.strip()), self.st.comment, bulletText="Comment"))
        return flow

    # ------------------------------------------------------------ points and signatures

    def points(self) -> list[Any]:
        scores = self.engine.scores
        flow: list[Any] = []
        header = ["", "Answers", "Points", "Maximum", "Score"]
        if scores.by_measure:
            titles = {m.id: m.title for m in self.qs.measures}
            rows = [score_row(titles.get(k, k), s) for k, s in scores.by_measure.items()]
            flow += [Paragraph("Points for this case", self.st.heading),
                     data_table(self.st, self.width, ["Measure", *header[1:]], rows)]
        if scores.by_theme:
            order = {t.id: i for i, t in enumerate(self.qs.themes)}
            titles = {t.id: t.title for t in self.qs.themes}
            keys = sorted(scores.by_theme, key=lambda k: (order.get(k, len(order)), k))
            rows = [score_row(titles.get(k, k), scores.by_theme[k]) for k in keys]
            flow += [Spacer(1, 8), data_table(self.st, self.width, ["Theme", *header[1:]], rows)]
        if flow:
            flow.append(Paragraph("N/A and inapplicable questions count in neither the points nor the maximum.",
                                  self.st.small))
        return flow

    def declaration(self) -> list[Any]:
        return [
            Paragraph("Declaration", self.st.heading),
            Paragraph("I have examined this case file and the marks above are my assessment of it.", self.st.body),
            Spacer(1, 4),
            signature_block(self.st, self.width, ["Inspector", "Quality assurance"]),
        ]


def question_paragraph(q: Question, st: SheetStyles) -> Paragraph:
    """The question id in the margin (smaller when long, inline when too long) and its wording."""
    text = esc(q.text) + ("" if q.required else " <font size=8>(optional)</font>")
    room = QUESTION_INDENT - 4
    for style in (st.question, st.question_long_id):
        if text_width(q.id, style.bulletFontName, style.bulletFontSize) <= room:
            return RepeatedParagraph(text, style, bulletText=q.id)
    return RepeatedParagraph(f"<b>{esc(q.id)}</b>\u2003{text}", st.question)


def score_row(title: str, score: Score) -> list[str]:
    pct = format_percent(score.percent_1dp)
    return [title, str(score.answers), str(score.points), str(score.max_points), pct]
