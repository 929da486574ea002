"""The engine's outcome contract: what it decides about an answer, a header value or a whole case.

Every rule of a question set is decided once, by :class:`~casereader.core.engine.CaseEngine`, and its
decision leaves the engine as coded :class:`Issue` values, never as sentences to compare. Each code says
by itself what it means for the caller:

- codes in :data:`REFUSING` refuse the change outright: nothing is stored (a value off the scale, a number
  out of range, a locked case...);
- the others only keep the case from being complete (a required question not answered yet, an evidence
  note still to write, a ``valid_if`` rule not yet met): the draft is saved.

Storage refuses through the same :meth:`CaseEngine.check`; the UI turns codes into translated text next
to the question; the command line and the bundle validator use :attr:`Issue.message`, the English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class IssueCode(StrEnum):
    """What is wrong. The params each code carries are listed beside it."""

    UNKNOWN_QUESTION = "unknown_question"  # -
    UNKNOWN_FIELD = "unknown_field"  # -
    LOCKED = "locked"  # status
    NOT_APPLICABLE = "not_applicable"  # -
    NOT_ON_SCALE = "not_on_scale"  # value, allowed
    DUPLICATE_CHOICE = "duplicate_choice"  # value
    NOT_A_NUMBER = "not_a_number"  # value
    OUT_OF_RANGE = "out_of_range"  # value, minimum, maximum (either may be None)
    NOT_A_DATE = "not_a_date"  # value
    NOT_TEXT = "not_text"  # -
    NA_NOT_ALLOWED = "na_not_allowed"  # -
    NA_REASON_UNKNOWN = "na_reason_unknown"  # reason, allowed
    NA_WITH_VALUE = "na_with_value"  # -
    NOT_AN_OPTION = "not_an_option"  # value, allowed (a header choice)
    NOT_YES_NO = "not_yes_no"  # value (a header flag)
    # These keep a case from being complete but never refuse a save: the draft is kept.
    REQUIRED = "required"  # label (header fields; questions need none)
    EVIDENCE_REQUIRED = "evidence_required"  # value, label
    RULE_FAILED = "rule_failed"  # text (the question set's own valid_message)


REFUSING: frozenset[IssueCode] = frozenset(IssueCode) - {
    IssueCode.REQUIRED, IssueCode.EVIDENCE_REQUIRED, IssueCode.RULE_FAILED}


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _range(p: Mapping[str, Any]) -> str:
    low, high = p.get("minimum"), p.get("maximum")
    if low is not None and high is not None:
        return f"must be between {_number(low)} and {_number(high)}"
    if low is not None:
        return f"must be at least {_number(low)}"
    return f"must be at most {_number(high)}"


_ENGLISH: dict[IssueCode, Any] = {
    IssueCode.UNKNOWN_QUESTION: lambda p: "no such question in this question set",
    IssueCode.UNKNOWN_FIELD: lambda p: "no such header field in this question set",
    IssueCode.LOCKED: lambda p: (f"the case is {p.get('status', 'locked')} and cannot be changed; reopen it first "
                                 "(casereader case reopen)"),
    IssueCode.NOT_APPLICABLE: lambda p: "does not apply to this case, so it cannot be answered",
    IssueCode.NOT_ON_SCALE: lambda p: f"'{p['value']}' is not on the scale ({', '.join(p['allowed'])})",
    IssueCode.DUPLICATE_CHOICE: lambda p: "the same choice is given twice",
    IssueCode.NOT_A_NUMBER: lambda p: f"'{p['value']}' is not a number",
    IssueCode.OUT_OF_RANGE: _range,
    IssueCode.NOT_A_DATE: lambda p: f"'{p['value']}' is not a date (YYYY-MM-DD)",
    IssueCode.NOT_TEXT: lambda p: "expected text",
    IssueCode.NA_NOT_ALLOWED: lambda p: "this question cannot be marked not applicable",
    IssueCode.NA_REASON_UNKNOWN: lambda p: f"'{p['reason']}' is not one of the N/A reasons",
    IssueCode.NA_WITH_VALUE: lambda p: "an answer marked not applicable cannot also have a value",
    IssueCode.NOT_AN_OPTION: lambda p: f"'{p['value']}' is not one of: {', '.join(p['allowed'])}",
    IssueCode.NOT_YES_NO: lambda p: "expected yes or no",
    IssueCode.REQUIRED: lambda p: f"{p['label']}: required" if p.get("label") else "required and not answered",
    IssueCode.EVIDENCE_REQUIRED: lambda p: f"a comment (the evidence for the mark) is required for '{p['label']}'",
    IssueCode.RULE_FAILED: lambda p: str(p["text"]),
}


@dataclass(frozen=True)
class Issue:
    """One decision of the engine about one question or header field (``target``; "" for the case)."""

    code: IssueCode
    target: str
    params: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __hash__(self) -> int:
        return hash((self.code, self.target))

    @property
    def refuses_save(self) -> bool:
        """Whether the change must not be stored at all (otherwise it only keeps the case incomplete)."""
        return self.code in REFUSING

    @property
    def message(self) -> str:
        """English text for the command line, logs and bundle validation (the UI translates codes itself)."""
        text: str = _ENGLISH[self.code](self.params)
        return text


@dataclass(frozen=True)
class Outcome:
    """What the engine decided about one change (or about completing a case)."""

    issues: tuple[Issue, ...] = ()

    @property
    def refusals(self) -> tuple[Issue, ...]:
        """The issues that refuse the change: when there are any, nothing may be stored."""
        return tuple(i for i in self.issues if i.refuses_save)

    @property
    def accepted(self) -> bool:
        """Whether the change may be stored (it may still leave the case incomplete)."""
        return not self.refusals

    @property
    def clean(self) -> bool:
        """No issue at all: for a case, that it may be marked complete."""
        return not self.issues

    def describe(self, issues: tuple[Issue, ...] | None = None) -> str:
        """The issues (all by default) as one English line: ``ID: message; ID: message``."""
        return "; ".join(f"{i.target}: {i.message}" if i.target else i.message
                         for i in (self.issues if issues is None else issues))


ACCEPTED = Outcome()
