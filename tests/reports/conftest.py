"""Central-store fixtures: every central test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is Debian's, installed if missing and started in a temp dir by
``scripts/postgres.sh`` (fixtures in tests/conftest.py); if it cannot be started the tests FAIL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty central database URL: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite'}"
        return
    yield request.getfixturevalue("postgres_database")
