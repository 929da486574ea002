"""Agreement between two markers: exact, within one category, Cohen's kappa (unweighted and weighted).

Pure functions over pairs of answer values. Weighted kappa uses agreement weights
w(i, j) = 1 - |i - j| / (k - 1) (linear) or 1 - (i - j)^2 / (k - 1)^2 (quadratic), the convention of
Cohen (1968) and Gwet's irrCAC.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Weighting = Literal["none", "linear", "quadratic"]


def kappa(table: Sequence[Sequence[float]], weighting: Weighting = "none") -> float | None:
    """Cohen's kappa for a square contingency table (rows: first marker, columns: second marker).

    Returns None when kappa is undefined (no pairs, or expected agreement of 1).
    """
    k = len(table)
    if k == 0 or any(len(row) != k for row in table):
        raise ValueError("kappa needs a square table")
    n = float(sum(sum(row) for row in table))
    if n == 0:
        return None
    rows = [sum(row) / n for row in table]
    cols = [sum(table[i][j] for i in range(k)) / n for j in range(k)]

    def weight(i: int, j: int) -> float:
        if weighting == "none" or k == 1:
            return 1.0 if i == j else 0.0
        d = abs(i - j) / (k - 1)
        return 1.0 - (d if weighting == "linear" else d * d)

    observed = sum(weight(i, j) * table[i][j] / n for i in range(k) for j in range(k))
    expected = sum(weight(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k))
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


@dataclass(frozen=True)
class Agreement:
    """Agreement over ``pairs`` pairs of marks of one question (or one inspector, or overall)."""

    pairs: int
    exact: int
    within_one: int | None  # ordinal scales only
    kappa: float | None
    weighted_kappa: float | None  # ordinal scales only (linear weights)

    @property
    def exact_percent(self) -> float | None:
        return None if self.pairs == 0 else 100.0 * self.exact / self.pairs

    @property
    def within_one_percent(self) -> float | None:
        return None if self.pairs == 0 or self.within_one is None else 100.0 * self.within_one / self.pairs


def contingency(pairs: Iterable[tuple[str, str]], categories: Sequence[str]) -> list[list[int]]:
    index = {c: i for i, c in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for a, b in pairs:
        if a in index and b in index:
            table[index[a]][index[b]] += 1
    return table


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
    if ordinal:
        within = sum(1 for a, b in pairs if a == b or (a in index and b in index and abs(index[a] - index[b]) <= 1))
    table = contingency(pairs, categories)
    k = kappa(table) if pairs else None
    wk = kappa(table, weighting) if ordinal and pairs else None
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
