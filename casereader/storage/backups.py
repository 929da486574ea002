"""Backups of the local store through SQLite's online backup API — never a raw file copy.

A backup is a whole, consistent snapshot written to a temporary name, synced, checked with
``PRAGMA quick_check`` and only then renamed into place. The folder keeps the newest ``keep`` backups.
Names carry the UTC time and the reason: ``casereader-20261122T031741123456Z-before-import.sqlite``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from casereader.core.inspection import StoreError
from casereader.sqlitedb import sqlite3
from casereader.storage.database import SQLITE_MAGIC, error_message, file_uri

PREFIX = "casereader-"
SUFFIX = ".sqlite"
_NAME = re.compile(r"^casereader-(\d{8}T\d{12}Z)-(.*)\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when it was taken (UTC ISO), why, and its size in bytes."""

    path: Path
    at: str
    reason: str
    size: int


def slug(reason: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return text[:60] or "manual"


def _sync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_backup(source: sqlite3.Connection, folder: Path, reason: str, keep: int,
                 protect: Path | None = None) -> Path:
    """Snapshot the database behind ``source`` into ``folder``; rotate (never deleting ``protect``)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Could not make the backup folder {folder}: {exc.strerror}.") from exc
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{PREFIX}{stamp}-{slug(reason)}{SUFFIX}"
    n = 1
    while final.exists():
        n += 1
        final = folder / f"{PREFIX}{stamp}-{slug(reason)}-{n}{SUFFIX}"
    temp = folder / (final.name + ".partial")
    try:
        target = sqlite3.connect(temp)
        try:
            source.backup(target)
            ok = target.execute("PRAGMA quick_check").fetchone()[0]
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        if ok != "ok":
            raise StoreError(f"The backup did not pass its check ({ok}); no backup was kept.")
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, final)
        _sync_dir(folder)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        message = error_message(exc) if isinstance(exc, sqlite3.Error) else None
        detail = message or str(exc)
        raise StoreError(f"Could not write a backup to {folder}: {detail}") from exc
    rotate(folder, keep, protect)
    return final


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if not m or not path.is_file():
            continue
        at = dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
        found.append(BackupInfo(path, at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), m.group(2), path.stat().st_size))
    found.sort(key=lambda b: (b.at, b.path.name), reverse=True)
    return found


def rotate(folder: Path, keep: int, protect: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups (and never ``protect``); return what was deleted."""
    removed = []
    for old in list_backups(folder)[max(keep, 1):]:
        if protect is not None and old.path.resolve() == protect.resolve():
            continue
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


def check_backup(path: Path) -> str | None:
    """Open a backup read-only and return its schema revision after ``PRAGMA integrity_check`` passes.

    Raises StoreError if the file is missing, not a database, damaged, or not a Casereader backup.
    """
    if not path.is_file():
        raise StoreError(f"No backup file {path}.")
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise StoreError(f"{path} is not a Casereader backup (not an SQLite file).")
    try:
        con = sqlite3.connect(file_uri(path), uri=True)
        try:
            result = [r[0] for r in con.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise StoreError(f"{path} is damaged and was not restored: {'; '.join(result[:5])}")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables or "audit_event" not in tables:
                raise StoreError(f"{path} is not a Casereader backup.")
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be read as a backup: {exc}") from exc
    return None if row is None else str(row[0])


def copy_into(backup: Path, target: sqlite3.Connection) -> None:
    """Replace the whole content of the database behind ``target`` with the backup (backup API)."""
    source = sqlite3.connect(file_uri(backup), uri=True)
    try:
        source.backup(target)
    finally:
        source.close()
