"""The SQLite database under the store: engine, per-connection pragmas, units of work, error wording.

Every connection gets ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON`` and a busy
timeout; :func:`verify_pragmas` reads them back so the store refuses to run if one did not apply. The
engine keeps one connection (a pool of one), so a store never has two of its own connections writing
or checkpointing at once. Transactions are begun explicitly (``BEGIN IMMEDIATE`` for writes) because
the stdlib driver's implicit transactions break SAVEPOINTs and transactional DDL. The autosave path runs
its few statements straight on that connection (:meth:`Database.direct`), without the ORM.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from casereader.core.inspection import StoreError
from casereader.sqlitedb import ERRORS as SQLITE_ERRORS
from casereader.sqlitedb import sqlite3
from casereader.storage import chain

BUSY_TIMEOUT_MS = 10_000
REQUIRED_PRAGMAS: dict[str, Any] = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                                    "busy_timeout": BUSY_TIMEOUT_MS}
SQLITE_MAGIC = b"SQLite format 3\x00"

DISK_FULL = ("Could not save: the disk is full. Free some space and try again; "
             "nothing already saved was lost.")
IO_ERROR = ("Could not save: the disk could not be read or written (I/O error). Check the drive and try "
            "again; nothing already saved was lost.")
BUSY = ("Could not save: the database is in use by another Casereader window or process. Close it and "
        "try again; nothing already saved was lost.")


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see module docstring)
    cur = dbapi_connection.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
    finally:
        cur.close()
    chain.register(dbapi_connection)  # the audit log's hash chain is computed by a trigger calling it


def _on_begin(conn: Any) -> None:
    if conn.get_execution_options().get("sqlite_immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    """An engine on the database file ``path`` with the durability pragmas on every connection."""
    engine = create_engine(
        "sqlite:///" + str(path),
        poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=60,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        module=sqlite3,  # the one SQLite library of casereader.sqlitedb
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def read_pragmas(con: sqlite3.Connection) -> dict[str, Any]:
    """The durability pragmas as the connection reports them."""
    found: dict[str, Any] = {}
    for name in REQUIRED_PRAGMAS:
        value = con.execute(f"PRAGMA {name}").fetchone()[0]
        found[name] = value.lower() if isinstance(value, str) else value
    return found


def error_message(exc: BaseException) -> str | None:
    """A user-fit message for a database failure (disk full, I/O, busy), or None if not one of those."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, SQLITE_ERRORS):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig).lower()
    if primary == sqlite3.SQLITE_FULL or "database or disk is full" in text:
        return DISK_FULL
    if primary == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
        return IO_ERROR
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in text:
        return BUSY
    if primary == sqlite3.SQLITE_READONLY or "readonly database" in text:
        return "Could not save: the database is read-only. Nothing already saved was lost."
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
        return ("The database file is damaged. Restore the newest backup (casereader backup list, "
                "casereader backup restore).")
    return None


