"""Scores: points over maximum points, with N/A and inapplicable questions in neither part."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Score:
    """Points earned, maximum points and the number of answers that contributed."""

    points: int = 0
    max_points: int = 0
    answers: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.points + other.points, self.max_points + other.max_points, self.answers + other.answers)

    @property
    def percent(self) -> float | None:
        """Points over maximum points × 100, or None when nothing was scored."""
        return None if self.max_points == 0 else 100.0 * self.points / self.max_points

    @property
    def percent_1dp(self) -> Decimal | None:
        """The percentage rounded half-up to one decimal place, as HMCPSI publishes it."""
        return round_1dp(self.percent)


def round_1dp(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_percent(value: float | Decimal | None) -> str:
    if value is None:
        return "–"
    d = value if isinstance(value, Decimal) else round_1dp(value)
    return f"{d}%"


@dataclass(frozen=True)
class CaseScores:
    """One case's scores per measure and per theme."""

    by_measure: Mapping[str, Score]
    by_theme: Mapping[str, Score]


def total(scores: Mapping[str, Score]) -> Score:
    out = Score()
    for s in scores.values():
        out = out + s
    return out
