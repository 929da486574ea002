"""Moderation at the centre: pair first and blind second marks, measure agreement, record agreed marks; and
the SQL pieces reports use so that each case counts once. Drawing second marking is in
:mod:`casereader.central.second_marking`, calibration in :mod:`casereader.central.calibration`.

Second marking travels as its own inspection (purpose ``second_marking``) with new case ids, the same
references and header fields and no answers, so the bundle format and the local store are unchanged and
the second inspector never holds the first marks. ``central_assignment`` links each copy to its original.
Agreed marks are stored as ``central_answer`` rows with role ``agreed`` next to the untouched first and
second marks, with a ``central_resolution`` row and a ``central_audit`` event.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, delete, exists, func, or_, select, union_all
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from casereader.central.errors import CentralError
from casereader.central.schema import (
    AssignmentRecord,
    CentralAnswerRecord,
    CentralAuditRecord,
    CentralCaseRecord,
    CentralInspectionRecord,
    FormRecord,
    ResolutionRecord,
)
from casereader.central.store import CentralStore, utc_now
from casereader.core.answers import Answer, CaseState
from casereader.core.engine import CaseEngine
from casereader.core.loader import QuestionSetError, question_set_for_hash
from casereader.core.questionset import FieldType, QuestionSet
from casereader.moderation.consistency import ConsistencySection, build_consistency, scales_of
from casereader.moderation.pairs import Mark, PairDetail, Resolution, agreed_answer, stored_answer

A = CentralAnswerRecord.__table__
I = CentralInspectionRecord.__table__  # noqa: E741
AUDIT_DEVICE = "centre-moderation"  # central_audit.device_id of the moderators' events


# -- what reports use ----------------------------------------------------------------------------------------
def marking_only() -> ColumnElement[bool]:
    """Only ordinary marking inspections: second-marking and calibration copies never count in the figures."""
    return I.c.purpose == "marking"


def marking_inspections_only(stmt: Select[Any]) -> Select[Any]:
    """``stmt`` (which must select from or join ``central_inspection``) restricted to marking inspections."""
    return stmt.where(marking_only())


def effective_answers() -> Subquery:
    """``central_answer`` as it should be counted: each case's first marks, with an agreed mark replacing the
    first mark of the same question. Columns: case_id, question_id, role ('first' or 'agreed'), value, na,
    na_reason, comment, applicable, inspector, updated_at."""
    agreed = aliased(A)
    cols = [A.c.case_id, A.c.question_id, A.c.role, A.c.value, A.c.na, A.c.na_reason, A.c.comment, A.c.applicable,
            A.c.inspector, A.c.updated_at]
    overridden = exists().where(agreed.c.case_id == A.c.case_id, agreed.c.question_id == A.c.question_id,
                                agreed.c.role == "agreed")
    first = select(*cols).where(A.c.role == "first", ~overridden)
    return union_all(first, select(*cols).where(A.c.role == "agreed")).subquery("effective_answer")


# -- inspections and question sets -------------------------------------------------------------------------
@dataclass(frozen=True)
class InspectionInfo:
    id: str
    title: str
    area: str
    round: str
    purpose: str
    form_hash: str
    inspectors: tuple[str, ...]
    source_inspection_id: str | None
    calibration_group: str | None


def _info(r: CentralInspectionRecord) -> InspectionInfo:
    return InspectionInfo(r.id, r.title, r.area, r.round, r.purpose, r.form_hash, tuple(r.inspectors or ()),
                          r.source_inspection_id, r.calibration_group)


def find_inspection(store: CentralStore, ref: str) -> InspectionInfo:
    """An inspection by id or unique id prefix."""
    with store.sessions() as s:
        rows = list(s.scalars(select(CentralInspectionRecord).where(CentralInspectionRecord.id.startswith(ref))))
        exact = [r for r in rows if r.id == ref]
        if exact or len(rows) == 1:
            return _info((exact or rows)[0])
    raise CentralError(f"no inspection {ref} in the central store" if not rows else
                       f"{ref} matches {len(rows)} inspections: give more of the id")


def moderated_inspections(store: CentralStore) -> list[InspectionInfo]:
    """Marking inspections that have second marking drawn, oldest first."""
    sources = select(I.c.source_inspection_id).where(I.c.purpose == "second_marking")
    with store.sessions() as s:
        return [_info(r) for r in s.scalars(select(CentralInspectionRecord).where(
            CentralInspectionRecord.purpose == "marking", CentralInspectionRecord.id.in_(sources))
            .order_by(CentralInspectionRecord.created_at, CentralInspectionRecord.id))]


def marking_inspections(store: CentralStore) -> list[InspectionInfo]:
    """Every marking inspection (those second marking can be drawn from), oldest first."""
    with store.sessions() as s:
        return [_info(r) for r in s.scalars(select(CentralInspectionRecord).where(
            CentralInspectionRecord.purpose == "marking")
            .order_by(CentralInspectionRecord.created_at, CentralInspectionRecord.id))]


def question_set(store: CentralStore, form_hash: str) -> tuple[QuestionSet, bytes, str]:
    """The question set (and its exact bytes and a file name) an inspection was issued with."""
    with store.sessions() as s:
        form = s.get(FormRecord, form_hash)
        if form is None:
            raise CentralError(f"the central store does not hold question set {form_hash[:12]}")
        content, fid, version = bytes(form.content), form.form_id, form.form_version
    try:
        qs = question_set_for_hash(form_hash, lambda: content, f"{fid}@{version}")
    except QuestionSetError as exc:
        raise CentralError(f"the centre's copy of question set {fid}@{version} is invalid: {exc}") from exc
    return qs, content, f"{fid}-{version}.yaml"


FINISHED = ("complete", "locked")  # case statuses a dip sample may draw: marked complete (or since locked)


def eligible_cases(s: Session, inspection_id: str) -> list[Any]:
    """The cases a dip sample draws from: marked complete (or locked), by a named inspector, not withdrawn.
    Rows of (id, reference, header, inspector)."""
    C = CentralCaseRecord
    return list(s.execute(select(C.id, C.reference, C.header, C.inspector).where(
        C.inspection_id == inspection_id, C.inspector != "", C.status.in_(FINISHED), C.withdrawn_reason == "")))


def part_marked(s: Session, inspection_id: str) -> int:
    """Cases started but not marked complete: never drawn (the second marker could not complete them)."""
    C = CentralCaseRecord
    return int(s.scalar(select(func.count()).select_from(C).where(
        C.inspection_id == inspection_id, C.status == "in_progress", C.withdrawn_reason == "")) or 0)


def casework_type_field(qs: QuestionSet) -> str | None:
    choice = [f.id for f in qs.header if f.type == FieldType.CHOICE]
    return "casework_type" if "casework_type" in choice else (choice[0] if choice else None)


def store_fingerprint(store: CentralStore) -> tuple[Any, ...]:
    """Changes whenever marks or cases reach the central store (imports, agreed marks): the moderation
    window's cue to refresh. (Cases, answers, the latest case and answer update.)"""
    C = CentralCaseRecord
    try:
        with store.sessions() as s:
            cases = s.execute(select(func.count(), func.max(C.updated_at)).select_from(C)).one()
            answers = s.execute(select(func.count(), func.max(A.c.updated_at)).select_from(A)).one()
    except SQLAlchemyError as exc:
        raise CentralError(f"the central store could not be read: {exc}") from exc
    return (*cases, *answers)


