"""Krippendorff's alpha (nominal and ordinal) from coincidences, and a seeded bootstrap interval over cases.

Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
Communication, University of Pennsylvania (https://repository.upenn.edu/asc_papers/43): values are
category indices 0..k−1 in scale order; a unit (case) contributes only when it holds two or more values;
alpha = 1 − (n − 1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck over the coincidence matrix o, with δ² = 1 for c ≠ k
(nominal) or δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)² (ordinal).

The interval resamples cases with replacement (``resamples`` times, ``random.Random(seed)``) and takes the
percentile interval of the alphas, so the same seed always gives the same interval.
"""

from __future__ import annotations

import random
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


def _delta(k: int, totals: Sequence[float], level: Level) -> list[list[float]]:
    if level == "nominal":
        return [[0.0 if c == j else 1.0 for j in range(k)] for c in range(k)]
    out = [[0.0] * k for _ in range(k)]
    for c in range(k):
        for j in range(c + 1, k):
            d = (sum(totals[c:j + 1]) - (totals[c] + totals[j]) / 2) ** 2
            out[c][j] = out[j][c] = d
    return out


def alpha_of(o: Sequence[Sequence[float]], level: Level = "nominal") -> float | None:
    """Alpha from a coincidence matrix; None when undefined (fewer than two pairable values, or no
    variation at all)."""
    k = len(o)
    totals = [sum(row) for row in o]
    n = sum(totals)
    if n <= 1:
        return None
    delta = _delta(k, totals, level)
    observed = sum(o[c][j] * delta[c][j] for c in range(k) for j in range(k))
    expected = sum(totals[c] * totals[j] * delta[c][j] for c in range(k) for j in range(k))
    if expected <= 0:
        return None
    return 1 - (n - 1) * observed / expected


def alpha(units: Sequence[Sequence[int]], k: int, level: Level = "nominal") -> float | None:
    """Krippendorff's alpha of units (cases) each holding the category indices its markers gave."""
    return alpha_of(coincidences(units, k), level)


def bootstrap_alpha(pairs: Sequence[tuple[int, int]], k: int, level: Level = "nominal", *, seed: int,
                    resamples: int = RESAMPLES, confidence: float = 0.95) -> Estimate:
    """Alpha of two markers' (first, second) category indices per case, with a percentile bootstrap interval
    over cases. The standard error is the standard deviation of the bootstrap alphas."""
    if resamples < 1:
        raise ValueError("the bootstrap needs at least one resample")
    value = alpha([list(p) for p in pairs], k, level)
    if value is None or len(pairs) < 2:
        return Estimate(value)
    rng = random.Random(seed)
    n = len(pairs)
    found: list[float] = []
    for _ in range(resamples):
        o = [[0.0] * k for _ in range(k)]
        for index in rng.choices(range(n), k=n):
            a, b = pairs[index]
            o[a][b] += 1
            o[b][a] += 1
        got = alpha_of(o, level)
        if got is not None:
            found.append(got)
    if not found:
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
