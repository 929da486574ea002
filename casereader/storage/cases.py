"""Cases in the local store: the sample, answers, header fields and status — every change audited."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.engine import CaseEngine
from casereader.core.inspection import AuditEvent, CaseFile, CaseStatus, CaseSummary, StoreError
from casereader.sqlitedb import sqlite3
from casereader.storage.audit import events, header_from_json, normal_header_value, record_event, to_json, utc_now
from casereader.storage.database import Database
from casereader.storage.inspections import InspectionRepository, case_state
from casereader.storage.marking import (
    MarkedCase,
    apply_answer,
    apply_header,
    apply_status,
    marked_case,
    remember,
    stored_answer,
)
from casereader.storage.records import CaseRecord

__all__ = ["AnswerChange", "CaseRepository", "session_sqlite", "stored_answer", "to_summary"]

AnswerChange = tuple[str, str, Answer | None]  # (case id, question id, answer or None to clear)


def session_sqlite(s: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a unit of work's session (inside its transaction), for bulk reads."""
    con = s.connection().connection.driver_connection
    assert isinstance(con, sqlite3.Connection)
    return con


def to_summary(rec: CaseRecord) -> CaseSummary:
    return CaseSummary(id=rec.id, inspection_id=rec.inspection_id, reference=rec.reference,
                       header=header_from_json(rec.header), status=CaseStatus(rec.status), answered=rec.answered,
                       applicable=rec.applicable, inspector=rec.inspector, updated_at=rec.updated_at,
                       reserve=rec.reserve, withdrawn_reason=rec.withdrawn_reason)


