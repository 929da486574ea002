"""A case's state: header values and answers keyed by stable question id. No derived state here."""

from __future__ import annotations

import datetime as dt
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
        value: Any = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"value": value, "na": self.na, "na_reason": self.na_reason, "comment": self.comment}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Answer:
        value = data.get("value")
        if isinstance(value, list):
            value = tuple(str(v) for v in value)
        elif isinstance(value, bool) or (value is not None and not isinstance(value, (str, int, float))):
            raise ValueError(f"answer value of unexpected type {type(value).__name__}")
        elif isinstance(value, (int, float)):
            value = float(value)
            if not math.isfinite(value):
                raise ValueError("answer value is not a finite number")
        return cls(
            value=value,
            na=bool(data.get("na", False)),
            na_reason=str(data.get("na_reason") or ""),
            comment=str(data.get("comment") or ""),
        )


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
