"""Inspections in the local store: create, list, find by id prefix, their pinned question set, rebinding."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereader.core.answers import Answer, CaseState
from casereader.core.engine import CaseEngine
from casereader.core.inspection import AuditEvent, CaseStatus, Inspection, Round, StoreError
from casereader.core.loader import QuestionSetError, question_set_for_hash
from casereader.core.questionset import QuestionSet
from casereader.storage.audit import events, header_from_json, record_event, to_json, utc_now
from casereader.storage.database import Database
from casereader.storage.rebinding import RebindReport, orphaned_answers, question_changes
from casereader.storage.records import AnswerRecord, CaseRecord, InspectionRecord


def to_inspection(rec: InspectionRecord) -> Inspection:
    return Inspection(id=rec.id, title=rec.title, programme=rec.programme, area=rec.area, round=Round(rec.round),
                      form_id=rec.form_id, form_version=rec.form_version, form_hash=rec.form_hash,
                      inspectors=tuple(json.loads(rec.inspectors)), created_at=rec.created_at,
                      sample_seed=rec.sample_seed)


def refusals(engine: CaseEngine, qid: str, answer: Answer) -> list[str]:
    """What refuses ``answer``'s value for ``qid`` outright, as English lines (answers orphaned by a rebind)."""
    return [i.message for i in engine.answer_issues(qid, answer) if i.refuses_save]


class InspectionRepository:
    """The local store's inspections (one of the repositories behind :class:`~casereader.storage.LocalStore`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------ what the other repositories use too

    def qs_of(self, rec: InspectionRecord) -> QuestionSet:
        """The inspection's question set, from its stored bytes, checked against its pinned hash."""
        return _parse(rec.form_bytes, rec.form_hash, f"the question set stored with inspection {rec.id}")

    @staticmethod
    def resolve(session: Session, id_or_prefix: str) -> InspectionRecord:
        rec = session.get(InspectionRecord, id_or_prefix)
        if rec is not None:
            return rec
        ids = [i for i in session.scalars(select(InspectionRecord.id)) if i.startswith(id_or_prefix)]
        if not id_or_prefix or not ids:
            raise StoreError(f"No inspection with id '{id_or_prefix}'. See 'casereader inspection list'.")
        if len(ids) > 1:
            raise StoreError(f"'{id_or_prefix}' matches {len(ids)} inspections ({', '.join(sorted(ids))}); "
                             "give more of the id.")
        found = session.get(InspectionRecord, ids[0])
        assert found is not None
        return found

    # ------------------------------------------------------------ public API

    def create_inspection(self, qs: QuestionSet, *, area: str, round: Round | str, title: str = "",
                          inspectors: Iterable[str] = (), form_bytes: bytes, inspection_id: str | None = None,
                          programme: str | None = None, sample_seed: int | None = None,
                          actor: str = "") -> Inspection:
        """Start an inspection pinned to ``qs`` and the exact bytes of its file."""
        digest = hashlib.sha256(form_bytes).hexdigest()
        if qs.content_hash and digest != qs.content_hash:
            raise StoreError(f"The form bytes given do not match question set {qs.key} (sha256 {digest[:12]}... "
                             f"is not {qs.content_hash[:12]}...).")
        qs = _pinned(qs, form_bytes, digest)
        if not area.strip():
            raise StoreError("An inspection needs an Area.")
        try:
            round_ = Round(round)
        except ValueError:
            raise StoreError(f"Round must be one of: {', '.join(r.value for r in Round)} (not '{round}').") from None
        new_id = inspection_id or str(uuid.uuid4())
        if len(new_id) > 36 or not new_id.strip():
            raise StoreError(f"Inspection id '{new_id}' must be 1 to 36 characters.")
        rec = InspectionRecord(id=new_id, title=title.strip() or f"{qs.title}: {area.strip()}",
                               programme=programme or qs.programme, area=area.strip(), round=round_.value,
                               form_id=qs.id, form_version=qs.version, form_hash=digest, form_bytes=form_bytes,
                               inspectors=to_json([str(i) for i in inspectors]), created_at=utc_now(),
                               sample_seed=sample_seed)
        with self._db.write() as s:
            if s.get(InspectionRecord, new_id) is not None:
                raise StoreError(f"An inspection with id {new_id} already exists.")
            s.add(rec)
            s.flush()
            meta = to_inspection(rec)
            record_event(s, actor=actor, kind="inspection", inspection_id=new_id, at=rec.created_at,
                         new=to_json({"title": meta.title, "programme": meta.programme, "area": meta.area,
                                      "round": meta.round.value, "form": meta.form_key, "form_hash": digest,
                                      "inspectors": list(meta.inspectors), "sample_seed": sample_seed}))
        return meta

    def list_inspections(self) -> list[Inspection]:
        with self._db.read() as s:
            recs = s.scalars(select(InspectionRecord).order_by(InspectionRecord.created_at, InspectionRecord.id))
            return [to_inspection(r) for r in recs]

    def get_inspection(self, inspection_id: str) -> Inspection:
        """The inspection with this id, or the only one whose id starts with it."""
        with self._db.read() as s:
            return to_inspection(self.resolve(s, inspection_id))

    def question_set(self, inspection_id: str) -> QuestionSet:
        """The question set the inspection is pinned to, loaded from the bytes stored with it."""
        with self._db.read() as s:
            rec = self.resolve(s, inspection_id)
            return self.qs_of(rec)

    def form_bytes(self, inspection_id: str) -> bytes:
        with self._db.read() as s:
            return bytes(self.resolve(s, inspection_id).form_bytes)

    def set_sample_seed(self, inspection_id: str, seed: int, actor: str) -> Inspection:
        """Record the seed a sample was drawn with (audited)."""
        with self._db.write() as s:
            rec = self.resolve(s, inspection_id)
            if rec.sample_seed != seed:
                record_event(s, actor=actor, kind="inspection", key="sample_seed", inspection_id=rec.id,
                             old=to_json(rec.sample_seed), new=to_json(seed))
                rec.sample_seed = seed
            return to_inspection(rec)

    def audit_events(self, inspection_id: str) -> list[AuditEvent]:
        """Every audit event of the inspection and its cases, oldest first."""
        with self._db.read() as s:
            return events(s, inspection_id=self.resolve(s, inspection_id).id)

    def rebind_inspection(self, inspection_id: str, qs: QuestionSet, form_bytes: bytes, actor: str, *,
                          dry_run: bool = False, reason: str = "") -> RebindReport:
        """Move an inspection to another version of its question set — an explicit, audited step.

        Reports questions added, removed and changed and the answers left orphaned (kept, but no longer
        counted). With ``dry_run`` nothing changes. Refused while any case is locked.
        """
        digest = hashlib.sha256(form_bytes).hexdigest()
        if qs.content_hash and digest != qs.content_hash:
            raise StoreError(f"The form bytes given do not match question set {qs.key}.")
        qs = _pinned(qs, form_bytes, digest)
        with self._db.write() as s:
            rec = self.resolve(s, inspection_id)
            if qs.id != rec.form_id:
                raise StoreError(f"Inspection {rec.id} uses question set '{rec.form_id}', not '{qs.id}'.")
            old_qs = self.qs_of(rec)
            added, removed, changed = question_changes(old_qs, qs)
            cases = list(s.scalars(select(CaseRecord).where(CaseRecord.inspection_id == rec.id)
                                   .order_by(CaseRecord.position)))
            states = {c.id: case_state(s, c) for c in cases}
            engines = {c.id: CaseEngine(qs, states[c.id]) for c in cases}
            orphans = orphaned_answers(qs, ((c.id, c.reference, states[c.id].answers) for c in cases),
                                       lambda cid, qid, ans: refusals(engines[cid], qid, ans))
            report = RebindReport(rec.id, f"{rec.form_id}@{rec.form_version}", rec.form_hash, qs.key, digest,
                                  added, removed, changed, orphans, applied=not dry_run)
            if dry_run or digest == rec.form_hash:
                s.rollback()
                return RebindReport(**{**report.__dict__, "applied": False})
            locked = [c.reference for c in cases if c.status == CaseStatus.LOCKED]
            if locked:
                raise StoreError(f"Cannot move inspection {rec.id} to {qs.key}: {len(locked)} case(s) are locked "
                                 f"({', '.join(locked[:5])}). Unlock them first.")
            at = utc_now()
            record_event(s, actor=actor, kind="inspection", key="form", inspection_id=rec.id, at=at,
                         old=to_json({"form": f"{rec.form_id}@{rec.form_version}", "form_hash": rec.form_hash}),
                         new=to_json({"form": qs.key, "form_hash": digest}),
                         reason=(reason + "; " if reason else "") + report.summary())
            for o in orphans:
                record_event(s, actor=actor, kind="orphaned", key=o.question_id, case_id=o.case_id,
                             inspection_id=rec.id, at=at, reason=o.why)
            rec.form_version, rec.form_hash, rec.form_bytes = qs.version, digest, form_bytes
            for c in cases:
                engine = engines[c.id]
                c.answered, c.applicable = engine.progress
                if c.status == CaseStatus.COMPLETE and not engine.is_complete:
                    record_event(s, actor=actor, kind="status", case_id=c.id, inspection_id=rec.id, at=at,
                                 old=to_json(c.status), new=to_json(CaseStatus.IN_PROGRESS.value),
                                 reason=f"no longer complete under {qs.key}")
                    c.status = CaseStatus.IN_PROGRESS.value
            return report


