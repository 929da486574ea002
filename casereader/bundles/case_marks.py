"""A case's marks as they travel in a marks bundle between a local store and the central store, with its checksum.

Both sides compute the checksum the same way (sha256 of the case's canonical JSON), so the centre can
tell an unchanged case from a changed one and the inspector's export can tell which cases changed
since the last export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from casereader.bundles.checksums import marks_checksum
from casereader.core.answers import Answer, HeaderValue


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
