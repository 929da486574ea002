"""Chance-corrected agreement of two markers from their square contingency table (rows: first marker,
columns: second marker, categories in scale order), each with a standard error and confidence interval.

* Cohen's kappa, unweighted or weighted, with the large-sample standard error of Fleiss, Cohen & Everitt
  (1969), "Large sample standard errors of kappa and weighted kappa", *Psychological Bulletin* 72(5),
  323–327 — the ASE SAS PROC FREQ prints; interval kappa ± z·ASE.
* Gwet's AC1 (unweighted) and AC2 (weighted), with Gwet's variance and the finite-population correction
  (1 − n/N) for a sample of n drawn from N: Gwet (2008), *British Journal of Mathematical and Statistical
  Psychology* 61, 29–48, and Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed.; interval
  AC ± t(n−1)·SE, as irrCAC's ``gwet.ac1.table``.
* PABAK, the prevalence-adjusted bias-adjusted kappa (k·po − 1)/(k − 1), with the prevalence and bias
  indices of Byrt, Bishop & Carlin (1993), *Journal of Clinical Epidemiology* 46(5), 423–429; its interval
  is the Wilson interval of po carried through the same line.

Weights are agreement weights: w(i, j) = 1 − |i − j|/(k − 1) (linear) or 1 − (i − j)²/(k − 1)² (quadratic),
the convention of Cohen (1968) and irrCAC.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

from casereader.moderation.distributions import Estimate, t_quantile, wilson, z_quantile

Weighting = Literal["none", "linear", "quadratic"]
Table = Sequence[Sequence[float]]


def graded(categories: Sequence[str], ordinal: bool) -> bool:
    """An ordinal scale of three or more points: where "within one" and weighted figures mean something
    (never yes/no)."""
    return ordinal and len(categories) >= 3


def contingency(pairs: Iterable[tuple[str, str]], categories: Sequence[str]) -> list[list[int]]:
    """The square table of (first, second) values; pairs with a value off ``categories`` are left out."""
    index = {c: i for i, c in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for a, b in pairs:
        if a in index and b in index:
            table[index[a]][index[b]] += 1
    return table


def agreement_weights(k: int, weighting: Weighting = "none") -> list[list[float]]:
    """The k x k agreement weights (1 on the diagonal)."""
    def w(i: int, j: int) -> float:
        if weighting == "none" or k == 1:
            return 1.0 if i == j else 0.0
        d = abs(i - j) / (k - 1)
        return 1.0 - (d if weighting == "linear" else d * d)

    return [[w(i, j) for j in range(k)] for i in range(k)]


def _margins(table: Table) -> tuple[int, float, list[float], list[float]]:
    k = len(table)
    if k == 0 or any(len(row) != k for row in table):
        raise ValueError("agreement needs a square table")
    n = float(sum(sum(row) for row in table))
    if n == 0:
        return k, 0.0, [], []
    rows = [sum(row) / n for row in table]
    cols = [sum(table[i][j] for i in range(k)) / n for j in range(k)]
    return k, n, rows, cols


def cohen_kappa(table: Table, weighting: Weighting = "none", level: float = 0.95) -> Estimate:
    """Cohen's kappa with the Fleiss–Cohen–Everitt asymptotic standard error (undefined: value None)."""
    k, n, rows, cols = _margins(table)
    if n == 0:
        return Estimate(None)
    w = agreement_weights(k, weighting)
    p = [[table[i][j] / n for j in range(k)] for i in range(k)]
    po = sum(w[i][j] * p[i][j] for i in range(k) for j in range(k))
    pe = sum(w[i][j] * rows[i] * cols[j] for i in range(k) for j in range(k))
    if pe >= 1.0 - 1e-12:
        return Estimate(None)
    kappa = (po - pe) / (1 - pe)
    row_w = [sum(w[i][j] * cols[j] for j in range(k)) for i in range(k)]  # w-bar i.
    col_w = [sum(w[i][j] * rows[i] for i in range(k)) for j in range(k)]  # w-bar .j
    spread = sum(p[i][j] * (w[i][j] - (row_w[i] + col_w[j]) * (1 - kappa)) ** 2 for i in range(k) for j in range(k))
    variance = (spread - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2)
    se = math.sqrt(max(variance, 0.0))
    z = z_quantile(level)
    return Estimate(kappa, se, max(-1.0, kappa - z * se), min(1.0, kappa + z * se))


def gwet_ac(table: Table, weighting: Weighting = "none", level: float = 0.95,
            population: int | None = None) -> Estimate:
    """Gwet's AC1 (``weighting`` "none") or AC2, with Gwet's variance; ``population`` is the size N of the
    sample frame the n rated subjects were drawn from (finite-population correction 1 − n/N; None: infinite).

    Raises ValueError when the population is smaller than the sample."""
    k, n, rows, cols = _margins(table)
    if n == 0 or k < 2:
        return Estimate(None)
    if population is not None and population < n:
        raise ValueError(f"the sample frame ({population}) is smaller than the sample ({int(n)})")
    w = agreement_weights(k, weighting)
    p = [[table[i][j] / n for j in range(k)] for i in range(k)]
    pa = sum(w[i][j] * p[i][j] for i in range(k) for j in range(k))
    pi = [(rows[i] + cols[i]) / 2 for i in range(k)]
    total_w = sum(map(sum, w))
    scale = total_w / (k * (k - 1))
    pe = scale * sum(x * (1 - x) for x in pi)
    if pe >= 1.0 - 1e-12:
        return Estimate(None)
    ac = (pa - pe) / (1 - pe)
    fraction = 0.0 if population is None else n / population
    spread = sum(p[i][j] * (w[i][j] - 2 * (1 - ac) * scale * (1 - (pi[i] + pi[j]) / 2)) ** 2
                 for i in range(k) for j in range(k))
    variance = (1 - fraction) / (n * (1 - pe) ** 2) * (spread - (pa - 2 * (1 - ac) * pe) ** 2)
    se = math.sqrt(max(variance, 0.0))
    if n < 2:
        return Estimate(ac, se)
    t = t_quantile(1 - (1 - level) / 2, n - 1)
    return Estimate(ac, se, ac - t * se, min(1.0, ac + t * se))


def pabak(table: Table, level: float = 0.95) -> Estimate:
    """PABAK = (k·po − 1)/(k − 1) for k categories (2·po − 1 on a 2 x 2 table), with the Wilson interval of
    po mapped through the same line. Its standard error is not given (the interval is not symmetric)."""
    k, n, _rows, _cols = _margins(table)
    if n == 0 or k < 2:
        return Estimate(None)
    agree = sum(table[i][i] for i in range(k))
    po = agree / n
    interval = wilson(round(agree), round(n), level)

    def line(x: float) -> float:
        return (k * x - 1) / (k - 1)

    return Estimate(line(po), None, *(line(x) for x in interval)) if interval else Estimate(line(po))


def prevalence_bias(table: Table) -> tuple[float, float] | None:
    """Byrt, Bishop & Carlin's prevalence index (a − d)/n and bias index (b − c)/n of a 2 x 2 table
    [[a, b], [c, d]]. A larger table is first collapsed to its most used category against the rest (so
    ``a`` is that category on both marks). None for an empty table."""
    k, n, rows, cols = _margins(table)
    if n == 0:
        return None
    top = max(range(k), key=lambda i: (rows[i] + cols[i], -i))
    a = table[top][top]
    b = sum(table[top][j] for j in range(k) if j != top)
    c = sum(table[i][top] for i in range(k) if i != top)
    d = n - a - b - c
    return (a - d) / n, (b - c) / n
