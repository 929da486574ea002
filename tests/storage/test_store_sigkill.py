"""A process saving answers is SIGKILLed at random moments, 120 times, against one database.

Afterwards every acknowledged save is present (each has its audit row with the exact answer), nothing is
half-present (answer rows equal the latest audit rows), and ``PRAGMA integrity_check`` is ok after each kill.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casereader.core.inspection import Inspection
from casereader.sqlitedb import sqlite3
from casereader.storage import LocalStore

KILLS = 120
SCRIPT = Path(__file__).with_name("kill_writer.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")


class Child:
    def __init__(self, db: Path, inspection_id: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, str(SCRIPT), str(db), inspection_id], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, cwd=ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self.lines.put(raw.decode().rstrip("\n"))
        self.lines.put("EOF")

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def until(self, prefix: str, seen: list[str]) -> str:
        while True:
            line = self.lines.get(timeout=30)
            if line == "EOF":
                raise AssertionError("the writer process ended unexpectedly")
            if line.startswith(prefix):
                return line
            seen.append(line)


def test_sigkill_while_saving_loses_no_acknowledged_answer(store: LocalStore, inspection: Inspection,
                                                          db_path: Path,
                                                          check_consistent: Callable[[Path], Any]) -> None:
    store.add_cases(inspection.id, [(f"URN-{n}", {"charging_route": "area", "victim_letter_required": True})
                                    for n in range(5)], actor="lead")
    store.close()
    rng = random.Random(20261122)
    child = Child(db_path, inspection.id)
    acks: list[list[str]] = []
    killed_in_save_loop = 0
    started = time.monotonic()
    try:
        child.until("zygote ready", [])
        for run in range(KILLS):
            seen: list[str] = []
            child.send(f"go {run}")
            pid = int(child.until("pid ", seen).split()[1])
            if rng.random() < 0.05:
                time.sleep(rng.uniform(0, 0.02))  # sometimes kill while it is still opening the store
            else:
                child.until("ready ", seen)
                killed_in_save_loop += 1
                for _ in range(rng.randint(0, 4)):  # let it acknowledge a few saves, then kill mid-save
                    seen.append(child.until("ack ", seen))
                time.sleep(rng.uniform(0, 0.02))
            os.kill(pid, signal.SIGKILL)
            child.send(f"reap {pid}")
            reaped = child.until(f"reaped {pid}", seen)
            status = int(reaped.split()[2])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            run_acks = [line.split()[1:] for line in seen if line.startswith("ack ")]
            acks.extend(run_acks)
            with sqlite3.connect(db_path) as con:  # after every kill, as SQLite's crash tests do
                assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        child.send("quit")
        child.proc.wait(timeout=30)
    elapsed = time.monotonic() - started

    assert len(acks) >= KILLS and killed_in_save_loop >= 100
    answers = check_consistent(db_path)  # no half-present save
    con = sqlite3.connect(db_path)
    events = {reason: (case_id, key, None if new is None else json.loads(new))
              for reason, case_id, key, new in con.execute(
                  "SELECT reason, case_id, key, new FROM audit_event WHERE kind = 'answer'")}
    con.close()
    for token, case_id, qid, value in acks:  # every acknowledged save is there, exactly as given
        assert token in events, f"acknowledged save {token} was lost"
        ev_case, ev_key, new = events[token]
        assert (ev_case, ev_key) == (case_id, qid)
        if value == "-":
            assert new is None
        else:
            assert new == {"value": value, "na": False, "na_reason": "", "comment": f"evidence {token}"}
    # Saves that committed without being acknowledged can only be the one in flight when each kill landed.
    acked = {a[0] for a in acks}
    unacked = [t for t in events if t not in acked]
    last_acked = {}
    for token in acked:
        run, n = map(int, token.split("-"))
        last_acked[run] = max(n, last_acked.get(run, -1))
    assert all(int(t.split("-")[1]) == last_acked.get(int(t.split("-")[0]), -1) + 1 for t in unacked)
    assert len(unacked) <= KILLS
    reopened = LocalStore.open(db_path)
    try:
        assert reopened.integrity_check() == ["ok"]
        live = {(c.id, q): a.to_json() for c in reopened.list_cases(inspection.id)
                for q, a in reopened.get_case(c.id).state.answers.items()}
        assert live == answers
    finally:
        reopened.close()
    print(f"\n{KILLS} kills ({killed_in_save_loop} in the save loop), {len(acks)} acknowledged saves, 0 lost, "
          f"{len(unacked)} committed in flight, {elapsed:.1f} s")
