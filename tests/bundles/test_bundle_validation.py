"""validate_doc: the importer's check of a payload's values against its question set."""

from __future__ import annotations

import copy

from bundle_factory import make_payload

from casereader.bundles import PayloadDoc, doc_state, validate_doc, validate_payload_doc
from casereader.core.engine import CaseEngine


def _edit(payload: PayloadDoc, change) -> PayloadDoc:
    data = copy.deepcopy(payload)
    change(data)
    return validate_payload_doc(data, "edited payload")


def test_valid_payload_has_no_problems(qs) -> None:
    assert validate_doc(make_payload(qs, cases=3), qs) == []


def test_value_off_the_scale_and_bad_na(qs) -> None:
    p = _edit(make_payload(qs), lambda d: d["cases"][0]["answers"]["DI-02"].update(value="excellent"))
    problems = validate_doc(p, qs)
    assert len(problems) == 1
    assert "case 52AA0000000" in problems[0] and "question 'DI-02'" in problems[0] and "'excellent'" in problems[0]
    p = _edit(make_payload(qs), lambda d: d["cases"][0]["answers"].update(
        {"DI-02": {"value": None, "na": True, "na_reason": "Because"}}))
    assert any("'Because' is not one of the N/A reasons" in m for m in validate_doc(p, qs))


def test_unknown_question_and_header_field(qs) -> None:
    p = _edit(make_payload(qs), lambda d: (d["cases"][0]["answers"].update({"ZZ-99": {"value": "fully"}}),
                                           d["cases"][1]["header"].update({"mood": "x"})))
    problems = validate_doc(p, qs)
    assert any("question 'ZZ-99' is not in the question set" in m for m in problems)
    assert any("header field 'mood' is not in the question set" in m for m in problems)


def test_header_value_checked(qs) -> None:
    p = _edit(make_payload(qs), lambda d: d["cases"][0]["header"].update(casework_type="Youth"))
    assert any("header field 'casework_type'" in m and "'Youth' is not one of" in m for m in validate_doc(p, qs))


def test_complete_status_needs_a_complete_case(qs) -> None:
    complete = _edit(make_payload(qs), lambda d: d["cases"][0].update(status="complete"))
    assert validate_doc(complete, qs) == []
    # With a victim letter required, VW-06 applies and is unanswered: the case is not complete.
    p = _edit(complete, lambda d: d["cases"][0]["header"].update(victim_letter_required=True))
    assert not CaseEngine(qs, doc_state(p["cases"][0])).is_complete
    assert validate_doc(p, qs) == [
        "case 52AA0000000 (00000000-0000-0000-0000-000000000001): marked complete but not complete "
        "(VW-06: required and not answered)"]


def test_kept_answer_to_a_question_that_no_longer_applies(qs) -> None:
    # PC-03 applies only when the charging route is 'area'; the example cases are police-charged.
    p = _edit(make_payload(qs), lambda d: d["cases"][0]["answers"].update({"PC-03": {"value": "fully"}}))
    assert validate_doc(p, qs) == []
    p = _edit(make_payload(qs), lambda d: d["cases"][0]["answers"].update({"PC-03": {"value": "bogus"}}))
    assert any("question 'PC-03'" in m for m in validate_doc(p, qs))


def test_other_question_set_hash(qs) -> None:
    p = _edit(make_payload(qs), lambda d: d["inspection"].update(form_hash="0" * 64))
    problems = validate_doc(p, qs)
    assert len(problems) == 1 and "the bundle was made for question set worked-example@1" in problems[0]
