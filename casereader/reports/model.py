"""The report model: plain immutable records with every figure's numerator, denominator and n.

Percentages are exact decimals computed from integer counts (never floats), then rounded by a recorded
:class:`Rounding`, so a published figure is reproducible from the stored answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from casereader.core.questionset import QuestionSet

ROUNDING_MODES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}

METHOD = {
    "score": "points over maximum points: sum of the points earned by the applicable, answered questions "
             "divided by the sum of their maximum points, x 100 (N/A and inapplicable questions are in "
             "neither part)",
    "pooled": "national (pooled): points and maximum points summed over every case in every Area, then divided",
    "mean_of_areas": "national (mean of Areas): the unweighted mean of the Areas' unrounded percentages, "
                     "then rounded",
    "distribution": "answer distribution: answers of each value over the applicable questions answered "
                    "(N/A and inapplicable excluded); multiple-choice answers count once per option chosen",
    "theme": "theme score: points over maximum points of the theme's questions that feed a measure",
    "strongest_weakest": "strongest and weakest Area by unrounded percentage; gap = strongest minus weakest "
                         "on the rounded (published) figures, in percentage points",
}


if TYPE_CHECKING:
    from casereader.moderation.consistency import ConsistencySection

@dataclass(frozen=True)
class Rounding:
    """How figures are rounded for publication (HMCPSI: one decimal place, half-up)."""

    places: int = 1
    mode: str = "half-up"

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    def apply(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=ROUNDING_MODES[self.mode])

    def describe(self) -> str:
        return f"{self.places} decimal place(s), rounding {self.mode}, on exact decimal fractions of counts"


@dataclass(frozen=True)
class Figure:
    """A percentage with its parts: numerator over denominator, and n, the answers (or cases) behind it."""

    numerator: int
    denominator: int
    n: int
    exact: Decimal | None
    published: Decimal | None

    @classmethod
    def of(cls, numerator: int, denominator: int, n: int, rounding: Rounding) -> Figure:
        if denominator == 0:
            return cls(numerator, denominator, n, None, None)
        exact = Decimal(100 * numerator) / Decimal(denominator)
        return cls(numerator, denominator, n, exact, rounding.apply(exact))

    def to_dict(self) -> dict[str, object]:
        return {"numerator": self.numerator, "denominator": self.denominator, "n": self.n,
                "percent": _num(self.published), "percent_exact": _num(self.exact)}


@dataclass(frozen=True)
class AreaScore:
    area: str
    figure: Figure
    cases: int

    def to_dict(self) -> dict[str, object]:
        return {"area": self.area, "cases": self.cases, **self.figure.to_dict()}


@dataclass(frozen=True)
class ScoreRow:
    """One measure, theme or scored question for one group: national figures, every Area, the spread."""

    kind: str  # measure | theme | question
    id: str
    title: str
    group: tuple[str, ...]
    pooled: Figure
    mean_of_areas: Decimal | None
    mean_of_areas_exact: Decimal | None
    areas: tuple[AreaScore, ...]
    cases: int
    strongest: AreaScore | None = None
    weakest: AreaScore | None = None
    gap_pp: Decimal | None = None

    def area(self, name: str) -> AreaScore | None:
        return next((a for a in self.areas if a.area == name), None)


@dataclass(frozen=True)
class OptionShare:
    value: str
    label: str
    figure: Figure


@dataclass(frozen=True)
class Distribution:
    """Answers of one question in one group, nationally (``area`` None) or in one Area."""

    question_id: str
    text: str
    theme: str | None
    group: tuple[str, ...]
    area: str | None
    answered: int
    na: int
    options: tuple[OptionShare, ...]

    def option(self, value: str) -> OptionShare | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Travel:
    """Direction of travel of one figure between the baseline and the follow-up."""

    kind: str
    id: str
    title: str
    group: tuple[str, ...]
    scope: str  # pooled | mean_of_areas | area
    area: str | None
    baseline: Decimal | None
    follow_up: Decimal | None
    change: Decimal | None
    direction: str  # improved | declined | static | not comparable | no data
    arrow: str
    baseline_n: int
    follow_up_n: int
    note: str = ""


@dataclass(frozen=True)
class Comparison:
    baseline: str
    follow_up: str
    rule: Mapping[str, str]
    rows: tuple[Travel, ...]


@dataclass(frozen=True)
class QueryCount:
    """Queries on marks (the review loop) of one inspection, Area or question (``(case)``: on whole cases)."""

    group: str  # inspection | area | question
    key: str
    open: int
    answered: int
    closed: int
    median_days_to_close: float | None

    def to_json(self) -> dict[str, Any]:
        days = self.median_days_to_close
        return {"group": self.group, "key": self.key, "open": self.open, "answered": self.answered,
                "closed": self.closed, "median_days_to_close": None if days is None else round(days, 2)}


@dataclass(frozen=True)
class Report:
    by: tuple[str, ...]
    group_labels: Mapping[str, Mapping[str, str]]
    forms: tuple[str, ...]
    areas: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    cases: Mapping[tuple[str, ...], int]
    measures: tuple[ScoreRow, ...]
    themes: tuple[ScoreRow, ...]
    questions: tuple[ScoreRow, ...]
    distributions: tuple[Distribution, ...]
    rounding: Rounding
    selection: Mapping[str, str] = field(default_factory=dict)
    comparison: Comparison | None = None
    question_sets: tuple[QuestionSet, ...] = ()
    consistency: ConsistencySection | None = None  # marking consistency (blind second marking), if asked for
    queries: tuple[QueryCount, ...] = ()  # the review loop's queries, by inspection, Area and question

    def rows(self, kind: str) -> tuple[ScoreRow, ...]:
        return {"measure": self.measures, "theme": self.themes, "question": self.questions}[kind]

    def row(self, kind: str, id_: str, group: tuple[str, ...] = ()) -> ScoreRow | None:
        return next((r for r in self.rows(kind) if r.id == id_ and r.group == group), None)

    def distribution(self, question_id: str, group: tuple[str, ...] = (), area: str | None = None
                     ) -> Distribution | None:
        return next((d for d in self.distributions
                     if d.question_id == question_id and d.group == group and d.area == area), None)

    def group_label(self, group: tuple[str, ...]) -> str:
        if not group:
            return "All cases"
        parts = []
        for f, v in zip(self.by, group):
            parts.append(self.group_labels.get(f, {}).get(v, v or "(not recorded)"))
        return " / ".join(parts)


def _num(d: Decimal | None) -> float | None:
    return None if d is None else float(d)
