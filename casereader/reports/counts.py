"""What the central store hands to aggregation: answer counts per group, Area and question set.

Counting is done in SQL (``casereader.central.queries``); everything after that is pure Python over
these plain records, so a report is exact (points are per answer value) and fast for any sample size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from casereader.core.questionset import QuestionSet

NOT_RECORDED = ""


@dataclass(frozen=True)
class AnswerCount:
    """How many applicable answers of one value (or N/A) a question got in one group of one Area."""

    form_hash: str
    group: tuple[str, ...]
    area: str
    question_id: str
    value: str | None
    na: bool
    count: int


@dataclass(frozen=True)
class CaseCount:
    """How many cases one group of one Area holds (the sample size printed beside the figures)."""

    form_hash: str
    group: tuple[str, ...]
    area: str
    count: int


@dataclass(frozen=True)
class CountData:
    """Answer and case counts, grouped by the fields ``by``, with the question sets they were marked on."""

    by: tuple[str, ...]
    answers: tuple[AnswerCount, ...]
    cases: tuple[CaseCount, ...]
    forms: Mapping[str, QuestionSet]
    selection: Mapping[str, str] = field(default_factory=dict)

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(sorted({c.area for c in self.cases} | {a.area for a in self.answers}))

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({c.group for c in self.cases} | {a.group for a in self.answers}))
