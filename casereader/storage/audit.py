"""The audit trail: JSON encoding of audited values, UTC timestamps and writing/reading audit rows.

Audit rows are only ever inserted, in the same session (transaction) as the change they record.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.inspection import AuditEvent
from casereader.storage.records import AuditEventRecord


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with microseconds and a ``Z``."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")[:-6] + "Z"  # drop "+00:00"; faster than strftime


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def to_json(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces) as stored in audit rows and value columns."""
    return _CANONICAL.encode(value)  # what json.dumps with these options does, without a new encoder per call


def answer_json(answer: Answer | None) -> str | None:
    return None if answer is None else to_json(answer.to_json())


def normal_answer(answer: Answer | None) -> Answer | None:
    """The answer as it will be stored and read back (lists as tuples, numbers as floats), or None."""
    if answer is None:
        return None
    if isinstance(answer.value, float) and not math.isfinite(answer.value):
        raise ValueError("answer value is not a finite number")
    norm = Answer.from_json(answer.to_json())
    if not (norm.given or norm.comment):
        return None
    return norm


def normal_header_value(value: Any) -> HeaderValue:
    if value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    if value is None or isinstance(value, (str, bool, float)):
        return value
    raise ValueError(f"a header value must be text, yes/no or a number, not {type(value).__name__}")


def record_event(session: Session, *, actor: str, kind: str, key: str = "", old: str | None = None,
                 new: str | None = None, reason: str = "", case_id: str | None = None,
                 inspection_id: str | None = None, at: str | None = None) -> None:
    session.add(AuditEventRecord(at=at or utc_now(), actor=actor, inspection_id=inspection_id, case_id=case_id,
                                 kind=kind, key=key, old=old, new=new, reason=reason))


def to_event(rec: AuditEventRecord) -> AuditEvent:
    return AuditEvent(seq=rec.seq, at=rec.at, actor=rec.actor, case_id=rec.case_id, kind=rec.kind, key=rec.key,
                      old=rec.old, new=rec.new, reason=rec.reason)


def events(session: Session, *, case_id: str | None = None, key: str | None = None,
           inspection_id: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEventRecord)
    if case_id is not None:
        stmt = stmt.where(AuditEventRecord.case_id == case_id)
    if key is not None:
        stmt = stmt.where(AuditEventRecord.key == key)
    if inspection_id is not None:
        stmt = stmt.where(AuditEventRecord.inspection_id == inspection_id)
    return [to_event(r) for r in session.scalars(stmt.order_by(AuditEventRecord.seq))]


def replay(events_: list[AuditEvent]) -> CaseState:
    """Rebuild a case's header and answers from its audit events alone (oldest first)."""
    header: dict[str, HeaderValue] = {}
    answers: dict[str, Answer] = {}
    for ev in events_:
        if ev.kind == "case" and ev.key == "" and ev.new is not None:
            header = dict(json.loads(ev.new).get("header", {}))
        elif ev.kind == "header":
            value = None if ev.new is None else json.loads(ev.new)
            if value is None:
                header.pop(ev.key, None)
            else:
                header[ev.key] = value
        elif ev.kind == "answer":
            if ev.new is None:
                answers.pop(ev.key, None)
            else:
                answers[ev.key] = Answer.from_json(json.loads(ev.new))
    return CaseState(header, answers)


def header_from_json(text: str) -> dict[str, HeaderValue]:
    data: Mapping[str, Any] = json.loads(text)
    return {str(k): v for k, v in data.items()}
