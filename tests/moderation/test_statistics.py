"""Agreement statistics against PUBLISHED worked examples, each to the precision it was published to, with
its source. The figures below are typed from the sources, never produced by this code."""

from __future__ import annotations

import math

import pytest

from casereader.moderation.coefficients import cohen_kappa, gwet_ac, pabak, prevalence_bias
from casereader.moderation.distributions import chi2_sf, t_quantile, wilson
from casereader.moderation.krippendorff import alpha, bootstrap_alpha
from casereader.moderation.marginal import stuart_maxwell
from casereader.moderation.reliability import reliability


def places(value: float | None, digits: int) -> float:
    """``value`` rounded as the source printed it."""
    assert value is not None
    return round(value, digits)


# Gwet, irrCAC data set cont3x3abstractors (two abstractors classifying 100 pregnancies as ectopic, AIU or
# NIU), R package irrCAC (Gwet 2019) documentation and vignette "Calculating Chance-corrected Agreement
# Coefficients", gwet.ac1.table(cont3x3abstractors): AC1 0.8493, 95% CI (0.76358, 0.93508).
CONT3X3ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]


def test_gwet_ac1_irrcac_published_example() -> None:
    ac1 = gwet_ac(CONT3X3ABSTRACTORS)
    assert places(ac1.value, 5) == 0.84933
    assert (places(ac1.low, 5), places(ac1.high, 5)) == (0.76358, 0.93508)


def test_gwet_ac2_irrcac_weighted_examples() -> None:
    # irrCAC's Python port (afergadis/irrCAC, test/unit/irrCAC/table/test_gwet.py, checked against the R
    # package): cont3x3abstractors with linear weights AC2 0.900 (0.842, 0.958), quadratic 0.940 (0.905, 0.976)
    linear, quadratic = gwet_ac(CONT3X3ABSTRACTORS, "linear"), gwet_ac(CONT3X3ABSTRACTORS, "quadratic")
    assert (places(linear.value, 3), places(linear.low, 3), places(linear.high, 3)) == (0.900, 0.842, 0.958)
    assert (places(quadratic.value, 3), places(quadratic.low, 3), places(quadratic.high, 3)) == (0.940, 0.905, 0.976)


def test_finite_population_correction_narrows_the_interval() -> None:
    # Gwet (2014) §5: the variance is multiplied by (1 - n/N); the whole frame sampled leaves no variance
    infinite = gwet_ac(CONT3X3ABSTRACTORS)
    half = gwet_ac(CONT3X3ABSTRACTORS, population=200)
    whole = gwet_ac(CONT3X3ABSTRACTORS, population=100)
    assert infinite.se is not None and half.se is not None
    assert half.se == pytest.approx(infinite.se * math.sqrt(0.5), rel=1e-12)
    assert whole.se == 0.0 and whole.low == whole.value == half.value
    with pytest.raises(ValueError, match="smaller than the sample"):
        gwet_ac(CONT3X3ABSTRACTORS, population=99)


# SAS/STAT PROC FREQ, AGREE option, printout for the 3 x 3 table below (its "Simple Kappa Coefficient" and
# "Weighted Kappa Coefficient" tables, Cicchetti-Allison = linear weights), as reproduced in statsmodels'
# statsmodels/stats/tests/test_inter_rater.py; SAS computes the ASE by Fleiss, Cohen & Everitt (1969).
SAS_TABLE = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]


def test_kappa_and_weighted_kappa_standard_errors_against_sas() -> None:
    simple = cohen_kappa(SAS_TABLE)
    assert [places(v, 4) for v in (simple.value, simple.se, simple.low, simple.high)] == \
        [0.4842, 0.1380, 0.2137, 0.7547]
    weighted = cohen_kappa(SAS_TABLE, "linear")
    assert [places(v, 4) for v in (weighted.value, weighted.se, weighted.low, weighted.high)] == \
        [0.4701, 0.1457, 0.1845, 0.7558]


def test_kappa_paradox_published_table() -> None:
    # Global Spine Journal 2020 (PMC7222679), "Kappa statistic ... Gwet's AC1", Table 1: 200 MRIs rated by two
    # spine surgeons, 186 called "present" by assessor 2: Po = 0.675, Pe = 0.668, kappa = 0.022.
    table = [[130, 56], [9, 5]]
    k = cohen_kappa(table)
    assert places(k.value, 3) == 0.022
    stats = reliability([("present", "present")] * 130 + [("present", "absent")] * 56 + [("absent", "present")] * 9
                        + [("absent", "absent")] * 5, ("present", "absent"), ordinal=False, key="paradox")
    assert places(stats.agreement.value, 3) == 0.675 and places(stats.kappa.value, 3) == 0.022
    # the paradox: kappa near zero, yet two thirds of the ratings agree; AC1 and PABAK are not dragged down
    assert stats.ac1.value is not None and stats.ac1.value > 0.5 > 0.1 > k.value
    assert stats.pabak is not None and places(stats.pabak.value, 3) == 0.350  # 2 x 0.675 - 1
    # Byrt, Bishop & Carlin (1993): prevalence index (a - d)/n, bias index (b - c)/n
    assert prevalence_bias(table) == (pytest.approx((130 - 5) / 200), pytest.approx((56 - 9) / 200))


