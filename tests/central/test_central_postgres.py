"""The central import on a real PostgreSQL server (started by scripts/postgres.sh; never skipped)."""

from __future__ import annotations

import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from casereader.central.store import CentralError
from casereader.core.answers import Answer

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"
pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    for step in (["install"], ["start", str(_free_port())]):
        done = subprocess.run(["bash", str(SCRIPT), *step], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f"PostgreSQL could not be {step[0]}ed by {SCRIPT}:\n{done.stderr}", pytrace=False)
    datadir, url = done.stdout.split()
    try:
        yield url
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", datadir], capture_output=True, timeout=120)


@pytest.fixture
def centre_url(server: str) -> Iterator[str]:
    name = "c_" + uuid.uuid4().hex[:12]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_import_loop_on_postgresql(centre, laptops):
    assert centre.store.engine.dialect.name == "postgresql"
    ann, bob = laptops("ann"), laptops("bob")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-03", Answer("partially", comment="late"), "ann")
    bob.store.save_answer(ids["URN001"], "PC-03", Answer("fully"), "bob")
    first = ann.export()
    assert centre.import_(first.data).status == "imported"
    before = centre.store.dump_hash()
    assert centre.import_(first.data).status == "already imported"
    raw = bytearray(first.data)
    raw[len(raw) // 3] ^= 4
    with pytest.raises(CentralError, match="bundle rejected"):
        centre.import_(bytes(raw))
    assert centre.store.dump_hash() == before
    result = centre.import_(bob.export().data)
    assert [c.split(":")[0] for c in result.conflicts] == ["different_marks"]
    ann.store.save_answer(ids["URN002"], "DI-02", Answer("fully"), "ann")
    second = ann.export(since_last=True)
    assert centre.import_(second.data).conflicts == []
    dump = centre.store.dump()
    values = {(r[0], r[1]): r[3] for r in dump["central_answer"]}
    assert values[(ids["URN001"], "PC-03")] == "partially" and values[(ids["URN002"], "DI-02")] == "fully"
