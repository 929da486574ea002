"""Marking a case straight on the store's sqlite3 connection: the hot path of autosave.

A save is one ``BEGIN IMMEDIATE ... COMMIT`` (see :meth:`Database.direct`) running a few fixed SQL
statements: the answer row (upsert or delete), its audit row, a status audit row when the status moves and
the case row's progress columns. The same checks as ever refuse bad values (question not in the set, not on
the scale, not applicable, locked case) before anything is written.

The case being marked is kept between saves as a :class:`MarkedCase` in the database's memo, which is
emptied by every other unit of work that may change cases and whenever another connection has committed,
so a save reads nothing from the database in the usual case. Applicability is recomputed in full only
when the changed question is named by an ``applies_if`` rule (or the header or status changes); otherwise
the answered count moves by the one answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from casereader.core.answers import Answer, CaseState, HeaderValue, encode_value
from casereader.core.engine import CaseEngine, compiled
from casereader.core.inspection import CaseIncomplete, CaseStatus, CaseSummary, ChangeRefused, StoreError
from casereader.core.outcome import Outcome
from casereader.core.questionset import QuestionSet
from casereader.sqlitedb import sqlite3
from casereader.storage.audit import answer_json, header_from_json, normal_answer, normal_header_value, to_json
from casereader.storage.inspections import stored_question_set

MEMO_CASES = 16  # cases kept in the memo; more (an import) and it starts again

SELECT_CASE = ("SELECT id, inspection_id, reference, header, status, inspector, updated_at, reserve, "
               "withdrawn_reason FROM case_file WHERE id = ?")
SELECT_ANSWERS = "SELECT question_id, value, na, na_reason, comment FROM answer WHERE case_id = ?"
SELECT_FORM_HASH = "SELECT form_hash FROM inspection WHERE id = ?"
SELECT_FORM_BYTES = "SELECT form_bytes FROM inspection WHERE id = ?"
UPSERT_ANSWER = ("INSERT INTO answer (case_id, question_id, value, na, na_reason, comment, inspector, created_at, "
                 "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, question_id) DO UPDATE SET "
                 "value = excluded.value, na = excluded.na, na_reason = excluded.na_reason, "
                 "comment = excluded.comment, inspector = excluded.inspector, updated_at = excluded.updated_at")
DELETE_ANSWER = "DELETE FROM answer WHERE case_id = ? AND question_id = ?"
INSERT_EVENT = ("INSERT INTO audit_event (at, actor, inspection_id, case_id, kind, key, old, new, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
UPDATE_CASE = ("UPDATE case_file SET header = ?, status = ?, answered = ?, applicable = ?, inspector = ?, "
               "updated_at = ? WHERE id = ?")

def stored_answer(value: str, na: Any, na_reason: str | None, comment: str | None) -> Answer:
    """An answer row's columns as the :class:`Answer` that ``to_answer`` gives (a fast path for plain text)."""
    if value[:1] == '"' and "\\" not in value:  # a JSON string without escapes is its own text, quoted
        return Answer(value[1:-1], bool(na), na_reason or "", comment or "")
    return Answer.from_json({"value": json.loads(value), "na": na, "na_reason": na_reason, "comment": comment})


class MarkedCase(NamedTuple):
    """One case as the database holds it (between saves, or inside one transaction), with what the engine
    derives for it: the applicable questions and how many of them are answered."""

    id: str
    inspection_id: str
    reference: str
    header: Mapping[str, HeaderValue]
    header_json: str
    status: str
    inspector: str
    updated_at: str
    reserve: bool
    withdrawn_reason: str
    qs: QuestionSet
    answers: Mapping[str, Answer]
    applies: frozenset[str]
    answered: int

    @property
    def state(self) -> CaseState:
        return CaseState(self.header, self.answers)

    def summary(self) -> CaseSummary:
        return CaseSummary(id=self.id, inspection_id=self.inspection_id, reference=self.reference,
                           header=dict(self.header), status=CaseStatus(self.status), answered=self.answered,
                           applicable=len(self.applies), inspector=self.inspector, updated_at=self.updated_at,
                           reserve=self.reserve, withdrawn_reason=self.withdrawn_reason)

    def derived(self, engine: CaseEngine) -> MarkedCase:
        """This case with its applicable questions and answered count taken from ``engine`` (of its state)."""
        return self._replace(applies=frozenset(engine.applicable), answered=engine.progress[0])


def marked_case(con: sqlite3.Connection, memo: dict[str, Any], case_id: str) -> MarkedCase:
    """The case from the memo, or read (inside the current transaction) and remembered."""
    found = memo.get(case_id)
    if isinstance(found, MarkedCase):
        return found
    row = con.execute(SELECT_CASE, (case_id,)).fetchone()
    if row is None:
        raise StoreError(f"No case with id '{case_id}'.")
    cid, inspection_id, reference, header_json, status, inspector, updated_at, reserve, withdrawn = row
    digest = con.execute(SELECT_FORM_HASH, (inspection_id,)).fetchone()[0]
    qs = stored_question_set(digest, lambda: bytes(con.execute(SELECT_FORM_BYTES, (inspection_id,)).fetchone()[0]),
                             f"the question set stored with inspection {inspection_id}")
    answers = {qid: stored_answer(value, na, na_reason, comment)
               for qid, value, na, na_reason, comment in con.execute(SELECT_ANSWERS, (cid,))}
    header = header_from_json(header_json)
    case = MarkedCase(cid, inspection_id, reference, header, header_json, status, inspector, updated_at,
                      bool(reserve), withdrawn, qs, answers, frozenset(), 0)
    case = case.derived(CaseEngine(qs, case.state))
    remember(memo, case)
    return case


