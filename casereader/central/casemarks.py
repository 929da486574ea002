"""A case's marks as they travel between a local store and the central store, with its checksum.

Both sides compute the checksum the same way (sha256 of the case's canonical JSON), so the centre can
tell an unchanged case from a changed one and the inspector's export can tell which cases changed
since the last export.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from casereader.bundles.checksums import marks_checksum
from casereader.core.answers import Answer, AnswerValue, HeaderValue


def answer_value_text(value: AnswerValue) -> str | None:
    """How an answer value is stored centrally: option value or text; JSON list; number text."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return json.dumps(list(value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


@dataclass(frozen=True)
class CaseMarks:
    id: str
    reference: str
    header: Mapping[str, HeaderValue] = field(default_factory=dict)
    status: str = "not_started"
    inspector: str = ""
    updated_at: str = ""
    answers: Mapping[str, Answer] = field(default_factory=dict)
    answered_by: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # qid -> (inspector, updated_at)
    role: str = "first"
    reserve: bool = False
    withdrawn_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "reference": self.reference, "header": dict(self.header), "status": self.status,
                "inspector": self.inspector, "updated_at": self.updated_at, "role": self.role,
                "reserve": self.reserve, "withdrawn_reason": self.withdrawn_reason,
                "answers": {qid: a.to_json() for qid, a in sorted(self.answers.items())}}

    @cached_property
    def checksum(self) -> str:
        """sha256 of the canonical JSON of what was marked (not of when or by whom)."""
        return marks_checksum(self.to_json())

    @property
    def untouched(self) -> bool:
        """Nothing marked yet: no answers and not started (a sampled case nobody has opened)."""
        return not self.answers and self.status == "not_started"

    @classmethod
    def from_doc(cls, c: Mapping[str, Any]) -> CaseMarks:
        """From a case of a payload as validated JSON objects (absent fields take their defaults)."""
        answers = {qid: Answer(value=tuple(v) if isinstance(v := a.get("value"), list) else v, na=a.get("na", False),
                               na_reason=a.get("na_reason", ""), comment=a.get("comment", ""))
                   for qid, a in c.get("answers", {}).items()}
        return cls(id=c["id"], reference=c["reference"], header=dict(c.get("header", {})),
                   status=c.get("status", "not_started"), inspector=c.get("inspector", ""),
                   updated_at=c.get("updated_at", ""), answers=answers,
                   answered_by={qid: (a.get("inspector", ""), a.get("updated_at", ""))
                                for qid, a in c.get("answers", {}).items()},
                   role=c.get("role", "first"), reserve=c.get("reserve", False),
                   withdrawn_reason=c.get("withdrawn_reason", ""))

    @classmethod
    def from_record(cls, c: Any) -> CaseMarks:
        """From a :class:`casereader.bundles.models.CaseRecord`."""
        answers = {qid: Answer(value=tuple(a.value) if isinstance(a.value, list) else a.value, na=a.na,
                               na_reason=a.na_reason, comment=a.comment) for qid, a in c.answers.items()}
        return cls(id=c.id, reference=c.reference, header=dict(c.header), status=c.status, inspector=c.inspector,
                   updated_at=c.updated_at, answers=answers,
                   answered_by={qid: (a.inspector, a.updated_at) for qid, a in c.answers.items()},
                   role=c.role, reserve=c.reserve, withdrawn_reason=c.withdrawn_reason)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    actor: str
    case_id: str | None
    kind: str
    key: str
    old: str | None
    new: str | None
    reason: str = ""

    def row(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "case_id": self.case_id, "kind": self.kind,
                "key": self.key, "old": self.old, "new": self.new, "reason": self.reason}


def marks_from_payload(payload: Any) -> tuple[list[CaseMarks], list[AuditRow]]:
    """The cases and every audit event of a decrypted :class:`casereader.bundles.MarksPayload`."""
    cases = [CaseMarks.from_record(c) for c in payload.cases]
    audit = [AuditRow(e.seq, e.at, e.actor, e.case_id, e.kind, e.key, e.old, e.new, e.reason)
             for e in payload.events()]
    return cases, audit
