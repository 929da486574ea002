"""The central store's schema version: read before anything is opened for writing, a backup before every
upgrade, and a clear refusal — the store left byte-for-byte unchanged — of a store from a newer Casereader.

Version 0 is a store from before versions were kept (no ``central_schema`` table); :data:`SCHEMA_VERSION` is
this Casereader's. An upgrade adds what is missing (:func:`upgrade_schema`) and
records the version, in one transaction, after the backup: an SQLite store is copied with the backup API, a
PostgreSQL one is dumped table by table as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from sqlalchemy import Connection, Engine, MetaData, delete, insert, inspect, select

from casereader.central.errors import CentralError
from casereader.central.schema import CentralBase, SchemaVersionRecord
from casereader.sqlitedb import sqlite3

SCHEMA_VERSION = 2  # 2: the review loop (central_review_event, central_query, central_case_review)
_SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def read_sqlite_version(path: Path) -> int | None:
    """The schema version of the SQLite store at ``path``, read without changing it (None: no store yet)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        if fh.read(16) != _SQLITE_MAGIC:
            raise CentralError(f"{path} is not a central store (not an SQLite file). It has not been changed.")
    wal = path.with_name(path.name + "-wal")
    uri = f"file:{pathname2url(str(path.resolve()))}?mode=ro" + ("" if wal.exists() else "&immutable=1")
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "central_schema" in tables:
                return _one(con.execute("SELECT version FROM central_schema").fetchall(), path)
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise CentralError(f"{path} cannot be read: {exc}. It has not been changed.") from exc
    return 0 if "central_inspection" in tables else None


def read_engine_version(engine: Engine) -> int | None:
    """The schema version of the store behind ``engine`` (None: no store yet), read without writing."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "central_schema" in tables:
            return _one(conn.exec_driver_sql("SELECT version FROM central_schema").fetchall(), engine.url)
    return 0 if "central_inspection" in tables else None


def _one(rows: Any, where: object) -> int:
    if not rows:  # the table, but no version recorded yet: as old as a store without it
        return 0
    if len(rows) != 1:
        raise CentralError(f"central store {where} has no single schema version ({len(rows)} found). It has not "
                           "been changed.")
    return int(rows[0][0])


def refuse_newer(found: int, where: str) -> None:
    if found > SCHEMA_VERSION:
        raise CentralError(f"central store {where} was written by a newer version of Casereader (central schema "
                           f"{found}; this version knows up to {SCHEMA_VERSION}). It has not been changed. Install "
                           "the newer Casereader to open it.")


def upgrade(engine: Engine, found: int, backups: Path) -> Path:
    """Back the store up into ``backups``, then bring it to :data:`SCHEMA_VERSION`. Returns the backup."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    backups.mkdir(parents=True, exist_ok=True)
    path = sqlite_path(str(engine.url))
    if path is not None:
        target = backups / f"central-{stamp}-before-schema-{found}-to-{SCHEMA_VERSION}.sqlite"
        source = sqlite3.connect(path)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
    else:
        target = backups / f"central-{stamp}-before-schema-{found}-to-{SCHEMA_VERSION}.json"
        target.write_text(json.dumps(_dump(engine), sort_keys=True, default=str), encoding="utf-8")
    upgrade_schema(engine, SCHEMA_VERSION)
    return target


def _dump(engine: Engine) -> dict[str, list[list[Any]]]:
    """Every row of every table as it is (reflected, so an old schema dumps too)."""
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {name: [[bytes(v).hex() if isinstance(v, (bytes, memoryview)) else v for v in row]
                       for row in conn.execute(select(table))] for name, table in meta.tables.items()}


# Indexes earlier versions created that this one does not: dropped on upgrade (an index holds no data).
RETIRED_INDEXES = {"central_audit": ("ix_central_audit_case_id",)}


def upgrade_schema(engine: Engine, version: int | None = None) -> list[str]:
    """Bring a central store made by an earlier version up to this schema, in one transaction: new tables are
    created and new columns added with their defaults, and the indexes of :data:`RETIRED_INDEXES` dropped; no
    data is dropped or rewritten; with ``version``, the schema version row is set to it. Returns what was
    changed (a dropped index as ``-name``)."""
    added: list[str] = []
    with engine.begin() as conn:
        _add_missing(engine, conn, added)
        if version is not None:
            conn.execute(delete(SchemaVersionRecord))
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            conn.execute(insert(SchemaVersionRecord).values(id=1, version=version, upgraded_at=now))
    return added


def _add_missing(engine: Engine, conn: Connection, added: list[str]) -> None:
    insp = inspect(conn)
    tables = set(insp.get_table_names())
    for table_name, retired in RETIRED_INDEXES.items():
        if table_name in tables:
            present = {ix["name"] for ix in insp.get_indexes(table_name)}
            for name in retired:
                if name in present:
                    conn.exec_driver_sql(f"DROP INDEX {name}")
                    added.append(f"-{name}")
    for table in CentralBase.metadata.sorted_tables:
        if table.name not in tables:
            table.create(conn)
            added.append(table.name)
            continue
        have = {c["name"] for c in insp.get_columns(table.name)}
        for col in table.columns:
            if col.name in have:
                continue
            ddl = f"ALTER TABLE {table.name} ADD COLUMN {col.name} {col.type.compile(engine.dialect)}"
            default = getattr(col.default, "arg", None)
            if default is not None and not callable(default):
                literal = ("TRUE" if default else "FALSE") if isinstance(default, bool) else (
                    str(default) if isinstance(default, (int, float)) else "'" + str(default).replace("'", "''")
                    + "'")
                ddl += f" DEFAULT {literal}" + ("" if col.nullable else " NOT NULL")
            elif not col.nullable:
                raise CentralError(f"cannot add required column {table.name}.{col.name} without a default")
            conn.exec_driver_sql(ddl)
            added.append(f"{table.name}.{col.name}")