# -- pairs, agreement, disagreements -----------------------------------------------------------------------
def _mark(r: Any) -> Mark:
    return Mark(r.value, bool(r.na), r.na_reason or "", r.comment or "", r.inspector or "")


def pair_details(store: CentralStore, inspection_ref: str) -> tuple[InspectionInfo, QuestionSet, list[PairDetail]]:
    """Every question answered (and applicable) on both a second-marked case and its blind copy."""
    info = find_inspection(store, inspection_ref)
    if info.purpose == "second_marking" and info.source_inspection_id:
        info = find_inspection(store, info.source_inspection_id)
    qs = question_set(store, info.form_hash)[0]
    C = CentralCaseRecord
    with store.sessions() as s:
        assigned = s.execute(select(AssignmentRecord, C.reference).join(
            C, AssignmentRecord.original_case_id == C.id).where(C.inspection_id == info.id)).all()
        originals = select(AssignmentRecord.original_case_id).join(C, AssignmentRecord.original_case_id == C.id) \
            .where(C.inspection_id == info.id)
        copies = select(AssignmentRecord.second_case_id).where(AssignmentRecord.original_case_id.in_(originals))
        answers = {(r.case_id, r.question_id, r.role): _mark(r) for r in s.scalars(select(CentralAnswerRecord).where(
            or_(CentralAnswerRecord.case_id.in_(originals), CentralAnswerRecord.case_id.in_(copies)),
            CentralAnswerRecord.applicable.is_(True)))}
        resolutions = {(r.original_case_id, r.question_id): r for r in s.scalars(select(ResolutionRecord).where(
            ResolutionRecord.original_case_id.in_(originals)))}
    out: list[PairDetail] = []
    order = {q.id: n for n, q in enumerate(qs.questions)}
    for a, reference in sorted(assigned, key=lambda row: row[1]):
        for qid in sorted(order, key=order.__getitem__):
            first, second = answers.get((a.original_case_id, qid, "first")), answers.get((a.second_case_id, qid,
                                                                                         "first"))
            if first is None or second is None:
                continue
            first = Mark(first.value, first.na, first.na_reason, first.comment, first.inspector or a.first_inspector)
            second = Mark(second.value, second.na, second.na_reason, second.comment, a.second_inspector)
            res = resolutions.get((a.original_case_id, qid))
            agreed = answers.get((a.original_case_id, qid, "agreed"))
            resolution = Resolution(agreed, res.reason, res.moderator, res.resolved_at) if res and agreed else None
            out.append(PairDetail(a.original_case_id, a.second_case_id, reference, qid, first, second, resolution))
    return info, qs, out


