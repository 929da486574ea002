"""Checking a decrypted marks payload against its question set (the importer calls this).

The models only check shapes; this checks meaning, with the same engine the inspector's form uses:
header fields known and of the right type, answers to known questions, values on the scale, N/A only
where allowed, and a case marked complete really complete (applicability and required questions).
"""

from __future__ import annotations

from casereader.bundles.models import AnswerRecord, CaseRecord, MarksPayload
from casereader.core.answers import Answer, CaseState
from casereader.core.engine import CaseEngine
from casereader.core.questionset import QuestionSet

MAX_PROBLEMS = 200


def to_answer(record: AnswerRecord) -> Answer:
    """The core :class:`Answer` of a bundle's answer record."""
    value = tuple(record.value) if isinstance(record.value, list) else record.value
    return Answer(value=value, na=record.na, na_reason=record.na_reason, comment=record.comment)


def case_state(case: CaseRecord) -> CaseState:
    """The core :class:`CaseState` of a bundle's case."""
    return CaseState(dict(case.header), {qid: to_answer(a) for qid, a in case.answers.items()})


def _case_problems(case: CaseRecord, qs: QuestionSet) -> list[str]:
    where = f"case {case.reference} ({case.id})"
    problems: list[str] = []
    for field_id in case.header:
        if field_id not in qs.header_index:
            problems.append(f"{where}: header field '{field_id}' is not in the question set")
    unknown = [qid for qid in case.answers if qid not in qs.question_index]
    problems.extend(f"{where}: question '{qid}' is not in the question set" for qid in unknown)
    if problems:
        return problems
    engine = CaseEngine(qs, case_state(case))
    for field_id, value in case.header.items():
        problems.extend(f"{where}: header field '{field_id}': {m}" for m in engine.validate_header(field_id, value))
    for qid, record in case.answers.items():
        answer = to_answer(record)
        if engine.is_applicable(qid):
            messages = engine.validate(qid, answer)
        else:  # a kept answer to a question that no longer applies: check the value on its own
            alone = CaseEngine(qs, CaseState(dict(case.header), {qid: answer}))
            messages = alone.validate(qid, answer)
        problems.extend(f"{where}: question '{qid}': {m}" for m in messages)
    if case.status in ("complete", "locked") and not problems and not engine.is_complete:
        first = engine.issues[0]
        problems.append(f"{where}: marked {case.status} but not complete ({first.target}: {first.message})")
    return problems


def validate_against(payload: MarksPayload, qs: QuestionSet) -> list[str]:
    """Every problem of ``payload`` against the question set ``qs`` (empty when it can be imported).

    The first :data:`MAX_PROBLEMS` problems are listed, then a count of the rest.
    """
    info = payload.inspection
    if (info.form_id, info.form_version) != (qs.id, qs.version) or info.form_hash != qs.content_hash:
        return [f"the bundle was made for question set {info.form_id}@{info.form_version} "
                f"(sha256 {info.form_hash[:12]}…), not {qs.key} (sha256 {qs.content_hash[:12]}…)"]
    problems: list[str] = []
    for case in payload.cases:
        problems.extend(_case_problems(case, qs))
    if len(problems) > MAX_PROBLEMS:
        return [*problems[:MAX_PROBLEMS], f"… and {len(problems) - MAX_PROBLEMS} more problems"]
    return problems
