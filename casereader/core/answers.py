"""A case's state: header values and answers keyed by stable question id. No derived state here."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

AnswerValue = str | float | tuple[str, ...] | None
HeaderValue = str | bool | float | None


@dataclass(frozen=True)
class Answer:
    """One question's answer. ``value`` is an option value, a tuple of them, text, an ISO date or a number."""

    value: AnswerValue = None
    na: bool = False
    na_reason: str = ""
    comment: str = ""

    @property
    def given(self) -> bool:
        """Whether the question has been answered (including answered as not applicable)."""
        return self.na or self.value not in (None, "", ())

    def to_json(self) -> dict[str, Any]:
        return {"value": encode_value(self.value), "na": self.na, "na_reason": self.na_reason,
                "comment": self.comment}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Answer:
        return cls(
            value=decode_value(data.get("value")),
            na=bool(data.get("na", False)),
            na_reason=str(data.get("na_reason") or ""),
            comment=str(data.get("comment") or ""),
        )


def encode_value(value: AnswerValue) -> Any:
    """An answer value as JSON holds it (the local store, bundles): a list for several choices."""
    return list(value) if isinstance(value, tuple) else value


def decode_value(raw: Any) -> AnswerValue:
    """An answer value back from JSON: a list becomes a tuple of choices, a whole number a float.
    Raises ValueError for anything an answer cannot hold (a yes/no, an object, an infinite number)."""
    if raw is None or isinstance(raw, str):
        return raw
    if isinstance(raw, list):
        return tuple(str(v) for v in raw)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError(f"answer value of unexpected type {type(raw).__name__}")
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError("answer value is not a finite number")
    return value


def value_text(value: AnswerValue) -> str | None:
    """An answer value as one text column holds it (the central store): the option value or text, the
    choices as a JSON list, a number without a needless ``.0``."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return json.dumps(list(value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def value_from_text(text: str | None, *, multiple: bool = False, number: bool = False) -> AnswerValue:
    """:func:`value_text` read back, given the kind of the question's scale. Raises ValueError."""
    if text is None:
        return None
    if multiple:
        parsed = json.loads(text)
        return tuple(str(v) for v in parsed) if isinstance(parsed, list) else (str(parsed),)
    if number:
        return float(text)
    return text


@dataclass(frozen=True)
class CaseState:
    """What an inspector has entered for one case: its header and its answers."""

    header: Mapping[str, HeaderValue] = field(default_factory=dict)
    answers: Mapping[str, Answer] = field(default_factory=dict)

    def with_answer(self, question_id: str, answer: Answer | None) -> CaseState:
        answers = dict(self.answers)
        if answer is None or not (answer.given or answer.comment):
            answers.pop(question_id, None)
        else:
            answers[question_id] = answer
        return CaseState(self.header, answers)

    def with_header(self, field_id: str, value: HeaderValue) -> CaseState:
        header = dict(self.header)
        if value is None or value == "":
            header.pop(field_id, None)
        else:
            header[field_id] = value
        return CaseState(header, self.answers)


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def parse_number(text: str) -> float:
    """A finite number from text; ValueError with a message fit for the user otherwise."""
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"'{text}' is not a number")
    return number
