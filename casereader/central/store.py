"""The central store: opening it (SQLite or PostgreSQL by URL), devices, and a canonical dump.

Every method opens its own unit of work and returns plain values; nothing outside this package holds
an ORM object. Failures raise :class:`CentralError` with a message fit to show the user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, Table, create_engine, event, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from casereader.central.errors import CentralError
from casereader.central.schema import CentralBase, DeviceRecord
from casereader.paths import resolve
from casereader.sqlitedb import sqlite3


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'central.sqlite'}"


@dataclass(frozen=True)
class Device:
    id: str
    public_key: bytes
    name: str
    status: str  # pending | enrolled | revoked
    first_seen: str
    enrolled_at: str


def _device(r: DeviceRecord) -> Device:
    return Device(r.id, bytes(r.public_key), r.name, r.status, r.first_seen, r.enrolled_at)


def bulk_insert(s: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT ``rows`` (tuples of values for ``columns``) into ``table`` inside the session's transaction.

    On SQLite: one ``executemany`` on the session's own DBAPI connection, with the column types' bind
    processing (e.g. JSON) done here and the columns' scalar Python defaults filled in — SQLAlchemy's
    per-row parameter handling costs several times the insert itself. Elsewhere (PostgreSQL), or when a
    missing column has a computed default, a Core ``insert()`` executemany of the same rows as dicts.
    """
    if not rows:
        return
    conn = s.connection()
    fixed: dict[str, Any] = {}
    computed = False
    for col in table.columns:
        if col.name in columns or col.default is None:
            continue  # absent: NULL, the server default or an autoincrement key
        if col.default.is_scalar:
            fixed[col.name] = col.default.arg  # type: ignore[attr-defined]
        else:
            computed = True
    if conn.dialect.name != "sqlite" or computed:
        s.execute(insert(table), [dict(zip(columns, r)) for r in rows])
        return
    quote = conn.dialect.identifier_preparer.quote
    names = [*columns, *fixed]
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    _driver_executemany(conn, table, sql, columns, rows, tuple(fixed.values()))


