"""Checking a decrypted marks payload against its question set (the importer calls this).

The payload schema (:class:`casereader.bundles.models.PayloadDoc`) only checks shapes; this checks
meaning, with the same engine the inspector's form uses: header fields known and of the right type,
answers to known questions, values on the scale, N/A only where allowed, and a case marked complete
really complete (applicability and required questions).

Fast but exact: a :class:`PayloadChecker` compiles the set once and remembers what the engine said for
inputs that decide it completely — which questions apply, for each combination of the values the
applicability rules read; an answer's problems, for each (question, value, N/A, reason, comment given)
of a question without a ``valid_if`` rule; a header value's problems. Everything else (``valid_if``
rules, the first problem of an incomplete case) is asked of a :class:`CaseEngine` for that case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casereader.core.answers import Answer, CaseState, decode_value
from casereader.core.compiled import typed_key
from casereader.core.engine import CaseEngine, compiled
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind

MAX_PROBLEMS = 200


def doc_answer(a: Mapping[str, Any]) -> Answer:
    """The core :class:`Answer` of an answer as a payload JSON object (absent fields take their defaults)."""
    return Answer(value=decode_value(a.get("value")), na=a.get("na", False),
                  na_reason=a.get("na_reason", ""), comment=a.get("comment", ""))


def doc_state(case: Mapping[str, Any]) -> CaseState:
    """The core :class:`CaseState` of a case as a payload JSON object."""
    return CaseState(dict(case.get("header", {})), {q: doc_answer(a) for q, a in case.get("answers", {}).items()})


class PayloadChecker:
    """Checks cases (payload JSON objects) against one question set; reuse it for every case of a bundle."""

    def __init__(self, qs: QuestionSet) -> None:
        self.qs = qs
        self.compiled = compiled(qs)
        self._valid_if = frozenset(self.compiled.valid)
        self._required_header = tuple(f.id for f in qs.header if f.required and f.type != FieldType.FLAG)
        self._required = tuple(q.id for q in qs.questions if q.required)
        self._answer_problems: dict[tuple[Any, ...], list[str]] = {}
        self._header_problems: dict[tuple[Any, ...], list[str]] = {}
        self._blank = CaseEngine(qs, CaseState())
        # single-choice questions without a valid_if rule: an answer that is not N/A, is on the scale and has
        # its evidence comment where one is required has no problem (the engine's first checks, as sets)
        self._choices = {q.id: (frozenset(qs.scale_of(q.id).values), frozenset(q.comment_required_for))
                         for q in qs.questions
                         if q.id not in self._valid_if and qs.scale_of(q.id).kind == ScaleKind.SINGLE}

    def applicable(self, case: Mapping[str, Any], engine: CaseEngine | None = None) -> frozenset[str]:
        """The questions that apply to the case, as the engine computes them (memoised by the compiled set)."""
        key = self.compiled.state_key(case.get("header", {}), case.get("answers", {}))
        return self.compiled.applicable(key, lambda: (engine or CaseEngine(self.qs, doc_state(case))).applicable_set)

    def _header_messages(self, field_id: str, value: Any) -> list[str]:
        key = (field_id, typed_key(value))
        found = self._header_problems.get(key)
        if found is None:
            found = self._header_problems[key] = [i.message for i in self._blank.header_issues(field_id, value)]
        return found

    def problems(self, case: Mapping[str, Any]) -> list[str]:
        """Every problem of one case, each starting "case REF (id): "."""
        qs = self.qs
        where = f"case {case['reference']} ({case['id']})"
        header, answers = case.get("header", {}), case.get("answers", {})
        problems = [f"{where}: header field '{f}' is not in the question set" for f in header
                    if f not in qs.header_index]
        problems.extend(f"{where}: question '{qid}' is not in the question set" for qid in answers
                        if qid not in qs.question_index)
        if problems:
            return problems
        for field_id, value in header.items():
            problems.extend(f"{where}: header field '{field_id}': {m}" for m in self._header_messages(field_id, value))
        engine: CaseEngine | None = None
        applicable = self.applicable(case)
        choices = self._choices
        for qid, a in answers.items():
            plain = choices.get(qid)
            if plain is not None:
                value = a.get("value")
                if (type(value) is str and value in plain[0] and not a.get("na", False)
                        and (value not in plain[1] or a.get("comment", "").strip())):
                    continue
            if qid in self._valid_if:  # the rule reads other answers: ask the engine, as the form does
                answer = doc_answer(a)
                if qid in applicable:
                    engine = engine or CaseEngine(qs, doc_state(case))
                    issues = engine.answer_issues(qid, answer)
                else:  # a kept answer to a question that no longer applies: check the value on its own
                    issues = CaseEngine(qs, CaseState(dict(header), {qid: answer})).answer_issues(qid, answer)
                messages = [i.message for i in issues]
            else:
                value = a.get("value")
                key = (qid, typed_key(value), a.get("na", False), a.get("na_reason", ""),
                       bool(a.get("comment", "").strip()))
                found = self._answer_problems.get(key)
                if found is None:
                    issues = self._blank.answer_issues(qid, doc_answer(a))
                    found = self._answer_problems[key] = [i.message for i in issues]
                messages = found
            problems.extend(f"{where}: question '{qid}': {m}" for m in messages)
        status = case.get("status", "not_started")
        if status in ("complete", "locked") and not problems and not self._complete(header, answers, applicable):
            first = CaseEngine(qs, doc_state(case)).issues[0]
            problems.append(f"{where}: marked {status} but not complete ({first.target}: {first.message})")
        return problems

    def _complete(self, header: Mapping[str, Any], answers: Mapping[str, Any], applicable: frozenset[str]) -> bool:
        """Whether the engine would find no issue, given that no header value or answer has a problem."""
        if any(header.get(f) is None or header.get(f) == "" for f in self._required_header):
            return False
        for qid in self._required:
            if qid in applicable:
                a = answers.get(qid)
                if a is None or not (a.get("na", False) or a.get("value") not in (None, "", [])):
                    return False
        return True


def _form_problem(info: Mapping[str, Any], qs: QuestionSet) -> list[str]:
    if (info["form_id"], info["form_version"]) != (qs.id, qs.version) or info["form_hash"] != qs.content_hash:
        return [f"the bundle was made for question set {info['form_id']}@{info['form_version']} "
                f"(sha256 {info['form_hash'][:12]}…), not {qs.key} (sha256 {qs.content_hash[:12]}…)"]
    return []


def _capped(problems: list[str]) -> list[str]:
    if len(problems) > MAX_PROBLEMS:
        return [*problems[:MAX_PROBLEMS], f"… and {len(problems) - MAX_PROBLEMS} more problems"]
    return problems


def validate_doc(doc: Mapping[str, Any], qs: QuestionSet, checker: PayloadChecker | None = None) -> list[str]:
    """Every problem of a validated payload (``open_marks_doc``'s) against the question set ``qs`` (empty when
    it can be imported). The first :data:`MAX_PROBLEMS` problems are listed, then a count of the rest."""
    wrong = _form_problem(doc["inspection"], qs)
    if wrong:
        return wrong
    checker = checker or PayloadChecker(qs)
    problems: list[str] = []
    for case in doc["cases"]:
        problems.extend(checker.problems(case))
    return _capped(problems)
