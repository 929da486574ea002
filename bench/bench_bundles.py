"""Benchmark: export an n-case marks bundle from a local store and import it into the central store.

Timed: ``build_export`` (read the local store, JSON, compress, encrypt, sign) + ``import_bundle``
(verify, decrypt, validate every field with the engine, merge in one transaction). Baseline, same run:
the same case, answer and audit rows written with plain ``sqlite3`` ``executemany`` into equivalent
tables of a fresh file (one transaction). Target: at most 3 times the baseline. The measured part and
the baseline run alternately ``--repeat`` times (each import into a fresh copy of the centre) and their
medians are compared, as the machine is shared and noisy.

    python bench/bench_bundles.py --n 10000 [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = 20
OPTIONS = ("fully", "partially", "not")


def question_set_yaml() -> str:
    """A 20-question set with a header rule, like a real casework set (one section conditional)."""
    lines = ["id: bench-set", 'version: "1"', "title: Benchmark set", "programme: Bench",
             "header:", "  - {id: route, label: Route, type: choice, options: [{value: police, label: Police},"
             " {value: area, label: Area}]}",
             "scales:", "  - id: fpn", "    label: FPN", "    kind: single", "    options:",
             '      - {value: fully, label: Fully, key: "1", points: 2}',
             '      - {value: partially, label: Partially, key: "2", points: 1}',
             '      - {value: not, label: Not, key: "3", points: 0}',
             "themes:", "  - {id: T1, title: Theme one}",
             "measures:", "  - {id: grip, title: Grip}", "sections:"]
    for s in range(2):
        lines += [f"  - id: s{s}", f"    title: Section {s}", "    theme: T1"]
        if s == 1:
            lines.append("    applies_if: \"route == 'area'\"")
        lines.append("    questions:")
        for q in range(QUESTIONS // 2):
            lines += [f"      - id: Q{s}-{q:02d}", f"        text: Question {s}.{q}?", "        scale: fpn",
                      "        na: {allowed: true}", "        measures: [grip]"]
    return "\n".join(lines) + "\n"


def _prepare(folder: Path, n_cases: int) -> dict[str, Any]:
    from casereader.bundles import CentralKeys, DeviceKey
    from casereader.central.packs import issue_pack
    from casereader.central.store import CentralStore
    from casereader.core.answers import Answer
    from casereader.core.inspection import Round
    from casereader.core.loader import load_question_set
    from casereader.storage import LocalStore
    from casereader.sync.packs import import_pack

    form = folder / "bench-set.yaml"
    form.write_text(question_set_yaml(), encoding="utf-8")
    qs = load_question_set(form)
    keys, device = CentralKeys.generate(), DeviceKey.generate()
    centre = CentralStore.open(f"sqlite:///{folder / 'central.sqlite'}", create=True)
    centre.enrol(device.device_id, device.public_bytes(), "bench")
    sample = [(f"URN{i:06d}", {"route": "area"}) for i in range(n_cases)]
    pack = issue_pack(centre, keys, qs, form.read_bytes(), area="Bench", round=Round.BASELINE, sample=sample,
                      out=folder / "bench.crpack")
    local = LocalStore.open(folder / "local.sqlite")
    insp = import_pack(local, pack.data, actor="bench").inspection
    ids = [c.id for c in local.list_cases(insp.id)]
    qids = [q.id for q in qs.questions]
    changes = [(cid, qid, Answer(OPTIONS[(i + j) % 3], comment=f"evidence {i}.{j}"))
               for i, cid in enumerate(ids) for j, qid in enumerate(qids)]
    for start in range(0, len(changes), 1000):  # small transactions: the setup is not what is measured
        local.save_answers(changes[start:start + 1000], "bench")
    return {"centre": centre, "keys": keys, "device": device, "local": local, "inspection": insp.id}


def _baseline(folder: Path, payload: dict[str, Any], name: str = "baseline.sqlite") -> float:
    """The same rows the import writes, with plain sqlite3 executemany, in one transaction."""
    cases, answers, audit = payload["cases"], payload["answers"], payload["audit"]
    db = sqlite3.connect(folder / name, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE case_row (id TEXT PRIMARY KEY, inspection_id TEXT, reference TEXT, header TEXT, "
               "status TEXT, inspector TEXT, updated_at TEXT, device_id TEXT, checksum TEXT, sequence INTEGER)")
    db.execute("CREATE TABLE answer (case_id TEXT REFERENCES case_row(id), question_id TEXT, role TEXT, value TEXT, "
               "na INTEGER, na_reason TEXT, comment TEXT, applicable INTEGER, inspector TEXT, updated_at TEXT, "
               "PRIMARY KEY (case_id, question_id, role))")
    db.execute("CREATE INDEX ix_answer_question ON answer (question_id, value)")
    db.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, device_id TEXT, seq INTEGER, case_id TEXT, at TEXT, "
               "actor TEXT, kind TEXT, key TEXT, old TEXT, new TEXT, reason TEXT, UNIQUE (device_id, seq))")
    start = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO case_row VALUES (?,?,?,?,?,?,?,?,?,?)", cases)
    db.executemany("INSERT INTO answer VALUES (?,?,?,?,?,?,?,?,?,?)", answers)
    db.executemany("INSERT INTO audit (device_id, seq, case_id, at, actor, kind, key, old, new, reason) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?)", audit)
    db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def _rows(local: Any, inspection: str, device_id: str) -> dict[str, Any]:
    from casereader.core.answers import value_text

    cases, answers = [], []
    for f in local.case_files(inspection):
        c, state = f.summary, f.state
        cases.append((c.id, inspection, c.reference, json.dumps(dict(state.header)), c.status.value, c.inspector,
                      c.updated_at, device_id, uuid.uuid4().hex, 1))
        answers += [(c.id, qid, "first", value_text(a.value), a.na, a.na_reason, a.comment, True, "", "")
                    for qid, a in state.answers.items()]
    audit = [(device_id, e.seq, e.case_id, e.at, e.actor, e.kind, e.key, e.old, e.new, e.reason)
             for e in local.audit_events(inspection)]
    return {"cases": cases, "answers": answers, "audit": audit}


def _copy_db(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (the backup API, so a WAL file is included)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def run(n_cases: int, repeat: int = 3) -> dict[str, Any]:
    """Prepare once; then ``repeat`` times, alternately, export + import (into a fresh copy of the centre)
    and the baseline. The machine is shared, so the medians are compared."""
    from casereader.central.importer import import_bundle
    from casereader.central.store import CentralStore
    from casereader.core.loader import forget_question_sets
    from casereader.sync.export import build_export

    exports, imports, totals, baselines = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-bundles-") as tmp:
        folder = Path(tmp)
        w = _prepare(folder, n_cases)
        w["centre"].close()
        _copy_db(folder / "central.sqlite", folder / "central-before.sqlite")
        try:
            rows = _rows(w["local"], w["inspection"], w["device"].device_id)
            for r in range(repeat):
                _copy_db(folder / "central-before.sqlite", folder / f"central-{r}.sqlite")
                centre = CentralStore.open(f"sqlite:///{folder / f'central-{r}.sqlite'}")
                try:
                    # The centre imports in its own process, where the question-set cache starts empty
                    # (otherwise it holds the laptop's parsed and compiled copy of the same set).
                    forget_question_sets()
                    t0 = time.perf_counter()
                    done = build_export(w["local"], w["inspection"], w["device"])
                    t1 = time.perf_counter()
                    assert done is not None
                    result = import_bundle(centre, done.data, w["keys"])
                    t2 = time.perf_counter()
                    assert result.status == "imported", result
                finally:
                    centre.close()
                exports.append(t1 - t0)
                imports.append(t2 - t1)
                totals.append(t2 - t0)
                baselines.append(_baseline(folder, rows, f"baseline-{r}.sqlite"))
        finally:
            w["local"].close()
    value, baseline = statistics.median(totals), statistics.median(baselines)
    return {"name": "bundle_export_import", "value_s": round(value, 3), "baseline_s": round(baseline, 3),
            "ratio": round(value / baseline, 2) if baseline else None, "target": 3.0, "n_cases": n_cases,
            "answers": len(rows["answers"]), "audit_events": len(rows["audit"]),
            "export_s": round(statistics.median(exports), 3), "import_s": round(statistics.median(imports), 3),
            "bundle_bytes": len(done.data), "runs": repeat, "values_s": [round(v, 3) for v in totals],
            "baselines_s": [round(b, 3) for b in baselines]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="cases in the bundle (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="measured runs, medians compared (default 3)")
    args = parser.parse_args()
    print(json.dumps(run(args.n, args.repeat), indent=2))
