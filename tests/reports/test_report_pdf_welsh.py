"""``casereader central report --format pdf --lang cy|both``: the report's fixed text (headings, labels, the
method, notes, table headers, chart legends, the DRAFT stamp and footer) in Welsh, or bilingual with the Welsh
first, read back from the PDF text; the figures and the question sets' own wording are left as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from central_builder import run_report, two_rounds
from pypdf import PdfReader

from casereader.core.errors import UserError
from casereader.printing.language import WELSH

FIXED = ("What this report covers", "How the figures are worked out", "Headline measures", "Direction of travel",
         "Answer distributions (national)", "Measure or theme", "Strongest Area", "DRAFT — not for publication")


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("welsh-report")
    url = f"sqlite:///{tmp / 'central.sqlite'}"
    two_rounds(url, ("CPS Cymru-Wales", "CPS Wessex"), 8, 7).close()
    return url


def _report(db_url: str, out: Path, lang: str) -> tuple[str, PdfReader]:
    assert run_report("--db", db_url, "--compare", "baseline", "--format", "pdf", "--lang", lang,
                      "--out", str(out)) == 0
    reader = PdfReader(str(out))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def test_welsh_report_prints_its_fixed_text_in_welsh(db_url: str, tmp_path: Path) -> None:
    text, reader = _report(db_url, tmp_path / "cy.pdf", "cy")
    for english in FIXED:
        assert WELSH[english] in text, english
        assert english not in text, english
    assert WELSH["Casework quality report"] in text  # the default title
    assert WELSH["Page {number}"].format(number=1) in text and "Page 1" not in text
    assert f"{WELSH['Baseline']}, {WELSH['national (pooled)']}" in text  # a chart legend
    assert any(WELSH[word] in text for word in ("improved", "declined", "static"))  # directions, by their code
    assert WELSH["change >= +{threshold} percentage points (▲)"].format(threshold="1.0") in text
    assert "CPS Cymru-Wales" in text  # data stays as it is
    assert reader.trailer["/Root"]["/Lang"] == "cy-GB"
    assert str(reader.metadata.title).startswith(WELSH["DRAFT"] + ": ")


def test_bilingual_report_puts_the_welsh_first(db_url: str, tmp_path: Path) -> None:
    text, _reader = _report(db_url, tmp_path / "both.pdf", "both")
    for english in ("Headline measures", "What this report covers", "Direction of travel"):
        assert f"{WELSH[english]} / {english}" in text, english
    assert f"{WELSH['Group']} / Group" in text  # a table header (ŵ from the embedded font)
    english, _ = _report(db_url, tmp_path / "en.pdf", "en")
    assert "Headline measures" in english and WELSH["Headline measures"] not in english


def test_lang_is_for_the_pdf_only(db_url: str, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"--lang cy: only the PDF has fixed text"):
        run_report("--db", db_url, "--format", "json", "--lang", "cy", "--out", str(tmp_path / "r.json"))
    assert not (tmp_path / "r.json").exists()
