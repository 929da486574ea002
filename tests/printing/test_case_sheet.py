"""Filled marking sheets, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from sheet_data import SPECIAL, make_case, pdf_pages

from casereader.core.engine import CaseEngine
from casereader.core.inspection import CaseFile, Inspection
from casereader.core.questionset import QuestionSet
from casereader.core.scoring import format_percent
from casereader.printing.sheets import SheetError, SheetOptions, case_story, frame_width, render_case_sheet
from casereader.printing.wording import answer_text

Render = Callable[..., bytes]


def test_every_applicable_question_and_its_chosen_answer_is_printed(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, render_bytes: Render) -> None:
    data = render_bytes(render_case_sheet, qs, inspection, area_case)
    text = " ".join(pdf_pages(data))
    engine = CaseEngine(qs, area_case.state)
    assert engine.applicable  # the case has applicable questions to look for
    for qid in engine.applicable:
        q = qs.question(qid)
        assert f"{qid} {q.text}" in text
        ans = engine.answer(qid)
        if ans is not None and ans.given and not ans.na:
            assert f"☒ {answer_text(qs, qid, ans)}" in text
    assert "☒ N/A" in text and "N/A reason: Guilty plea at first hearing" in text
    assert SPECIAL in text  # comment with symbols, curly quotes, £ and Welsh letters
    assert "not answered (required)" in text  # VW-01 applies and is unanswered
    # the other options are printed (as empty boxes, drawn as squares) but never crossed
    assert "PC-03 Was the charging decision timely? Fully meeting ☒ Partially meeting Not meeting N/A" in text
    assert "☒ Fully meeting" not in text[text.index("PC-03 "):text.index("PC-04 ")]
    crossed = sum(1 for qid in engine.applicable if (a := engine.answer(qid)) is not None and a.given)
    assert text.count("☒") == crossed + SPECIAL.count("☒") + 1  # + the legend under the header


def test_header_block_names_case_and_question_set(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, render_bytes: Render) -> None:
    first = pdf_pages(render_bytes(render_case_sheet, qs, inspection, area_case))[0]
    for expected in (inspection.title, "Cymru-Wales", "Baseline", "52AB1234567", "Magistrates' courts",
                     "Charging decision made by Area", "Jane Doe", "20 November 2026",
                     f"worked-example version 1 ({qs.content_hash[:12]})"):
        assert expected in first, expected


def test_points_per_measure_and_theme_match_the_engine(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, render_bytes: Render) -> None:
    text = " ".join(pdf_pages(render_bytes(render_case_sheet, qs, inspection, area_case)))
    scores = CaseEngine(qs, area_case.state).scores
    titles = {m.id: m.title for m in qs.measures} | {t.id: t.title for t in qs.themes}
    rows = list(scores.by_measure.items()) + list(scores.by_theme.items())
    assert rows
    for key, s in rows:
        row = f"{titles[key]} {s.answers} {s.points} {s.max_points} {format_percent(s.percent_1dp)}"
        assert row in text


def test_inapplicable_questions_are_listed_with_their_rule_and_kept_answer(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, render_bytes: Render) -> None:
    text = " ".join(pdf_pages(render_bytes(render_case_sheet, qs, inspection, area_case)))
    assert "VW-06 Was a victim letter sent? Not applicable to this case (rule: Victim letter required is Yes)" in text
    assert "Answer kept but excluded from the scores: Yes" in text
    assert "VW-07 Was the victim letter timely? Not applicable to this case (rule: VW-06 is “Yes”)" in text

    quiet = render_bytes(render_case_sheet, qs, inspection, area_case,
                         options=SheetOptions(list_inapplicable=False))
    quiet_text = " ".join(pdf_pages(quiet))
    assert "Was a victim letter sent?" not in quiet_text
    assert "Not applicable to this case" not in quiet_text


def test_page_x_of_y_and_reference_on_every_page(
        big_set: QuestionSet, big_case: CaseFile, render_bytes: Render) -> None:
    insp = Inspection(id="i", title="Big", programme="Test", area="Wessex", round="baseline",  # type: ignore[arg-type]
                      form_id=big_set.id, form_version=big_set.version, form_hash=big_set.content_hash)
    buf = io.BytesIO()
    pages = render_case_sheet(big_set, insp, big_case, buf)
    texts = pdf_pages(buf.getvalue())
    assert pages == len(PdfReader(io.BytesIO(buf.getvalue())).pages) == len(texts)
    assert pages > 10  # 60 questions with 3,000-character comments
    for number, text in enumerate(texts, start=1):
        assert text.strip()
        assert f"Page {number} of {pages}" in text
        assert "Case 60Q-LONG-001" in text


def test_long_comments_wrap_flow_across_pages_and_are_never_cut(
        big_set: QuestionSet, big_case: CaseFile, render_bytes: Render) -> None:
    insp = Inspection(id="i", title="Big", programme="Test", area="Wessex", round="baseline",  # type: ignore[arg-type]
                      form_id=big_set.id, form_version=big_set.version, form_hash=big_set.content_hash)
    text = " ".join(pdf_pages(render_bytes(render_case_sheet, big_set, insp, big_case)))
    applicable = CaseEngine(big_set, big_case.state).applicable
    assert len(applicable) == 54  # six questions apply to Crown Court cases only
    for n, q in enumerate(big_set.questions):
        if q.id in applicable:
            assert f"END-OF-COMMENT-{n}" in text  # the end of every comment is printed
            assert q.text in text


def test_no_flowable_is_wider_than_the_frame_or_taller_without_splitting(
        big_set: QuestionSet, big_case: CaseFile) -> None:
    from reportlab.lib.pagesizes import A4

    from casereader.printing.styles import BOTTOM_MARGIN, TOP_MARGIN

    insp = Inspection(id="i", title="Big", programme="Test", area="Wessex", round="baseline",  # type: ignore[arg-type]
                      form_id=big_set.id, form_version=big_set.version, form_hash=big_set.content_hash)
    width = frame_width()
    height = A4[1] - TOP_MARGIN - BOTTOM_MARGIN - 12
    story = case_story(big_set, insp, big_case)
    assert len(story) > 100
    tall = 0
    for flowable in story:
        w, h = flowable.wrap(width, height)
        assert w <= width + 0.01, flowable
        if h > height:
            tall += 1
            parts = flowable.split(width, height)
            assert len(parts) >= 2, flowable
            first_w, first_h = parts[0].wrap(width, height)
            assert first_h <= height and first_w <= width + 0.01
    assert tall == 0 or tall < len(story)


def test_same_input_gives_identical_bytes(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, render_bytes: Render, tmp_path: Path) -> None:
    a = render_bytes(render_case_sheet, qs, inspection, area_case)
    b = render_bytes(render_case_sheet, qs, inspection, area_case)
    render_case_sheet(qs, inspection, area_case, tmp_path / "c.pdf")
    assert a == b == (tmp_path / "c.pdf").read_bytes()
    changed = make_case(area_case.reference, area_case.state.header,
                        {**area_case.state.answers, "VW-01": area_case.state.answers["PC-04"]})
    assert render_bytes(render_case_sheet, qs, inspection, changed) != a


def test_generated_at_is_printed_only_when_given(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, render_bytes: Render) -> None:
    plain = " ".join(pdf_pages(render_bytes(render_case_sheet, qs, inspection, area_case)))
    dated = render_bytes(render_case_sheet, qs, inspection, area_case,
                         options=SheetOptions(generated_at=dt.date(2026, 11, 21)))
    assert "printed" not in plain
    assert all("printed 21 November 2026" in t for t in pdf_pages(dated))
    again = render_bytes(render_case_sheet, qs, inspection, area_case,
                         options=SheetOptions(generated_at=dt.date(2026, 11, 21)))
    assert dated == again


def test_guidance_is_printed_on_request(big_set: QuestionSet, big_case: CaseFile, render_bytes: Render) -> None:
    insp = Inspection(id="i", title="Big", programme="Test", area="Wessex", round="baseline",  # type: ignore[arg-type]
                      form_id=big_set.id, form_version=big_set.version, form_hash=big_set.content_hash)
    without = " ".join(pdf_pages(render_bytes(render_case_sheet, big_set, insp, big_case)))
    with_notes = " ".join(pdf_pages(render_bytes(render_case_sheet, big_set, insp, big_case,
                                                 options=SheetOptions(show_guidance=True))))
    assert "Guidance: Look at the file notes for question 0." in with_notes
    assert "Guidance:" not in without


def test_fonts_are_embedded_for_every_font_used(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, render_bytes: Render) -> None:
    data = render_bytes(render_case_sheet, qs, inspection, area_case)
    assert b"/FontFile2" in data
    reader = PdfReader(io.BytesIO(data))
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            seen.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert any("DejaVuSans-Bold" in name for name in seen)
    assert not any(re.search(r"Helvetica|Times|Courier", name) for name in seen)


def test_unwritable_output_is_a_clear_error_and_leaves_nothing(
        qs: QuestionSet, inspection: Inspection, area_case: CaseFile, tmp_path: Path) -> None:
    with pytest.raises(SheetError, match="no such folder"):
        render_case_sheet(qs, inspection, area_case, tmp_path / "missing" / "c.pdf")
    with pytest.raises(SheetError, match="is a folder"):
        render_case_sheet(qs, inspection, area_case, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_header_longer_than_a_page_splits_between_rows() -> None:
    from reportlab.lib.pagesizes import A4

    from casereader.printing.blocks import FieldGrid
    from casereader.printing.fonts import register_fonts
    from casereader.printing.styles import sheet_styles

    styles = sheet_styles(register_fonts())
    fields = [(f"Field {i}", f"value {i} " * (1 + i % 4)) for i in range(90)]
    grid = FieldGrid(styles, fields, bold=("Field 3",))
    width = frame_width()
    _w, h = grid.wrap(width, A4[1])
    assert h > A4[1]
    first, rest = grid.split(width, 300)
    assert first.wrap(width, 300)[1] <= 300
    assert len(first.fields) + len(rest.fields) == 90 and len(first.fields) % 2 == 0
    assert [f[2] for f in first.fields][3]  # bold kept for "Field 3"


def test_multiple_text_number_and_date_answers(tmp_path: Path, render_bytes: Render) -> None:
    from casereader.core.answers import Answer
    from casereader.core.loader import load_question_set
    from casereader.printing.sheets import render_blank_sheet

    (tmp_path / "kinds.yaml").write_text("""
