"""The blank marking sheet of a question set, for marking on paper (flowables only, no output here)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph, Spacer

from casereader.core.inspection import Inspection
from casereader.core.questionset import FieldType, Question, QuestionSet, ScaleKind
from casereader.printing.blocks import esc, field_grid, keep_together, round_label, signature_block
from casereader.printing.case_sheet import GAP, question_paragraph
from casereader.printing.options import SheetOptions
from casereader.printing.pages import Block, WritingLines
from casereader.printing.styles import BIG_EMPTY, BOX_CHOSEN, QUESTION_INDENT, SheetStyles
from casereader.printing.ticks import Tick, TickFonts, TickLine
from casereader.printing.wording import rule_words

COMMENT_LINES = 3


class BlankSheet:
    """Lays out a question set to mark by hand: boxes to tick, lines to write on, conditions as instructions."""

    def __init__(self, qs: QuestionSet, inspection: Inspection | None, styles: SheetStyles,
                 options: SheetOptions, width: float) -> None:
        self.qs = qs
        self.inspection = inspection
        self.st = styles
        self.options = options
        self.width = width
        self.words = rule_words(qs)
        self.tick_fonts = TickFonts(styles.fonts.regular, styles.fonts.bold, styles.fonts.italic)

    def story(self) -> list[Any]:
        flow = self.header()
        for number, section in enumerate(self.qs.sections, start=1):
            flow.extend(self.section(number, section.id))
        flow += [
            Paragraph("Declaration", self.st.heading),
            Paragraph("I have examined this case file and the marks above are my assessment of it.", self.st.body),
            Spacer(1, 4),
            signature_block(self.st, self.width, ["Inspector", "Quality assurance"]),
        ]
        return flow

    def header(self) -> list[Any]:
        qs, insp = self.qs, self.inspection
        digest = qs.content_hash or (insp.form_hash if insp else "")
        fields: list[tuple[str, Any]] = [
            ("Inspection", insp.title if insp else ""),
            ("Area", insp.area if insp else ""),
            ("Round", round_label(insp.round) if insp else self.choices(["Baseline", "Follow-up"])),
            ("Case reference", ""),
        ]
        for f in qs.header:
            fields.append((f.label + ("" if f.required else " (if known)"), self.header_choices(f.type, f.options)))
        fields += [("Inspector", ""), ("Date", "")]
        flow: list[Any] = [
            Paragraph("Case marking sheet", self.st.title),
            Paragraph(esc(f"{qs.title} · {qs.programme}"), self.st.subtitle),
            Paragraph(esc(f"Question set {qs.id} version {qs.version}")
                      + (f" <font size=7.5>({esc(digest[:12])})</font>" if digest else ""), self.st.small),
            Spacer(1, 6),
            field_grid(self.st, self.width, fields, empty_height=26),
        ]
        if qs.note:
            flow += [Spacer(1, 4), Paragraph(esc(qs.note), self.st.small)]
        flow += [Spacer(1, 6), Paragraph(
            f"<b>How to mark.</b> Tick one box for each question ({BOX_CHOSEN}), or N/A where it is offered. "
            "Answer a question only when its condition (“Answer only if …”) holds for this case; otherwise "
            "leave it blank. Write the evidence for your mark in the comment space; it is required where "
            "the sheet says so.", self.st.body)]
        return flow

    def header_choices(self, ftype: FieldType, options: Any) -> Any:
        if ftype == FieldType.CHOICE and options:
            return self.choices([o.label for o in options])
        if ftype == FieldType.FLAG:
            return self.choices(["Yes", "No"])
        return ""

    def choices(self, labels: list[str]) -> Paragraph:
        return Paragraph(GAP.join(f"{BIG_EMPTY}\u00a0{esc(keep_together(label))}" for label in labels),
                         self.st.cell_value)

    def section(self, number: int, section_id: str) -> list[Any]:
        section = next(s for s in self.qs.sections if s.id == section_id)
        heading: list[Any] = [Paragraph(f"{number}. {esc(section.title)}", self.st.section)]
        condition = self.words.section_condition(section.id)
        if condition:
            heading.append(Paragraph(f"<b>Answer this section only if:</b> {esc(condition)}", self.st.section_note))
        if section.description:
            heading.append(Paragraph(esc(section.description), self.st.section_note))
        # The heading goes inside the first question's KeepTogether so it never ends a page on its own.
        flow: list[Any] = []
        for i, q in enumerate(section.questions):
            flow.append(Block((heading if i == 0 else []) + self.question(q)))
        return flow

    def question(self, q: Question) -> list[Any]:
        st = self.st
        scale = self.qs.scale_of(q.id)
        flow: list[Any] = [question_paragraph(q, st)]
        condition = self.words.question_condition(q.id)
        if condition:
            flow.append(Paragraph(f"<b>Answer only if:</b> {esc(condition)}", st.instruction))
        if scale.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
            boxes = [f"{BIG_EMPTY}\u00a0{esc(keep_together(o.label))}" for o in scale.options]
            if q.na.allowed:
                boxes.append(f"{BIG_EMPTY}\u00a0N/A")
            hint = "" if scale.kind == ScaleKind.SINGLE else " <i>(tick all that apply)</i>"
            ticks = [Tick(o.label) for o in scale.options] + ([Tick("N/A")] if q.na.allowed else [])
            if scale.kind == ScaleKind.MULTIPLE:
                ticks.append(Tick("(tick all that apply)", remark=True))
            line = TickLine(ticks, self.tick_fonts, indent=QUESTION_INDENT)
            flow.append(line if line.fits(self.width) else Paragraph(GAP.join(boxes) + hint, st.answer))
        else:
            kind = {ScaleKind.DATE: "Date (DD/MM/YYYY)", ScaleKind.NUMBER: "Number"}.get(scale.kind, "Answer")
            flow.append(WritingLines(1, indent=QUESTION_INDENT, label=kind, font=st.fonts.regular))
            if q.na.allowed:
                flow.append(Paragraph(f"{BIG_EMPTY}\u00a0N/A", st.answer))
        if q.na.allowed and q.na.reasons:
            reasons = GAP.join(f"{BIG_EMPTY}\u00a0{esc(r)}" for r in q.na.reasons)
            flow.append(Paragraph(f"<b>If N/A, reason:</b> {reasons}", st.detail))
        if q.comment_required_for:
            labels = [opt.label if (opt := scale.option(v)) is not None else v for v in q.comment_required_for]
            flow.append(Paragraph("<b>Comment required if:</b> " + esc(", ".join(labels)),
                                  st.instruction))
        if self.options.show_guidance and q.guidance:
            flow.append(Paragraph(f"Guidance: {esc(q.guidance)}", st.guidance))
        flow.append(WritingLines(COMMENT_LINES, indent=QUESTION_INDENT, label="Comment / evidence",
                                 font=st.fonts.regular))
        return flow
