"""The plain-JSON fast path (PAYLOAD_DOC, write_marks_doc, open_marks_doc, PayloadChecker) against the models
and the per-case engine it replaces: the same inputs accepted, the same messages, the same bytes."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from bundle_factory import make_payload
from pydantic import ValidationError

from casereader.bundles import BundleError, MarksPayload, documents, open_marks_bundle, verify_bundle
from casereader.bundles.marks import open_marks_doc, validate_payload_doc, write_marks_bundle, write_marks_doc
from casereader.bundles.models import PAYLOAD_DOC
from casereader.bundles.validation import PayloadChecker, doc_state, validate_doc
from casereader.core.answers import CaseState
from casereader.core.engine import CaseEngine
from casereader.core.questionset import QuestionSet

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = doc
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return change


def _drop(path: str) -> Edit:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = doc
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        del node[last]
    return change


REVIEW = {"id": "6f1c7a52-1f4e-4c51-8d42-5e7a9d1b2c30", "inspection_id": "insp-1",
          "case_id": "00000000-0000-0000-0000-000000000001", "kind": "answered", "at": "2026-12-05T10:00:00.000000Z",
          "actor": "ann", "origin": "0123456789abcdef0123456789abcdef",
          "query_id": "6f1c7a52-1f4e-4c51-8d42-5e7a9d1b2c31", "question_id": "PC-03", "text": "changed"}

EDITS: dict[str, Edit] = {
    "valid as made": lambda d: None,
    "defaults left out": lambda d: [c.pop(k) for c in d["cases"] for k in ("role", "reserve", "withdrawn_reason")],
    "extra field on a case": _set("cases.0.mood", "x"),
    "extra field on an answer": _set("cases.0.answers.DI-02.score", 1),
    "extra field on the payload": _set("extra", 1),
    "string for a bool": _set("cases.0.answers.DI-02.na", "false"),
    "int for a bool": _set("cases.0.reserve", 0),
    "string for seq": _set("cases.0.audit.0.seq", "1"),
    "float for seq": _set("cases.0.audit.0.seq", 1.0),
    "bool for seq": _set("cases.0.audit.0.seq", True),
    "negative seq": _set("cases.0.audit.0.seq", -1),
    "int answer value": _set("cases.0.answers.DI-02.value", 3),
    "dict answer value": _set("cases.0.answers.DI-02.value", {"a": 1}),
    "bad case id": _set("cases.0.id", "not-a-uuid"),
    "bad question id": lambda d: d["cases"][0]["answers"].update({"../x": {"value": "fully"}}),
    "bad stamp": _set("cases.0.updated_at", "yesterday"),
    "long comment": _set("cases.0.answers.DI-02.comment", "x" * 20_001),
    "long reference": _set("cases.0.reference", "x" * 1_001),
    "unknown status": _set("cases.0.status", "done"),
    "unknown role": _set("cases.0.role", "third"),
    "unknown round": _set("inspection.round", "final"),
    "missing reference": _drop("cases.0.reference"),
    "missing inspection": _drop("inspection"),
    "cases not a list": _set("cases", {}),
    "event of another case": _set("cases.0.audit.0.case_id", "00000000-0000-0000-0000-000000000002"),
    "case twice": lambda d: d["cases"].append(copy.deepcopy(d["cases"][0])),
    "seq twice": _set("cases.1.audit.0.seq", 1),
    "list header value": _set("cases.0.header.casework_type", ["MC"]),
    "too many choices": _set("cases.0.answers.DI-02.value", ["a"] * 10_000),
    # the review loop's answers to queries (optional; see docs/sync.md)
    "an answer to a query": lambda d: d.update(reviews=[dict(REVIEW)]),
    "an answer with its changed mark": lambda d: d.update(reviews=[{**REVIEW, "mark": "not"}]),
    "no answers, as an empty list": lambda d: d.update(reviews=[]),
    "answer of an unknown kind": lambda d: d.update(reviews=[{**REVIEW, "kind": "approved"}]),
    "answer with an extra field": lambda d: d.update(reviews=[{**REVIEW, "mood": "x"}]),
    "answer from no device": lambda d: d.update(reviews=[{**REVIEW, "origin": "laptop"}]),
    "answer without its actor": lambda d: d.update(reviews=[{k: v for k, v in REVIEW.items() if k != "actor"}]),
    "answer by nobody": lambda d: d.update(reviews=[{**REVIEW, "actor": ""}]),
    "answer with a bad time": lambda d: d.update(reviews=[{**REVIEW, "at": "yesterday"}]),
    "answers not a list": lambda d: d.update(reviews={}),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_plain_validation_accepts_and_words_exactly_as_the_model(qs: QuestionSet, name: str) -> None:
    doc = make_payload(qs).model_dump(mode="json")
    EDITS[name](doc)
    try:
        expected: Any = MarksPayload.model_validate(doc).model_dump(mode="json")
    except ValidationError as exc:
        expected = exc
    if isinstance(expected, ValidationError):
        with pytest.raises(ValidationError):
            PAYLOAD_DOC.validate_python(doc)
        with pytest.raises(BundleError) as err:
            validate_payload_doc(doc, "b: payload")
        assert err.value.message == f"b: payload: {documents.describe(expected)}"
        assert err.value.code == "schema"
    else:
        got = dict(PAYLOAD_DOC.validate_python(doc))
        filled = MarksPayload.model_validate(got).model_dump(mode="json")
        assert filled == expected
        if name == "valid as made":
            assert got == expected


def _reference_problems(doc: dict[str, Any], qs: QuestionSet) -> list[str]:
    """The per-case engine check the checker replaces (one CaseEngine per case and per kept answer)."""
    out: list[str] = []
    for case in doc["cases"]:
        where = f"case {case['reference']} ({case['id']})"
        state = doc_state(case)
        problems = [f"{where}: header field '{f}' is not in the question set" for f in state.header
                    if f not in qs.header_index]
        problems += [f"{where}: question '{q}' is not in the question set" for q in state.answers
                     if q not in qs.question_index]
        if problems:
            out += problems
            continue
        engine = CaseEngine(qs, state)
        for field_id, value in state.header.items():
            problems += [f"{where}: header field '{field_id}': {i.message}"
                         for i in engine.header_issues(field_id, value)]
        for qid, answer in state.answers.items():
            if engine.is_applicable(qid):
                messages = [i.message for i in engine.answer_issues(qid, answer)]
            else:
                messages = [i.message for i in
                            CaseEngine(qs, CaseState(dict(state.header), {qid: answer})).answer_issues(qid, answer)]
            problems += [f"{where}: question '{qid}': {m}" for m in messages]
        status = case.get("status", "not_started")
        if status in ("complete", "locked") and not problems and not engine.is_complete:
            first = engine.issues[0]
            problems.append(f"{where}: marked {status} but not complete ({first.target}: {first.message})")
        out += problems
    return out


def test_checker_gives_the_engines_answer_for_every_combination(qs: QuestionSet) -> None:
    """Headers x answers x statuses of the worked example (section and question rules, N/A reasons, comments
    required, kept answers to questions that no longer apply): the same problems, case by case."""
    base = make_payload(qs, cases=1).model_dump(mode="json")
    template = base["cases"][0]
    headers = [{}, {"charging_route": "area"}, {"charging_route": "police", "victim_letter_required": True},
               {"casework_type": "MC", "charging_route": "area", "victim_letter_required": True},
               {"casework_type": "Youth"}, {"victim_letter_required": "yes"}]
    answer_sets = [
        {},
        {"PC-03": {"value": "fully", "comment": "e"}, "PC-04": {"value": "not", "comment": ""}},
        {"DI-02": {"value": None, "na": True, "na_reason": "Guilty plea at first hearing"}},
        {"DI-02": {"value": None, "na": True, "na_reason": "Because"}, "VW-06": {"value": "yes"}},
        {"VW-06": {"value": "yes"}, "VW-07": {"value": "partially", "comment": "  "}},
        {"VW-06": {"value": "no"}, "VW-07": {"value": "fully", "comment": "kept"}},
        {"VW-01": {"value": "excellent"}, "DI-02": {"value": "fully", "na": True}},
        {q.id: {"value": "yes" if q.scale == "yn" else "fully", "comment": "evidence"} for q in qs.questions},
    ]
    cases = []
    for n, (header, answers, status) in enumerate(itertools.product(headers, answer_sets,
                                                                    ["in_progress", "complete", "locked"])):
        case = copy.deepcopy(template)
        case.update(id=f"00000000-0000-0000-0000-{n:012d}", reference=f"R{n}", header=header, status=status,
                    answers=copy.deepcopy(answers), audit=[])
        cases.append(case)
    doc = {**base, "cases": cases, "audit": []}
    expected = _reference_problems(doc, qs)
    checker = PayloadChecker(qs)
    got = [m for case in cases for m in checker.problems(case)]
    assert got == expected
    assert any("not complete" in m for m in got) and any("N/A reasons" in m for m in got)
    assert validate_doc(doc, qs) == (expected if len(expected) <= 200 else
                                     [*expected[:200], f"… and {len(expected) - 200} more problems"])
    for case in cases:  # applicability, as the importer stores it
        assert checker.applicable(case) == frozenset(CaseEngine(qs, doc_state(case)).applicable)


def test_writing_from_plain_json_gives_the_models_bundle(qs: QuestionSet, device, central) -> None:
    payload = make_payload(qs, cases=3)
    fixed = {"bundle_id": "6f1c7a52-1f4e-4c51-8d42-5e7a9d1b2c3d", "created_at": "2026-03-01T10:00:00Z"}
    by_model = verify_bundle(write_marks_bundle(payload, device, central.public_keys, **fixed))
    data = write_marks_doc(payload.model_dump(mode="json"), device, central.public_keys, **fixed)
    by_doc = verify_bundle(data)
    assert by_doc.model_dump(exclude={"payload"}) == by_model.model_dump(exclude={"payload"})
    assert (by_doc.payload.sha256, by_doc.payload.size) == (by_model.payload.sha256, by_model.payload.size)
    _, doc = open_marks_doc(data, central, device_public_key=device.public_bytes())
    assert MarksPayload.model_validate(doc) == payload == open_marks_bundle(
        data, central, device_public_key=device.public_bytes())[1]
    bad = payload.model_dump(mode="json")
    bad["cases"][0]["answers"]["DI-02"]["comment"] = "x" * 20_001
    with pytest.raises(BundleError, match=r"payload: field 'cases\.0\.answers\.DI-02\.comment'"):
        write_marks_doc(bad, device, central.public_keys)


def test_event_bytes_cut_from_cases_survive_json_lookalikes_in_strings(qs: QuestionSet, device, central) -> None:
    """Audit values that look like the separators the encoder cuts on change nothing: the chain head is
    the one computed from the events themselves, and the bundle opens."""
    from casereader.bundles import chain_head

    doc = make_payload(qs, cases=2).model_dump(mode="json")
    doc["cases"][0]["audit"][0]["reason"] = 'x},{"actor":"y"}],"z \\ " ]'
    doc["cases"][0]["audit"][1]["new"] = '}],"audit":[{"actor":'
    doc["cases"][1]["audit"][0]["old"] = "},{"
    doc["audit"] = [{"seq": 99, "at": "2026-03-01T10:00:00Z", "actor": "lead", "case_id": None,
                     "kind": "inspection", "key": "", "old": None, "new": '{"a":[1]}', "reason": "},{"}]
    data = write_marks_doc(doc, device, central.public_keys)
    manifest, opened = open_marks_doc(data, central, device_public_key=device.public_bytes())
    events = sorted([*doc["audit"], *(e for c in doc["cases"] for e in c["audit"])], key=lambda e: e["seq"])
    assert manifest.audit_chain.head == chain_head(events)
    assert opened["cases"][0]["audit"][0]["reason"] == 'x},{"actor":"y"}],"z \\ " ]'


def test_answers_to_queries_travel_in_both_paths(qs: QuestionSet, device, central) -> None:
    """A payload with ``reviews`` writes the same bytes from the model and from plain JSON and opens to itself; one
    without them has no ``reviews`` key at all (older readers' bytes)."""
    payload = make_payload(qs, cases=2)
    assert "reviews" not in payload.model_dump(mode="json")
    doc = payload.model_dump(mode="json")
    doc["reviews"] = [{**REVIEW, "inspection_id": doc["inspection"]["id"], "case_id": doc["cases"][0]["id"]}]
    with_answers = MarksPayload.model_validate(doc)
    fixed = {"bundle_id": "6f1c7a52-1f4e-4c51-8d42-5e7a9d1b2c3d", "created_at": "2026-03-01T10:00:00Z"}
    by_model = write_marks_bundle(with_answers, device, central.public_keys, **fixed)
    by_doc = write_marks_doc(with_answers.model_dump(mode="json"), device, central.public_keys, **fixed)
    assert verify_bundle(by_model).payload.sha256 == verify_bundle(by_doc).payload.sha256
    _, opened = open_marks_doc(by_doc, central, device_public_key=device.public_bytes())
    assert opened["reviews"][0]["text"] == "changed"
    assert open_marks_bundle(by_model, central, device_public_key=device.public_bytes())[1] == with_answers
