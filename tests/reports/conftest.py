"""Central-store fixtures: every central test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is Debian's, installed if missing and started in a temp dir by
``scripts/postgres.sh``; if it cannot be started the tests FAIL (they never skip).
"""

from __future__ import annotations

import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "postgres.sh"
DATA = Path(__file__).resolve().parent / "data"
BACKENDS = ["sqlite", "postgresql"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server for this test session."""
    for step in (["install"], ["start", str(_free_port())]):
        done = subprocess.run(["bash", str(SCRIPT), *step], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f"PostgreSQL could not be {step[0]}ed by {SCRIPT}:\n{done.stderr}", pytrace=False)
    datadir, url = done.stdout.split()
    try:
        yield url
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", datadir], capture_output=True, timeout=120)


@pytest.fixture(params=BACKENDS)
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty central database URL: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