def bulk_update(s: Session, entity: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """UPDATE the mapped class ``entity``'s table by its ``id``, one row per dict (``id`` and the same columns
    in each), inside the session's transaction.

    On SQLite the driver-level ``executemany`` of :func:`bulk_insert`; elsewhere SQLAlchemy's ORM bulk UPDATE
    by primary key."""
    if not rows:
        return
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        s.execute(update(entity), list(rows))
        return
    table: Table = entity.__table__
    columns = [k for k in rows[0] if k != "id"]
    quote = conn.dialect.identifier_preparer.quote
    sql = f"UPDATE {quote(table.name)} SET {', '.join(f'{quote(k)} = ?' for k in columns)} WHERE {quote('id')} = ?"
    _driver_executemany(conn, table, sql, [*columns, "id"], [(*(r[k] for k in columns), r["id"]) for r in rows])


def _driver_executemany(conn: Connection, table: Table, sql: str, columns: Sequence[str],
                        rows: Sequence[Sequence[Any]], extra: tuple[Any, ...] = ()) -> None:
    """``sql`` with each row (values for ``columns``, then ``extra``) in one ``executemany`` on the
    connection's own DBAPI connection, after the column types' bind processing (e.g. JSON to text)."""
    processors = [(i, p) for i, k in enumerate(columns)
                  if not isinstance(table.c[k].type, Boolean) and (p := table.c[k].type.bind_processor(conn.dialect))]
    params: Sequence[Sequence[Any]] = rows
    if processors or extra:
        def prepared(row: Sequence[Any]) -> tuple[Any, ...]:
            out = list(row)
            for i, process in processors:
                out[i] = process(out[i])
            return (*out, *extra)
        params = [prepared(r) for r in rows]
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.executemany(sql, params)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class CentralStore:
    """An open central store. ``CentralStore.open(url, create=True)`` creates the tables if needed."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.upgrade_backup: Path | None = None  # the backup taken before this open upgraded the store

    @classmethod
    def open(cls, url: str, *, create: bool = False, backups_dir: Path | None = None) -> CentralStore:
        """Open the store at ``url`` (``create``: make it if there is none). A store from an older Casereader is
        backed up into ``backups_dir`` (default: ``central-backups`` beside an SQLite store, or in the data
        folder) and upgraded; one from a newer Casereader is refused and left byte-for-byte unchanged."""
        from casereader.central import versioning

        path = versioning.sqlite_path(url)
        found: int | None = None
        if path is not None:
            found = versioning.read_sqlite_version(path)  # before any connection that could write to it
            if found is None and not create:
                raise CentralError(f"no central store at {path}: create it with casereader central init")
            if found is not None:
                versioning.refuse_newer(found, str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(url, module=sqlite3) if path is not None else create_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise CentralError(f"cannot open central store {_safe_url(url)}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, url)
        try:
            if path is None:
                found = versioning.read_engine_version(engine)
                if found is not None:
                    versioning.refuse_newer(found, _safe_url(url))
            if found is None:
                if not create:
                    raise CentralError(f"central store {_safe_url(url)} is not initialised: run casereader "
                                       "central init")
                CentralBase.metadata.create_all(engine)
                versioning.upgrade_schema(engine, versioning.SCHEMA_VERSION)
            elif found < versioning.SCHEMA_VERSION:
                folder = backups_dir or (path.parent if path else resolve().data_dir) / "central-backups"
                store.upgrade_backup = versioning.upgrade(engine, found, folder)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise CentralError(f"cannot open central store {_safe_url(url)}: {exc}") from exc
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back entirely on any exception."""
        with self.sessions() as session, session.begin():
            yield session

    # -- devices ---------------------------------------------------------------------------------------
    def devices(self) -> list[Device]:
        with self.sessions() as s:
            return [_device(r) for r in s.scalars(select(DeviceRecord).order_by(DeviceRecord.status,
                                                                                 DeviceRecord.id))]

    def device(self, device_id: str) -> Device | None:
        with self.sessions() as s:
            r = s.get(DeviceRecord, device_id)
            return _device(r) if r else None

    def enrol(self, device_id: str, public_key: bytes, name: str = "") -> Device:
        """Enrol a device by its public key (accepting it if it was pending)."""
        with self.transaction() as s:
            r = s.get(DeviceRecord, device_id)
            if r is not None and bytes(r.public_key) != public_key:
                raise CentralError(f"device {device_id} is already known with a different public key")
            if r is None:
                r = DeviceRecord(id=device_id, public_key=public_key, first_seen=utc_now())
                s.add(r)
            r.status = "enrolled"
            r.enrolled_at = utc_now()
            if name:
                r.name = name
            s.flush()
            return _device(r)

    def accept(self, device_id: str, name: str = "") -> Device:
        with self.transaction() as s:
            r = s.get(DeviceRecord, device_id)
            if r is None:
                raise CentralError(f"unknown device {device_id}: no bundle from it has been seen; "
                                   "enrol it with casereader central enrol KEYFILE")
            if r.status == "enrolled":
                raise CentralError(f"device {device_id} is already enrolled")
            r.status = "enrolled"
            r.enrolled_at = utc_now()
            if name:
                r.name = name
            s.flush()
            return _device(r)

    def record_pending(self, device_id: str, public_key: bytes) -> None:
        """Remember a device seen in a refused bundle, so the centre can accept it explicitly."""
        with self.transaction() as s:
            if s.get(DeviceRecord, device_id) is None:
                s.add(DeviceRecord(id=device_id, public_key=public_key, status="pending", first_seen=utc_now()))

    # -- dump ------------------------------------------------------------------------------------------
    def dump(self, exclude: tuple[str, ...] = ()) -> dict[str, list[list[Any]]]:
        """Every row of every central table, sorted: a canonical logical dump to compare states.

        Surrogate keys (autoincrement ids) are left out, so two stores that hold the same facts compare equal.
        """
        out: dict[str, list[list[Any]]] = {}
        with self.engine.connect() as conn:
            for name, table in sorted(CentralBase.metadata.tables.items()):
                if name in exclude:
                    continue
                columns = [c for c in table.columns if not (c.name == "id" and c.autoincrement is True)]
                rows = [[_plain(v) for v in row] for row in conn.execute(select(*columns))]
                out[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
        return out

    def dump_hash(self, exclude: tuple[str, ...] = ()) -> str:
        text = json.dumps(self.dump(exclude), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def _plain(v: Any) -> Any:
    if isinstance(v, (bytes, memoryview)):
        return bytes(v).hex()
    return v


def _safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown only by its scheme
        return url.split(":", 1)[0] + ":..."
