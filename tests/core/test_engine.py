"""The form engine: applicability of every kind, hidden and restored answers, validation, navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereader.core.answers import Answer, CaseState
from casereader.core.engine import CaseEngine, coerce_answer_value
from casereader.core.loader import load_question_set_bytes
from casereader.core.questionset import QuestionSet

SET = """\
id: engine-test
version: "1"
title: Engine test set
programme: Test
header:
  - {id: casework_type, label: Casework type, type: choice, options: [{value: MC, label: MC}, {value: CC, label: CC},
     {value: RASSO, label: RASSO}]}
  - {id: charging_route, label: Charged by, type: choice, options: [{value: police, label: Police},
     {value: cpsd, label: CPS Direct}, {value: area, label: Area}]}
  - {id: domestic_abuse, label: Domestic abuse, type: flag, required: false}
  - {id: defendants, label: Defendants, type: number, required: false}
  - {id: charged_on, label: Date of charge, type: date, required: false}
scales:
  - id: fpn
    label: FPN
    kind: single
    options:
      - {value: fully, label: Fully meeting, key: "1", points: 2}
      - {value: partially, label: Partially meeting, key: "2", points: 1}
      - {value: not, label: Not meeting, key: "3", points: 0}
  - id: yn
    label: Yes/no
    kind: single
    options: [{value: "yes", label: "Yes", key: y, points: 2}, {value: "no", label: "No", key: n, points: 0}]
  - {id: failings, label: Failings, kind: multiple, options: [{value: schedules, label: No schedules},
     {value: descriptions, label: Poor descriptions}, {value: other, label: Other}]}
  - {id: days, label: Days, kind: number, minimum: 0, maximum: 365}
  - {id: when, label: Date, kind: date}
  - {id: notes, label: Notes, kind: text}
themes: [{id: T1, title: Pre-charge}, {id: T3, title: PTPH}, {id: T5, title: Victims}]
measures: [{id: added_value, title: Added value}, {id: grip, title: Grip}]
sections:
  - id: pre
    title: Pre-charge
    theme: T1
    applies_if: "charging_route in ['cpsd', 'area']"
    questions:
      - {id: PC-01, text: Code compliant?, scale: yn, measures: [added_value]}
      - {id: PC-03, text: Timely?, scale: fpn, measures: [grip], na: {allowed: true, reasons: [No deadline]},
         comment_required_for: [partially, not]}
  - id: ptph
    title: PTPH
    theme: T3
    questions:
      - {id: PT-01, text: Post-sending review in time?, scale: fpn, measures: [grip],
         applies_if: "casework_type != 'MC'"}
  - id: victims
    title: Victims
    theme: T5
    questions:
      - {id: VW-06, text: Letter sent?, scale: yn, measures: [grip]}
      - {id: VW-07, text: Letter timely?, scale: fpn, measures: [grip], applies_if: "VW-06 == 'yes'"}
      - {id: VW-08, text: Letter quality?, scale: fpn, measures: [added_value], applies_if: "answered(VW-07)"}
      - {id: DA-01, text: Risk assessed?, scale: yn, applies_if: domestic_abuse}
      - {id: MD-01, text: Severance considered?, scale: yn, applies_if: "defendants >= 2", required: false}
      - {id: OLD-01, text: Legacy check, scale: yn, applies_if: "charged_on < d'2020-01-01'", required: false}
      - {id: DI-F, text: Police failings, scale: failings, required: false}
      - {id: DI-G, text: Schedules chased?, scale: yn, applies_if: "DI-F has 'schedules'", required: false}
      - {id: DAYS, text: Days to first hearing, scale: days, required: false, valid_if: "DAYS <= 200",
         valid_message: "more than 200 days: check the dates"}
      - {id: WHEN, text: Date of letter, scale: when, required: false}
      - {id: NOTE, text: Notes, scale: notes, required: false}