def test_feinstein_cicchetti_same_agreement_different_kappa() -> None:
    # Feinstein & Cicchetti (1990), J Clin Epidemiol 43(6):543-549, as tabulated in Gerstman, Epidemiology Kept
    # Simple, Table 10.6: both tables po = 0.85; A: pe = 0.50, kappa = 0.70; B: pe = 0.78, kappa = 0.32
    a, b = cohen_kappa([[40, 9], [6, 45]]), cohen_kappa([[80, 10], [5, 5]])
    assert (places(a.value, 2), places(b.value, 2)) == (0.70, 0.32)
    assert places(pabak([[40, 9], [6, 45]]).value, 2) == places(pabak([[80, 10], [5, 5]]).value, 2) == 0.70


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability" (repository.upenn.edu/asc_papers/43),
# the reliability data of its section C: four observers, twelve units, missing values (None); the paper reports
# nominal alpha 0.743 and ordinal alpha 0.815.
KRIPPENDORFF_2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
                     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
                     [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
                     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
# Krippendorff's computational example as given in "Krippendorff's alpha" (Wikipedia) from Krippendorff,
# Content Analysis (2013): three coders, fifteen units, nominal alpha 0.691.
KRIPPENDORFF_BOOK = [[None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
                     [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
                     [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4]]


def units(matrix: list[list[int | None]]) -> list[list[int]]:
    """Units (columns) as the category indices (value - 1) their observers gave."""
    return [[row[u] - 1 for row in matrix if row[u] is not None] for u in range(len(matrix[0]))]  # type: ignore[operator]


def test_krippendorff_alpha_published_examples() -> None:
    assert places(alpha(units(KRIPPENDORFF_2011), 5, "nominal"), 3) == 0.743
    assert places(alpha(units(KRIPPENDORFF_2011), 5, "ordinal"), 3) == 0.815
    assert places(alpha(units(KRIPPENDORFF_BOOK), 4, "nominal"), 3) == 0.691


def test_bootstrap_interval_is_reproducible_from_its_seed() -> None:
    cases = [[(0, 0)]] * 13 + [[(1, 1)]] * 20 + [[(1, 2)]] * 7 + [[(2, 1)]] * 4 + [[(2, 2)]] * 56
    first = bootstrap_alpha(cases, 3, ("nominal", "ordinal"), seed=20261203)
    again = bootstrap_alpha(cases, 3, ("nominal", "ordinal"), seed=20261203)
    other = bootstrap_alpha(cases, 3, ("nominal", "ordinal"), seed=20261204)
    assert first == again
    for level in ("nominal", "ordinal"):
        e = first[level]
        assert e.value == alpha([list(p) for c in cases for p in c], 3, level) == other[level].value
        assert e.low is not None and e.high is not None and e.low < (e.value or 0) < e.high
        assert (other[level].low, other[level].high) != (e.low, e.high)
    # a case's pairs on several questions are resampled together: two pairs per case, half the cases
    paired = [cases[i] + cases[i + 1] for i in range(0, len(cases), 2)]
    together = bootstrap_alpha(paired, 3, seed=7)["nominal"]
    assert together.value == first["nominal"].value and together.low is not None
    with pytest.raises(ValueError):
        bootstrap_alpha(cases, 3, seed=1, resamples=0)


def test_stuart_maxwell_published_example_and_mcnemar() -> None:
    # Stuart (1955), Biometrika 42:412-416, Table 1: unaided distance vision of 7,477 women (right eye by left
    # eye, four grades); the Stuart-Maxwell statistic 11.96 on 3 df (Agresti, Categorical Data Analysis,
    # 2nd ed. 2002, §10.3.1, reports 11.96, P = 0.008)
    vision = [[1520, 266, 124, 66], [234, 1512, 432, 78], [117, 362, 1772, 205], [36, 82, 179, 492]]
    test = stuart_maxwell(vision)
    assert test is not None and round(test.chi2, 2) == 11.96 and test.df == 3 and round(test.p_value, 3) == 0.008
    # on a 2 x 2 table it is McNemar's (b - c)^2 / (b + c)
    mcnemar = stuart_maxwell([[20, 5], [10, 15]])
    assert mcnemar is not None and mcnemar.chi2 == pytest.approx(25 / 15) and mcnemar.df == 1
    assert stuart_maxwell([[5, 0], [0, 5]]) is None  # never disagree: nothing to test


def test_harsher_marker_is_named() -> None:
    # the first marker gives "not" (worst) where the second gives "fully" (best) in 12 of 40 cases
    table = [[20, 0, 0], [0, 8, 0], [12, 0, 0]]
    test = stuart_maxwell(table)
    assert test is not None and test.differs and test.harsher == "first"
    flipped = stuart_maxwell([list(r) for r in zip(*table)])
    assert flipped is not None and flipped.harsher == "second"


def test_distributions_against_printed_tables() -> None:
    # t(0.975, 99) = 1.984 and chi-square 5% points 3.841 (1 df), 7.815 (3 df): any statistics table
    assert round(t_quantile(0.975, 99), 3) == 1.984 and round(t_quantile(0.975, 10), 3) == 2.228
    assert round(chi2_sf(3.841, 1), 3) == 0.050 and round(chi2_sf(7.815, 3), 3) == 0.050
    assert round(chi2_sf(24.725, 11), 3) == 0.010
    # Wilson (1927) interval, Newcombe (1998) Statistics in Medicine 17:857-872, Table I: 81/263 -> 0.2553-0.3662
    low, high = wilson(81, 263) or (0, 0)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson(0, 0) is None
