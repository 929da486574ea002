"""The local store: inspections, case samples and marks in SQLite — durable, audited, migratable.

``from casereader.storage import LocalStore``; nothing above this package ever holds an ORM object.
Importing this package does no work and imports nothing heavy: SQLAlchemy and Alembic load on first use of
``LocalStore`` (or the other names below), so the app can paint its window from
:mod:`casereader.storage.snapshot` (standard library only) before they load.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casereader.storage.backups import BackupInfo
    from casereader.storage.rebinding import OrphanedAnswer, RebindReport
    from casereader.storage.store import LocalStore

__all__ = ["BackupInfo", "LocalStore", "OrphanedAnswer", "RebindReport"]

_HOMES = {"BackupInfo": "backups", "LocalStore": "store", "OrphanedAnswer": "rebinding", "RebindReport": "rebinding"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
