"""Agreement between two markers: exact, within one category, Cohen's kappa (unweighted and weighted).

Pure functions over pairs of answer values. Weighted kappa uses agreement weights
w(i, j) = 1 - |i - j| / (k - 1) (linear) or 1 - (i - j)^2 / (k - 1)^2 (quadratic), the convention of
Cohen (1968) and Gwet's irrCAC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casereader.moderation.coefficients import Weighting, cohen_kappa, contingency, graded

__all__ = ["Agreement", "MarkPair", "Weighting", "agreement", "by_inspector", "by_question", "contingency", "kappa"]


def kappa(table: Sequence[Sequence[float]], weighting: Weighting = "none") -> float | None:
    """Cohen's kappa for a square contingency table (rows: first marker, columns: second marker).

    Returns None when kappa is undefined (no pairs, or expected agreement of 1).
    """
    try:
        return cohen_kappa(table, weighting).value
    except ValueError:
        raise ValueError("kappa needs a square table") from None


@dataclass(frozen=True)
class Agreement:
    """Agreement over ``pairs`` pairs of marks of one question (or one inspector, or overall)."""

    pairs: int
    exact: int
    within_one: int | None  # ordinal scales of three or more points only
    kappa: float | None
    weighted_kappa: float | None  # ordinal scales of three or more points only (linear weights)

    @property
    def exact_percent(self) -> float | None:
        return None if self.pairs == 0 else 100.0 * self.exact / self.pairs

    @property
    def within_one_percent(self) -> float | None:
        return None if self.pairs == 0 or self.within_one is None else 100.0 * self.within_one / self.pairs


def agreement(pairs: Sequence[tuple[str, str]], categories: Sequence[str], *, ordinal: bool,
              weighting: Weighting = "linear") -> Agreement:
    """Agreement for pairs of answer values on a scale with the given (ordered) categories.

    Pairs where either value is off the scale (e.g. N/A against an answer) count as disagreements in
    the exact and within-one figures and cannot enter kappa's table; two equal off-scale values (N/A and
    N/A) agree exactly, and so also within one category.
    """
    index = {c: i for i, c in enumerate(categories)}
    exact = sum(1 for a, b in pairs if a == b)
    within = None
    if graded(categories, ordinal):
        within = sum(1 for a, b in pairs if a == b or (a in index and b in index and abs(index[a] - index[b]) <= 1))
    table = contingency(pairs, categories)
    k = kappa(table) if pairs else None
    wk = kappa(table, weighting) if graded(categories, ordinal) and pairs else None
    return Agreement(len(pairs), exact, within, k, wk)


@dataclass(frozen=True)
class MarkPair:
    """The first and second mark of one question on one case."""

    case_id: str
    question_id: str
    first_inspector: str
    second_inspector: str
    first: str
    second: str


def by_question(pairs: Sequence[MarkPair], scales: Mapping[str, tuple[Sequence[str], bool]]
                ) -> list[tuple[str, Agreement]]:
    """Agreement per question, least consistent first. ``scales`` maps question id to (categories, ordinal)."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for p in pairs:
        grouped.setdefault(p.question_id, []).append((p.first, p.second))
    out = []
    for qid, qpairs in grouped.items():
        categories, ordinal = scales.get(qid, ((), False))
        out.append((qid, agreement(qpairs, categories, ordinal=ordinal)))
    return sorted(out, key=lambda item: (item[1].exact_percent if item[1].exact_percent is not None else 101.0,
                                         item[0]))


def by_inspector(pairs: Sequence[MarkPair]) -> list[tuple[str, int, int]]:
    """(first inspector, pairs, exact agreements) per inspector whose marks were second-marked."""
    counts: dict[str, list[int]] = {}
    for p in pairs:
        c = counts.setdefault(p.first_inspector, [0, 0])
        c[0] += 1
        c[1] += int(p.first == p.second)
    return sorted((name, n, agree) for name, (n, agree) in counts.items())
