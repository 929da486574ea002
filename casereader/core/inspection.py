"""Inspections, cases and audit events as plain immutable objects, and the contract of the local store.

Storage returns these; the UI, printing, bundles and reports consume them. Nothing above storage ever
holds an ORM object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.errors import UserError
from casereader.core.outcome import Outcome

if TYPE_CHECKING:
    from casereader.core.questionset import QuestionSet


class Round(StrEnum):
    BASELINE = "baseline"
    FOLLOW_UP = "follow-up"


class CaseStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    LOCKED = "locked"

    @property
    def label(self) -> str:
        return {"not_started": "Not started", "in_progress": "In progress", "complete": "Complete",
                "locked": "Locked"}[self.value]

    @property
    def read_only(self) -> bool:
        """A complete or locked case takes no change until it is reopened (or unlocked), with a reason."""
        return self in (CaseStatus.COMPLETE, CaseStatus.LOCKED)

    @property
    def lock(self) -> str:
        """What :class:`~casereader.core.engine.CaseEngine` takes as ``locked``: the status when read-only."""
        return self.value if self.read_only else ""


@dataclass(frozen=True)
class Inspection:
    """One inspection of one Area in one round, pinned to a question-set version and content hash."""

    id: str
    title: str
    programme: str
    area: str
    round: Round
    form_id: str
    form_version: str
    form_hash: str
    inspectors: tuple[str, ...] = ()
    created_at: str = ""
    sample_seed: int | None = None

    @property
    def form_key(self) -> str:
        return f"{self.form_id}@{self.form_version}"


@dataclass(frozen=True)
class CaseSummary:
    """A case as the case list shows it."""

    id: str
    inspection_id: str
    reference: str
    header: Mapping[str, HeaderValue]
    status: CaseStatus
    answered: int = 0
    applicable: int = 0
    inspector: str = ""
    updated_at: str = ""
    reserve: bool = False
    withdrawn_reason: str = ""


@dataclass(frozen=True)
class CaseFile:
    """A whole case: its summary and its state (header and answers)."""

    summary: CaseSummary
    state: CaseState = field(default_factory=CaseState)

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def reference(self) -> str:
        return self.summary.reference


@dataclass(frozen=True)
class AuditEvent:
    """One change, as recorded in the append-only audit log (values as JSON text, or None)."""

    seq: int
    at: str
    actor: str
    case_id: str | None
    kind: str  # "answer" | "header" | "status" | "case" | "inspection" | ...
    key: str  # question id, header field id, or "" for the case itself
    old: str | None
    new: str | None
    reason: str = ""


class CaseStore(Protocol):
    """What the app needs from a local store. ``casereader.storage.LocalStore`` implements it.

    Every write is committed (durable) before the method returns, with its audit row in the same
    transaction. Methods raise ``casereader.core.inspection.StoreError`` with a clear message.
    """

    def list_inspections(self) -> list[Inspection]: ...
    def get_inspection(self, inspection_id: str) -> Inspection: ...
    def list_cases(self, inspection_id: str) -> list[CaseSummary]: ...
    def get_case(self, case_id: str) -> CaseFile: ...
    def save_answer(self, case_id: str, question_id: str, answer: Answer | None, actor: str) -> CaseSummary: ...
    def save_header(self, case_id: str, field_id: str, value: HeaderValue, actor: str) -> CaseSummary: ...
    def set_status(self, case_id: str, status: CaseStatus, actor: str, reason: str = "") -> CaseSummary: ...
    def history(self, case_id: str, key: str | None = None) -> Sequence[AuditEvent]: ...
    def get_setting(self, key: str, default: str | None = None) -> str | None: ...
    def set_setting(self, key: str, value: str) -> None: ...
    def question_set(self, inspection_id: str) -> QuestionSet: ...
    def create_inspection(self, qs: QuestionSet, *, area: str, round: Round | str, title: str = "",
                          inspectors: Iterable[str] = (), form_bytes: bytes, inspection_id: str | None = None,
                          programme: str | None = None, sample_seed: int | None = None,
                          actor: str = "") -> Inspection: ...
    def add_cases(self, inspection_id: str, cases: Iterable[tuple[str, Mapping[str, Any]]], *, actor: str,
                  reserve: bool = False, case_ids: Sequence[str] | None = None) -> list[CaseSummary]: ...
    def backup(self, reason: str, *, protect: Path | None = None) -> Path: ...
    def backup_if_changed(self, reason: str) -> Path | None: ...
    def close(self, *, backup_reason: str | None = None) -> None: ...


class StoreError(UserError):
    """A store operation that could not be done; the message is fit to show the user."""


class ChangeRefused(StoreError):
    """The engine refused a change (see :mod:`casereader.core.outcome`); nothing was stored.

    ``outcome`` holds the coded issues, for callers that show them as what they are rather than as a failed
    save."""

    def __init__(self, reference: str, outcome: Outcome) -> None:
        super().__init__(f"Case {reference}: {outcome.describe(outcome.refusals)}")
        self.reference = reference
        self.outcome = outcome


class CaseIncomplete(StoreError):
    """A case cannot be marked complete; ``outcome`` lists every issue that stops it."""

    def __init__(self, reference: str, outcome: Outcome) -> None:
        lines = "\n".join(f"{i.target}: {i.message}" if i.target else i.message for i in outcome.issues)
        super().__init__(f"Case {reference} is not complete:\n{lines}")
        self.reference = reference
        self.outcome = outcome