"""


@pytest.fixture(scope="module")
def qs() -> QuestionSet:
    return load_question_set_bytes(SET.encode(), "engine-test.yaml")


def engine(qs: QuestionSet, header: dict[str, object] | None = None, **answers: Answer) -> CaseEngine:
    return CaseEngine(qs, CaseState(dict(header or {}), {k.replace("_", "-"): v for k, v in answers.items()}))


MC_POLICE = {"casework_type": "MC", "charging_route": "police"}


def messages(e: CaseEngine, qid: str, answer: Answer) -> list[str]:
    """The English text of the engine's issues for ``answer`` (what the command line shows)."""
    return [i.message for i in e.answer_issues(qid, answer)]


def test_section_rule_on_header_choice(qs: QuestionSet) -> None:
    assert not engine(qs, MC_POLICE).is_applicable("PC-01")
    assert engine(qs, {**MC_POLICE, "charging_route": "area"}).is_applicable("PC-01")


def test_question_rule_on_header_choice(qs: QuestionSet) -> None:
    assert not engine(qs, MC_POLICE).is_applicable("PT-01")
    assert engine(qs, {**MC_POLICE, "casework_type": "RASSO"}).is_applicable("PT-01")


def test_rule_on_flag_number_and_date(qs: QuestionSet) -> None:
    e = engine(qs, {**MC_POLICE, "domestic_abuse": True, "defendants": 3.0, "charged_on": "2019-05-01"})
    assert {"DA-01", "MD-01", "OLD-01"} <= set(e.applicable)
    e2 = engine(qs, {**MC_POLICE, "domestic_abuse": False, "defendants": 1.0, "charged_on": "2021-05-01"})
    assert not {"DA-01", "MD-01", "OLD-01"} & set(e2.applicable)


def test_unset_flag_is_no(qs: QuestionSet) -> None:
    rule_qs = qs.model_copy()
    e = engine(rule_qs, MC_POLICE)
    assert not e.is_applicable("DA-01")
    assert e._lookup("domestic_abuse") is False


def test_unknown_header_hides_dependent_questions(qs: QuestionSet) -> None:
    e = engine(qs, {})
    assert not e.is_applicable("PC-01") and not e.is_applicable("PT-01")
    assert e.is_applicable("VW-06")


def test_rule_on_earlier_answer_and_chain(qs: QuestionSet) -> None:
    e = engine(qs, MC_POLICE)
    assert not e.is_applicable("VW-07") and not e.is_applicable("VW-08")
    e, change = e.with_answer("VW-06", Answer("yes"))
    assert change.hidden == () and e.is_applicable("VW-07")
    assert not e.is_applicable("VW-08")
    e, _ = e.with_answer("VW-07", Answer("fully"))
    assert e.is_applicable("VW-08")


def test_multiple_choice_has(qs: QuestionSet) -> None:
    e, _ = engine(qs, MC_POLICE).with_answer("DI-F", Answer(("descriptions",)))
    assert not e.is_applicable("DI-G")
    e, _ = e.with_answer("DI-F", Answer(("schedules", "other")))
    assert e.is_applicable("DI-G")


def test_hidden_answers_are_kept_excluded_and_restored(qs: QuestionSet) -> None:
    e = engine(qs, MC_POLICE, VW_06=Answer("yes"), VW_07=Answer("not", comment="late"), VW_08=Answer("fully"))
    assert e.scores.by_measure["grip"].max_points == 4
    e2, change = e.with_answer("VW-06", Answer("no"))
    assert change.hidden == ("VW-07", "VW-08")
    assert set(e2.excluded) == {"VW-07", "VW-08"}
    assert e2.state.answers["VW-07"].comment == "late"  # kept
    assert e2.scores.by_measure["grip"].max_points == 2  # but excluded from scores
    assert e2.scores.by_measure["added_value"].max_points == 0
    e3, change = e2.with_answer("VW-06", Answer("yes"))
    assert change.restored == ("VW-07", "VW-08")
    assert e3.excluded == {}
    assert e3.scores == e.scores


