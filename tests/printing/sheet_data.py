"""Core objects built by hand for the printing tests, and reading PDFs back."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.inspection import CaseFile, CaseStatus, CaseSummary, Inspection, Round
from casereader.core.questionset import QuestionSet

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "resources" / "fonts"
SPECIAL = "✓ ☐ ☒ ▲ ▼ ▶ – “quoted” £12 Gŵyr ŷ"


def make_inspection(qs: QuestionSet, **kw: Any) -> Inspection:
    base: dict[str, Any] = dict(id="insp-0001", title="Area inspection of CPS Cymru-Wales", programme="AIP",
                                area="Cymru-Wales", round=Round.BASELINE, form_id=qs.id, form_version=qs.version,
                                form_hash=qs.content_hash, inspectors=("Jane Doe", "Dafydd ap Gwilym"))
    base.update(kw)
    return Inspection(**base)


def make_case(reference: str, header: Mapping[str, HeaderValue], answers: Mapping[str, Answer], *,
              case_id: str | None = None, inspector: str = "Jane Doe") -> CaseFile:
    summary = CaseSummary(id=case_id or f"case-{reference}", inspection_id="insp-0001", reference=reference,
                          header=dict(header), status=CaseStatus.IN_PROGRESS, inspector=inspector,
                          updated_at="2026-11-20T10:15:00Z")
    return CaseFile(summary, CaseState(dict(header), dict(answers)))


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text with whitespace (including no-break spaces) collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(p.extract_text().replace("\xa0", " ").split()) for p in reader.pages]


def long_comment(n: int, length: int = 3000) -> str:
    words = []
    i = 0
    while sum(len(w) + 1 for w in words) < length - 20:
        words.append(f"evidence{n}w{i}" if i % 7 else "the")
        i += 1
    return " ".join(words) + f" END-OF-COMMENT-{n}"
