"""Broken question sets: every problem names the file, the line and the question (or element) id."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereader.core.loader import QuestionSetError, load_question_set, load_question_set_bytes

BASE = """\
id: broken
version: "1"
title: A set for breaking
programme: Test
header:
  - id: casework_type
    label: Casework type
    type: choice
    options:
      - {value: MC, label: Magistrates' courts}
      - {value: CC, label: Crown Court}
  - id: youth
    label: Youth defendant
    type: flag
    required: false
scales:
  - id: fpn
    label: FPN
    kind: single
    options:
      - {value: fully, label: Fully, key: "1", points: 2}
      - {value: partially, label: Partially, key: "2", points: 1}
      - {value: not, label: Not, key: "3", points: 0}
  - id: yn
    label: Yes/no
    kind: single
    options:
      - {value: "yes", label: "Yes", key: y, points: 2}
      - {value: "no", label: "No", key: n, points: 0}
  - id: notes
    label: Notes
    kind: text
themes:
  - {id: T1, title: Theme one}
measures:
  - {id: added_value, title: Added value}
sections:
  - id: s1
    title: Section one
    theme: T1
    questions:
      - id: Q-01
        text: First question
        scale: fpn
        measures: [added_value]
      - id: Q-02
        text: Second question
        scale: yn
        applies_if: "casework_type == 'CC'"
      - id: Q-03
        text: Third question
        scale: notes
"""


def line_of(text: str, marker: str | tuple[str, int]) -> int:
    needle, occurrence = (marker, 1) if isinstance(marker, str) else marker
    seen = 0
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return n
    raise AssertionError(f"{needle!r} not in text {occurrence} times")


def test_base_set_is_valid(tmp_path: Path) -> None:
    p = tmp_path / "base.yaml"
    p.write_text(BASE)
    qs = load_question_set(p)
    assert [q.id for q in qs.questions] == ["Q-01", "Q-02", "Q-03"]
    assert len(qs.content_hash) == 64


# (name, replacement pairs applied to BASE, the line's marker in the broken text, expected id, message fragment)
BROKEN = [
    ("bad_yaml", [("title: A set for breaking", "title: [unclosed")], "programme: Test", "-", "YAML"),
    ("unknown_scale", [("        scale: yn\n", "        scale: yesno\n")], "scale: yesno", "Q-02",
     "unknown scale 'yesno'"),
    ("unknown_id_in_rule", [("casework_type == 'CC'", "court_type == 'CC'")], "applies_if", "Q-02",
     "unknown field or question id 'court_type'"),
    ("unknown_value_in_rule", [("casework_type == 'CC'", "casework_type == 'XX'")], "applies_if", "Q-02",
     "unknown value 'XX'"),
    ("type_error_in_rule", [("casework_type == 'CC'", "casework_type > 3")], "applies_if", "Q-02",
     "expected a quoted value"),
    ("ordering_on_choice", [("casework_type == 'CC'", "casework_type < 'CC'")], "applies_if", "Q-02",
     "needs numbers or dates"),
    ("bare_choice_in_rule", [("casework_type == 'CC'", "casework_type")], "applies_if", "Q-02",
     "not a yes/no flag"),
    ("syntax_error_in_rule", [("casework_type == 'CC'", "casework_type == 'CC' and")], "applies_if", "Q-02",
     "expected a value or a name"),
    ("duplicate_question_id", [("      - id: Q-03\n", "      - id: Q-01\n")], ("- id: Q-01", 2),
     "Q-01", "duplicate question id 'Q-01'"),
    ("missing_wording", [("        text: First question\n", "")], "- id: Q-01", "Q-01",
     "missing required field 'text'"),
    ("empty_wording", [("        text: First question\n", "        text: ''\n")], "text: ''", "Q-01",
     "at least 1 character"),
    ("bad_points", [("        measures: [added_value]\n",
                     "        measures: [added_value]\n        points: {fully: 2}\n")],
     "points: {fully: 2}", "Q-01", "no points given for 'partially'"),
    ("points_off_scale", [("        measures: [added_value]\n",
                           "        measures: [added_value]\n        points: {fully: 2, partially: 1, not: 0, "
                           "maybe: 1}\n")], "maybe: 1", "Q-01", "'maybe', which is not on scale"),
    ("unknown_measure", [("measures: [added_value]\n      - id: Q-02", "measures: [grip]\n      - id: Q-02")],
     "measures: [grip]", "Q-01", "unknown measure 'grip'"),
    ("scored_text_question", [("        scale: notes\n", "        scale: notes\n        measures: [added_value]\n")],
     ("measures: [added_value]", 2), "Q-03", "needs a single-choice scale"),
    ("unknown_field", [("        text: Second question\n", "        text: Second question\n        colour: red\n")],
     "colour: red", "Q-02", "unknown field 'colour'"),
    ("bad_question_id", [("      - id: Q-03\n", "      - id: 3rd question\n")], "3rd question", "3rd question",
     "should match pattern"),
    ("comment_required_for_unknown", [("        scale: fpn\n",
                                       "        scale: fpn\n        comment_required_for: [bad]\n")],
     "comment_required_for", "Q-01", "'bad' is not a value of scale 'fpn'"),
    ("na_reasons_without_na", [("        scale: notes\n", "        scale: notes\n        na: {reasons: [x]}\n")],
     "na: {reasons", "Q-03", "N/A is not allowed"),
    ("duplicate_yaml_key", [("        text: Third question\n", "        text: Third question\n        text: Again\n")],
     "text: Again", "-", "duplicate key"),
    ("unknown_theme", [("    theme: T1\n", "    theme: T9\n")], "theme: T9", "s1", "unknown theme 'T9'"),
    ("duplicate_option_key", [('{value: partially, label: Partially, key: "2"',
                               '{value: partially, label: Partially, key: "1"')],
     "value: partially", "fpn", "two options use the key '1'"),
    ("scale_kind_unknown", [("    kind: text\n", "    kind: essay\n")], "kind: essay", "notes",
     "'kind': input should be"),
    ("valid_if_without_message", [("        scale: notes\n", "        scale: notes\n        valid_if: \"youth\"\n")],
     "valid_if", "Q-03", "valid_if needs a valid_message"),
    ("self_reference", [("casework_type == 'CC'", "Q-02 == 'yes'")], "applies_if", "Q-02",
     "cannot refer to the question itself"),
]


@pytest.mark.parametrize(("name", "edits", "marker", "where", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_set_names_file_line_and_id(tmp_path: Path, name: str, edits: list[tuple[str, str]],
                                           marker: str | tuple[str, int],
                                           where: str, fragment: str) -> None:
    text = BASE
    for old, new in edits:
        assert old in text, f"{name}: edit target {old!r} missing"
        text = text.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    with pytest.raises(QuestionSetError) as info:
        load_question_set(path)
    problems = info.value.problems
    matching = [p for p in problems if fragment.lower() in p.message.lower()]
    assert matching, f"no problem mentions {fragment!r}: {[str(p) for p in problems]}"
    p = matching[0]
    assert p.file == str(path)
    assert p.where == where, str(p)
    expected_line = line_of(text, marker)
    assert p.line == expected_line, f"{p} (expected line {expected_line})"
    assert str(p).startswith(f"{path}:{expected_line}: {where}: ")


def test_cycle_is_reported_with_its_path(tmp_path: Path) -> None:
    text = BASE.replace("        scale: fpn\n        measures: [added_value]\n",
                        "        scale: fpn\n        measures: [added_value]\n        applies_if: \"Q-02 == 'yes'\"\n")
    text = text.replace("casework_type == 'CC'", "Q-01 == 'fully'")
    path = tmp_path / "cycle.yaml"
    path.write_text(text)
    with pytest.raises(QuestionSetError) as info:
        load_question_set(path)
    messages = [str(p) for p in info.value.problems]
    assert any("rules form a cycle" in m and "Q-01" in m and "Q-02" in m for m in messages), messages


def test_not_utf8_and_not_a_mapping(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(BASE.encode() + "\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(QuestionSetError, match="not UTF-8"):
        load_question_set(bad)
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n")
    with pytest.raises(QuestionSetError, match="must be a YAML mapping"):
        load_question_set(listy)


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="cannot read file"):
        load_question_set(tmp_path / "nope.yaml")


def test_pinned_bytes_must_match_hash(tmp_path: Path) -> None:
    raw = BASE.encode()
    qs = load_question_set_bytes(raw, "stored")
    assert load_question_set_bytes(raw, "stored", expect_hash=qs.content_hash) == qs
    with pytest.raises(QuestionSetError, match="does not match its recorded sha256"):
        load_question_set_bytes(raw + b"\n# edited\n", "stored", expect_hash=qs.content_hash)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = BASE.replace("scale: yn", "scale: nope").replace("scale: notes", "scale: nada")
    path = tmp_path / "two.yaml"
    path.write_text(text)
    with pytest.raises(QuestionSetError) as info:
        load_question_set(path)
    assert {p.where for p in info.value.problems} >= {"Q-02", "Q-03"}
