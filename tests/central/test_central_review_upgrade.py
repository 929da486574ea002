"""A central store of schema 1 (before the review loop) is backed up and upgraded to 2 on opening: the review
loop's three tables are added, nothing else changes."""

from __future__ import annotations

from pathlib import Path

from casereader.central.store import CentralStore
from casereader.central.versioning import SCHEMA_VERSION
from casereader.sqlitedb import sqlite3

REVIEW_TABLES = ("central_case_review", "central_query", "central_review_event")


def tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def test_schema_1_gains_the_review_tables(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite"
    CentralStore.open(f"sqlite:///{db}", create=True).close()
    con = sqlite3.connect(db)
    with con:
        for name in REVIEW_TABLES:
            con.execute(f"DROP TABLE {name}")
        con.execute("UPDATE central_schema SET version = 1")
    con.close()
    before = tables(db)
    store = CentralStore.open(f"sqlite:///{db}", backups_dir=tmp_path / "backups")
    try:
        assert store.upgrade_backup is not None and store.upgrade_backup.name.endswith("-before-schema-1-to-2.sqlite")
        assert tables(store.upgrade_backup) == before
    finally:
        store.close()
    assert SCHEMA_VERSION == 2
    assert tables(db) == before | set(REVIEW_TABLES)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT version FROM central_schema").fetchall() == [(2,)]
    finally:
        con.close()
