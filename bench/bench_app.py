"""How fast the marking app feels, each figure against a floor measured in the same run.

1. Cold start to the main window painted with a 90-case inspection open, against a bare QMainWindow.
2. Autosave of one answer (durable), p50/p99, against raw sqlite3 INSERT + COMMIT with the same pragmas.
3. Opening a 60-question case (form built and painted) and moving to the next, p50/p99, against building
   the same number of plain Qt widgets.
4. Peak RSS with a 1,000-case inspection open.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casereader.core.answers import Answer  # noqa: E402
from casereader.core.inspection import Round  # noqa: E402
from casereader.core.loader import load_question_set_bytes  # noqa: E402


def sixty_question_set() -> bytes:
    lines = ['id: bench-sixty', 'version: "1"', "title: Sixty questions", "programme: Bench", "header:",
             "  - {id: casework_type, label: Casework type, type: choice, options: [{value: MC, label: MC},"
             " {value: CC, label: CC}, {value: RASSO, label: RASSO}]}",
             "scales:", "  - id: fpn", "    label: FPN", "    kind: single", "    options:",
             '      - {value: fully, label: Fully meeting, key: "1", points: 2}',
             '      - {value: partially, label: Partially meeting, key: "2", points: 1}',
             '      - {value: not, label: Not meeting, key: "3", points: 0}',
             "themes: [{id: T1, title: Theme}]", "measures: [{id: added_value, title: Added value}]", "sections:"]
    for s in range(6):
        lines += [f"  - id: s{s}", f"    title: Section {s + 1}", "    theme: T1", "    questions:"]
        for q in range(10):
            qid = f"Q{s}{q:02d}"
            lines.append(f"      - {{id: {qid}, text: Question {qid} about the quality of the review and whether"
                         f" it was timely, scale: fpn, measures: [added_value], guidance: Guidance for {qid}.,"
                         f" na: {{allowed: true}}}}")
    return ("\n".join(lines) + "\n").encode()


def make_store(folder: Path, n_cases: int, form: bytes | None = None) -> tuple[Any, str]:
    from casereader.storage import LocalStore

    raw = form if form is not None else (ROOT / "forms" / "aip-casework-2021.1.yaml").read_bytes()
    qs = load_question_set_bytes(raw, "bench")
    store = LocalStore.open(folder / "casereader.sqlite", backups_dir=folder / "backups")
    insp = store.create_inspection(qs, area="Bench Area", round=Round.BASELINE, form_bytes=raw, title="Bench",
                                   inspectors=["Bench Inspector"])  # one inspector: the app asks no one
    types = ["MC", "CC", "RASSO"]
    header_ids = {h.id for h in qs.header}
    rows = []
    for i in range(n_cases):
        header: dict[str, Any] = {"casework_type": types[i % 3]}
        if "charging_route" in header_ids:
            header["charging_route"] = "area"
        if "outcome" in header_ids:
            header["outcome"] = qs.header_index["outcome"].options[0].value
        rows.append((f"BENCH{i:05d}", header))
    store.add_cases(insp.id, rows, actor="bench")
    store.set_setting("ui.last_inspection", insp.id)
    return store, insp.id


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def bench_autosave(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store, insp = make_store(folder, 3)
        case = store.list_cases(insp)[0]
        qs = store.question_set(insp)
        qid = next(q.id for q in qs.questions if qs.scale_of(q.id).kind == "single"
                   and applies(qs, case.header, q.id))
        values = [o.value for o in qs.scale_of(qid).options]
        raw = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("PRAGMA foreign_keys=ON")
        raw.execute("CREATE TABLE answer (case_id TEXT, question_id TEXT, value TEXT, comment TEXT,"
                    " PRIMARY KEY (case_id, question_id))")
        # alternately, so that both see the same disk (the machine is shared and its fsync time drifts)
        times, base = [], []
        for i in range(n):
            t0 = time.perf_counter()
            store.save_answer(case.id, qid, Answer(values[i % len(values)], comment="evidence"), "bench")
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute("INSERT OR REPLACE INTO answer VALUES (?, ?, ?, ?)",
                        (case.id, qid, values[i % len(values)], "e"))
            raw.execute("COMMIT")
            base.append(time.perf_counter() - t0)
        store.close()
        raw.close()
    p50, p99 = statistics.median(times), percentile(times, 99)
    b50, b99 = statistics.median(base), percentile(base, 99)
    return {"name": "autosave_one_answer", "value_s": p50, "baseline_s": b50, "ratio": p50 / b50, "target": 2.0,
            "p50_ms": round(p50 * 1000, 2), "p99_ms": round(p99 * 1000, 2), "baseline_p99_ms": round(b99 * 1000, 2),
            "p99_target_ms": 20}


def applies(qs: Any, header: Any, qid: str) -> bool:
    from casereader.core.answers import CaseState
    from casereader.core.engine import CaseEngine

    return CaseEngine(qs, CaseState(dict(header), {})).is_applicable(qid)


CHILD_APP = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from casereader.cli.main import main  # the `casereader` command, run as an inspector starts it
from PySide6.QtWidgets import QApplication


def measured_exec():
    # instead of the event loop: the first paint, then events until the store is open and the form painted
    app = QApplication.instance()
    w = next(t for t in app.topLevelWidgets() if t.objectName() == "mainWindow")
    w.repaint()  # painted synchronously; processing events here would open the store before the paint
    print("painted", flush=True)
    while not (w.ready and w.form is not None and w.form.isVisible()):
        app.processEvents()
    w.repaint()
    print(time.perf_counter() - t0, flush=True)
    print(next(ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("VmHWM")), flush=True)
    w.close()
    return 0


QApplication.exec = staticmethod(measured_exec)
sys.exit(main(["--data-dir", {data!r}, "gui"]))
"""

