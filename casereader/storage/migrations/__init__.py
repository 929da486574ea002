"""Alembic migrations of the local store, run programmatically (no alembic.ini at run time).

``REVISIONS`` lists every revision this version knows, oldest first (a test checks it against the
scripts in ``versions/``); a database at any other revision was written by a newer Casereader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
HEAD = REVISIONS[-1]
SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config(connection: Any = None) -> Any:
    """An Alembic Config pointing at these scripts, optionally bound to an open connection."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Any, target: str = HEAD) -> None:
    """Upgrade the database behind ``engine`` to ``target`` in one transaction."""
    from alembic import command

    with engine.connect() as conn, conn.begin():
        command.upgrade(alembic_config(conn), target)
