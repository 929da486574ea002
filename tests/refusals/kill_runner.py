"""Child side of the interruption tests: a warm process that runs ``casereader`` command lines until killed.

Run as ``python kill_runner.py``. It imports the command line and the storage, sync and central code once,
then for each JSON line ``["go", [ARG, ...]]`` on stdin forks a child that runs ``casereader ARG ...`` (its
output to /dev/null) and writes ``pid PID``; the parent test SIGKILLs the child at a random moment, or lets it
finish, then sends ``["reap", PID]`` and reads ``reaped PID STATUS``. Forking a warm process keeps each run
short, so the kills land in the command's own work rather than in the interpreter's start-up.
"""

from __future__ import annotations

import json
import os
import sys

import casereader.central.importer
import casereader.cli.bundles
import casereader.cli.central
import casereader.cli.inspections
import casereader.storage
import casereader.sync.packs
import casereader.tabular  # noqa: F401  (imported before forking, with everything above)
from casereader.cli.main import main


def emit(line: str) -> None:
    os.write(1, (line + "\n").encode())


def child(argv: list[str]) -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:
        code = 99
    os._exit(code)


def serve() -> None:
    emit("zygote ready")
    for line in sys.stdin:
        command, arg = json.loads(line)
        if command == "go":
            pid = os.fork()
            if pid == 0:
                child([str(a) for a in arg])
            emit(f"pid {pid}")
        elif command == "reap":
            _, status = os.waitpid(int(arg), 0)
            emit(f"reaped {arg} {status}")
        else:
            return


if __name__ == "__main__":
    serve()