id: kinds
version: "1"
title: Answer kinds
programme: Test
scales:
  - {id: many, label: Many, kind: multiple, options: [{value: a, label: Bail}, {value: b, label: Custody}]}
  - {id: words, label: Words, kind: text}
  - {id: count, label: Count, kind: number}
  - {id: when, label: When, kind: date}
sections:
  - id: s
    title: Kinds
    questions:
      - {id: M-1, text: Which apply?, scale: many}
      - {id: T-1, text: Name the officer., scale: words, required: false}
      - {id: N-1, text: How many hearings?, scale: count, na: {allowed: true}}
      - {id: D-1, text: When was the trial?, scale: when}
""", encoding="utf-8")
    kinds = load_question_set(tmp_path / "kinds.yaml")
    insp = Inspection(id="k", title="Kinds", programme="Test", area="Kent", round="baseline",  # type: ignore[arg-type]
                      form_id=kinds.id, form_version=kinds.version, form_hash=kinds.content_hash)
    case = make_case("K-1", {}, {"M-1": Answer(("a", "b")), "T-1": Answer("DC Jones"), "N-1": Answer(3.0),
                                 "D-1": Answer("2026-03-14")})
    text = " ".join(pdf_pages(render_bytes(render_case_sheet, kinds, insp, case)))
    assert "☒ Bail ☒ Custody" in text
    assert "Answer: DC Jones" in text and "Answer: 3" in text and "Answer: 2026-03-14" in text
    assert "Name the officer. (optional)" in text
    blank = " ".join(pdf_pages(render_bytes(render_blank_sheet, kinds)))
    assert "(tick all that apply)" in blank and "Number" in blank and "Date (DD/MM/YYYY)" in blank