def consistency(store: CentralStore, inspection_ref: str) -> tuple[InspectionInfo, ConsistencySection]:
    """The consistency section (agreement per question, per inspector, overall) of an inspection."""
    info = find_inspection(store, inspection_ref)
    return info, consistency_across(store, [info.id])


def consistency_across(store: CentralStore, inspection_ids: Sequence[str]) -> ConsistencySection:
    """One consistency section pooling the second marking of several marking inspections (a report's selection)."""
    scales: dict[str, tuple[tuple[str, ...], bool]] = {}
    labels: dict[str, str] = {}
    pairs: list[PairDetail] = []
    frames: Counter[str] = Counter()
    for ref in inspection_ids:
        info, qs, found = pair_details(store, ref)
        scales.update(scales_of(qs))
        labels.update({q.id: q.text for q in qs.questions})
        pairs += found
        if found:
            with store.sessions() as s:
                frames.update(r.inspector for r in eligible_cases(s, info.id))
    resolved = sum(1 for p in pairs if p.differs and p.resolution is not None)
    return build_consistency([p.pair for p in pairs], scales, resolutions=resolved, labels=labels,
                             frames=dict(frames))


def disagreements(store: CentralStore, inspection_ref: str, *, include_resolved: bool = False) -> list[PairDetail]:
    return [p for p in pair_details(store, inspection_ref)[2]
            if p.differs and (include_resolved or p.resolution is None)]


