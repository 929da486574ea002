"""Does one marker mark harder than the other? The Stuart–Maxwell test of marginal homogeneity.

Stuart (1955), *Biometrika* 42, 412–416; Maxwell (1970), *British Journal of Psychiatry* 116, 651–655.
With d the differences of the row and column totals of the first k − 1 categories and S their covariance
(S_ii = n_i. + n_.i − 2·n_ii, S_ij = −(n_ij + n_ji)), X² = dᵀ S⁻¹ d is chi-square with k − 1 degrees of
freedom under homogeneity; on a 2 x 2 table it is McNemar's (b − c)²/(b + c). Categories on which the
markers never disagree carry no information about the margins and are left out (with one degree of
freedom each), so that S can be inverted.

When the test rejects at ``alpha``, the direction says which marker is harsher: categories are in scale
order, best first, so the marker whose marks sit lower on the scale (a higher mean position) is harsher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from casereader.moderation.distributions import chi2_sf

SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class MarginalHomogeneity:
    chi2: float
    df: int
    p_value: float
    first_mean: float | None  # mean scale position (0 = best) of the first marks, on ordered scales
    second_mean: float | None

    @property
    def differs(self) -> bool:
        return self.p_value < SIGNIFICANCE

    @property
    def harsher(self) -> str | None:
        """'first' or 'second' when the margins differ and the scale is ordered, else None."""
        if not self.differs or self.first_mean is None or self.second_mean is None:
            return None
        if self.first_mean == self.second_mean:
            return None
        return "first" if self.first_mean > self.second_mean else "second"

    def to_json(self) -> dict[str, Any]:
        return {"test": "Stuart-Maxwell", "chi2": round(self.chi2, 4), "df": self.df,
                "p_value": round(self.p_value, 4), "differs": self.differs, "harsher": self.harsher}


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float] | None:
    """x with matrix·x = vector by Gaussian elimination with partial pivoting; None when singular."""
    size = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, size):
            factor = a[r][col] / a[col][col]
            for c in range(col, size + 1):
                a[r][c] -= factor * a[col][c]
    x = [0.0] * size
    for r in range(size - 1, -1, -1):
        x[r] = (a[r][size] - sum(a[r][c] * x[c] for c in range(r + 1, size))) / a[r][r]
    return x


def stuart_maxwell(table: Sequence[Sequence[float]], *, ordered: bool = True,
                   positions: Sequence[float] | None = None) -> MarginalHomogeneity | None:
    """The test on a square table (rows: first marker). None when the markers never disagree.

    ``positions`` gives each category's place on its scale for the harsher-marker direction (default: the
    category's index); with ``ordered`` false no direction is given."""
    k = len(table)
    if any(len(row) != k for row in table):
        raise ValueError("the Stuart-Maxwell test needs a square table")
    informative = [i for i in range(k) if any(table[i][j] or table[j][i] for j in range(k) if j != i)]
    if len(informative) < 2:
        return None
    rows = [sum(table[i]) for i in range(k)]
    cols = [sum(table[j][i] for j in range(k)) for i in range(k)]
    kept = informative[:-1]
    d = [rows[i] - cols[i] for i in kept]
    s = [[(rows[i] + cols[i] - 2 * table[i][i]) if i == j else -(table[i][j] + table[j][i]) for j in kept]
         for i in kept]
    x = _solve(s, d)
    if x is None:
        return None
    chi2 = max(sum(a * b for a, b in zip(d, x)), 0.0)
    df = len(informative) - 1
    first_mean = second_mean = None
    n = sum(rows)
    if ordered and n:
        place = list(positions) if positions is not None else [float(i) for i in range(k)]
        first_mean = sum(place[i] * rows[i] for i in range(k)) / n
        second_mean = sum(place[i] * cols[i] for i in range(k)) / n
    return MarginalHomogeneity(chi2, df, chi2_sf(chi2, df), first_mean, second_mean)