def test_header_change_hides_and_restores(qs: QuestionSet) -> None:
    e = engine(qs, {"casework_type": "CC", "charging_route": "area"}, PT_01=Answer("fully"), PC_01=Answer("yes"))
    e2, change = e.with_header("casework_type", "MC")
    assert change.hidden == ("PT-01",)
    _e3, change = e2.with_header("casework_type", "RASSO")
    assert change.restored == ("PT-01",)


def test_validation_messages(qs: QuestionSet) -> None:
    e = engine(qs, {**MC_POLICE, "charging_route": "area"})
    assert messages(e, "PC-01", Answer("maybe")) == ["'maybe' is not on the scale (yes, no)"]
    assert messages(e, "PC-01", Answer(na=True)) == ["this question cannot be marked not applicable"]
    assert messages(e, "PC-03", Answer(na=True, na_reason="No deadline")) == []
    assert "not one of the N/A reasons" in messages(e, "PC-03", Answer(na=True, na_reason="Bored"))[0]
    assert "comment (the evidence for the mark) is required for 'Partially meeting'" in \
        messages(e, "PC-03", Answer("partially"))[0]
    assert messages(e, "PC-03", Answer("partially", comment="MG3 a week late")) == []
    assert messages(e, "DAYS", Answer(400.0)) == ["must be between 0 and 365"]
    assert messages(e, "DAYS", Answer(250.0)) == ["more than 200 days: check the dates"]
    assert messages(e, "DAYS", Answer(20.0)) == []
    assert messages(e, "WHEN", Answer("2024-13-01")) == ["'2024-13-01' is not a date (YYYY-MM-DD)"]
    assert messages(e, "DI-F", Answer(("schedules", "nope")))[0].startswith("'nope' is not on the scale")


def test_drafts_issues_and_completion(qs: QuestionSet) -> None:
    e = engine(qs, MC_POLICE)
    assert not e.is_complete
    assert e.missing_required == ("VW-06",)
    e, _ = e.with_answer("VW-06", Answer("no"))
    assert e.is_complete
    e, _ = e.with_header("casework_type", None)
    assert [i.target for i in e.issues] == ["casework_type"]
    e = engine(qs, {**MC_POLICE, "charging_route": "area"}, PC_01=Answer("yes"), PC_03=Answer("not"),
               VW_06=Answer("no"))
    assert [i.target for i in e.issues] == ["PC-03"]  # comment missing
    assert e.first_incomplete() == "PC-03"


def test_navigation_skips_inapplicable_and_answered(qs: QuestionSet) -> None:
    e = engine(qs, MC_POLICE, VW_06=Answer("yes"))
    assert e.next_question(None) == "VW-06"
    assert e.next_question(None, unanswered=True) == "VW-07"
    assert e.next_question("VW-07") == "DI-F"
    assert e.previous_question("DI-F") == "VW-07"
    assert e.previous_question("VW-06") is None
    assert e.next_question("NOTE") is None
    assert e.progress == (1, 6)


def test_scores_per_measure_and_theme(qs: QuestionSet) -> None:
    e = engine(qs, {"casework_type": "CC", "charging_route": "area"}, PC_01=Answer("yes"),
               PC_03=Answer("partially", comment="c"), PT_01=Answer(na=True), VW_06=Answer("no"))
    grip = e.scores.by_measure["grip"]
    assert (grip.points, grip.max_points, grip.answers) == (1, 4, 2)
    assert e.scores.by_theme["T1"].percent == pytest.approx(75.0)
    assert "T3" not in e.scores.by_theme  # PT-01 N/A


def test_coerce_answer_value(qs: QuestionSet) -> None:
    assert coerce_answer_value(qs, "PC-03", "Fully meeting") == "fully"
    assert coerce_answer_value(qs, "DAYS", " 12 ") == 12.0
    assert coerce_answer_value(qs, "DI-F", "schedules|other") == ("schedules", "other")
    with pytest.raises(ValueError, match="not a number"):
        coerce_answer_value(qs, "DAYS", "twelve")


def test_worked_example_file_loads(worked_example_path: Path) -> None:
    qs = load_question_set_bytes(worked_example_path.read_bytes(), "w")
    assert qs.key == "worked-example@1"
