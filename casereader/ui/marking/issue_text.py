"""The engine's coded issues as the inspector reads them: translated text, chosen by code, never by matching
English sentences. The command line uses :attr:`Issue.message`; the app uses :func:`issue_text`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtCore import QCoreApplication as Q

from casereader.core.inspection import CaseStatus, Round
from casereader.core.outcome import Issue, IssueCode
from casereader.core.questionset import NotApplicable, reasons_in, text_in
from casereader.ui.translation import current_language


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _range(p: Mapping[str, Any]) -> str:
    low, high = p.get("minimum"), p.get("maximum")
    if low is not None and high is not None:
        return Q.translate("IssueText", "must be between {low} and {high}").format(low=_number(low), high=_number(high))
    if low is not None:
        return Q.translate("IssueText", "must be at least {low}").format(low=_number(low))
    return Q.translate("IssueText", "must be at most {high}").format(high=_number(high))


def _choices(values: Any) -> str:
    return ", ".join(str(v) for v in values)


_TEXT: dict[IssueCode, Callable[[Mapping[str, Any]], str]] = {
    IssueCode.UNKNOWN_QUESTION: lambda p: Q.translate("IssueText", "no such question in this question set"),
    IssueCode.UNKNOWN_FIELD: lambda p: Q.translate("IssueText", "no such header field in this question set"),
    IssueCode.LOCKED: lambda p: Q.translate("IssueText", "the case is locked: reopen it to change it"),
    IssueCode.NOT_APPLICABLE: lambda p: Q.translate("IssueText", "does not apply to this case"),
    IssueCode.NOT_ON_SCALE: lambda p: Q.translate("IssueText", "'{value}' is not on the scale ({allowed})").format(
        value=p["value"], allowed=_choices(p["allowed"])),
    IssueCode.DUPLICATE_CHOICE: lambda p: Q.translate("IssueText", "the same choice is given twice"),
    IssueCode.NOT_A_NUMBER: lambda p: Q.translate("IssueText", "'{value}' is not a number").format(value=p["value"]),
    IssueCode.OUT_OF_RANGE: _range,
    IssueCode.NOT_A_DATE: lambda p: Q.translate("IssueText", "'{value}' is not a date (YYYY-MM-DD)").format(
        value=p["value"]),
    IssueCode.NOT_TEXT: lambda p: Q.translate("IssueText", "expected text"),
    IssueCode.NA_NOT_ALLOWED: lambda p: Q.translate("IssueText", "this question cannot be marked not applicable"),
    IssueCode.NA_REASON_UNKNOWN: lambda p: Q.translate("IssueText", "'{reason}' is not one of the N/A reasons").format(
        reason=p["reason"]),
    IssueCode.NA_WITH_VALUE: lambda p: Q.translate("IssueText",
                                                   "an answer marked not applicable cannot also have a value"),
    IssueCode.NOT_AN_OPTION: lambda p: Q.translate("IssueText", "'{value}' is not one of: {allowed}").format(
        value=p["value"], allowed=_choices(p["allowed"])),
    IssueCode.NOT_YES_NO: lambda p: Q.translate("IssueText", "expected yes or no"),
    IssueCode.REQUIRED: lambda p: Q.translate("IssueText", "not answered yet"),
    IssueCode.EVIDENCE_REQUIRED: lambda p: Q.translate(
        "IssueText", "write the evidence for '{label}' in the comment").format(label=p["label"]),
    IssueCode.RULE_FAILED: lambda p: str(p["text"]),  # the question set's own wording
}


def issue_text(issue: Issue) -> str:
    """What the issue says to the inspector, in the interface language."""
    return _TEXT[issue.code](issue.params)


def ui_text(item: BaseModel, field: str) -> str:
    """A question-set field (wording, guidance, a label, a title) in the interface language: its Welsh
    (``*_cy``) when the interface is Welsh and the set gives one, else the English. Keys never change."""
    return text_in(item, field, current_language())


def ui_reasons(na: NotApplicable) -> tuple[str, ...]:
    """The N/A reasons to show, in the interface language (the stored reason stays the English one)."""
    return reasons_in(na, current_language())


def codes_with_text() -> frozenset[IssueCode]:
    return frozenset(_TEXT)


_STATUS = {CaseStatus.NOT_STARTED: QT_TRANSLATE_NOOP("CaseStatus", "Not started"),
           CaseStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("CaseStatus", "In progress"),
           CaseStatus.COMPLETE: QT_TRANSLATE_NOOP("CaseStatus", "Complete"),
           CaseStatus.LOCKED: QT_TRANSLATE_NOOP("CaseStatus", "Locked")}


_ROUND = {Round.BASELINE: QT_TRANSLATE_NOOP("Round", "baseline"),
          Round.FOLLOW_UP: QT_TRANSLATE_NOOP("Round", "follow-up")}


def round_text(round_: Round) -> str:
    """An inspection round as the inspector reads it, in a line of captions ("Wessex · baseline · ...")."""
    return Q.translate("Round", str(_ROUND[round_]))


def status_text(status: CaseStatus) -> str:
    """A case status as the inspector reads it (chosen by the status, not by its English label)."""
    return Q.translate("CaseStatus", str(_STATUS[status]))
