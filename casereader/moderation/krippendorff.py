"""Krippendorff's alpha (nominal and ordinal) from coincidences, and a seeded bootstrap interval over cases.

Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
Communication, University of Pennsylvania (https://repository.upenn.edu/asc_papers/43): values are
category indices 0..k−1 in scale order; a unit (case) contributes only when it holds two or more values;
alpha = 1 − (n − 1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck over the coincidence matrix o, with δ² = 1 for c ≠ k
(nominal) or δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)² (ordinal).

The interval resamples cases with replacement (``resamples`` times, ``random.Random(seed)``) — a case's pairs
on several questions together — and takes the percentile interval of the alphas, so the same seed always
gives the same interval.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from casereader.moderation.distributions import Estimate

Level = Literal["nominal", "ordinal"]
RESAMPLES = 1000


def coincidences(units: Sequence[Sequence[int]], k: int) -> list[list[float]]:
    """The k x k coincidence matrix of units holding category indices (units with one value are skipped)."""
    o = [[0.0] * k for _ in range(k)]
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for a in range(m):
            for b in range(m):
                if a != b:
                    o[values[a]][values[b]] += 1 / (m - 1)
    return o


Cells = dict[tuple[int, int], float]  # the non-zero cells of a coincidence matrix


def alpha_of_cells(cells: Cells, k: int, level: Level = "nominal") -> float | None:
    """Alpha from the non-zero cells of a k x k coincidence matrix; None when undefined (fewer than two
    pairable values, or no variation at all). Nominal alpha needs only the margins and the diagonal, so it
    costs O(cells + k) however many categories there are."""
    totals = [0.0] * k
    for (c, _), count in cells.items():
        totals[c] += count
    n = sum(totals)
    if n <= 1:
        return None
    if level == "nominal":
        observed = n - sum(count for (c, j), count in cells.items() if c == j)
        expected = n * n - sum(t * t for t in totals)
    else:  # delta(c, j) = n_c/2 + (the marks strictly between) + n_j/2, squared
        delta = [[0.0] * k for _ in range(k)]
        expected = 0.0
        for c in range(k):
            run = totals[c] / 2
            for j in range(c + 1, k):
                d = (run + totals[j] / 2) ** 2
                delta[c][j] = delta[j][c] = d
                expected += 2 * totals[c] * totals[j] * d
                run += totals[j]
        observed = sum(count * delta[c][j] for (c, j), count in cells.items())
    if expected <= 0:
        return None
    return 1 - (n - 1) * observed / expected


def alpha_of(o: Sequence[Sequence[float]], level: Level = "nominal") -> float | None:
    """Alpha from a dense coincidence matrix."""
    cells = {(c, j): v for c, row in enumerate(o) for j, v in enumerate(row) if v}
    return alpha_of_cells(cells, len(o), level)


def alpha(units: Sequence[Sequence[int]], k: int, level: Level = "nominal") -> float | None:
    """Krippendorff's alpha of units (cases) each holding the category indices its markers gave."""
    return alpha_of(coincidences(units, k), level)


def bootstrap_alpha(cases: Sequence[Sequence[tuple[int, int]]], k: int, levels: Sequence[Level] = ("nominal",), *,
                    seed: int, resamples: int = RESAMPLES, confidence: float = 0.95) -> dict[Level, Estimate]:
    """Alpha at each of ``levels`` for two markers, from each case's (first, second) category indices (one
    pair per case for a question; a case's pairs of several questions travel together), with a percentile
    bootstrap interval over cases: the same resamples serve every level. The standard error is the standard
    deviation of the bootstrap alphas."""
    if resamples < 1:
        raise ValueError("the bootstrap needs at least one resample")
    per_case: list[Cells] = []
    for pairs in cases:
        cells: Cells = {}
        for a, b in pairs:
            cells[(a, b)] = cells.get((a, b), 0.0) + 1
            cells[(b, a)] = cells.get((b, a), 0.0) + 1
        per_case.append(cells)
    whole: Cells = {}
    for cells in per_case:
        for cell, count in cells.items():
            whole[cell] = whole.get(cell, 0.0) + count
    values = {level: alpha_of_cells(whole, k, level) for level in levels}
    m = len(per_case)
    if m < 2 or all(v is None for v in values.values()):
        return {level: Estimate(v) for level, v in values.items()}
    # cases with the same cells are interchangeable: draw among the distinct kinds, weighted by how many
    kinds = Counter(tuple(sorted(cells.items())) for cells in per_case)
    shapes = sorted(kinds)
    population = [i for i, shape in enumerate(shapes) for _ in range(kinds[shape])]  # one entry per case
    rng = random.Random(seed)
    found: dict[Level, list[float]] = {level: [] for level in levels}
    for _ in range(resamples):
        drawn: Cells = {}
        for index, times in Counter(rng.choices(population, k=m)).items():
            for cell, count in shapes[index]:
                drawn[cell] = drawn.get(cell, 0.0) + count * times
        for level in levels:
            got = alpha_of_cells(drawn, k, level)
            if got is not None:
                found[level].append(got)
    return {level: _interval(values[level], found[level], confidence) for level in levels}


def _interval(value: float | None, found: list[float], confidence: float) -> Estimate:
    if value is None or not found:
        return Estimate(value)
    found.sort()
    mean = sum(found) / len(found)
    se = (sum((x - mean) ** 2 for x in found) / max(len(found) - 1, 1)) ** 0.5
    tail = (1 - confidence) / 2
    return Estimate(value, se, _quantile(found, tail), _quantile(found, 1 - tail))


def _quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (Hyndman & Fan type 7, the default of R and numpy)."""
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
