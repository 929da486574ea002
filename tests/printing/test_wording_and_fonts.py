"""Rules printed as instructions, and the embedded fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sheet_data import FONTS, SPECIAL

from casereader.core.compiled import rule_types
from casereader.core.expressions import parse_rule
from casereader.core.questionset import QuestionSet
from casereader.printing.fonts import FontError, register_fonts
from casereader.printing.wording import rule_words


@pytest.mark.parametrize(("rule", "words"), [
    ("charging_route == 'area'", "Charging decision made by is “Area”"),
    ("charging_route != 'area'", "Charging decision made by is not “Area”"),
    ("not victim_letter_required", "Victim letter required is No"),
    ("victim_letter_required and casework_type in ['MC', 'CC']",
     "Victim letter required is Yes and Casework type is one of “Magistrates' courts”, “Crown Court”"),
    ("casework_type not in ['RASSO'] or not (VW-06 == 'no')",
     "Casework type is not one of “RASSO” or VW-06 is not “No”"),
    ("(answered(PC-03) or na(PC-03)) and not answered(DI-02)",
     "(PC-03 is answered or PC-03 is marked N/A) and DI-02 is not answered"),
    ("not (casework_type == 'MC' or victim_letter_required)",
     "not (Casework type is “Magistrates' courts” or Victim letter required is Yes)"),
    ("'area' == charging_route", "Charging decision made by is “Area”"),
])
def test_rules_read_as_plain_english(qs: QuestionSet, rule: str, words: str) -> None:
    tree = parse_rule(rule, rule_types(qs)).tree
    text = rule_words(qs).words(tree)
    assert text == words
    assert "==" not in text and "!=" not in text


def test_conditions_combine_section_and_question_rules(qs: QuestionSet) -> None:
    w = rule_words(qs)
    assert w.conditions("PC-03") == "Charging decision made by is “Area”"
    assert w.conditions("DI-02") == ""
    assert w.conditions("VW-07") == "VW-06 is “Yes”"


def test_register_fonts_is_idempotent_and_covers_every_symbol() -> None:
    from reportlab.pdfbase import pdfmetrics

    first = register_fonts(FONTS)
    assert register_fonts(FONTS) is first
    for name in (first.regular, first.bold, first.italic, first.bold_italic, first.mono):
        face = pdfmetrics.getFont(name).face
        missing = [c for c in SPECIAL + "☐☒✓▲▼▶–“”£ŵŷŴŶ" if not c.isspace() and ord(c) not in face.charToGlyph]
        assert not missing, (name, missing)


def test_missing_font_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FontError, match=r"DejaVuSans\.ttf"):
        register_fonts(tmp_path)
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"not a font")
    for name in ("DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf"):
        (tmp_path / name).write_bytes((FONTS / name).read_bytes())
    with pytest.raises(FontError, match="cannot read font"):
        register_fonts(tmp_path)


def test_fonts_and_licence_are_shipped() -> None:
    names = {p.name for p in FONTS.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
            "DejaVuSansMono.ttf", "LICENSE-DejaVu.txt"} <= names
    assert "Bitstream" in (FONTS / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_repeated_paragraphs_draw_exactly_like_paragraphs() -> None:
    """The parse/wrap cache must not change a single byte, cold or warm, plain text or mixed fonts."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from casereader.printing import paragraphs
    from casereader.printing.paragraphs import RepeatedParagraph

    fonts = register_fonts(FONTS)
    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=10, leading=13, leftIndent=58, bulletIndent=0,
                           bulletFontName=fonts.bold)
    texts = ["Was the charging decision timely and " * 6, "<b>PC-01-CPSD</b> mixed <i>fonts</i> " * 5 + SPECIAL]

    def build(make: type) -> bytes:
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, invariant=1, initialFontName=fonts.regular)
        doc.build([make(t, style, bulletText="Q-1") for t in texts * 3])
        return buf.getvalue()

    plain = build(Paragraph)
    paragraphs._frags.clear()
    paragraphs._wraps.clear()
    assert build(RepeatedParagraph) == plain  # cold cache
    assert build(RepeatedParagraph) == plain  # warm cache
