"""The blank marking sheet of a question set, for marking on paper (flowables only, no output here)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph, Spacer

from casereader.core.inspection import Inspection
from casereader.core.questionset import FieldType, Question, QuestionSet, ScaleKind, reasons_in
from casereader.printing.blocks import esc, field_grid, keep_together, round_label
from casereader.printing.case_sheet import GAP, declaration, guidance_paragraphs, question_paragraph
from casereader.printing.language import Words
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
        self.w = Words(options.language)
        self.rules = [rule_words(qs, lang) for lang in self.w.languages]
        self.tick_fonts = TickFonts(styles.fonts.regular, styles.fonts.bold, styles.fonts.italic)

    def story(self) -> list[Any]:
        flow = self.header()
        for number, section in enumerate(self.qs.sections, start=1):
            flow.extend(self.section(number, section.id))
        return flow + declaration(self.st, self.width, self.w)

    def header(self) -> list[Any]:
        qs, insp, w = self.qs, self.inspection, self.w
        digest = qs.content_hash or (insp.form_hash if insp else "")
        fields: list[tuple[str, Any]] = [
            (w("Inspection"), insp.title if insp else ""),
            (w("Area"), insp.area if insp else ""),
            (w("Round"), w.label(round_label(insp.round)) if insp else self.choices([w("Baseline"), w("Follow-up")])),
            (w("Case reference"), ""),
        ]
        for f in qs.header:
            label = w.item(f, "label") + ("" if f.required else " " + w("(if known)"))
            fields.append((label, self.header_choices(f.type, f.options)))
        fields += [(w("Inspector"), ""), (w("Date"), "")]
        flow: list[Any] = [
            Paragraph(esc(w("Case marking sheet")), self.st.title),
            Paragraph(esc(f"{w.item(qs, 'title')} · {w.item(qs, 'programme')}"), self.st.subtitle),
            Paragraph(esc(w("Question set {id} version {version}", id=qs.id, version=qs.version))
                      + (f" <font size=7.5>({esc(digest[:12])})</font>" if digest else ""), self.st.small),
            Spacer(1, 6),
            field_grid(self.st, self.width, fields, empty_height=26),
        ]
        for _lw, note in w.per_language(qs, "note"):
            flow += [Spacer(1, 4), Paragraph(esc(note), self.st.small)]
        flow.append(Spacer(1, 6))
        flow += [Paragraph(text, self.st.body) for text in w.each(
            "<b>How to mark.</b> Tick one box for each question ({box}), or N/A where it is offered. Answer a "
            "question only when its condition (“Answer only if …”) holds for this case; otherwise leave it blank. "
            "Write the evidence for your mark in the comment space; it is required where the sheet says so.",
            box=BOX_CHOSEN)]
        return flow

    def header_choices(self, ftype: FieldType, options: Any) -> Any:
        if ftype == FieldType.CHOICE and options:
            return self.choices([self.w.item(o, "label") for o in options])
        if ftype == FieldType.FLAG:
            return self.choices([self.w("Yes"), self.w("No")])
        return ""

    def choices(self, labels: list[str]) -> Paragraph:
        return Paragraph(GAP.join(f"{BIG_EMPTY}\u00a0{esc(keep_together(label))}" for label in labels),
                         self.st.cell_value)

    def section(self, number: int, section_id: str) -> list[Any]:
        section = next(s for s in self.qs.sections if s.id == section_id)
        heading: list[Any] = [Paragraph(f"{number}. {esc(self.w.item(section, 'title'))}", self.st.section)]
        heading += [Paragraph(f"<b>{esc(lw('Answer this section only if:'))}</b> {esc(cond)}", self.st.section_note)
                    for lw, cond in self.conditions(lambda words: words.section_condition(section.id))]
        heading += [Paragraph(esc(text), self.st.section_note)
                    for _lw, text in self.w.per_language(section, "description")]
        # The heading goes inside the first question's KeepTogether so it never ends a page on its own.
        flow: list[Any] = []
        for i, q in enumerate(section.questions):
            flow.append(Block((heading if i == 0 else []) + self.question(q)))
        return flow

    def conditions(self, rule: Any) -> list[tuple[Words, str]]:
        """A rule in words, once per language of the sheet (nothing when it has no rule)."""
        out = [(Words(words.lang), rule(words)) for words in self.rules]
        return [(lw, text) for lw, text in out if text]

    def question(self, q: Question) -> list[Any]:
        st, w = self.st, self.w
        scale = self.qs.scale_of(q.id)
        flow: list[Any] = [question_paragraph(q, st, w)]
        flow += [Paragraph(f"<b>{esc(lw('Answer only if:'))}</b> {esc(cond)}", st.instruction)
                 for lw, cond in self.conditions(lambda words: words.question_condition(q.id))]
        na = w("N/A")
        if scale.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
            labels = [w.item(o, "label") for o in scale.options]
            boxes = [f"{BIG_EMPTY}\u00a0{esc(keep_together(label))}" for label in labels]
            if q.na.allowed:
                boxes.append(f"{BIG_EMPTY}\u00a0{esc(na)}")
            hint = "" if scale.kind == ScaleKind.SINGLE else f" <i>{esc(w('(tick all that apply)'))}</i>"
            ticks = [Tick(label) for label in labels] + ([Tick(na)] if q.na.allowed else [])
            if scale.kind == ScaleKind.MULTIPLE:
                ticks.append(Tick(w("(tick all that apply)"), remark=True))
            line = TickLine(ticks, self.tick_fonts, indent=QUESTION_INDENT)
            flow.append(line if line.fits(self.width) else Paragraph(GAP.join(boxes) + hint, st.answer))
        else:
            kind = {ScaleKind.DATE: "Date (DD/MM/YYYY)", ScaleKind.NUMBER: "Number"}.get(scale.kind, "Answer")
            flow.append(WritingLines(1, indent=QUESTION_INDENT, label=w(kind), font=st.fonts.regular))
            if q.na.allowed:
                flow.append(Paragraph(f"{BIG_EMPTY}\u00a0{esc(na)}", st.answer))
        if q.na.allowed and q.na.reasons:
            shown = zip(*(reasons_in(q.na, lang) for lang in w.languages))
            reasons = GAP.join(f"{BIG_EMPTY}\u00a0{esc(' / '.join(dict.fromkeys(texts)))}" for texts in shown)
            flow.append(Paragraph(f"<b>{esc(w('If N/A, reason:'))}</b> {reasons}", st.detail))
        if q.comment_required_for:
            labels = [w.item(opt, "label") if (opt := scale.option(v)) is not None else v
                      for v in q.comment_required_for]
            flow.append(Paragraph(f"<b>{esc(w('Comment required if:'))}</b> " + esc(", ".join(labels)),
                                  st.instruction))
        if self.options.show_guidance:
            flow += guidance_paragraphs(q, st, w)
        flow.append(WritingLines(COMMENT_LINES, indent=QUESTION_INDENT, label=w("Comment / evidence"),
                                 font=st.fonts.regular))
        return flow
