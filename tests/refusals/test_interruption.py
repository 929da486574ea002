"""``pack import``, ``sample import`` and ``central import`` SIGKILLed at random moments, as real processes.

After every kill the store is sound (``PRAGMA integrity_check``) and holds either exactly what it held before
the command or exactly what an uninterrupted run leaves (canonical dumps compared, with the times and random
ids an import stamps masked), and running the command again brings it to the completed state. Backups the
commands take before importing are files beside the store, not the store, and are not compared.

The default run kills each command a few times; the ``slow`` run at least 30 times each.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from refusal_world import FORMS_DIR, ROOT, World, copy_world, dump_store, integrity, ok

from casereader.storage import chain

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

QUICK_KILLS = 3
SLOW_KILLS = 30
SCRIPT = Path(__file__).with_name("kill_runner.py")
STAMPS = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"
                    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The last two values of a local audit row: its hash chain (chain_prev, chain_hash), computed from the row's
# time and ids, so new on every run like them. Masked here; chain_breaks() checks the chain itself.
CHAIN = re.compile(r"^(INSERT INTO \"audit_event\" VALUES\(.*),'[0-9a-f]*','[0-9a-f]{64}'\);$", re.MULTILINE)


def canonical(store: Path) -> str:
    """The store's dump with times, UUIDs and the audit rows' chain hashes masked (an import stamps new ones on
    every run)."""
    return STAMPS.sub("~", CHAIN.sub(r"\1,'#','#');", dump_store(store)))


def chain_breaks(store: Path) -> list[str]:
    """Where the audit log's hash chain of a local store does not hold (none for a store without one)."""
    con = sqlite3.connect(store)
    try:
        columns = {row[1] for row in con.execute("PRAGMA table_info(audit_event)")}
        if "chain_hash" not in columns:
            return []
        return [str(b) for b in chain.verify_rows(chain.read_rows(con))[2]]
    finally:
        con.close()


