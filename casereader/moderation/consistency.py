"""The report's "consistency" section as plain data: how far first and blind second marks agree.

Built from the mark pairs the central store provides (:func:`casereader.central.moderation.pair_details`),
per question (least consistent first), per first inspector, per inspector pair (first → second) and
overall, with the number of pairs, exact agreement, agreement within one category (ordinal scales of three
or more points), Cohen's kappa and linear-weighted kappa; and, per row, every agreement statistic of
:mod:`casereader.moderation.reliability` with n and a confidence interval (N/A pairs excluded, and counted).
Pure: no database, no Qt; the report outputs (JSON/CSV/XLSX/PDF) render ``to_json()`` or ``to_rows()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casereader.core.answers import Answer, value_text
from casereader.core.questionset import QuestionSet, ScaleKind
from casereader.moderation.agreement import Agreement, MarkPair, agreement
from casereader.moderation.coefficients import graded
from casereader.moderation.krippendorff import RESAMPLES
from casereader.moderation.reliability import BOOTSTRAP_SEED, CONFIDENCE, Reliability, by_scale, pooled_reliability

NA = "n/a"  # how an answer of "not applicable" is compared: it agrees only with another N/A
Scales = Mapping[str, tuple[Sequence[str], bool]]  # question id -> (ordered categories, ordinal)


def mark_text(value: str | None, na: bool) -> str:
    """The compared form of a centrally stored answer (value text, or ``n/a``)."""
    return NA if na else (value or "")


def answer_text(answer: Answer) -> str:
    """The compared form of an answer entered at the centre (e.g. a moderator's agreed mark)."""
    if answer.na:
        return NA
    return value_text(answer.value) or ""


def scales_of(qs: QuestionSet) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Categories and ordinality per question: single-choice scales give their option values in order;
    they are ordinal when every option carries points (ordered by points, highest first)."""
    out: dict[str, tuple[tuple[str, ...], bool]] = {}
    for q in qs.questions:
        scale = qs.scale_of(q.id)
        if scale.kind != ScaleKind.SINGLE:
            out[q.id] = ((), False)
            continue
        points = {o.value: qs.points_for(q.id, o.value) for o in scale.options}
        ordinal = len(points) > 1 and all(p is not None for p in points.values())
        values = tuple(o.value for o in scale.options)
        if ordinal:
            values = tuple(sorted(values, key=lambda v: (-(points[v] or 0), values.index(v))))
        out[q.id] = (values, ordinal)
    return out


@dataclass(frozen=True)
class AgreementRow:
    """One line of the consistency section: a question, an inspector, or everything."""

    key: str
    label: str
    pairs: int
    exact: int
    ordinal_pairs: int
    within_one: int | None
    kappa: float | None
    weighted_kappa: float | None
    statistics: Reliability | None = None  # every statistic with n and a confidence interval, N/A excluded

    @property
    def exact_percent(self) -> float | None:
        return None if self.pairs == 0 else 100.0 * self.exact / self.pairs

    @property
    def within_one_percent(self) -> float | None:
        if self.within_one is None or self.ordinal_pairs == 0:
            return None
        return 100.0 * self.within_one / self.ordinal_pairs

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "pairs": self.pairs, "exact": self.exact,
                "exact_percent": _round(self.exact_percent, 1), "ordinal_pairs": self.ordinal_pairs,
                "within_one": self.within_one, "within_one_percent": _round(self.within_one_percent, 1),
                "kappa": _round(self.kappa, 3), "weighted_kappa": _round(self.weighted_kappa, 3),
                "statistics": None if self.statistics is None else self.statistics.to_json()}


ROW_HEADER = ("part", "key", "label", "pairs", "exact agreement %", "within one %", "kappa", "weighted kappa")


@dataclass(frozen=True)
class ConsistencySection:
    questions: tuple[AgreementRow, ...]  # least consistent first
    inspectors: tuple[AgreementRow, ...]  # by first inspector
    overall: AgreementRow
    cases: int  # second-marked cases with at least one pair
    disagreements: int  # pairs that differ
    resolutions: int  # agreed marks recorded
    inspector_pairs: tuple[AgreementRow, ...] = ()  # by (first inspector, second inspector)
    frame: int | None = None  # cases eligible for the draw (the sample frame), when known

    @property
    def open_disagreements(self) -> int:
        return max(self.disagreements - self.resolutions, 0)

    def to_json(self) -> dict[str, Any]:
        return {"cases": self.cases, "pairs": self.overall.pairs, "disagreements": self.disagreements,
                "resolutions": self.resolutions, "overall": self.overall.to_json(),
                "questions": [r.to_json() for r in self.questions],
                "inspectors": [r.to_json() for r in self.inspectors],
                "inspector_pairs": [r.to_json() for r in self.inspector_pairs],
                "sample_frame": self.frame, "confidence": CONFIDENCE,
                "bootstrap": {"resamples": RESAMPLES, "seed": BOOTSTRAP_SEED,
                              "row_seed": "seed + crc32(row key, UTF-8)"},
                "notes": ["exact agreement counts N/A against N/A as agreeing",
                          "within one category and weighted kappa (linear weights) on ordinal scales of three "
                          "or more points only, never yes/no",
                          "kappa is blank where it is undefined (no pairs, or every mark the same)",
                          "statistics: pairs where either mark is N/A (or has no category scale) are excluded "
                          "and counted in 'excluded'; intervals are 95%: Wilson (percent agreement, PABAK), "
                          "kappa ± z·ASE (Fleiss, Cohen & Everitt 1969), AC1/AC2 ± t(n-1)·SE (Gwet, with the "
                          "finite-population correction when the sample frame is known), bootstrap "
                          "percentile over cases (Krippendorff's alpha)"]}

    def to_rows(self) -> list[tuple[Any, ...]]:
        """A header row, then one row per question, per inspector and overall (percentages to 1 dp)."""
        rows: list[tuple[Any, ...]] = [ROW_HEADER]
        for part, items in (("question", self.questions), ("inspector", self.inspectors),
                            ("overall", (self.overall,))):
            for r in items:
                rows.append((part, r.key, r.label, r.pairs, _round(r.exact_percent, 1),
                             _round(r.within_one_percent, 1), _round(r.kappa, 3), _round(r.weighted_kappa, 3)))
        return rows


def pooled(pairs: Sequence[MarkPair], scales: Scales) -> tuple[Agreement, int]:
    """Agreement over pairs that may come from several scales, and how many pairs were on graded scales
    (ordinal, three or more points).

    Pairs on one scale use that scale's categories. Across scales, kappa is computed over the union of
    scale-qualified categories (a value on one scale never agrees with a value on another); weighted kappa
    and within-one are given only when every pair is on one graded scale (within-one is summed per scale).
    """
    groups = by_scale(pairs, scales)
    if not pairs:
        return Agreement(0, 0, None, None, None), 0
    ordinal_pairs = sum(len(v) for (c, o), v in groups.items() if graded(c, o))
    if len(groups) == 1:
        (cats, ordinal), group = next(iter(groups.items()))
        if not cats:
            return Agreement(len(group), sum(a == b for a, b in group), None, None, None), 0
        return agreement(group, cats, ordinal=ordinal), ordinal_pairs
    exact = sum(a == b for group in groups.values() for a, b in group)
    within: int | None = None
    if ordinal_pairs:
        within = sum(agreement(g, cats, ordinal=True).within_one or 0 for (cats, o), g in groups.items()
                     if graded(cats, o))
    qualified = [(f"{i}:{a}", f"{i}:{b}") for i, (key, g) in enumerate(groups.items()) if key[0] for a, b in g]
    categories = [f"{i}:{c}" for i, key in enumerate(groups) for c in key[0]]
    k = agreement(qualified, categories, ordinal=False).kappa if categories and qualified else None
    return Agreement(len(pairs), exact, within, k, None), ordinal_pairs


def _row(key: str, label: str, pairs: Sequence[MarkPair], scales: Scales, frame: int | None) -> AgreementRow:
    a, ordinal_pairs = pooled(pairs, scales)
    units = None if frame is None else frame * len({p.question_id for p in pairs})
    stats = pooled_reliability(pairs, scales, key=key, frame=units) if pairs else None
    return AgreementRow(key, label, a.pairs, a.exact, ordinal_pairs, a.within_one, a.kappa, a.weighted_kappa, stats)


def build_consistency(pairs: Sequence[MarkPair], scales: Scales, *, resolutions: int = 0,
                      labels: Mapping[str, str] | None = None,
                      frames: Mapping[str, int] | None = None) -> ConsistencySection:
    """The consistency section from every (first, second) mark pair. ``labels``: question id -> text;
    ``frames``: first inspector -> how many of their cases were eligible for the draw (the sample frame of the
    finite-population correction: a row's frame is its cases times its questions; unknown inspectors: none).

    Questions are ordered least consistent first: by exact agreement, then within one, then kappa."""
    labels = labels or {}
    by_q: dict[str, list[MarkPair]] = {}
    by_i: dict[str, list[MarkPair]] = {}
    by_pair: dict[tuple[str, str], list[MarkPair]] = {}
    for p in pairs:
        by_q.setdefault(p.question_id, []).append(p)
        by_i.setdefault(p.first_inspector, []).append(p)
        by_pair.setdefault((p.first_inspector, p.second_inspector), []).append(p)
    frames = frames or {}
    total = sum(frames.values()) if frames else None

    def frame_of(inspectors: set[str]) -> int | None:
        return sum(frames[i] for i in inspectors) if inspectors <= frames.keys() else None

    questions = sorted((_row(q, labels.get(q, q), ps, scales, total) for q, ps in by_q.items()),
                       key=lambda r: (_sort_key(r.exact_percent), _sort_key(r.within_one_percent),
                                      _sort_key(r.kappa), r.key))
    inspectors = tuple(_row(i, i, ps, scales, frame_of({i})) for i, ps in sorted(by_i.items()))
    inspector_pairs = tuple(_row(f"{a} → {b}", f"{a} marked, {b} second-marked", ps, scales, frame_of({a}))
                            for (a, b), ps in sorted(by_pair.items()))
    return ConsistencySection(tuple(questions), inspectors, _row("all", "All questions", pairs, scales, total),
                              cases=len({p.case_id for p in pairs}),
                              disagreements=sum(p.first != p.second for p in pairs), resolutions=resolutions,
                              inspector_pairs=inspector_pairs, frame=total)


def _sort_key(v: float | None) -> float:
    return 101.0 if v is None else v


def _round(v: float | None, places: int) -> float | None:
    return None if v is None else round(v, places)
