"""Child side of the SIGKILL test: a small process that saves answers in a loop until it is killed.

Run as ``python kill_writer.py DB INSPECTION_ID``. It imports everything once, then for each ``go RUN``
line on stdin forks a writer that opens the store and saves answers forever, writing ``ack ...`` to
stdout (one unbuffered write per line) only after ``save_answer`` has returned. The parent SIGKILLs the
writer at a random moment, then sends ``reap PID``. Forking a warm process keeps 100+ kills fast.
"""

from __future__ import annotations

import os
import random
import sys

from casereader.core.answers import Answer
from casereader.storage import LocalStore

QUESTIONS = ("PC-03", "PC-04", "DI-02", "VW-01", "VW-06")
VALUES = {"PC-03": ("fully", "partially", "not"), "PC-04": ("fully", "partially", "not"),
          "DI-02": ("fully", "partially", "not"), "VW-01": ("fully", "partially", "not"), "VW-06": ("yes", "no")}


def emit(line: str) -> None:
    os.write(1, (line + "\n").encode())


def writer(db: str, inspection_id: str, run: int) -> None:
    store = LocalStore.open(db)
    cases = [c.id for c in store.list_cases(inspection_id)]
    present = {(cid, q) for cid in cases for q in store.get_case(cid).state.answers}
    emit(f"ready {run}")
    rng = random.Random(run)
    n = 0
    while True:
        cid, qid = rng.choice(cases), rng.choice(QUESTIONS)
        token = f"{run}-{n}"
        if (cid, qid) in present and rng.random() < 0.15:
            store.save_answer(cid, qid, None, "ann", reason=token)
            present.discard((cid, qid))
            emit(f"ack {token} {cid} {qid} -")
        else:
            value = rng.choice(VALUES[qid])
            store.save_answer(cid, qid, Answer(value, comment=f"evidence {token}"), "ann", reason=token)
            present.add((cid, qid))
            emit(f"ack {token} {cid} {qid} {value}")
        n += 1


def warm_up(db: str, inspection_id: str) -> None:
    """Parse the form once before forking (no connection is left open across the fork)."""
    store = LocalStore.open(db)
    try:
        store.question_set(inspection_id)
    finally:
        store.close()


def main() -> None:
    db, inspection_id = sys.argv[1], sys.argv[2]
    warm_up(db, inspection_id)
    emit("zygote ready")
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        cmd = line.split()
        if cmd[0] == "go":
            pid = os.fork()
            if pid == 0:
                try:
                    writer(db, inspection_id, int(cmd[1]))
                finally:
                    os._exit(3)
            emit(f"pid {pid}")
        elif cmd[0] == "reap":
            _, status = os.waitpid(int(cmd[1]), 0)
            emit(f"reaped {cmd[1]} {status}")
        else:
            return


if __name__ == "__main__":
    main()