class Runner:
    """The warm process of kill_runner.py: forks one ``casereader`` run per request."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CASEREADER_")}
        env.update(PYTHONPATH=str(ROOT), CASEREADER_FORMS_DIR=str(FORMS_DIR), CASEREADER_INSPECTOR="ann")
        self.proc = subprocess.Popen([sys.executable, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=env, cwd=ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self._next() == "zygote ready"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self.lines.put(raw.decode().rstrip("\n"))
        self.lines.put("EOF")

    def _next(self) -> str:
        line = self.lines.get(timeout=60)
        assert line != "EOF", "the runner process ended unexpectedly"
        return line

    def _send(self, *message: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(message) + "\n").encode())
        self.proc.stdin.flush()

    def start(self, argv: list[str]) -> int:
        self._send("go", argv)
        return int(self._next().split()[1])

    def reap(self, pid: int) -> int:
        """The wait status of run ``pid`` (waiting for it to end)."""
        self._send("reap", pid)
        return int(self._next().split()[2])

    def close(self) -> None:
        self._send("quit", 0)
        self.proc.wait(timeout=30)


@dataclass
class Target:
    argv: list[str]
    store: Path
    pristine: Path  # a copy of the store before the command

    def restore(self) -> None:
        for suffix in ("-wal", "-shm"):
            self.store.with_name(self.store.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.pristine, self.store)


@pytest.fixture(scope="module")
def runner() -> Iterator[Runner]:
    r = Runner()
    yield r
    r.close()


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory, world_template: World) -> dict[str, Target]:
    """A copy of the world with a new pack issued by the centre, a larger sample file and a new marks bundle."""
    w = copy_world(world_template, tmp_path_factory.mktemp("kills") / "w")
    pw = ("--passphrase-file", w.pw)
    sample = w.file("kent.csv", "reference,casework_type,charging_route\n" + "".join(
        f"K{n:04d},{('MC', 'CC', 'RASSO')[n % 3]},police\n" for n in range(120)))
    ok("--data-dir", w.centre, "central", "pack", "--form", "worked-example@1", "--area", "Kent", "--round",
       "baseline", "--sample", sample, "--out", w.inputs / "kent.crpack", *pw)
    big = w.file("big.csv", "reference,casework_type,charging_route\n" + "".join(
        f"B{n:04d},{('MC', 'CC', 'RASSO')[n % 3]},area\n" for n in range(300)))
    ok("--data-dir", w.laptop, "marks", "import", w.inspections["packed"], w.file(
        "more.csv", "case_ref,question_id,answer,na_reason,comment\nURN003,VW-01,not,,not warned\n"
                    "URN001,DI-02,partially,,late\n"))
    ok("--data-dir", w.laptop, "bundle", "export", w.inspections["packed"], "--out", w.inputs / "third.crbundle",
       "--since-last")
    saved = w.root / "pristine"
    saved.mkdir()
    for where in (w.laptop / "casereader.sqlite", w.centre / "central.sqlite"):
        shutil.copyfile(where, saved / where.name)
    laptop = ["--data-dir", str(w.laptop)]
    return {
        "pack import": Target([*laptop, "pack", "import", str(w.inputs / "kent.crpack")], w.laptop /
                              "casereader.sqlite", saved / "casereader.sqlite"),
        "sample import": Target([*laptop, "sample", "import", w.inspections["empty"], str(big)],
                                w.laptop / "casereader.sqlite", saved / "casereader.sqlite"),
        "central import": Target(["--data-dir", str(w.centre), "central", "import", str(w.inputs / "third.crbundle"),
                                  "--receipts", str(w.root / "receipts"), "--passphrase-file", str(w.pw)],
                                 w.centre / "central.sqlite", saved / "central.sqlite"),
    }


def kill_at_random(runner: Runner, target: Target, kills: int, seed: int) -> Counter[str]:
    """Kill ``target`` ``kills`` times mid-run; check each outcome and the rerun. Returns what was seen."""
    target.restore()
    before = canonical(target.store)
    started = time.monotonic()
    status = runner.reap(runner.start(target.argv))
    took = time.monotonic() - started
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "the uninterrupted run failed"
    after = canonical(target.store)
    assert after != before
    assert not chain_breaks(target.store), chain_breaks(target.store)
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    while seen["killed"] < kills:
        assert seen["runs"] < 4 * kills, f"only {seen['killed']} of {seen['runs']} runs were interrupted"
        target.restore()
        pid = runner.start(target.argv)
        time.sleep(rng.uniform(0, 1.2 * took))
        os.kill(pid, signal.SIGKILL)  # a run that already ended is a zombie until reaped: no error
        status = runner.reap(pid)
        seen["runs"] += 1
        if os.WIFSIGNALED(status):
            assert os.WTERMSIG(status) == signal.SIGKILL
            seen["killed"] += 1
        assert integrity(target.store) == "ok"
        assert not chain_breaks(target.store), chain_breaks(target.store)
        state = canonical(target.store)
        assert state in (before, after), "a kill left the store half-changed"
        outcome = "before" if state == before else "after"
        seen[outcome] += 1
        status = runner.reap(runner.start(target.argv))  # the rerun
        if outcome == "before":
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "the rerun after a kill failed"
        assert canonical(target.store) == after, "the rerun did not complete the command"
        assert not chain_breaks(target.store), chain_breaks(target.store)
    return seen


@pytest.mark.parametrize("command", ["pack import", "sample import", "central import"])
def test_a_few_kills_leave_the_store_before_or_after(runner: Runner, targets: dict[str, Target],
                                                     command: str) -> None:
    seen = kill_at_random(runner, targets[command], QUICK_KILLS, seed=len(command))
    assert seen["killed"] >= QUICK_KILLS


@pytest.mark.slow
@pytest.mark.parametrize("command", ["pack import", "sample import", "central import"])
def test_thirty_kills_leave_the_store_before_or_after(runner: Runner, targets: dict[str, Target],
                                                      command: str) -> None:
    seen = kill_at_random(runner, targets[command], SLOW_KILLS, seed=20261203)
    assert seen["killed"] >= SLOW_KILLS and seen["before"] > 0, seen
    print(f"{command}: {dict(seen)}")
