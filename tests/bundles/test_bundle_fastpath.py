"""The marks payload's one schema (PayloadDoc, validated by PAYLOAD_DOC), write_marks_doc, open_marks_doc and the
PayloadChecker against the per-case engine it replaces: what is accepted, each refusal's message naming its
field (the wording the bundles have always given), and the bytes bundles have always had."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from bundle_factory import make_payload
from pydantic import ValidationError

from casereader.bundles import (
    BundleError,
    canonical,
    open_marks_doc,
    validate_payload_doc,
    verify_bundle,
    write_marks_doc,
)
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

_SEQ_INT = "field 'cases.0.audit.0.seq': Input should be a valid integer"
_VALUE_KINDS = "Input should be a valid string, a valid number or a valid list"

# name → (edit, None when the payload is accepted, else the whole message after "where: ")
EDITS: dict[str, tuple[Edit, str | None]] = {
    "valid as made": (lambda d: None, None),
    "defaults left out": (lambda d: [c.pop(k) for c in d["cases"] for k in ("role", "reserve", "withdrawn_reason")],
                          None),
    "extra field on a case": (_set("cases.0.mood", "x"), "field 'cases.0.mood': is not a known field"),
    "extra field on an answer": (_set("cases.0.answers.DI-02.score", 1),
                                 "field 'cases.0.answers.DI-02.score': is not a known field"),
    "extra field on the payload": (_set("extra", 1), "field 'extra': is not a known field"),
    "string for a bool": (_set("cases.0.answers.DI-02.na", "false"),
                          "field 'cases.0.answers.DI-02.na': Input should be a valid boolean"),
    "int for a bool": (_set("cases.0.reserve", 0), "field 'cases.0.reserve': Input should be a valid boolean"),
    "string for seq": (_set("cases.0.audit.0.seq", "1"), _SEQ_INT),
    "float for seq": (_set("cases.0.audit.0.seq", 1.0), _SEQ_INT),
    "bool for seq": (_set("cases.0.audit.0.seq", True), _SEQ_INT),
    "negative seq": (_set("cases.0.audit.0.seq", -1),
                     "field 'cases.0.audit.0.seq': Input should be greater than or equal to 0"),
    "int answer value": (_set("cases.0.answers.DI-02.value", 3), None),
    # a value failing every member of its union is one problem, named at the value (these used to read
    # "field '….value.constrained-str': Input should be a valid string (and 2 more problems)")
    "dict answer value": (_set("cases.0.answers.DI-02.value", {"a": 1}),
                          f"field 'cases.0.answers.DI-02.value': {_VALUE_KINDS}"),
    "infinite answer value": (_set("cases.0.answers.DI-02.value", float("inf")),
                              "field 'cases.0.answers.DI-02.value': Input should be a finite number"),
    "number among the choices": (_set("cases.0.answers.DI-02.value", ["a", 3]),
                                 "field 'cases.0.answers.DI-02.value.1': Input should be a valid string"),
    "long answer text": (_set("cases.0.answers.DI-02.value", "x" * 20_001),
                         "field 'cases.0.answers.DI-02.value': String should have at most 20000 characters"),
    "two bad values": (lambda d: d["cases"][0]["header"].update(casework_type=["MC"], charging_route={}),
                       "field 'cases.0.header.casework_type': Input should be a valid string, a valid boolean or "
                       "a valid number (and 3 more problems)"),
    "extra fields named like types": (lambda d: d["cases"][0]["answers"]["DI-02"].update(str=1, float=2),
                                      "field 'cases.0.answers.DI-02.str': is not a known field "
                                      "(and 1 more problem)"),
    "bad case id": (_set("cases.0.id", "not-a-uuid"), "field 'cases.0.id': String should match pattern "
                    "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'"),
    "bad question id": (lambda d: d["cases"][0]["answers"].update({"../x": {"value": "fully"}}),
                        "field 'cases.0.answers.../x.[key]': String should match pattern "
                        "'^[A-Za-z0-9][A-Za-z0-9_.:@-]*$'"),
    "bad stamp": (_set("cases.0.updated_at", "yesterday"),
                  "field 'cases.0.updated_at': String should match pattern "
                  "'^$|^\\d{4}-\\d\\d-\\d\\d[T ][0-9:.+\\-Z]*$'"),
    "long comment": (_set("cases.0.answers.DI-02.comment", "x" * 20_001),
                     "field 'cases.0.answers.DI-02.comment': String should have at most 20000 characters"),
    "long reference": (_set("cases.0.reference", "x" * 1_001),
                       "field 'cases.0.reference': String should have at most 1000 characters"),
    "unknown status": (_set("cases.0.status", "done"), "field 'cases.0.status': Input should be 'not_started', "
                       "'in_progress', 'complete' or 'locked'"),
    "unknown role": (_set("cases.0.role", "third"), "field 'cases.0.role': Input should be 'first' or 'second'"),
    "unknown round": (_set("inspection.round", "final"),
                      "field 'inspection.round': Input should be 'baseline' or 'follow-up'"),
    "missing reference": (_drop("cases.0.reference"), "field 'cases.0.reference': Field required"),
    "missing inspection": (_drop("inspection"), "field 'inspection': Field required"),
    "cases not a list": (_set("cases", {}), "field 'cases': Input should be a valid list"),
    "case not an object": (_set("cases.1", 5), "field 'cases.1': Input should be a valid dictionary"),
    "event of another case": (_set("cases.0.audit.0.case_id", "00000000-0000-0000-0000-000000000002"),
                              "field 'cases.0': Value error, audit event 1 belongs to case "
                              "00000000-0000-0000-0000-000000000002, not 00000000-0000-0000-0000-000000000001"),
    "case twice": (lambda d: d["cases"].append(copy.deepcopy(d["cases"][0])),
                   "field '(document)': Value error, case 00000000-0000-0000-0000-000000000001 appears more than once"),
    "seq twice": (_set("cases.1.audit.0.seq", 1),
                  "field '(document)': Value error, two audit events share a sequence number"),
    "list header value": (_set("cases.0.header.casework_type", ["MC"]),
                          "field 'cases.0.header.casework_type': Input should be a valid string, a valid boolean "
                          "or a valid number"),
    "too many choices": (_set("cases.0.answers.DI-02.value", ["a"] * 10_000),
                         "field 'cases.0.answers.DI-02.value': List should have at most 200 items after "
                         "validation, not 10000"),
    # the review loop's answers to queries (optional; see docs/sync.md)
    "an answer to a query": (lambda d: d.update(reviews=[dict(REVIEW)]), None),
    "an answer with its changed mark": (lambda d: d.update(reviews=[{**REVIEW, "mark": "not"}]), None),
    "no answers, as an empty list": (lambda d: d.update(reviews=[]), None),
    "answer of an unknown kind": (lambda d: d.update(reviews=[{**REVIEW, "kind": "approved"}]),
                                  "field 'reviews.0.kind': Input should be 'opened', 'answered', 'closed', "
                                  "'reopened', 'signed_off' or 'signoff_cleared'"),
    "answer with an extra field": (lambda d: d.update(reviews=[{**REVIEW, "mood": "x"}]),
                                   "field 'reviews.0.mood': is not a known field"),
    "answer from no device": (lambda d: d.update(reviews=[{**REVIEW, "origin": "laptop"}]),
                              "field 'reviews.0.origin': String should match pattern '^(centre|[0-9a-f]{32})$'"),
    "answer without its actor": (lambda d: d.update(reviews=[{k: v for k, v in REVIEW.items() if k != "actor"}]),
                                 "field 'reviews.0.actor': Field required"),
    "answer by nobody": (lambda d: d.update(reviews=[{**REVIEW, "actor": ""}]),
                         "field 'reviews.0.actor': String should have at least 1 character"),
    "answer with a bad time": (lambda d: d.update(reviews=[{**REVIEW, "at": "yesterday"}]),
                               "field 'reviews.0.at': String should match pattern "
                               "'^\\d{4}-\\d\\d-\\d\\dT[0-9:.+\\-Z]*$'"),
    "answers not a list": (lambda d: d.update(reviews={}), "field 'reviews': Input should be a valid list"),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_the_schema_accepts_or_names_the_field_and_its_problem(qs: QuestionSet, name: str) -> None:
    doc: dict[str, Any] = copy.deepcopy(dict(make_payload(qs)))
    edit, expected = EDITS[name]
    edit(doc)
    if expected is None:
        got = validate_payload_doc(doc, "b: payload")
        assert got == doc  # plain dicts and lists, nothing added: an absent optional field stays absent
        assert PAYLOAD_DOC.validate_python(doc) == doc
        return
    with pytest.raises(ValidationError):
        PAYLOAD_DOC.validate_python(doc)
    with pytest.raises(BundleError) as err:
        validate_payload_doc(doc, "b: payload")
    assert err.value.message == f"b: payload: {expected}"
    assert err.value.code == "schema" and err.value.problem == expected


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
    base = make_payload(qs, cases=1)
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


FIXED = {"bundle_id": "6f1c7a52-1f4e-4c51-8d42-5e7a9d1b2c3d", "created_at": "2026-03-01T10:00:00Z"}


def test_the_payload_bytes_are_those_bundles_have_always_had(qs: QuestionSet, device, central) -> None:
    """The plaintext digests of the same three cases when the payload was still also a pydantic model (which
    wrote every optional field): the wire format has not changed. Validated here or trusted, one bundle."""
    payload = make_payload(qs, cases=3)
    trusted = verify_bundle(write_marks_doc(payload, device, central.public_keys, validated=True, **FIXED))
    data = write_marks_doc(copy.deepcopy(payload), device, central.public_keys, **FIXED)
    checked = verify_bundle(data)
    assert checked.model_dump(exclude={"payload"}) == trusted.model_dump(exclude={"payload"})
    assert (checked.payload.sha256, checked.payload.size) == (trusted.payload.sha256, trusted.payload.size) == (
        "52cea4acee52cd223b5c6d3af662a2812e971f688d5418618948c7184c90d38b", 3137)
    assert checked.cases["00000000-0000-0000-0000-000000000001"] == \
        "8284b9fbed7efa13d01f771e920ec705f9702ff6b9aba6ff0477c58004c16df5"
    _, doc = open_marks_doc(data, central, device_public_key=device.public_bytes())
    assert doc == payload and canonical.dumps(doc) == canonical.dumps(payload)
    bad = copy.deepcopy(dict(payload))
    bad["cases"][0]["answers"]["DI-02"]["comment"] = "x" * 20_001
    with pytest.raises(BundleError, match=r"payload: field 'cases\.0\.answers\.DI-02\.comment'"):
        write_marks_doc(bad, device, central.public_keys)


def test_event_bytes_cut_from_cases_survive_json_lookalikes_in_strings(qs: QuestionSet, device, central) -> None:
    """Audit values that look like the separators the encoder cuts on change nothing: the chain head is
    the one computed from the events themselves, and the bundle opens."""
    from casereader.bundles import chain_head

    doc: dict[str, Any] = copy.deepcopy(dict(make_payload(qs, cases=2)))
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


def test_answers_to_queries_travel_and_are_absent_when_there_are_none(qs: QuestionSet, device, central) -> None:
    """A payload with ``reviews`` opens to itself, with the bytes it had when the model wrote it; one without them
    has no ``reviews`` key at all (older readers' bytes)."""
    payload = make_payload(qs, cases=2)
    _, opened = open_marks_doc(write_marks_doc(payload, device, central.public_keys), central,
                               device_public_key=device.public_bytes())
    assert "reviews" not in opened and b'"reviews"' not in canonical.dumps(opened)
    doc: dict[str, Any] = copy.deepcopy(dict(payload))
    doc["reviews"] = [{**REVIEW, "inspection_id": doc["inspection"]["id"], "case_id": doc["cases"][0]["id"],
                       "mark": None, "checksum": None}]  # every field written out, as the model wrote them
    data = write_marks_doc(doc, device, central.public_keys, **FIXED)
    assert (verify_bundle(data).payload.sha256, verify_bundle(data).payload.size) == (
        "1a37daa8973bf6d2bd4f8be5cf1447e369086e101ce85bb9732ee033d5737507", 2552)
    _, opened = open_marks_doc(data, central, device_public_key=device.public_bytes())
    assert opened["reviews"][0]["text"] == "changed"
    assert opened == doc
