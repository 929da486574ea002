"""Marking sheets in Welsh and bilingual (Welsh first) for the shipped domestic-abuse thematic set:
the Welsh wording read back from the PDF text, the fixed text from the printing table, and the
circumflexed letters (ŵ, ŷ) drawn by the embedded font rather than as missing-glyph boxes."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from sheet_data import ROOT, make_case, make_inspection, pdf_pages

from casereader.cli.main import main
from casereader.core.answers import Answer
from casereader.core.inspection import CaseFile
from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet, reasons_in, text_in
from casereader.printing.fonts import register_fonts
from casereader.printing.language import WELSH, SheetLanguageError
from casereader.printing.sheets import SheetOptions, render_blank_sheet, render_case_sheet
from casereader.printing.wording import rule_words

THEMATIC = ROOT / "forms" / "da-thematic-2024.1.yaml"


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture
def thematic() -> QuestionSet:
    return load_question_set(THEMATIC)


@pytest.fixture
def withdrawn_case() -> CaseFile:
    header = {"casework_type": "MC", "outcome": "guilty_plea", "victim_withdrew": True}
    answers = {"DA-01": Answer("no"), "DA-06": Answer("partially", comment="Risg heb ei nodi. Gŵyr ŷ."),
               "DA-07": Answer(na=True, na_reason="Defendant already in custody")}
    return make_case("62DA0001", header, answers)


def test_welsh_case_sheet_reads_back_the_welsh_wording(thematic: QuestionSet, withdrawn_case: CaseFile,
                                                       render_bytes: Callable[..., bytes]) -> None:
    data = render_bytes(render_case_sheet, thematic, make_inspection(thematic), withdrawn_case,
                        options=SheetOptions(language="cy", show_guidance=True))
    text = " ".join(pdf_pages(data))
    for qid in ("DA-01", "DA-06", "DA-07"):
        q = thematic.question(qid)
        assert flat(q.text_cy) in text and flat(q.text) not in text
        assert flat(q.guidance_cy) in text
    assert flat(thematic.question("DA-07").guidance_cy).count("tŷ") == 1  # the wording that carries ŷ
    assert "tŷ'r dioddefwr" in text
    assert WELSH["Case marking sheet"] in text and WELSH["Declaration"] in text
    assert WELSH["Page {number} of {total}"].format(number=1, total=len(pdf_pages(data))) in text
    yes, partly = thematic.scale_index["yn"].options[0], thematic.scale_index["fpn"].options[1]
    assert f"☒ {partly.label_cy}" in text and yes.label_cy in text
    na = thematic.question("DA-07").na
    assert f"{WELSH['N/A reason:']} {reasons_in(na, 'cy')[0]}" in text
    assert "Gŵyr ŷ" in text  # an inspector's comment with ŵ and ŷ prints as written
    assert PdfReader(io.BytesIO(data)).metadata is not None


def test_bilingual_blank_sheet_puts_welsh_first(thematic: QuestionSet, render_bytes: Callable[..., bytes]) -> None:
    raw = render_bytes(render_blank_sheet, thematic, options=SheetOptions(language="both", show_guidance=True))
    text = " ".join(pdf_pages(raw))
    for q in thematic.questions:
        welsh, english = flat(q.text_cy), flat(q.text)
        assert welsh in text and english in text
        assert text.index(welsh) < text.index(english), q.id
    ws = flat(thematic.question("DA-04").guidance_cy)
    assert "wŷs" in ws and ws in text
    assert f"{WELSH['Page {number} of {total}'].format(number=1, total=len(pdf_pages(raw)))} / Page 1 of" in text
    # Rules read as Welsh instructions as well as English ones
    welsh_rule = rule_words(thematic, "cy").question_condition("DA-02")
    assert welsh_rule == f"DA-01: “{thematic.scale_index['yn'].options[0].label_cy}”"
    assert f"{WELSH['Answer only if:']} {welsh_rule}" in text and "Answer only if: DA-01 is “Yes”" in text
    # The header field labels and options from the set, Welsh before English
    label = thematic.header_index["casework_type"]
    assert f"{text_in(label, 'label', 'cy')} / {label.label}" in text


def ink(tmp_path: Path, font: str, text: str) -> bytes:
    """Rasterise ``text`` (one large line) with poppler and return the grey pixels of the page."""
    from PIL import Image
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / f"glyph-{ord(text[0])}.pdf"
    c = Canvas(str(pdf), pagesize=(120, 80))
    c.setFont(font, 48)
    c.drawString(10, 15, text)
    c.save()
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", str(pdf), str(pdf.with_suffix(""))], check=True,
                   capture_output=True)
    with Image.open(next(tmp_path.glob(f"glyph-{ord(text[0])}*.png"))) as im:
        return im.convert("L").tobytes()


def test_circumflexes_are_real_glyphs_of_the_embedded_font(tmp_path: Path) -> None:
    fonts = register_fonts()
    for face in (fonts.regular, fonts.bold, fonts.italic):
        widths = pdfmetrics.getFont(face).face.charWidths
        assert all(ord(letter) in widths for letter in "ŵŷŴŶâêîôû"), face
    for plain, accented in (("w", "ŵ"), ("y", "ŷ")):
        base, hat = ink(tmp_path, fonts.regular, plain), ink(tmp_path, fonts.regular, accented)
        missing = ink(tmp_path, fonts.regular, "\ue000")  # no glyph: drawn as the font's empty box
        dark = [sum(1 for p in px if p < 128) for px in (base, hat, missing)]
        # the accented letter is the plain letter plus a circumflex above it: more ink, not the missing box
        assert dark[1] > dark[0] > 0 and hat != missing, (accented, dark)


def test_english_sheet_is_unchanged_by_the_welsh_text(thematic: QuestionSet, withdrawn_case: CaseFile,
                                                      render_bytes: Callable[..., bytes]) -> None:
    text = " ".join(pdf_pages(render_bytes(render_case_sheet, thematic, make_inspection(thematic), withdrawn_case)))
    assert "Case marking sheet" in text and WELSH["Case marking sheet"] not in text
    assert flat(thematic.question("DA-06").text) in text and flat(thematic.question("DA-06").text_cy) not in text


def test_unknown_language_is_refused(thematic: QuestionSet, render_bytes: Callable[..., bytes]) -> None:
    with pytest.raises(SheetLanguageError, match="unknown sheet language 'fr'"):
        render_bytes(render_blank_sheet, thematic, options=SheetOptions(language="fr"))


def test_cli_blank_sheet_in_welsh(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "blank-cy.pdf"
    assert main(["sheet", "da-thematic", "--blank", "--lang", "cy", "--out", str(out)]) == 0
    text = " ".join(pdf_pages(out.read_bytes()))
    assert WELSH["Case marking sheet"] in text and "Taflen" in text
    with pytest.raises(SystemExit) as info:
        main(["sheet", "da-thematic", "--blank", "--lang", "fr", "--out", str(out)])
    assert info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err