CHILD_BARE = """
import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
w.show()
w.repaint()
app.processEvents()
print("painted", flush=True)
print(time.perf_counter() - t0, flush=True)
print(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")), flush=True)
"""


def _time_child(code: str) -> tuple[float, float, int]:
    """Seconds from launching the child to its first paint, seconds to ready (from the interpreter's start,
    measured inside the child and put on the same clock by adding its start-up), and peak RSS in KiB."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    painted = time.perf_counter() - t0
    ready_inside = float(proc.stdout.readline().strip() or "nan")
    rss_kb = int(proc.stdout.readline().strip() or 0)
    _out, err = proc.communicate(timeout=120)
    if line.strip() != "painted" or proc.returncode != 0:
        raise RuntimeError(f"child failed: {err[-2000:]}")
    return painted, ready_inside, rss_kb


def bench_cold_start(n_cases: int, repeats: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Launch to the main window painted with the inspection's case list (what the inspector sees first),
    and launch to ready — store open, the case form built and painted — both against a bare QMainWindow."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        _seed_last_used(data, n_cases)
        painted, ready, bare, bare_inside = [], [], [], []
        for _ in range(repeats):
            p, r, _kb = _time_child(CHILD_APP.format(root=str(ROOT), data=str(data)))
            painted.append(p)
            ready.append(r)
            b, bi, _kb = _time_child(CHILD_BARE)
            bare.append(b)
            bare_inside.append(bi)
        big = Path(tmp) / "big"
        big.mkdir()
        _seed_last_used(big, 1000 if n_cases >= 90 else 50)
        _p, _r, rss_kb = _time_child(CHILD_APP.format(root=str(ROOT), data=str(big)))
        _b, _bi, bare_kb = _time_child(CHILD_BARE)
    a, b = statistics.median(painted), statistics.median(bare)
    # ready is timed inside the child; compare it with the bare window timed inside its child too
    r, bi = statistics.median(ready), statistics.median(bare_inside)
    start = {"name": f"cold_start_{n_cases}_cases", "value_s": a, "baseline_s": b, "ratio": a / b, "target": 1.5}
    ready_fig = {"name": f"cold_start_ready_{n_cases}_cases", "value_s": r, "baseline_s": bi, "ratio": r / bi,
                 "target": None}
    memory = {"name": "peak_rss_1000_case_inspection" if n_cases >= 90 else "peak_rss_50_case_inspection",
              "value_s": None, "baseline_s": None, "ratio": None, "target": None,
              "peak_rss_mb": round(rss_kb / 1024, 1), "bare_qt_rss_mb": round(bare_kb / 1024, 1),
              "target_mb": 300}
    return start, ready_fig, memory


def _seed_last_used(data: Path, n_cases: int) -> None:
    """An inspection of ``n_cases`` opened once in the app before (as on any later start): the last-used
    inspection and its view are remembered, so the window paints it straight away."""
    from casereader.paths import resolve
    from casereader.ui.app import application
    from casereader.ui.marking.app import open_window

    application()
    store, insp = make_store(data, n_cases)
    window = open_window(resolve(data), store, insp)
    window.close()
    window.deleteLater()
    store.close()


def bench_open_case(n_cases: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

    from casereader.paths import resolve
    from casereader.ui.app import application
    from casereader.ui.marking.app import open_window

    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store, insp = make_store(data, n_cases, sixty_question_set())
        window = open_window(resolve(data), store, insp)
        window.resize(1280, 860)
        window.show()
        app.processEvents()
        cases = store.list_cases(insp)
        times = []
        for case in cases:
            t0 = time.perf_counter()
            window.open_case(case.id)
            window.repaint()
            app.processEvents()
            times.append(time.perf_counter() - t0)
        window.close()
        store.close()
    base = []
    for _ in range(max(5, n_cases)):
        t0 = time.perf_counter()
        host = QWidget()
        layout = QVBoxLayout(host)
        for i in range(60):
            layout.addWidget(QLabel(f"Question {i} about the quality of the review and whether it was timely"))
            for label in ("1 Fully meeting", "2 Partially meeting", "3 Not meeting"):
                layout.addWidget(QPushButton(label))
            layout.addWidget(QPlainTextEdit())
        host.resize(1280, 860)
        host.show()
        host.repaint()
        app.processEvents()
        base.append(time.perf_counter() - t0)
        host.close()
        host.deleteLater()
    p50, p99 = statistics.median(times), percentile(times, 99)
    b50 = statistics.median(base)
    return {"name": "open_60_question_case", "value_s": p50, "baseline_s": b50, "ratio": p50 / b50, "target": None,
            "p50_ms": round(p50 * 1000, 1), "p99_ms": round(p99 * 1000, 1), "p99_target_ms": 50}


def run(n: int) -> list[dict[str, Any]]:
    smoke = n < 90
    start, ready, memory = bench_cold_start(n, 1 if smoke else 5)
    return [bench_autosave(30 if smoke else 500), bench_open_case(4 if smoke else 90), start, ready, memory]


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=90)
    for r in run(parser.parse_args().n):
        print(json.dumps(r))
