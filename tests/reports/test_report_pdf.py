"""The report PDF reads well and archives: every font embedded (pdffonts and the PDF's own font dictionaries),
chart labels in full (wrapped, never cut with "…"), table headers never broken inside a word, and every legend
entry with its mark. A follow-up report (baseline + follow-up, several Areas, one with a long name)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from central_builder import FORMS, run_report, two_rounds
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from casereader.core.loader import load_question_set

AREAS = ("CPS North East", "CPS Wessex", "CPS Thames and Chiltern with a deliberately long Area name")
HEADER_WORDS = ("National", "(pooled)", "Strongest", "Weakest", "Baseline", "Follow-up", "Change", "Direction",
                "Measure", "Question", "Exact", "Weighted")


@pytest.fixture(scope="module")
def follow_up_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pdf")
    url = f"sqlite:///{tmp / 'central.sqlite'}"
    two_rounds(url, AREAS, 10, 21).close()
    out = tmp / "follow-up.pdf"
    assert run_report("--db", url, "--compare", "baseline", "--out", str(out)) == 0
    return out


def _fonts(resources: DictionaryObject, seen: dict[str, DictionaryObject]) -> None:
    fonts = resources.get("/Font")
    for font in (fonts.get_object().values() if fonts else ()):
        font = font.get_object()
        seen[str(font["/BaseFont"])] = font
        for descendant in font.get("/DescendantFonts", ()):
            d = descendant.get_object()
            seen[str(d["/BaseFont"])] = d
    xobjects = resources.get("/XObject")
    for x in (xobjects.get_object().values() if xobjects else ()):
        x = x.get_object()
        if "/Resources" in x:
            _fonts(x["/Resources"].get_object(), seen)


def test_every_font_is_embedded(follow_up_pdf: Path) -> None:
    seen: dict[str, DictionaryObject] = {}
    for page in PdfReader(str(follow_up_pdf)).pages:
        _fonts(page["/Resources"].get_object(), seen)
    assert seen and not any(name.lstrip("/") in ("Helvetica", "Times-Roman") for name in seen)
    for name, font in seen.items():
        if font.get("/Subtype") == "/Type0":
            continue  # its descendant carries the descriptor
        descriptor = font["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"
    pdffonts = shutil.which("pdffonts")
    assert pdffonts, "pdffonts (poppler-utils) is needed: scripts/system-deps.sh installs it"
    listing = subprocess.run([pdffonts, str(follow_up_pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:  # columns: name type encoding emb sub uni object ID
        assert row.split()[-5] == "yes", row


def test_labels_in_full_and_headers_unbroken(follow_up_pdf: Path) -> None:
    reader = PdfReader(str(follow_up_pdf))
    raw = "\n".join(p.extract_text() for p in reader.pages)
    text = " ".join(raw.split())
    assert "…" not in raw  # nothing cut
    assert AREAS[2] in text  # the long Area name, wrapped in the charts and tables, reads in full
    qs = load_question_set(FORMS / "aip-casework-2023.1.yaml")
    for q in qs.questions:  # every distribution label: the question id and its whole text
        if qs.scale_of(q.id).kind.value in ("single", "multiple"):
            assert f"{q.id} {' '.join(q.text.split())}" in text, q.id
    for word in HEADER_WORDS:
        for i in range(2, len(word) - 1):
            assert f"{word[:i]}\n{word[i:]}" not in raw, word
    for legend in ("Baseline, national (pooled)", "Follow-up, national (pooled)", "National (pooled)",
                   "Mean of Areas"):
        assert legend in text, legend
