"""First and second marks of one question side by side, as plain values for the CLI, the window and reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casereader.core.answers import Answer, value_from_text
from casereader.core.engine import coerce_answer_value
from casereader.core.questionset import QuestionSet, ScaleKind
from casereader.moderation.agreement import MarkPair
from casereader.moderation.consistency import NA, mark_text


@dataclass(frozen=True)
class Mark:
    """One stored mark: the value text as held centrally, N/A, and the marker's comment."""

    value: str | None
    na: bool = False
    na_reason: str = ""
    comment: str = ""
    inspector: str = ""

    @property
    def text(self) -> str:
        """The compared form (``n/a`` for not applicable)."""
        return mark_text(self.value, self.na)

    @property
    def shown(self) -> str:
        """For people: the value, or N/A with its reason."""
        if self.na:
            return "N/A" + (f" ({self.na_reason})" if self.na_reason else "")
        return self.value or ""

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "na": self.na, "na_reason": self.na_reason, "comment": self.comment,
                "inspector": self.inspector}


@dataclass(frozen=True)
class Resolution:
    """The moderator's agreed mark, why, and who recorded it when."""

    mark: Mark
    reason: str
    moderator: str
    resolved_at: str

    def to_json(self) -> dict[str, Any]:
        return {**self.mark.to_json(), "reason": self.reason, "moderator": self.moderator,
                "resolved_at": self.resolved_at}


@dataclass(frozen=True)
class PairDetail:
    """One question of one second-marked case: the first mark, the blind second mark, any agreed mark."""

    original_case_id: str
    second_case_id: str
    reference: str
    question_id: str
    first: Mark
    second: Mark
    resolution: Resolution | None = None

    @property
    def differs(self) -> bool:
        return self.first.text != self.second.text

    @property
    def pair(self) -> MarkPair:
        return MarkPair(self.original_case_id, self.question_id, self.first.inspector, self.second.inspector,
                        self.first.text, self.second.text)

    def to_json(self) -> dict[str, Any]:
        return {"case": self.reference, "case_id": self.original_case_id, "second_case_id": self.second_case_id,
                "question": self.question_id, "first": self.first.to_json(), "second": self.second.to_json(),
                "agreed": self.resolution.to_json() if self.resolution else None}


def agreed_answer(qs: QuestionSet, question_id: str, mark: str, *, na_reason: str = "", comment: str = "") -> Answer:
    """The moderator's mark as an answer: an option value or label, ``n/a``, or a value of the scale's kind.

    Raises ValueError naming the question when the mark cannot be one."""
    if question_id not in {q.id for q in qs.questions}:
        raise ValueError(f"question {question_id} is not in {qs.key}")
    if mark.strip().lower() in (NA, "na", "n.a."):
        return Answer(None, True, na_reason, comment)
    if na_reason:
        raise ValueError(f"question {question_id}: an N/A reason is only for a mark of n/a")
    try:
        value = coerce_answer_value(qs, question_id, mark)
    except ValueError as exc:
        raise ValueError(f"question {question_id}: {exc}") from exc
    if value is None:
        raise ValueError(f"question {question_id}: the agreed mark is empty")
    return Answer(value, False, "", comment)


def stored_answer(qs: QuestionSet, question_id: str, mark: Mark) -> Answer:
    """A centrally stored mark back as an answer (lists are stored as JSON, numbers as text)."""
    kind = qs.scale_of(question_id).kind
    value = value_from_text(mark.value, multiple=kind == ScaleKind.MULTIPLE, number=kind == ScaleKind.NUMBER)
    return Answer(value, mark.na, mark.na_reason, mark.comment)