def resolve(store: CentralStore, inspection_ref: str, reference: str, question_id: str, mark: str, *, reason: str,
            moderator: str, na_reason: str = "", comment: str = "") -> PairDetail:
    """Record the agreed mark of one question of a second-marked case (replacing an earlier agreed mark).

    The first and second marks are never changed; the agreed mark is checked like any answer."""
    from casereader.core.answers import value_text

    if not reason.strip():
        raise CentralError("give the reason for the agreed mark (--reason)")
    if not moderator.strip():
        raise CentralError("give the moderator's name (--moderator)")
    info, qs, pairs = pair_details(store, inspection_ref)
    try:
        answer = agreed_answer(qs, question_id, mark, na_reason=na_reason, comment=comment)
    except ValueError as exc:
        raise CentralError(str(exc)) from exc
    pair = next((p for p in pairs if p.reference == reference and p.question_id == question_id), None)
    if pair is None:
        known = sorted({p.reference for p in pairs})
        raise CentralError(f"case {reference} question {question_id} of inspection {info.id} has no first and "
                           f"second mark to resolve (second-marked cases: {', '.join(known) or 'none'})")
    with store.sessions() as s:
        header = dict(s.get(CentralCaseRecord, pair.original_case_id).header or {})  # type: ignore[union-attr]
        rows = s.scalars(select(CentralAnswerRecord).where(CentralAnswerRecord.case_id == pair.original_case_id,
                                                           CentralAnswerRecord.role.in_(("first", "agreed"))))
        current: dict[str, Answer] = {}
        for r in sorted(rows, key=lambda r: r.role != "first"):  # agreed marks replace first marks
            current[r.question_id] = stored_answer(qs, r.question_id, _mark(r))
    engine = CaseEngine(qs, CaseState(header, current))
    problems = [i.message for i in engine.answer_issues(question_id, answer)]
    if problems:
        raise CentralError(f"case {reference} question {question_id}: " + "; ".join(problems))
    applicable = question_id in set(engine.with_answer(question_id, answer)[0].applicable)
    now = utc_now()
    shown = value_text(answer.value)
    new = {"value": shown, "na": answer.na, "na_reason": answer.na_reason,
           "comment": answer.comment}
    try:
        with store.transaction() as s:
            old = s.get(ResolutionRecord, (pair.original_case_id, question_id))
            before = None if old is None else {"value": old.value, "na": old.na, "na_reason": old.na_reason,
                                               "comment": old.comment, "reason": old.reason}
            if old is not None:
                s.delete(old)
                s.flush()
            s.execute(delete(CentralAnswerRecord).where(CentralAnswerRecord.case_id == pair.original_case_id,
                                                        CentralAnswerRecord.question_id == question_id,
                                                        CentralAnswerRecord.role == "agreed"))
            s.add(ResolutionRecord(original_case_id=pair.original_case_id, question_id=question_id,
                                   first_value=pair.first.text, second_value=pair.second.text, reason=reason,
                                   moderator=moderator, resolved_at=now, **new))
            s.add(CentralAnswerRecord(case_id=pair.original_case_id, question_id=question_id, role="agreed",
                                      applicable=applicable, inspector=moderator, updated_at=now, **new))
            seq = (s.scalar(select(func.max(CentralAuditRecord.seq)).where(
                CentralAuditRecord.device_id == AUDIT_DEVICE)) or 0) + 1
            s.add(CentralAuditRecord(device_id=AUDIT_DEVICE, seq=seq, case_id=pair.original_case_id, at=now,
                                     actor=moderator, kind="agreed_mark", key=question_id,
                                     old=None if before is None else json.dumps(before, sort_keys=True),
                                     new=json.dumps({**new, "first": pair.first.to_json(),
                                                     "second": pair.second.to_json()}, sort_keys=True),
                                     reason=reason))
    except SQLAlchemyError as exc:
        raise CentralError(f"the agreed mark was not recorded: {exc}") from exc
    agreed = Mark(shown, answer.na, answer.na_reason, answer.comment, moderator)
    return PairDetail(pair.original_case_id, pair.second_case_id, pair.reference, question_id, pair.first,
                      pair.second, Resolution(agreed, reason, moderator, now))