def answer_rows(session: Session, case_id: str) -> dict[str, AnswerRecord]:
    return {r.question_id: r for r in session.scalars(select(AnswerRecord).where(AnswerRecord.case_id == case_id))}


def to_answer(row: AnswerRecord) -> Answer:
    return Answer.from_json({"value": json.loads(row.value), "na": row.na, "na_reason": row.na_reason,
                             "comment": row.comment})


def case_state(session: Session, case: CaseRecord) -> CaseState:
    rows = answer_rows(session, case.id)
    return CaseState(header_from_json(case.header), {qid: to_answer(r) for qid, r in rows.items()})


def _parse(raw: bytes, digest: str, what: str) -> QuestionSet:
    return stored_question_set(digest, lambda: raw, what)


def stored_question_set(digest: str, raw: Callable[[], bytes], what: str) -> QuestionSet:
    """The question set whose file has sha256 ``digest`` (the process's one copy); ``raw()`` gives the bytes,
    read only when this set has not been parsed yet."""
    try:
        return question_set_for_hash(digest, raw, what)
    except QuestionSetError as exc:
        raise StoreError(f"{what[:1].upper()}{what[1:]} cannot be used:\n{exc}") from exc


def _pinned(qs: QuestionSet, raw: bytes, digest: str) -> QuestionSet:
    """The set as parsed from the exact bytes that will be stored; refuse bytes of a different set."""
    parsed = _parse(raw, digest, "the form file given")
    if (parsed.id, parsed.version) != (qs.id, qs.version):
        raise StoreError(f"The form bytes given are question set {parsed.key}, not {qs.key}.")
    return parsed
