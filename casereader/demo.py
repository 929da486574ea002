"""A demo inspection of fictional cases, for trying the app and for screenshots.

90 fictional cases (40 magistrates' courts, 30 Crown Court, 20 RASSO by default) on the AIP casework set,
some complete, some part-marked, the rest not started, with realistic-looking (invented) references
such as 41AB1234522 and comments. Deterministic for a given seed. Written through the local store's
public API, so every answer is audited like a real one.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.catalogue import Catalogue
from casereader.core.engine import CaseEngine
from casereader.core.inspection import CaseStatus, Inspection, Round
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind

DEMO_AREA = "Demoshire (fictional)"
DEMO_TITLE = "Demo inspection — fictional cases"
DEMO_FORMS = ("aip-casework@2021.1", "aip-casework", "worked-example")
DEMO_INSPECTORS = ("R. Hale (demo)", "K. Osei (demo)")
DEFAULT_MIX = (("MC", 40), ("CC", 30), ("RASSO", 20))

ROUTES = {"MC": (("police", 55), ("area", 30), ("cpsd", 15)),
          "CC": (("area", 50), ("cpsd", 30), ("police", 20)),
          "RASSO": (("area", 85), ("cpsd", 15))}
OUTCOMES = {"MC": (("guilty_plea_first", 45), ("guilty_plea_late", 15), ("conviction_after_trial", 12),
                   ("acquittal_after_trial", 8), ("discontinued", 15), ("other", 5)),
            "CC": (("guilty_plea_first", 25), ("guilty_plea_late", 30), ("conviction_after_trial", 20),
                   ("acquittal_after_trial", 12), ("discontinued", 10), ("live", 3)),
            "RASSO": (("guilty_plea_late", 25), ("conviction_after_trial", 30), ("acquittal_after_trial", 25),
                      ("discontinued", 15), ("live", 5))}
FLAG_ODDS = {"vcl_required": 0.55, "domestic_abuse": 0.25, "hate_crime": 0.06, "youth_defendant": 0.1,
             "custody": 0.15, "not_guilty_plea": 0.05, "victim_letter_required": 0.5}
SCALE_WEIGHTS = {"fully": 58, "partially": 28, "not": 14, "yes": 82, "no": 18}

COMMENTS = {
    "partially": ["Review present but brief; no consideration of {topic}.",
                  "Right decision, but the reasoning on {topic} was thin.",
                  "Done, but late: actioned after the first hearing.",
                  "Adequate overall; {topic} needed more detail."],
    "not": ["No evidence on file of any consideration of {topic}.",
            "Missed: {topic} not addressed before the hearing.",
            "Not done; the file shows a chaser from the court."],
    "no": ["Not on file despite the flag on the case.", "No record found in the case management system."],
    "fully": ["Clear, timely and well reasoned.", "Good grip of {topic} throughout.", "Proportionate and on time."],
    "na": ["Not relevant on these facts.", "Guilty plea at the first hearing."],
}
TOPICS = ["disclosure", "the victim's needs", "bail and custody time limits", "the case strategy",
          "witness availability", "the MG3 action plan", "hearsay and bad character", "ancillary orders"]


@dataclass(frozen=True)
class DemoCase:
    """One fictional case as the generator decided it (before it is written to a store)."""

    reference: str
    header: dict[str, HeaderValue]
    answers: tuple[tuple[str, Answer], ...]
    complete: bool


def demo_question_set(forms_dirs: Sequence[Path]) -> tuple[QuestionSet, bytes]:
    """The AIP casework set (baseline version) if shipped, else the newest AIP, else the worked example."""
    catalogue = Catalogue(forms_dirs)
    for spec in DEMO_FORMS:
        try:
            qs = catalogue.find(spec)
        except KeyError:
            continue
        return qs, catalogue.files[(qs.id, qs.version)].read_bytes()
    fallback = Path(__file__).resolve().parent.parent / "tests" / "core" / "data" / "worked-example.yaml"
    from casereader.core.loader import load_question_set

    return load_question_set(fallback), fallback.read_bytes()


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    values = [v for v, _ in weighted]
    return rng.choices(values, weights=[w for _, w in weighted])[0]


def reference(rng: random.Random, used: set[str]) -> str:
    """A fictional CPS-style URN: force code, two letters, five digits, two-digit year (e.g. 41AB1234522)."""
    while True:
        ref = (f"{rng.randint(1, 62):02d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
               f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(0, 99999):05d}{rng.choice((21, 22, 23)):02d}")
        if ref not in used:
            used.add(ref)
            return ref


def _header(qs: QuestionSet, rng: random.Random, case_type: str, full: bool) -> dict[str, HeaderValue]:
    header: dict[str, HeaderValue] = {}
    for f in qs.header:
        values = [o.value for o in f.options]
        if f.id == "casework_type" and case_type in values:
            header[f.id] = case_type
        elif not full:
            continue
        elif f.id == "charging_route" and case_type in ROUTES:
            header[f.id] = _pick(rng, [(v, w) for v, w in ROUTES[case_type] if v in values] or [(values[0], 1)])
        elif f.id == "outcome" and case_type in OUTCOMES:
            header[f.id] = _pick(rng, [(v, w) for v, w in OUTCOMES[case_type] if v in values] or [(values[0], 1)])
        elif f.type == FieldType.CHOICE and values:
            header[f.id] = rng.choice(values)
        elif f.type == FieldType.FLAG:
            header[f.id] = rng.random() < FLAG_ODDS.get(f.id, 0.15)
    return header


def _answer(qs: QuestionSet, qid: str, rng: random.Random) -> Answer:
    q = qs.question(qid)
    scale = qs.scale_of(qid)
    topic = rng.choice(TOPICS)
    if q.na.allowed and rng.random() < 0.08:
        reason = rng.choice(q.na.reasons) if q.na.reasons else ""
        return Answer(None, True, reason, rng.choice(COMMENTS["na"]) if rng.random() < 0.3 else "")
    if scale.kind != ScaleKind.SINGLE:
        if scale.kind == ScaleKind.NUMBER:
            return Answer(float(rng.randint(int(scale.minimum or 0), int(scale.maximum or 10))))
        if scale.kind == ScaleKind.MULTIPLE:
            return Answer((scale.values[0],)) if scale.values else Answer("")
        return Answer("2023-05-17" if scale.kind == ScaleKind.DATE else "See file note.")
    value = _pick(rng, [(v, SCALE_WEIGHTS.get(v, 10)) for v in scale.values])
    comment = ""
    if value in q.comment_required_for or rng.random() < 0.2:
        bank = COMMENTS.get(value) or COMMENTS["fully"]
        comment = rng.choice(bank).format(topic=topic)
    return Answer(value, False, "", comment)


def generate(qs: QuestionSet, *, seed: int = 2021, mix: Sequence[tuple[str, int]] = DEFAULT_MIX) -> list[DemoCase]:
    """The fictional sample: about a third complete, a third part-marked, the rest not started."""
    rng = random.Random(seed)
    used: set[str] = set()
    out: list[DemoCase] = []
    for case_type, count in mix:
        for _ in range(count):
            roll = rng.random()
            complete, part = roll < 0.34, 0.34 <= roll < 0.67
            header = _header(qs, rng, case_type, full=complete or part)
            engine = CaseEngine(qs, CaseState(header, {}))
            answers: list[tuple[str, Answer]] = []
            stop = 10_000 if complete else (rng.randint(3, max(4, len(engine.applicable) * 2 // 3)) if part else 0)
            while len(answers) < stop:
                qid = engine.next_question(None, unanswered=True)
                if qid is None:
                    break
                ans = _answer(qs, qid, rng)
                engine, _ = engine.with_answer(qid, ans)
                answers.append((qid, ans))
            out.append(DemoCase(reference(rng, used), header, tuple(answers), complete and engine.is_complete))
    return out


def build_demo(store: Any, forms_dirs: Sequence[Path], *, seed: int = 2021,
               mix: Sequence[tuple[str, int]] = DEFAULT_MIX) -> Inspection:
    """Create the demo inspection in ``store`` (a LocalStore) and return it."""
    qs, raw = demo_question_set(forms_dirs)
    inspection: Inspection = store.create_inspection(qs, area=DEMO_AREA, round=Round.BASELINE, title=DEMO_TITLE,
                                         inspectors=DEMO_INSPECTORS, form_bytes=raw, sample_seed=seed,
                                         actor=DEMO_INSPECTORS[0])
    cases = generate(qs, seed=seed, mix=mix)
    summaries = store.add_cases(inspection.id, [(c.reference, c.header) for c in cases], actor=DEMO_INSPECTORS[0])
    for i, (summary, case) in enumerate(zip(summaries, cases, strict=True)):
        if not case.answers:
            continue
        actor = DEMO_INSPECTORS[i % len(DEMO_INSPECTORS)]
        store.save_answers([(summary.id, qid, ans) for qid, ans in case.answers], actor)
        if case.complete:
            store.set_status(summary.id, CaseStatus.COMPLETE, actor)
    return inspection


def find_demo(store: Any) -> Inspection | None:
    """The demo inspection already in ``store``, if any."""
    return next((i for i in store.list_inspections() if i.title == DEMO_TITLE and i.area == DEMO_AREA), None)


def ensure_demo(store: Any, forms_dirs: Sequence[Path], *, seed: int = 2021) -> Inspection:
    """The demo inspection in ``store``: reused when there, built otherwise."""
    return find_demo(store) or build_demo(store, forms_dirs, seed=seed)
