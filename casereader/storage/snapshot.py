"""A read-only look at the local store with the standard library alone, for the app's first paint.

Importing SQLAlchemy, Alembic and pydantic costs several times what it takes Python and Qt to paint a window,
so the app paints its main window from this snapshot — the inspection and its case list, read in a few
milliseconds — and opens the real :class:`~casereader.storage.LocalStore` (which migrates, backs up and
validates) right after. The snapshot never writes: the file is opened with ``mode=ro``, a missing file is not
created, and any problem (no database yet, an older or newer schema, a locked or damaged file) simply means
"no snapshot": the store, opened next, is the one that reports problems to the inspector.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from casereader.core.inspection import CaseStatus, CaseSummary, Inspection, Round
from casereader.sqlitedb import sqlite3

T = TypeVar("T")


class Snapshot:
    """Read-only queries on one database file. Use :func:`snapshot`, which yields ``None`` when unreadable."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def setting(self, key: str) -> str | None:
        row = self._con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def inspection(self, inspection_id: str) -> Inspection | None:
        row = self._con.execute(
            "SELECT id, title, programme, area, round, form_id, form_version, form_hash, inspectors, created_at, "
            "sample_seed FROM inspection WHERE id = ?", (inspection_id,)).fetchone()
        if row is None:
            return None
        return Inspection(id=row[0], title=row[1], programme=row[2], area=row[3], round=Round(row[4]),
                          form_id=row[5], form_version=row[6], form_hash=row[7],
                          inspectors=tuple(json.loads(row[8] or "[]")), created_at=row[9], sample_seed=row[10])

    def cases(self, inspection_id: str) -> list[CaseSummary]:
        """The case list of an inspection, in the order the cases were added (as ``LocalStore.list_cases``)."""
        return [CaseSummary(id=r[0], inspection_id=inspection_id, reference=r[1], header=dict(json.loads(r[2])),
                            status=CaseStatus(r[3]), answered=r[4], applicable=r[5], inspector=r[6],
                            updated_at=r[7], reserve=bool(r[8]), withdrawn_reason=r[9])
                for r in self._con.execute(
                    "SELECT id, reference, header, status, answered, applicable, inspector, updated_at, reserve, "
                    "withdrawn_reason FROM case_file WHERE inspection_id = ? ORDER BY position", (inspection_id,))]


@contextlib.contextmanager
def snapshot(database: Path) -> Iterator[Snapshot | None]:
    """A :class:`Snapshot` of ``database`` for the block, or ``None`` when there is no file or it cannot be
    opened. Prefer :func:`read`, which also turns errors inside the work into ``None``."""
    if not database.is_file():
        yield None
        return
    try:
        con = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        yield None
        return
    try:
        con.execute("PRAGMA query_only = ON")
        yield Snapshot(con)
    finally:
        con.close()


def read(database: Path, work: Callable[[Snapshot], T]) -> T | None:
    """Run ``work(snapshot)`` and return its result, or ``None`` if the database cannot be read or ``work``
    meets something this version does not understand (the store, opened next, will explain)."""
    with snapshot(database) as snap:
        if snap is None:
            return None
        try:
            return work(snap)
        except (sqlite3.Error, ValueError, LookupError, TypeError, AttributeError):
            return None