def remember(memo: dict[str, Any], case: MarkedCase) -> None:
    if case.id not in memo and len(memo) >= MEMO_CASES:
        memo.clear()
    memo[case.id] = case


def engine_of(case: MarkedCase) -> CaseEngine:
    """The engine of the case as stored, locked when its status takes no change."""
    return CaseEngine(case.qs, case.state, locked=CaseStatus(case.status).lock)


def _refuse(case: MarkedCase, outcome: Outcome) -> None:
    """Raise the refusals of an engine outcome (nothing has been written yet)."""
    if not outcome.accepted:
        raise ChangeRefused(case.reference, outcome)


def apply_answer(con: sqlite3.Connection, case: MarkedCase, qid: str, answer: Answer | None, actor: str,
                 reason: str, at: str) -> MarkedCase:
    """Save (or with None, clear) one answer inside the current transaction; the case as it then is.

    Nothing is written, and StoreError says why, if the answer is refused."""
    qs = case.qs
    try:
        new = normal_answer(answer)
    except ValueError as exc:
        raise StoreError(f"{qid}: {exc}") from None
    old = case.answers.get(qid)
    if new == old and qid in qs.question_index:
        return case
    _refuse(case, engine_of(case).check(qid, new))
    answers = dict(case.answers)
    if new is None:
        con.execute(DELETE_ANSWER, (case.id, qid))
        del answers[qid]
    else:
        value = new.value
        con.execute(UPSERT_ANSWER, (case.id, qid, to_json(encode_value(value)),
                                    new.na, new.na_reason, new.comment, actor, at, at))
        answers[qid] = new
    con.execute(INSERT_EVENT, (at, actor, case.inspection_id, case.id, "answer", qid, answer_json(old),
                               answer_json(new), reason))
    changed = case._replace(answers=answers, inspector=case.inspector or actor)
    if qid in compiled(qs).gates:
        return _after_change(con, changed, CaseEngine(qs, changed.state), actor, at)
    given = (new is not None and new.given) - (old is not None and old.given)
    changed = changed._replace(answered=case.answered + (given if qid in case.applies else 0))
    return _after_change(con, changed, None, actor, at)


def apply_header(con: sqlite3.Connection, case: MarkedCase, field_id: str, value: HeaderValue, actor: str,
                 reason: str, at: str) -> MarkedCase:
    """Save (or with None/"", clear) one header field inside the current transaction; the case as it then is."""
    qs = case.qs
    try:
        norm = normal_header_value(value)
    except ValueError as exc:
        raise StoreError(f"{field_id}: {exc}") from None
    _refuse(case, engine_of(case).check_header(field_id, norm))
    old = case.header.get(field_id)
    if old == norm and (norm is None) == (field_id not in case.header):
        return case
    header = dict(case.header)
    if norm is None:
        header.pop(field_id, None)
    else:
        header[field_id] = norm
    con.execute(INSERT_EVENT, (at, actor, case.inspection_id, case.id, "header", field_id,
                               None if old is None else to_json(old), None if norm is None else to_json(norm),
                               reason))
    changed = case._replace(header=header, header_json=to_json(header))
    return _after_change(con, changed, CaseEngine(qs, changed.state), actor, at)


def apply_status(con: sqlite3.Connection, case: MarkedCase, target: CaseStatus, actor: str, reason: str,
                 at: str) -> MarkedCase:
    """Move the case to ``target`` inside the current transaction, if the rules allow; the case as it then is."""
    current = CaseStatus(case.status)
    if target == current:
        return case
    if current == CaseStatus.LOCKED and not reason.strip():
        raise StoreError(f"Case {case.reference} is locked; unlocking it needs a reason.")
    if target == CaseStatus.COMPLETE:
        outcome = CaseEngine(case.qs, case.state).check_complete()
        if not outcome.clean:
            raise CaseIncomplete(case.reference, outcome)
    if target == CaseStatus.NOT_STARTED and case.answers:
        raise StoreError(f"Case {case.reference} has answers, so it cannot go back to not started.")
    changed = _status_event(con, case, target, actor, reason, at)
    _write_case(con, changed)
    return changed


def _after_change(con: sqlite3.Connection, case: MarkedCase, engine: CaseEngine | None, actor: str,
                  at: str) -> MarkedCase:
    """Recount (from ``engine`` when given), move the status on if the change calls for it, write the case row."""
    if engine is not None:
        case = case.derived(engine)
    case = case._replace(updated_at=at)
    if case.status == CaseStatus.NOT_STARTED:  # (a complete or locked case takes no change: see engine_of)
        case = _status_event(con, case, CaseStatus.IN_PROGRESS, actor, "first change", at)
    _write_case(con, case)
    return case


def _status_event(con: sqlite3.Connection, case: MarkedCase, status: CaseStatus, actor: str, reason: str,
                  at: str) -> MarkedCase:
    con.execute(INSERT_EVENT, (at, actor, case.inspection_id, case.id, "status", "", to_json(case.status),
                               to_json(status.value), reason))
    return case._replace(status=status.value, updated_at=at)


def _write_case(con: sqlite3.Connection, case: MarkedCase) -> None:
    con.execute(UPDATE_CASE, (case.header_json, case.status, case.answered, len(case.applies), case.inspector,
                              case.updated_at, case.id))
