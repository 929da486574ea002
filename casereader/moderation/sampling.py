"""Drawing the dip sample for blind second marking, and the calibration table for a training case.

Reproducible: the same cases, inspectors and seed always give the same draw, whatever the input order.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MarkedCase:
    case_id: str
    reference: str
    inspector: str
    casework_type: str


@dataclass(frozen=True)
class Assignment:
    """A case chosen for blind second marking, and who second-marks it."""

    case_id: str
    reference: str
    first_inspector: str
    second_inspector: str
    casework_type: str


def draw_dip_sample(cases: Sequence[MarkedCase], inspectors: Sequence[str], *, fraction: float = 0.1,
                    seed: int, min_per_type: int = 1) -> list[Assignment]:
    """Draw ``fraction`` of each inspector's cases (rounded up), with at least ``min_per_type`` of each
    casework type that inspector marked, and give each to a different inspector, spreading the load.
    """
    if not 0 < fraction <= 1:
        raise ValueError("the dip-sample fraction must be above 0 and at most 1")
    team = sorted(set(inspectors) | {c.inspector for c in cases})
    if len(team) < 2:
        raise ValueError("blind second marking needs at least two inspectors")
    rng = random.Random(seed)
    chosen: list[MarkedCase] = []
    for inspector in sorted({c.inspector for c in cases}):
        own = sorted((c for c in cases if c.inspector == inspector), key=lambda c: (c.reference, c.case_id))
        picked: list[MarkedCase] = []
        for ctype in sorted({c.casework_type for c in own}):
            pool = [c for c in own if c.casework_type == ctype]
            picked.extend(rng.sample(pool, min(min_per_type, len(pool))))
        target = max(math.ceil(fraction * len(own)), len(picked))
        rest = [c for c in own if c not in picked]
        picked.extend(rng.sample(rest, min(target - len(picked), len(rest))))
        chosen.extend(sorted(picked, key=lambda c: c.reference))
    load: Counter[str] = Counter()
    out: list[Assignment] = []
    for case in chosen:
        candidates = [t for t in team if t != case.inspector]
        fewest = min(load[t] for t in candidates)
        second = rng.choice([t for t in candidates if load[t] == fewest])
        load[second] += 1
        out.append(Assignment(case.case_id, case.reference, case.inspector, second, case.casework_type))
    return out


@dataclass(frozen=True)
class CalibrationRow:
    """How the team marked one question of a training case."""

    case_reference: str
    question_id: str
    counts: dict[str, int]
    modal: str
    agreeing: int
    markers: int
    differing: tuple[tuple[str, str], ...]  # (inspector, their answer) where it differs from the mode

    @property
    def agreement_percent(self) -> float:
        return 100.0 * self.agreeing / self.markers if self.markers else 0.0


def calibration_table(marks: Sequence[tuple[str, str, str, str]]) -> list[CalibrationRow]:
    """``marks`` are (inspector, case reference, question id, answer). Rows with disagreement come first."""
    grouped: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for inspector, ref, qid, value in marks:
        grouped.setdefault((ref, qid), []).append((inspector, value))
    rows = []
    for (ref, qid), answers in grouped.items():
        counts = Counter(v for _, v in answers)
        top = max(counts.values())
        modal = sorted(v for v, n in counts.items() if n == top)[0]
        differing = tuple(sorted((i, v) for i, v in answers if v != modal))
        rows.append(CalibrationRow(ref, qid, dict(sorted(counts.items())), modal, counts[modal], len(answers),
                                   differing))
    return sorted(rows, key=lambda r: (r.agreement_percent, r.case_reference, r.question_id))
