"""Fixtures for the printing tests: the worked example, a 60-question set, filled cases."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sheet_data import SPECIAL, long_comment, make_case, make_inspection

from casereader.core.answers import Answer
from casereader.core.inspection import CaseFile, Inspection
from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet


@pytest.fixture
def qs(worked_example_path: Path) -> QuestionSet:
    return load_question_set(worked_example_path)


@pytest.fixture
def inspection(qs: QuestionSet) -> Inspection:
    return make_inspection(qs)


@pytest.fixture
def area_case() -> CaseFile:
    """Area charging decision: the pre-charge section applies; VW-06 has an answer kept but excluded."""
    header = {"casework_type": "MC", "charging_route": "area", "victim_letter_required": False}
    answers = {
        "PC-03": Answer("partially", comment=f"Review late by three weeks. {SPECIAL}"),
        "PC-04": Answer("fully"),
        "DI-02": Answer(na=True, na_reason="Guilty plea at first hearing"),
        "VW-06": Answer("yes", comment="Letter sent before the flag was cleared."),
    }
    return make_case("52AB1234567", header, answers)


@pytest.fixture
def big_set(tmp_path: Path) -> QuestionSet:
    """A question set of 60 questions in 6 sections, some with applicability rules."""
    lines = [
        "id: big-test", 'version: "2"', "title: Sixty questions", "programme: Test",
        "header:",
        "  - id: casework_type", "    label: Casework type", "    type: choice", "    options:",
        "      - {value: MC, label: Magistrates' courts}", "      - {value: CC, label: Crown Court}",
        "scales:",
        "  - id: fpn", "    label: FPN", "    kind: single", "    options:",
        "      - {value: fully, label: Fully meeting, points: 2}",
        "      - {value: partially, label: Partially meeting, points: 1}",
        "      - {value: not, label: Not meeting, points: 0}",
        "themes:", *[f"  - {{id: T{s}, title: Theme {s}}}" for s in range(6)],
        "measures:", "  - {id: added_value, title: Added value}", "  - {id: grip, title: Grip}",
        "sections:",
    ]
    for s in range(6):
        lines += [f"  - id: s{s}", f"    title: Section {s} of the casework", f"    theme: T{s}", "    questions:"]
        for i in range(10):
            n = s * 10 + i
            lines += [f"      - id: Q-{n:02d}",
                      f"        text: Question {n} asks whether the prosecutor did the thing properly and on time"
                      + (", considering every relevant circumstance of the file" if n % 3 == 0 else "") + "?",
                      "        scale: fpn", "        na: {allowed: true}",
                      f"        measures: [{'grip' if n % 2 else 'added_value'}]",
                      f"        guidance: Look at the file notes for question {n}."]
            if n % 10 == 9:
                lines.append("        applies_if: \"casework_type == 'CC'\"")
    path = tmp_path / "big-test.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_question_set(path)


@pytest.fixture
def big_case(big_set: QuestionSet) -> CaseFile:
    values = ("fully", "partially", "not")
    answers = {q.id: Answer(values[n % 3], comment=long_comment(n)) for n, q in enumerate(big_set.questions)}
    return make_case("60Q-LONG-001", {"casework_type": "MC"}, answers)


@pytest.fixture
def render_bytes() -> Callable[..., bytes]:
    def render(fn: Callable[..., int], *args: Any, **kw: Any) -> bytes:
        buf = io.BytesIO()
        fn(*args, buf, **kw)
        return buf.getvalue()

    return render
