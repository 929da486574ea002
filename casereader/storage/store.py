"""LocalStore: the one object the app uses to keep inspections, cases and marks on this laptop."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from casereader.core.inspection import StoreError
from casereader.storage import backups as backup_files
from casereader.storage.audit import utc_now
from casereader.storage.backups import BackupInfo
from casereader.storage.cases import CaseOperations
from casereader.storage.database import Database, read_revision
from casereader.storage.migrations import HEAD, REVISIONS, upgrade
from casereader.storage.records import AuditEventRecord, SettingRecord

KEEP_BACKUPS = 20


def _newer_message(path: Path, revision: str) -> str:
    return (f"{path} was written by a newer version of Casereader (database schema '{revision}'; this version "
            f"knows up to '{HEAD}'). It has not been changed. Install the newer Casereader to open it.")


class LocalStore(CaseOperations):
    """The local store. Every public method is one unit of work, committed before it returns, and
    raises :class:`~casereader.core.inspection.StoreError` with a message fit for the user."""

    def __init__(self, db: Database, backups_dir: Path, keep_backups: int) -> None:
        super().__init__(db)
        self.path = db.path
        self.backups_dir = backups_dir
        self.keep_backups = keep_backups
        self.pragmas: dict[str, Any] = {}
        self.migrated_from: str | None = None
        self.migration_backup: Path | None = None
        self._backed_up_seq: int | None = None

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, db_path: str | os.PathLike[str], *, backups_dir: str | os.PathLike[str] | None = None,
             keep_backups: int = KEEP_BACKUPS) -> LocalStore:
        """Open (creating or upgrading) the store at ``db_path``.

        A database at an older schema revision is backed up, then migrated to the newest one. A database
        from a newer Casereader is refused and left byte-for-byte untouched. The durability pragmas are
        read back and the store refuses to open if any did not apply.
        """
        path = Path(db_path).expanduser().absolute()
        empty, revision = read_revision(path)
        if revision is not None and revision not in REVISIONS:
            raise StoreError(_newer_message(path, revision))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Could not make the folder {path.parent}: {exc.strerror}.") from exc
        folder = Path(backups_dir).expanduser().absolute() if backups_dir else path.parent / "backups"
        store = cls(Database(path), folder, keep_backups)
        try:
            store.pragmas = store._db.verify_pragmas()
            if revision != HEAD:
                store._migrate(revision, empty)
        except BaseException:
            store._db.dispose()
            raise
        return store

    def _migrate(self, revision: str | None, empty: bool) -> None:
        if not empty:
            self.migration_backup = self.backup(f"before migration {revision} to {HEAD}")
        try:
            upgrade(self._db.engine, HEAD)
        except StoreError:
            raise
        except Exception as exc:
            where = f" A backup was made first: {self.migration_backup}." if self.migration_backup else ""
            raise StoreError(f"Could not upgrade {self.path} to schema {HEAD}: {exc}. The database was left as "
                             f"it was.{where}") from exc
        self.migrated_from = revision

    def close(self, *, backup_reason: str | None = None) -> None:
        """Close the store; with ``backup_reason``, first take a backup if anything changed since the last."""
        try:
            if backup_reason is not None:
                self.backup_if_changed(backup_reason)
        finally:
            self._db.dispose()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ settings

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._db.read() as s:
            rec = s.get(SettingRecord, key)
            return default if rec is None else rec.value

    def set_setting(self, key: str, value: str) -> None:
        with self._db.write() as s:
            rec = s.get(SettingRecord, key)
            if rec is None:
                s.add(SettingRecord(key=key, value=str(value), updated_at=utc_now()))
            elif rec.value != str(value):
                rec.value, rec.updated_at = str(value), utc_now()

    # ------------------------------------------------------------ backups

    def backup(self, reason: str, *, protect: Path | None = None) -> Path:
        """Write a backup now (SQLite backup API) into the backups folder, keeping the newest ones
        (and never deleting ``protect``)."""
        seq = self._last_seq()
        with self._db.raw() as con:
            path = backup_files.write_backup(con, self.backups_dir, reason, self.keep_backups, protect)
        self._backed_up_seq = seq
        return path

    def backup_if_changed(self, reason: str) -> Path | None:
        """A backup only if the audit log grew since this store's last backup (for timers and exit)."""
        if self._backed_up_seq is not None and self._last_seq() == self._backed_up_seq:
            return None
        return self.backup(reason)

    def list_backups(self) -> list[BackupInfo]:
        """Backups in the backups folder, newest first."""
        return backup_files.list_backups(self.backups_dir)

    def restore_backup(self, backup_path: str | os.PathLike[str]) -> Path:
        """Replace the database with a backup, after checking the backup's integrity and taking a backup of
        the current database (returned, so the restore itself can be undone)."""
        source = Path(backup_path).expanduser().absolute()
        revision = backup_files.check_backup(source)
        if revision not in REVISIONS:
            raise StoreError(_newer_message(source, str(revision)))
        safety = self.backup("before restore", protect=source)
        with self._db.raw() as con:
            backup_files.copy_into(source, con)
        self.pragmas = self._db.verify_pragmas()
        if revision != HEAD:
            self._migrate(revision, empty=False)
        self._backed_up_seq = None
        return safety

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check`` of the live database (``["ok"]`` when sound)."""
        with self._db.raw() as con:
            return [str(r[0]) for r in con.execute("PRAGMA integrity_check")]

    def _last_seq(self) -> int:
        with self._db.read() as s:
            return int(s.scalar(select(func.coalesce(func.max(AuditEventRecord.seq), 0))) or 0)
