"""Question sets in two languages: the ``*_cy`` fields, the accessor with English fallback, the count of
fields without Welsh that ``forms check`` reports, and the shipped thematic set complete in Welsh."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereader.cli.main import main
from casereader.core.loader import QuestionSetError, load_question_set
from casereader.core.questionset import missing_welsh, reasons_in, text_in

ROOT = Path(__file__).resolve().parents[2]
THEMATIC = ROOT / "forms" / "da-thematic-2024.1.yaml"
AIP = ROOT / "forms" / "aip-casework-2021.1.yaml"


def test_welsh_text_with_english_fallback(worked_example_path: Path) -> None:
    qs = load_question_set(THEMATIC)
    q = qs.question("DA-07")
    assert text_in(q, "text", "cy") == q.text_cy != q.text
    assert text_in(q, "text", "en") == q.text
    assert reasons_in(q.na, "cy") == q.na.reasons_cy and reasons_in(q.na, "en") == q.na.reasons
    english_only = load_question_set(worked_example_path)
    first = english_only.questions[0]
    assert first.text_cy == "" and text_in(first, "text", "cy") == first.text
    assert text_in(english_only.scales[0].options[0], "label", "cy") == english_only.scales[0].options[0].label


def test_thematic_set_is_complete_in_welsh_and_others_are_counted() -> None:
    assert missing_welsh(load_question_set(THEMATIC)) == []
    aip = load_question_set(AIP)
    gaps = missing_welsh(aip)
    assert "-.title" in gaps and f"{aip.questions[0].id}.text" in gaps
    # one entry per English text: every question's wording is counted once
    assert sum(1 for g in gaps if g.endswith(".text")) == len(aip.questions)


def test_some_reasons_in_welsh_fall_back_per_reason(tmp_path: Path) -> None:
    text = THEMATIC.read_text(encoding="utf-8").replace(
        "reasons_cy: [Y diffynnydd eisoes yn y ddalfa, Ple euog a dedfryd yn y gwrandawiad cyntaf]",
        "reasons_cy: [Y diffynnydd eisoes yn y ddalfa, \"\"]")
    path = tmp_path / "partial.yaml"
    path.write_text(text, encoding="utf-8")
    qs = load_question_set(path)
    na = qs.question("DA-07").na
    assert reasons_in(na, "cy") == ("Y diffynnydd eisoes yn y ddalfa", na.reasons[1])
    assert missing_welsh(qs) == ["DA-07.reasons[1]"]


def test_welsh_reasons_out_of_step_are_refused_with_the_line(tmp_path: Path) -> None:
    lines = THEMATIC.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "reasons_cy: [Y diffynnydd" in line)
    lines[at] = "          reasons_cy: [Y diffynnydd eisoes yn y ddalfa]"
    path = tmp_path / "bad.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(QuestionSetError) as info:
        load_question_set(path, display="bad.yaml")
    assert f"bad.yaml:{at + 1}: DA-07: reasons_cy has 1 entries but reasons has 2" in str(info.value)


def test_unknown_language_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fr.yaml"
    path.write_text(THEMATIC.read_text(encoding="utf-8").replace("title_cy: Gwaith achos", "title_fr: Gwaith achos"),
                    encoding="utf-8")
    with pytest.raises(QuestionSetError, match="title_fr"):
        load_question_set(path)


def test_forms_check_warns_of_missing_welsh_per_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check", str(THEMATIC), str(AIP)]) == 0
    out = capsys.readouterr().out
    count = len(missing_welsh(load_question_set(AIP)))
    assert f"{AIP}: warning: {count} fields without Welsh text (-.title, -.programme" in out
    assert f"{THEMATIC}: ok (da-thematic@2024.1, 14 questions)" in out
    assert f"{THEMATIC}: warning" not in out
