"""Every agreement statistic of a set of first and second marks, with n and a confidence interval.

:func:`reliability` takes pairs of marks on one scale; :func:`pooled_reliability` pairs from questions on
several scales (a value on one scale never agrees with a value on another). Pairs where either mark is N/A
(or off the scale) are left out of every statistic here, and their number is given as ``excluded``.

What each figure means, and when kappa misleads, is in docs/moderation.md.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casereader.moderation.coefficients import cohen_kappa, contingency, graded, gwet_ac, pabak, prevalence_bias
from casereader.moderation.distributions import Estimate, wilson
from casereader.moderation.krippendorff import RESAMPLES, Level, bootstrap_alpha
from casereader.moderation.marginal import MarginalHomogeneity, stuart_maxwell

CONFIDENCE = 0.95
BOOTSTRAP_SEED = 17  # the base seed of every bootstrap interval: a row's seed is this plus crc32 of its key
Scales = Mapping[str, tuple[Sequence[str], bool]]  # question id -> (ordered categories, ordinal)
Pair = tuple[str, str]


def row_seed(key: str, base: int = BOOTSTRAP_SEED) -> int:
    """The bootstrap seed of the row ``key``: stable across runs and machines."""
    return base + zlib.crc32(key.encode("utf-8"))


@dataclass(frozen=True)
class Reliability:
    """Agreement of ``n`` pairs of marks (N/A pairs excluded) on ``categories`` categories."""

    n: int
    excluded: int  # pairs left out because either mark is N/A or off the scale
    categories: int
    graded: bool  # one ordinal scale of 3+ points: weighted kappa, AC2 and ordinal alpha are given
    agreement: Estimate  # proportion of exact agreement, Wilson interval
    kappa: Estimate
    kappa_linear: Estimate | None
    kappa_quadratic: Estimate | None
    ac1: Estimate
    ac2: Estimate | None  # linear weights
    alpha_nominal: Estimate
    alpha_ordinal: Estimate | None
    pabak: Estimate | None  # one scale only
    prevalence_index: float | None
    bias_index: float | None
    marginal: MarginalHomogeneity | None  # None: the markers never disagree on a category's margin
    frame: int | None  # sample frame N of the finite-population correction (None: not applied)
    seed: int

    def to_json(self) -> dict[str, Any]:
        def est(e: Estimate | None) -> dict[str, Any] | None:
            return None if e is None else e.to_json()

        return {"n": self.n, "excluded": self.excluded, "categories": self.categories,
                "percent_agreement": est(_percent(self.agreement)), "kappa": est(self.kappa),
                "kappa_linear": est(self.kappa_linear), "kappa_quadratic": est(self.kappa_quadratic),
                "gwet_ac1": est(self.ac1), "gwet_ac2_linear": est(self.ac2),
                "krippendorff_alpha_nominal": est(self.alpha_nominal),
                "krippendorff_alpha_ordinal": est(self.alpha_ordinal), "pabak": est(self.pabak),
                "prevalence_index": _r(self.prevalence_index), "bias_index": _r(self.bias_index),
                "marginal_homogeneity": None if self.marginal is None else self.marginal.to_json(),
                "sample_frame": self.frame, "bootstrap_seed": self.seed}


    def lines(self, first: str = "first marker", second: str = "second marker") -> list[tuple[str, str, str]]:
        """(statistic, value, 95% interval) for people; ``first``/``second`` name the markers in the
        harsher-marker line."""
        out = [("pairs used", str(self.n), f"{self.excluded} excluded (N/A or no scale)"),
               ("percent agreement", _fmt(_percent(self.agreement).value, "%"), _ci(_percent(self.agreement), "%")),
               ("Cohen's kappa", _fmt(self.kappa.value), _ci(self.kappa))]
        for name, e in (("kappa, linear weights", self.kappa_linear), ("kappa, quadratic weights",
                        self.kappa_quadratic), ("Gwet's AC1", self.ac1), ("Gwet's AC2, linear weights", self.ac2),
                        ("Krippendorff's alpha, nominal", self.alpha_nominal),
                        ("Krippendorff's alpha, ordinal", self.alpha_ordinal), ("PABAK", self.pabak)):
            if e is not None:
                out.append((name, _fmt(e.value), _ci(e)))
        if self.prevalence_index is not None and self.bias_index is not None:
            out.append(("prevalence index / bias index", f"{self.prevalence_index:.3f} / {self.bias_index:.3f}", ""))
        m = self.marginal
        verdict = "markers never disagree" if m is None else (
            f"{first if m.harsher == 'first' else second} marks harsher" if m.harsher else
            "margins differ" if m.differs else "no evidence of a harsher marker")
        out.append(("Stuart-Maxwell test", "-" if m is None else f"chi2 {m.chi2:.2f}, {m.df} df, p {m.p_value:.3f}",
                    verdict))
        return out


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "-"
    return f"{v:.1f}%" if unit else f"{v:.3f}"


def _ci(e: Estimate, unit: str = "") -> str:
    if e.low is None or e.high is None:
        return ""
    return f"95% CI {_fmt(e.low, unit)} to {_fmt(e.high, unit)}"


def _percent(e: Estimate) -> Estimate:
    def p(v: float | None) -> float | None:
        return None if v is None else 100.0 * v

    return Estimate(p(e.value), p(e.se), p(e.low), p(e.high))


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def reliability(pairs: Sequence[Pair], categories: Sequence[str], *, ordinal: bool, key: str,
                frame: int | None = None, positions: Sequence[float] | None = None, one_scale: bool = True,
                resamples: int = RESAMPLES, cases: Sequence[str] | None = None) -> Reliability:
    """Every statistic over ``pairs`` of values on ``categories`` (in scale order, best first when
    ``ordinal``). ``frame``: how many units the sample was drawn from (finite-population correction of AC1/AC2;
    ignored when smaller than the sample). ``positions``: each category's place for the harsher-marker
    direction, when categories come from several ordered scales. ``key`` seeds the bootstrap, which
    resamples ``cases`` (the case of each pair; default: each pair its own case).

    The same arguments give the same (immutable) result, so it is remembered: the moderation window refreshes
    after every agreed mark without bootstrapping unchanged rows again."""
    return _reliability(tuple(pairs), tuple(categories), ordinal, key, frame,
                        None if positions is None else tuple(positions), one_scale, resamples,
                        None if cases is None else tuple(cases))


@functools.lru_cache(maxsize=2048)
def _reliability(pairs: tuple[Pair, ...], categories: tuple[str, ...], ordinal: bool, key: str, frame: int | None,
                 positions: tuple[float, ...] | None, one_scale: bool, resamples: int,
                 cases: tuple[str, ...] | None) -> Reliability:
    index = {c: i for i, c in enumerate(categories)}
    kept = [i for i, (a, b) in enumerate(pairs) if a in index and b in index]
    on = [pairs[i] for i in kept]
    n, k = len(on), len(categories)
    table = contingency(on, categories)
    weighted = one_scale and graded(categories, ordinal)
    frame = frame if frame is not None and frame >= n > 0 else None
    agree = sum(a == b for a, b in on)
    interval = wilson(agree, n, CONFIDENCE)
    agreement = Estimate(agree / n if n else None, None, *(interval or (None, None)))
    seed = row_seed(key)
    by_case: dict[object, list[tuple[int, int]]] = {}
    for i in kept:
        a, b = pairs[i]
        by_case.setdefault(cases[i] if cases is not None else i, []).append((index[a], index[b]))
    levels: tuple[Level, ...] = ("nominal", "ordinal") if weighted else ("nominal",)
    alphas = bootstrap_alpha(list(by_case.values()), k, levels, seed=seed, resamples=resamples) if n else {}
    empty = Estimate(None)
    pi_bi = prevalence_bias(table) if one_scale and n else None
    return Reliability(
        n=n, excluded=len(pairs) - n, categories=k, graded=weighted, agreement=agreement,
        kappa=cohen_kappa(table, "none", CONFIDENCE) if n else empty,
        kappa_linear=cohen_kappa(table, "linear", CONFIDENCE) if weighted and n else None,
        kappa_quadratic=cohen_kappa(table, "quadratic", CONFIDENCE) if weighted and n else None,
        ac1=gwet_ac(table, "none", CONFIDENCE, frame) if n else empty,
        ac2=gwet_ac(table, "linear", CONFIDENCE, frame) if weighted and n else None,
        alpha_nominal=alphas.get("nominal", empty), alpha_ordinal=alphas.get("ordinal") if weighted else None,
        pabak=(pabak(table, CONFIDENCE) if n else empty) if one_scale else None,
        prevalence_index=pi_bi[0] if pi_bi else None, bias_index=pi_bi[1] if pi_bi else None,
        marginal=stuart_maxwell(table, ordered=ordinal or positions is not None, positions=positions) if n else None,
        frame=frame, seed=seed)


def by_scale(pairs: Sequence[Any], scales: Scales) -> dict[tuple[tuple[str, ...], bool], list[Pair]]:
    """Pairs (anything with ``question_id``, ``first`` and ``second``) grouped by the scale of their question."""
    return {scale: [(p.first, p.second) for p in group] for scale, group in _grouped(pairs, scales).items()}


def _grouped(pairs: Sequence[Any], scales: Scales) -> dict[tuple[tuple[str, ...], bool], list[Any]]:
    groups: dict[tuple[tuple[str, ...], bool], list[Any]] = {}
    for p in pairs:
        cats, ordinal = scales.get(p.question_id, ((), False))
        groups.setdefault((tuple(cats), ordinal), []).append(p)
    return groups


def pooled_reliability(pairs: Sequence[Any], scales: Scales, *, key: str, frame: int | None = None,
                       resamples: int = RESAMPLES) -> Reliability:
    """Statistics over pairs (with ``case_id``, ``question_id``, ``first``, ``second``) from questions on one
    or several scales; the bootstrap resamples cases, each with all its pairs. On one scale this is
    :func:`reliability`; across scales categories are qualified by scale, weighted figures and PABAK are
    not given, and the harsher-marker direction uses each category's place on its own scale (0 best, 1
    worst) when every scale is ordinal. Pairs of questions without a scale (free text) count as excluded."""
    groups = _grouped(pairs, scales)
    if len(groups) == 1:
        (cats, ordinal), group = next(iter(groups.items()))
        return reliability([(p.first, p.second) for p in group], cats, ordinal=ordinal, key=key, frame=frame,
                           resamples=resamples, cases=[p.case_id for p in group])
    qualified: list[Pair] = []
    cases: list[str] = []
    categories: list[str] = []
    positions: list[float] = []
    ordered = True
    for i, ((cats, ordinal), group) in enumerate(groups.items()):
        ordered = ordered and (ordinal or not cats)
        categories += [f"{i}:{c}" for c in cats]
        positions += [j / max(len(cats) - 1, 1) for j in range(len(cats))]
        qualified += [(f"{i}:{p.first}", f"{i}:{p.second}") for p in group]
        cases += [p.case_id for p in group]
    return reliability(qualified, categories, ordinal=False, key=key, frame=frame,
                       positions=positions if ordered else None, one_scale=False, resamples=resamples, cases=cases)
