"""The rows a bundle's cases become at the centre: one central_case row per case, its central_answer rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casereader.core.answers import decode_value, value_text

if TYPE_CHECKING:
    from casereader.bundles.validation import PayloadChecker

CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Incoming:
    """A case of the bundle (validated JSON object) with its checksum."""

    doc: Mapping[str, Any]
    checksum: str

    @property
    def id(self) -> str:
        return str(self.doc["id"])

    @property
    def role(self) -> str:
        return str(self.doc.get("role", "first"))

    @property
    def untouched(self) -> bool:
        return (not self.doc.get("answers") and self.doc.get("status", "not_started") == "not_started"
                and not self.doc.get("withdrawn_reason"))  # a withdrawal (sample replace) is a change too

    @property
    def header(self) -> dict[str, Any]:
        return dict(self.doc.get("header", {}))


def case_row(c: Incoming, device_id: str, sequence: int) -> dict[str, Any]:
    d = c.doc
    return {"reference": d["reference"], "header": c.header, "status": d.get("status", "not_started"),
            "inspector": d.get("inspector", ""), "updated_at": d.get("updated_at", ""), "device_id": device_id,
            "checksum": c.checksum, "sequence": sequence, "reserve": d.get("reserve", False),
            "withdrawn_reason": d.get("withdrawn_reason", "")}


ANSWER_COLUMNS = ("case_id", "question_id", "role", "value", "na", "na_reason", "comment", "applicable", "inspector",
                   "updated_at")


def answer_rows(checker: PayloadChecker, c: Incoming) -> list[tuple[Any, ...]]:
    """The case's central_answer rows (values for :data:`ANSWER_COLUMNS`)."""
    applicable = checker.applicable(c.doc)
    case_id, role = c.id, c.role
    inspector, updated_at = c.doc.get("inspector", ""), c.doc.get("updated_at", "")
    rows = []
    for qid, a in c.doc.get("answers", {}).items():
        if a.keys() == _PLAIN_ANSWER:  # as exports write them: the case's inspector and time
            value, na, na_reason, comment = a["value"], a["na"], a["na_reason"], a["comment"]
            who, when = inspector, updated_at
        else:
            value, na, na_reason, comment = a.get("value"), a.get("na", False), a.get("na_reason", ""), \
                a.get("comment", "")
            who, when = a.get("inspector") or inspector, a.get("updated_at") or updated_at
        rows.append((case_id, qid, role, value if isinstance(value, str) else _value_text(value), na, na_reason,
                     comment, qid in applicable, who, when))
    return rows


_PLAIN_ANSWER = {"value", "na", "na_reason", "comment"}


def _value_text(value: Any) -> str | None:
    return value_text(decode_value(value))


def conflict_message(detail: str) -> str:
    if detail.startswith("{"):
        try:
            return str(json.loads(detail)["message"])
        except (ValueError, KeyError):
            return detail
    return detail


def chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]