class Turnstile:
    """A first-come, first-served lock: threads take turns with the one connection in arrival order.

    (A plain lock or the pool's queue lets a busy autosave thread starve a waiting backup or UI thread.)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held = False
        self._waiting: deque[threading.Event] = deque()

    def acquire(self) -> None:
        with self._lock:
            if not self._held:
                self._held = True
                return
            turn = threading.Event()
            self._waiting.append(turn)
        try:
            turn.wait()  # the releasing thread hands the turnstile over directly
        except BaseException:
            with self._lock:
                if turn in self._waiting:
                    self._waiting.remove(turn)
                    raise
            self.release()
            raise

    def release(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._held = False

    @contextmanager
    def turn(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


class Database:
    """An engine plus units of work: each ``read()``/``write()`` is one session, committed or rolled back.

    Units of work take turns (first come, first served) for the store's one connection; they must not nest.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.turnstile = Turnstile()
        self.engine = make_engine(path)
        self.sqlite_version = ""  # as read back by verify_pragmas()
        self._reads = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        self._writes = sessionmaker(self.engine.execution_options(sqlite_immediate=True),
                                    expire_on_commit=False, autoflush=False)
        # What direct() units of work keep between transactions (the cases being marked). Valid only while
        # nothing else has written: emptied by write() and raw(), and by direct() when the connection is not
        # the one it was filled on or another connection has committed since (PRAGMA data_version).
        self._memo: dict[str, Any] = {}
        self._memo_seen: tuple[sqlite3.Connection | None, int] = (None, -1)
        # The pool's one sqlite3 connection, used by direct() without a pool checkout (the turnstile already
        # gives it to one unit of work at a time); forgotten as soon as the pool closes or drops it.
        self._con: sqlite3.Connection | None = None
        # The write session of an atomic() block and its thread: read() and write() there join it.
        self._outer: tuple[Session, int] | None = None
        for name in ("close", "detach", "invalidate"):
            event.listen(self.engine.pool, name, self._pool_dropped)

    def _joined(self) -> Session | None:
        """The atomic() block's session when this thread is inside one, else None."""
        outer = self._outer
        if outer is None or outer[1] != threading.get_ident():
            return None
        return outer[0]

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One write transaction for several units of work: each read() and write() of this thread inside the
        block joins it (a write's changes are flushed when its block ends, committed when this one ends),
        and any exception rolls back all of them. raw() and direct() are refused inside it."""
        if self._joined() is not None:
            raise StoreError("Internal error: atomic units of work do not nest.")
        with self.write() as session:
            self._outer = (session, threading.get_ident())
            try:
                yield
            finally:
                self._outer = None

    def _refuse_inside_atomic(self, what: str) -> None:
        if self._joined() is not None:
            raise StoreError(f"Internal error: {what} cannot run inside an atomic unit of work.")

    @contextmanager
    def read(self) -> Iterator[Session]:
        joined = self._joined()
        if joined is not None:
            with _translated():
                yield joined
            return
        with self.turnstile.turn(), _translated(), self._reads() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self, *, cases: bool = True) -> Iterator[Session]:
        """A write transaction (``BEGIN IMMEDIATE``); committed — durable — when the block ends.

        ``cases=False`` promises that the block changes nothing but settings, so what :meth:`direct` keeps
        between transactions stays valid; any other write empties it.
        """
        joined = self._joined()
        if joined is not None:
            with _translated():
                yield joined
                joined.flush()
            return
        with self.turnstile.turn(), _translated(), self._writes() as session:
            if cases:
                self._memo.clear()
            try:
                with session.begin():
                    yield session
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def raw(self, *, changes: bool = True) -> Iterator[sqlite3.Connection]:
        """The pooled sqlite3 connection itself (for the backup API), outside any transaction.

        ``changes=False`` promises the block only reads (a backup taken from it, an integrity check), so what
        :meth:`direct` keeps between transactions stays valid.
        """
        self._refuse_inside_atomic("a backup or check of the whole database")
        with self.turnstile.turn(), _translated(), self.engine.connect() as conn:
            if changes:
                self._memo.clear()
            dbapi = conn.connection.dbapi_connection
            assert isinstance(dbapi, sqlite3.Connection)
            conn.rollback()
            yield dbapi

    @contextmanager
    def direct(self) -> Iterator[tuple[sqlite3.Connection, dict[str, Any]]]:
        """A write transaction straight on the sqlite3 connection, for the hot path of marking: ``BEGIN
        IMMEDIATE``, the block's statements, ``COMMIT`` (durable: WAL, ``synchronous=FULL``) when it ends,
        ``ROLLBACK`` if it raises. No transaction is left open either way.

        Yields the connection and the memo: a dict the block may keep facts read from the database in, for
        the next direct() unit of work. The memo is emptied when anything else may have changed the data
        (another unit of work here, another connection's commit) and when a block raises.
        """
        self._refuse_inside_atomic("saving one answer")
        with self.turnstile.turn(), _translated():
            con = self._con if self._con is not None else self._pooled()
            con.execute("BEGIN IMMEDIATE")
            try:
                seen = (con, con.execute("PRAGMA data_version").fetchone()[0])
                if seen[0] is not self._memo_seen[0] or seen[1] != self._memo_seen[1]:
                    self._memo.clear()
                    self._memo_seen = seen
                yield con, self._memo
                con.execute("COMMIT")
            except BaseException:
                self._memo.clear()
                self._roll_back(con)
                raise

    def _pooled(self) -> sqlite3.Connection:
        """The pool's connection (opened, with its pragmas, on first use), checked straight back in."""
        fairy = self.engine.raw_connection()
        try:
            con = fairy.driver_connection
            assert isinstance(con, sqlite3.Connection)
        finally:
            fairy.close()
        self._con = con
        return con

    def _pool_dropped(self, dbapi_connection: Any, *_: Any) -> None:
        if dbapi_connection is self._con:
            self._con = None

    def _roll_back(self, con: sqlite3.Connection) -> None:
        """Roll back a direct() transaction; if even that fails, have the pool drop the connection."""
        try:
            if con.in_transaction:
                con.execute("ROLLBACK")
        except sqlite3.Error:
            fairy = self.engine.raw_connection()
            fairy.invalidate()
            fairy.close()
            self._con = None

    def forget(self) -> None:
        """Empty the memo of :meth:`direct` (after changing the database other than through this object)."""
        with self.turnstile.turn():
            self._memo.clear()

    def verify_pragmas(self) -> dict[str, Any]:
        """Read the pragmas back from the store's connection; raise StoreError naming any that did not apply."""
        with self.raw() as con:
            found = read_pragmas(con)
            version = str(con.execute("SELECT sqlite_version()").fetchone()[0])
        wrong = [f"{k} is {found[k]!r}, needs {v!r}" for k, v in REQUIRED_PRAGMAS.items() if found[k] != v]
        self.sqlite_version = version  # the SQLite library actually in use, read back from the connection
        if wrong:
            raise StoreError(f"{self.path}: the database cannot be opened safely: " + "; ".join(wrong)
                             + ". Is it on a network or read-only drive?")
        return found

    def dispose(self) -> None:
        self._con = None
        self.engine.dispose()


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except StoreError:
        raise
    except (SQLAlchemyError, sqlite3.Error) as exc:
        message = error_message(exc)
        if message is None:
            orig = exc.orig if isinstance(exc, DBAPIError) else exc
            message = f"Could not use the database: {orig}. Nothing already saved was lost."
        raise StoreError(message) from exc


def file_uri(path: Path, mode: str = "ro") -> str:
    return f"file:{pathname2url(str(path.resolve()))}?mode={mode}"


def read_revision(path: Path) -> tuple[bool, str | None]:
    """(is_empty, schema revision) of an existing file, opened read-only so it is left untouched.

    An empty or missing file is ``(True, None)``. Raises StoreError if the file is not a Casereader
    database at all.
    """
    if not path.exists() or path.stat().st_size == 0:
        return True, None
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise StoreError(f"{path} is not a Casereader database (not an SQLite file). It has not been changed.")
    # Without a -wal file the whole database is in the main file: read it as immutable, which creates no
    # -wal/-shm files. With one (the last session ended abruptly), a read-only open reads the WAL too.
    wal = path.with_name(path.name + "-wal")
    uri = file_uri(path) + ("" if wal.exists() else "&immutable=1")
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened: {exc}. It has not been changed.") from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(f"{path} is an SQLite database but not a Casereader one "
                                 f"(tables: {', '.join(sorted(tables))}). It has not been changed.")
            return True, None
        rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be read: {exc}. It has not been changed.") from exc
    finally:
        con.close()
    if len(rows) != 1:
        raise StoreError(f"{path} has no single schema revision ({len(rows)} found). It has not been changed.")
    return False, str(rows[0][0])
