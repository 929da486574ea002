"""Shared fixtures: paths to the repository's forms and test data, an isolated data folder."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
CORE_DATA = ROOT / "tests" / "core" / "data"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def worked_example_path() -> Path:
    return CORE_DATA / "worked-example.yaml"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, isolated data folder for the app and the command line."""
    d = tmp_path / "data"
    monkeypatch.setenv("CASEREADER_DATA_DIR", str(d))
    return d


POSTGRES_SCRIPT = ROOT / "scripts" / "postgres.sh"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server for this test session (Debian's server, started by
    scripts/postgres.sh). If it cannot be started the tests FAIL: they never skip."""
    for step in (["install"], ["start", str(_free_port())]):
        done = subprocess.run(["bash", str(POSTGRES_SCRIPT), *step], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f"PostgreSQL could not be {step[0]}ed by {POSTGRES_SCRIPT}:\n{done.stderr}", pytrace=False)
    datadir, url = done.stdout.split()
    try:
        yield url
    finally:
        subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop", datadir], capture_output=True, timeout=120)


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """URL of a new, empty database on the session's PostgreSQL server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


QT_IGNORED = ("propagateSizeHints",)  # the offscreen plugin's notice about window size hints is not ours


@pytest.fixture
def qt_warnings_fail(qapp: object) -> Iterator[list[str]]:
    """Fail the test on any Qt warning, critical or fatal message (use with ``autouse`` in UI test folders)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) and not any(
                i in message for i in QT_IGNORED):
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)
    assert not seen, f"Qt warnings: {seen}"
