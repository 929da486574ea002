"""The one SQLite library every store uses: the pysqlite3 wheel's bundled SQLite where it is installed (a
current SQLite, with the WAL-reset fix of 3.51.3), else the Python standard library's ``sqlite3``.

Every direct use of SQLite (``from casereader.sqlitedb import sqlite3``) and SQLAlchemy's engines
(``create_engine(url, module=sqlite3)``) go through this module, so the whole program runs on one library
and its version is the one read back at start-up and shown by ``casereader --self-check``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same API as the standard library's: type-check against it
    import sqlite3
else:
    try:
        from pysqlite3 import dbapi2 as sqlite3
    except ImportError:  # no wheel for this platform: the interpreter's own SQLite
        import sqlite3

import sqlite3 as _interpreters

# An error of either library is an SQLite error (a file may be read with the interpreter's sqlite3 elsewhere).
ERRORS: tuple[type[Exception], ...] = tuple({sqlite3.Error, _interpreters.Error})
MINIMUM = (3, 51, 3)  # the WAL-reset fix
LIBRARY = "sqlite3 (Python standard library)" if sqlite3.__name__ == "sqlite3" else "pysqlite3"


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".")[:3] if p.isdigit())


def is_current(version: str) -> bool:
    """Whether SQLite ``version`` (as ``sqlite_version()`` gives it) has the WAL-reset fix."""
    return version_tuple(version) >= MINIMUM


def describe(version: str) -> str:
    """One line for --self-check: the version read back, the library, and whether it is current enough."""
    verdict = "current" if is_current(version) else \
        f"OLDER than {'.'.join(map(str, MINIMUM))}: install the pysqlite3 wheel for the WAL-reset fix"
    return f"SQLite {version} via {LIBRARY} ({verdict})"


__all__ = ["ERRORS", "LIBRARY", "MINIMUM", "describe", "is_current", "sqlite3", "version_tuple"]