class CaseRepository:
    """The local store's cases: the sample, answers, header fields and status (a repository behind
    :class:`~casereader.storage.LocalStore`); inspections are looked up through ``inspections``."""

    def __init__(self, db: Database, inspections: InspectionRepository) -> None:
        self._db = db
        self._inspections = inspections

    # ------------------------------------------------------------ reading

    def list_cases(self, inspection_id: str) -> list[CaseSummary]:
        with self._db.read() as s:
            rec = self._inspections.resolve(s, inspection_id)
            stmt = select(CaseRecord).where(CaseRecord.inspection_id == rec.id).order_by(CaseRecord.position)
            return [to_summary(c) for c in s.scalars(stmt)]

    def get_case(self, case_id: str) -> CaseFile:
        with self._db.read() as s:
            case = self._case(s, case_id)
            return CaseFile(to_summary(case), case_state(s, case))

    def case_files(self, inspection_id: str) -> list[CaseFile]:
        """Every case of an inspection with its header and answers, in the order added.

        Two set-based queries in one read transaction (no per-case loads): what an export reads.
        """
        with self._db.read() as s:
            rec = self._inspections.resolve(s, inspection_id)
            con = session_sqlite(s)
            answers: dict[str, dict[str, Answer]] = {}
            for case_id, qid, value, na, na_reason, comment in con.execute(
                    "SELECT a.case_id, a.question_id, a.value, a.na, a.na_reason, a.comment FROM answer a "
                    "JOIN case_file c ON c.id = a.case_id WHERE c.inspection_id = ?", (rec.id,)):
                found = answers.get(case_id)
                if found is None:
                    found = answers[case_id] = {}
                found[qid] = stored_answer(value, na, na_reason, comment)
            files = []
            for (case_id, reference, header, status, answered, applicable, inspector, updated_at, reserve,
                 withdrawn) in con.execute(
                    "SELECT id, reference, header, status, answered, applicable, inspector, updated_at, reserve, "
                    "withdrawn_reason FROM case_file WHERE inspection_id = ? ORDER BY position", (rec.id,)):
                head = header_from_json(header)
                summary = CaseSummary(id=case_id, inspection_id=rec.id, reference=reference, header=head,
                                      status=CaseStatus(status), answered=answered, applicable=applicable,
                                      inspector=inspector, updated_at=updated_at, reserve=bool(reserve),
                                      withdrawn_reason=withdrawn)
                files.append(CaseFile(summary, CaseState(head, answers.get(case_id, {}))))
            return files

    def find_case(self, inspection_id: str, reference: str) -> CaseFile | None:
        with self._db.read() as s:
            rec = self._inspections.resolve(s, inspection_id)
            case = s.scalars(select(CaseRecord).where(CaseRecord.inspection_id == rec.id,
                                                      CaseRecord.reference == reference)).first()
            return None if case is None else CaseFile(to_summary(case), case_state(s, case))

    def history(self, case_id: str, key: str | None = None) -> list[AuditEvent]:
        """A case's audit events, oldest first; with ``key``, only that question's or header field's."""
        with self._db.read() as s:
            return events(s, case_id=self._case(s, case_id).id, key=key)

    # ------------------------------------------------------------ the sample

    def add_cases(self, inspection_id: str, cases: Iterable[tuple[str, Mapping[str, Any]]], *, actor: str,
                  reserve: bool = False, case_ids: Sequence[str] | None = None) -> list[CaseSummary]:
        """Add cases (reference, header values) to the sample in one transaction; all or nothing."""
        rows = [(str(ref).strip(), dict(header)) for ref, header in cases]
        if case_ids is not None and len(case_ids) != len(rows):
            raise StoreError(f"{len(case_ids)} case ids given for {len(rows)} cases.")
        with self._db.write() as s:
            insp = self._inspections.resolve(s, inspection_id)
            qs = self._inspections.qs_of(insp)
            taken = set(s.scalars(select(CaseRecord.reference).where(CaseRecord.inspection_id == insp.id)))
            position = s.scalar(select(func.max(CaseRecord.position))
                                .where(CaseRecord.inspection_id == insp.id)) or 0
            problems: list[str] = []
            new: list[CaseRecord] = []
            at = utc_now()
            for n, (ref, raw_header) in enumerate(rows, start=1):
                where = f"case {n} ({ref or 'no reference'})"
                if not ref:
                    problems.append(f"case {n}: the case reference is empty")
                elif ref in taken:
                    problems.append(f"{where}: reference already in this inspection")
                taken.add(ref)
                header: dict[str, HeaderValue] = {}
                for field_id, raw in raw_header.items():
                    try:
                        value = normal_header_value(raw)
                    except ValueError as exc:
                        problems.append(f"{where}: {field_id}: {exc}")
                        continue
                    issues = CaseEngine(qs, CaseState()).header_issues(field_id, value)
                    problems.extend(f"{where}: {field_id}: {i.message}" for i in issues)
                    if value is not None:
                        header[field_id] = value
                case_id = case_ids[n - 1] if case_ids is not None else str(uuid.uuid4())
                if case_ids is not None and s.get(CaseRecord, case_id) is not None:
                    problems.append(f"{where}: case id {case_id} already exists")
                engine = CaseEngine(qs, CaseState(header, {}))
                answered, applicable = engine.progress
                position += 1
                new.append(CaseRecord(id=case_id, inspection_id=insp.id, position=position, reference=ref,
                                      header=to_json(header), status=CaseStatus.NOT_STARTED.value,
                                      answered=answered, applicable=applicable, inspector="", updated_at=at,
                                      reserve=reserve, withdrawn_reason=""))
            if problems:
                more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
                raise StoreError("No cases were added:\n" + "\n".join(problems[:20]) + more)
            s.add_all(new)
            s.flush()
            for c in new:
                record_event(s, actor=actor, kind="case", case_id=c.id, inspection_id=insp.id, at=at,
                             new=to_json({"reference": c.reference, "header": json.loads(c.header),
                                          "reserve": reserve}))
            return [to_summary(c) for c in new]

    def withdraw_case(self, case_id: str, reason: str, actor: str) -> CaseSummary:
        """Mark a case unusable (kept, with its reason; audited)."""
        if not reason.strip():
            raise StoreError("Withdrawing a case needs a reason.")
        with self._db.write() as s:
            case = self._case(s, case_id)
            self._withdraw(s, case, reason.strip(), actor)
            return to_summary(case)

    def replace_case(self, case_id: str, reserve_case_id: str, reason: str, actor: str) -> tuple[CaseSummary,
                                                                                                  CaseSummary]:
        """Withdraw a case and bring a reserve case of the same inspection into the sample, in one step."""
        if not reason.strip():
            raise StoreError("Replacing a case needs a reason.")
        with self._db.write() as s:
            case, spare = self._case(s, case_id), self._case(s, reserve_case_id)
            if spare.inspection_id != case.inspection_id:
                raise StoreError(f"Case {spare.reference} is in another inspection.")
            if not spare.reserve or spare.withdrawn_reason:
                raise StoreError(f"Case {spare.reference} is not an unused reserve case.")
            self._withdraw(s, case, reason.strip(), actor)
            record_event(s, actor=actor, kind="case", key="reserve", case_id=spare.id,
                         inspection_id=spare.inspection_id, old=to_json(True), new=to_json(False),
                         reason=f"replaces {case.reference}: {reason.strip()}")
            spare.reserve = False
            spare.updated_at = utc_now()
            return to_summary(case), to_summary(spare)

    def _withdraw(self, s: Session, case: CaseRecord, reason: str, actor: str) -> None:
        if case.withdrawn_reason:
            raise StoreError(f"Case {case.reference} is already withdrawn ({case.withdrawn_reason}).")
        record_event(s, actor=actor, kind="case", key="withdrawn", case_id=case.id,
                     inspection_id=case.inspection_id, old=to_json(""), new=to_json(reason), reason=reason)
        case.withdrawn_reason = reason
        case.updated_at = utc_now()

    # ------------------------------------------------------------ marking (straight SQL: see marking.py)

    def save_answer(self, case_id: str, question_id: str, answer: Answer | None, actor: str, *,
                    reason: str = "") -> CaseSummary:
        """Save (or with None, clear) one answer; committed and audited before this returns."""
        with self._db.direct() as (con, memo):
            case = apply_answer(con, marked_case(con, memo, case_id), question_id, answer, actor, reason, utc_now())
            remember(memo, case)
        return case.summary()

    def save_answers(self, changes: Iterable[AnswerChange], actor: str, *, reason: str = "") -> list[CaseSummary]:
        """Save many answers in one transaction (for imports): all are saved, or none and a StoreError.

        The error lists every refused answer by case reference and question id.
        """
        problems: list[str] = []
        with self._db.direct() as (con, memo):
            touched: dict[str, MarkedCase] = {}
            at = utc_now()
            for case_id, qid, answer in changes:
                try:
                    case = touched.get(case_id) or marked_case(con, memo, case_id)
                    touched[case_id] = case
                    touched[case_id] = apply_answer(con, case, qid, answer, actor, reason, at)
                except StoreError as exc:
                    where = touched[case_id].reference if case_id in touched else case_id
                    problems.append(f"{where} {qid}: {exc}")
            if problems:
                more = f"\n... and {len(problems) - 30} more" if len(problems) > 30 else ""
                raise StoreError("Nothing was saved:\n" + "\n".join(problems[:30]) + more)
            for case in touched.values():
                remember(memo, case)
        return [c.summary() for c in touched.values()]

    def save_header(self, case_id: str, field_id: str, value: HeaderValue, actor: str, *,
                    reason: str = "") -> CaseSummary:
        """Save (or with None/"", clear) one case header field; committed and audited before this returns."""
        with self._db.direct() as (con, memo):
            case = apply_header(con, marked_case(con, memo, case_id), field_id, value, actor, reason, utc_now())
            remember(memo, case)
        return case.summary()

    def set_status(self, case_id: str, status: CaseStatus | str, actor: str, reason: str = "") -> CaseSummary:
        """Change a case's status. COMPLETE only when the engine says the case is complete; unlocking needs
        a reason; back to NOT_STARTED only while nothing is answered."""
        try:
            target = CaseStatus(status)
        except ValueError:
            raise StoreError(f"Unknown case status '{status}'.") from None
        with self._db.direct() as (con, memo):
            case = apply_status(con, marked_case(con, memo, case_id), target, actor, reason, utc_now())
            remember(memo, case)
        return case.summary()

    def assign_inspector(self, case_id: str, inspector: str, actor: str) -> CaseSummary:
        """Record which inspector marks the case (audited)."""
        with self._db.write() as s:
            case = self._case(s, case_id)
            if case.inspector != inspector:
                record_event(s, actor=actor, kind="case", key="inspector", case_id=case.id,
                             inspection_id=case.inspection_id, old=to_json(case.inspector), new=to_json(inspector))
                case.inspector = inspector
            return to_summary(case)

    # ------------------------------------------------------------ internals

    @staticmethod
    def _case(s: Session, case_id: str) -> CaseRecord:
        case = s.get(CaseRecord, case_id)
        if case is None:
            raise StoreError(f"No case with id '{case_id}'.")
        return case
