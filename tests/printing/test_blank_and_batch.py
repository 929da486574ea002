"""Blank sheets for paper marking, and batches of sheets with progress and cancelling."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from sheet_data import make_case, pdf_pages

from casereader.core.answers import Answer
from casereader.core.inspection import CaseFile, Inspection
from casereader.core.questionset import QuestionSet
from casereader.printing.sheets import (
    PrintCancelled,
    SheetError,
    SheetOptions,
    case_file_names,
    render_batch,
    render_blank_sheet,
    render_case_sheet,
)

Render = Callable[..., bytes]


def test_blank_sheet_has_boxes_conditions_and_every_question(
        qs: QuestionSet, inspection: Inspection, render_bytes: Render) -> None:
    data = render_bytes(render_blank_sheet, qs, inspection=inspection)
    pages = pdf_pages(data)
    text = " ".join(pages)
    for q in qs.questions:
        assert f"{q.id} {q.text}" in text
    assert "Answer this section only if: Charging decision made by is “Area”" in text
    assert "Answer only if: Victim letter required is Yes" in text
    assert "Answer only if: VW-06 is “Yes”" in text
    assert "PC-03 Was the charging decision timely? Fully meeting Partially meeting Not meeting N/A" in text
    assert "If N/A, reason: ☐ Guilty plea at first hearing ☐ No unused material" in text
    assert "Comment required if: Partially meeting, Not meeting" in text
    assert text.count("Comment / evidence") == len(qs.questions)
    assert "☐ Police ☐ CPS Direct ☐ Area" in text  # header choices to tick
    assert "Cymru-Wales" in pages[0]
    assert text.count("☒") == 1  # only in the instructions: nothing is marked on a blank sheet
    assert len(pages) == len(PdfReader(io.BytesIO(data)).pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_blank_sheet_without_inspection_and_with_guidance(big_set: QuestionSet, render_bytes: Render) -> None:
    buf = io.BytesIO()
    pages = render_blank_sheet(big_set, buf, options=SheetOptions(show_guidance=True))
    texts = pdf_pages(buf.getvalue())
    assert pages == len(texts) > 3
    text = " ".join(texts)
    assert "☐ Baseline ☐ Follow-up" in texts[0]
    assert text.count("Answer only if: Casework type is “Crown Court”") == 6
    assert "Guidance: Look at the file notes for question 59." in text
    assert render_bytes(render_blank_sheet, big_set) == render_bytes(render_blank_sheet, big_set)


def _three_cases() -> list[CaseFile]:
    header = {"casework_type": "CC", "charging_route": "police"}
    return [
        make_case("REF/001", header, {"DI-02": Answer("fully"), "VW-01": Answer("not", comment="Late warning.")}),
        make_case("REF/002", header, {"DI-02": Answer("partially")}),
        make_case("REF/003", {**header, "victim_letter_required": True}, {"VW-06": Answer("yes")}),
    ]


def test_batch_in_one_pdf_numbers_pages_per_case(qs: QuestionSet, inspection: Inspection, tmp_path: Path) -> None:
    cases = _three_cases()
    calls: list[tuple[int, int]] = []
    out = tmp_path / "all.pdf"
    pages = render_batch(qs, inspection, cases, out, progress=lambda d, t: calls.append((d, t)) is None)
    singles = []
    for case in cases:
        singles.append(render_case_sheet(qs, inspection, case, io.BytesIO()))
    texts = pdf_pages(out.read_bytes())
    assert pages == len(texts) == sum(singles)
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    start = 0
    for case, count in zip(cases, singles, strict=True):
        for number in range(1, count + 1):
            page = texts[start + number - 1]
            assert f"Page {number} of {count}" in page
            assert f"Case {case.reference}" in page
        assert "Case marking sheet" in texts[start]
        start += count


def test_batch_cancel_writes_no_file(qs: QuestionSet, inspection: Inspection, tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    with pytest.raises(PrintCancelled, match="after 1 of 3"):
        render_batch(qs, inspection, _three_cases(), out, progress=lambda done, total: done < 1)
    assert list(tmp_path.iterdir()) == []


def test_batch_per_case_folder(qs: QuestionSet, inspection: Inspection, tmp_path: Path) -> None:
    cases = [*_three_cases(), make_case("REF/001", {}, {}, case_id="dup")]
    folder = tmp_path / "sheets"
    folder.mkdir()
    seen: list[int] = []
    pages = render_batch(qs, inspection, cases, None, per_case_dir=folder,
                         progress=lambda d, t: seen.append(d) is None)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["REF-001-2.pdf", "REF-001.pdf", "REF-002.pdf", "REF-003.pdf"]
    assert seen == [0, 1, 2, 3, 4]
    assert pages == sum(len(PdfReader(folder / n).pages) for n in names)
    assert "Case REF/002" in pdf_pages((folder / "REF-002.pdf").read_bytes())[0]

    folder2 = tmp_path / "cancelled"
    folder2.mkdir()
    with pytest.raises(PrintCancelled):
        render_batch(qs, inspection, cases, None, per_case_dir=folder2, progress=lambda d, t: d < 2)
    assert sorted(p.name for p in folder2.iterdir()) == ["REF-001.pdf", "REF-002.pdf"]  # finished files kept

    with pytest.raises(SheetError, match="no such folder"):
        render_batch(qs, inspection, cases, None, per_case_dir=tmp_path / "nope")


def test_case_file_names_are_safe_and_distinct() -> None:
    cases = [make_case(ref, {}, {}, case_id=f"id{i}") for i, ref in enumerate(["A/1", "a/1", "../x", "", "ok"])]
    assert case_file_names(cases) == ["A-1.pdf", "a-1-2.pdf", "x.pdf", "id3.pdf", "ok.pdf"]
