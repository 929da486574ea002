"""Builds central stores for the report tests: rows written straight into the schema.py tables.

Applicability is computed by the real case engine, as bundle import does, so the counts the report
reads are the ones a real import would store.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, update

from casereader.central.schema import (
    AssignmentRecord,
    CentralAnswerRecord,
    CentralBase,
    CentralCaseRecord,
    CentralInspectionRecord,
    FormRecord,
)
from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.engine import CaseEngine
from casereader.core.loader import load_question_set_bytes
from casereader.core.questionset import QuestionSet

Case = tuple[Mapping[str, HeaderValue], Mapping[str, Answer]]


class CentralDb:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_engine(url)
        CentralBase.metadata.create_all(self.engine)

    def add_form(self, source: Path | bytes) -> QuestionSet:
        raw = source.read_bytes() if isinstance(source, Path) else source
        h = hashlib.sha256(raw).hexdigest()
        qs = load_question_set_bytes(raw, "test form", expect_hash=h)
        with self.engine.begin() as conn:
            if conn.execute(FormRecord.__table__.select().where(FormRecord.form_hash == h)).first() is None:
                conn.execute(insert(FormRecord), [{"form_hash": h, "form_id": qs.id, "form_version": qs.version,
                                                    "content": raw}])
        return qs

    def add_inspection(self, qs: QuestionSet, area: str, round_: str = "baseline",
                       inspection_id: str | None = None) -> str:
        iid = inspection_id or str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(insert(CentralInspectionRecord), [{
                "id": iid, "title": f"{area} {round_}", "programme": qs.programme, "area": area, "round": round_,
                "form_id": qs.id, "form_version": qs.version, "form_hash": qs.content_hash,
                "inspectors": ["Inspector A"], "created_at": "2026-01-01T00:00:00+00:00"}])
        return iid

    def add_cases(self, inspection_id: str, qs: QuestionSet, cases: Iterable[Case], *,
                  status: str = "complete", inspector: str = "Inspector A", withdrawn_reason: str = "",
                  reserve: bool = False, first_reference: int = 0) -> list[str]:
        case_rows, answer_rows, ids = [], [], []
        for n, (header, answers) in enumerate(cases):
            cid = str(uuid.uuid4())
            ids.append(cid)
            engine = CaseEngine(qs, CaseState(dict(header), dict(answers)))
            case_rows.append({"id": cid, "inspection_id": inspection_id, "reference": f"URN{first_reference + n:06d}",
                              "header": dict(header), "status": status, "inspector": inspector,
                              "withdrawn_reason": withdrawn_reason, "reserve": reserve})
            for qid, a in answers.items():
                value = (json.dumps(list(a.value)) if isinstance(a.value, tuple)
                         else a.value if isinstance(a.value, str) or a.value is None else str(a.value))
                answer_rows.append({"case_id": cid, "question_id": qid, "role": "first", "value": value,
                                    "na": a.na, "na_reason": a.na_reason, "comment": a.comment,
                                    "applicable": engine.is_applicable(qid), "inspector": inspector})
        with self.engine.begin() as conn:
            if case_rows:
                conn.execute(insert(CentralCaseRecord), case_rows)
            if answer_rows:
                conn.execute(insert(CentralAnswerRecord), answer_rows)
        return ids

    def add_second_marking(self, source_id: str, qs: QuestionSet, originals: list[str], cases: Iterable[Case], *,
                           status: str = "complete", inspector: str = "Inspector B") -> list[str]:
        """Blind second marking of ``originals`` (case ids of ``source_id``), as a draw records it: a
        second-marking inspection holding a marked copy of each, linked by ``central_assignment``."""
        copy_id = self.add_inspection(qs, "copy", inspection_id=str(uuid.uuid4()))
        with self.engine.begin() as conn:
            conn.execute(update(CentralInspectionRecord).where(CentralInspectionRecord.id == copy_id).values(
                purpose="second_marking", source_inspection_id=source_id))
        copies = self.add_cases(copy_id, qs, cases, status=status, inspector=inspector)
        with self.engine.begin() as conn:
            conn.execute(insert(AssignmentRecord), [
                {"second_case_id": c, "original_case_id": o, "first_inspector": "Inspector A",
                 "second_inspector": inspector, "inspection_id": copy_id, "seed": 1,
                 "drawn_at": "2026-01-02T00:00:00+00:00"} for c, o in zip(copies, originals, strict=True)])
        return copies

    def close(self) -> None:
        self.engine.dispose()


FORMS = Path(__file__).resolve().parents[2] / "forms"


def two_rounds(url: str, areas: Iterable[str], per_area: int, seed: int, *, baseline_skew: float = 0.1) -> CentralDb:
    """A central store with a baseline (AIP 2021.1) and a follow-up (AIP 2023.1) of ``per_area`` random cases in
    each Area; the follow-up's marks improve Area by Area. Returned open."""
    db = CentralDb(url)
    b, f = db.add_form(FORMS / "aip-casework-2021.1.yaml"), db.add_form(FORMS / "aip-casework-2023.1.yaml")
    rng = random.Random(seed)
    for i, area in enumerate(areas):
        db.add_cases(db.add_inspection(b, area, "baseline"), b, random_cases(b, per_area, rng, skew=baseline_skew))
        db.add_cases(db.add_inspection(f, area, "follow-up"), f, random_cases(f, per_area, rng, skew=0.5 + i))
    return db


def run_report(*argv: str) -> int:
    """``casereader central report ARGV...`` through the real argument parser and command."""
    from casereader.cli import reporting
    from casereader.cli.context import Context

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    sub = parser.add_subparsers()
    central = sub.add_parser("central").add_subparsers()
    reporting.register(central)
    args = parser.parse_args(["central", "report", *argv])
    return int(args.func(Context(args)))


def answer(value: str | None = None, na: bool = False) -> Answer:
    return Answer(value=value, na=na, comment="evidence" if value in ("partially", "not", "no") else "")


def random_cases(qs: QuestionSet, n: int, rng: random.Random, *, skew: float = 0.0) -> list[Case]:
    """``n`` complete-looking cases with random header and answers; ``skew`` > 0 favours the best answers."""
    from casereader.core.questionset import FieldType, ScaleKind

    out: list[Case] = []
    for _ in range(n):
        header: dict[str, HeaderValue] = {}
        for h in qs.header:
            if h.type == FieldType.CHOICE and h.options:
                header[h.id] = rng.choice(h.options).value
            elif h.type == FieldType.FLAG:
                header[h.id] = rng.random() < 0.5
        state = CaseState(header, {})
        for q in qs.questions:
            if not CaseEngine(qs, state).is_applicable(q.id):
                continue
            scale = qs.scale_of(q.id)
            if scale.kind == ScaleKind.SINGLE and scale.options:
                if q.na.allowed and rng.random() < 0.08:
                    a = Answer(na=True, na_reason=q.na.reasons[0] if q.na.reasons else "")
                else:
                    idx = min(int(rng.random() ** (1 + skew) * len(scale.options)), len(scale.options) - 1)
                    a = Answer(value=scale.options[idx].value, comment="evidence noted")
                state = state.with_answer(q.id, a)
            elif scale.kind == ScaleKind.MULTIPLE and scale.options:
                picked = tuple(o.value for o in scale.options if rng.random() < 0.4) or (scale.options[0].value,)
                state = state.with_answer(q.id, Answer(value=picked))
        out.append((state.header, state.answers))
    return out
