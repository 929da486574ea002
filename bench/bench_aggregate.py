"""Central aggregation of 100,000 cases (about four million answers) against one hand-written GROUP BY.

    python bench/bench_aggregate.py --n 100000

Builds a central SQLite store (the schema.py tables) marked on the shipped AIP 2021.1 question set across
14 Areas, then times the whole report model (every measure, theme, scored question and answer
distribution, by Area and casework type) against a same-run baseline: one SQL GROUP BY of the same
answers by Area, casework type, question and value. Peak memory is the process's maximum RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casereader.core.answers import Answer, CaseState  # noqa: E402
from casereader.core.engine import CaseEngine  # noqa: E402
from casereader.core.loader import load_question_set_bytes  # noqa: E402
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind  # noqa: E402

FORM = ROOT / "forms" / "aip-casework-2021.1.yaml"
AREAS = ("Cymru-Wales", "East Midlands", "East of England", "London North", "London South", "Mersey-Cheshire",
         "North East", "North West", "South East", "South West", "Thames and Chiltern", "Wessex", "West Midlands",
         "Yorkshire and Humberside")
TEMPLATES = 800
BASELINE_SQL = """
SELECT i.area, json_extract(c.header, '$.casework_type') AS casework_type, a.question_id, a.value, count(*)
FROM central_answer a JOIN central_case c ON c.id = a.case_id JOIN central_inspection i ON i.id = c.inspection_id
GROUP BY i.area, casework_type, a.question_id, a.value
"""


def templates(qs: QuestionSet, n: int, rng: random.Random) -> list[tuple[str, list[tuple[str, str | None, int]]]]:
    """``n`` engine-consistent cases: (header JSON, [(question, value or None for N/A, applicable)])."""
    out = []
    for _ in range(n):
        header: dict[str, Any] = {}
        for h in qs.header:
            if h.type == FieldType.CHOICE and h.options:
                header[h.id] = rng.choice(h.options).value
            elif h.type == FieldType.FLAG:
                header[h.id] = rng.random() < 0.6
        state = CaseState(header, {})
        answers: list[tuple[str, str | None, int]] = []
        for q in qs.questions:
            scale = qs.scale_of(q.id)
            if scale.kind != ScaleKind.SINGLE or not CaseEngine(qs, state).is_applicable(q.id):
                continue
            if q.na.allowed and rng.random() < 0.07:
                state = state.with_answer(q.id, Answer(na=True))
                answers.append((q.id, None, 1))
            else:
                value = scale.options[min(int(rng.random() ** 1.4 * len(scale.options)), len(scale.options) - 1)].value
                state = state.with_answer(q.id, Answer(value=value))
                answers.append((q.id, value, 1))
        out.append((json.dumps(header), answers))
    return out


def build(path: Path, n_cases: int, seed: int = 2024) -> dict[str, int]:
    """Create the central store at ``path`` with ``n_cases`` complete cases; returns row counts."""
    from sqlalchemy import create_engine

    from casereader.central.schema import CentralBase

    engine = create_engine(f"sqlite:///{path}")
    CentralBase.metadata.create_all(engine)
    engine.dispose()
    raw = FORM.read_bytes()
    qs = load_question_set_bytes(raw, FORM.name)
    rng = random.Random(seed)
    pool = templates(qs, min(TEMPLATES, max(20, n_cases)), rng)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("INSERT INTO central_form (form_hash, form_id, form_version, content) VALUES (?, ?, ?, ?)",
                 (qs.content_hash, qs.id, qs.version, raw))
    inspections = []
    for area in AREAS:
        iid = str(uuid.uuid4())
        inspections.append(iid)
        conn.execute("INSERT INTO central_inspection (id, title, programme, area, round, form_id, form_version, "
                     "form_hash, inspectors, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (iid, f"{area} baseline", qs.programme, area, "baseline", qs.id, qs.version, qs.content_hash,
                      "[]", ""))
    picks = [rng.randrange(len(pool)) for _ in range(n_cases)]
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n_cases)]
    conn.executemany("INSERT INTO central_case (id, inspection_id, reference, header, status, inspector, updated_at, "
                     "device_id, checksum, sequence, reserve, withdrawn_reason) "
                     "VALUES (?, ?, ?, ?, 'complete', 'Inspector', '', '', '', 1, 0, '')",
                     ((ids[i], inspections[i % len(AREAS)], f"URN{i:07d}", pool[picks[i]][0])
                      for i in range(n_cases)))

    def answer_rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n_cases):
            cid = ids[i]
            for qid, value, applicable in pool[picks[i]][1]:
                yield (cid, qid, "first", value, value is None, "", "", applicable, "Inspector", "")

    conn.executemany("INSERT INTO central_answer (case_id, question_id, role, value, na, na_reason, comment, "
                     "applicable, inspector, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", answer_rows())
    conn.commit()
    answers = conn.execute("SELECT count(*) FROM central_answer").fetchone()[0]
    conn.execute("ANALYZE")
    conn.close()
    return {"cases": n_cases, "answers": int(answers)}


def _best(fn: Any, repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def run(n_cases: int) -> dict[str, Any]:
    from sqlalchemy import create_engine

    from casereader.central.queries import Selection, build_report

    with tempfile.TemporaryDirectory(prefix="casereader-bench-") as tmp:
        path = Path(tmp) / "central.sqlite"
        t0 = time.perf_counter()
        sizes = build(path, n_cases)
        build_s = time.perf_counter() - t0
        repeat = 3 if n_cases <= 200_000 else 1

        def baseline() -> int:
            conn = sqlite3.connect(path)
            try:
                return len(conn.execute(BASELINE_SQL).fetchall())
            finally:
                conn.close()

        engine = create_engine(f"sqlite:///{path}")

        def full() -> Any:
            return build_report(engine, ["casework_type"], Selection())

        baseline()  # warm the page cache for both
        baseline_s, groups = _best(baseline, repeat)
        value_s, report = _best(full, repeat)
        engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"name": "aggregation", "value_s": round(value_s, 3), "baseline_s": round(baseline_s, 3),
            "ratio": round(value_s / baseline_s, 2) if baseline_s else None, "target": 2.0,
            "peak_rss_mb": round(peak, 1), "cases": sizes["cases"], "answers": sizes["answers"],
            "baseline_groups": groups, "report_rows": len(report.measures) + len(report.themes)
            + len(report.questions) + len(report.distributions), "build_s": round(build_s, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="number of cases (default 100000)")
    args = parser.parse_args(argv)
    result = run(args.n)
    print(json.dumps(result, indent=2))
    ok = result["ratio"] is not None and result["ratio"] <= result["target"] and result["peak_rss_mb"] < 1024
    print(f"aggregation {result['value_s']}s vs GROUP BY {result['baseline_s']}s: {result['ratio']}x "
          f"(target <= {result['target']}x), peak RSS {result['peak_rss_mb']} MB (target < 1024)"
          + ("" if ok else "  OVER TARGET"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
