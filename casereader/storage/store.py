"""LocalStore: the one object the app uses to keep inspections, cases and marks on this laptop."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from casereader.core.answers import Answer, HeaderValue
from casereader.core.inspection import AuditEvent, CaseFile, CaseStatus, CaseSummary, Inspection, Round, StoreError
from casereader.core.questionset import QuestionSet
from casereader.core.review import QueryState, ReviewEvent, SignOff
from casereader.storage import backups as backup_files
from casereader.storage import chain
from casereader.storage.audit import header_from_json, record_event, to_json, utc_now
from casereader.storage.backups import BackupInfo
from casereader.storage.cases import AnswerChange, CaseRepository, session_sqlite, stored_answer
from casereader.storage.database import Database, read_revision
from casereader.storage.inspections import InspectionRepository
from casereader.storage.migrations import HEAD, REVISIONS, upgrade
from casereader.storage.rebinding import RebindReport
from casereader.storage.records import AuditEventRecord, InspectionRecord, SettingRecord
from casereader.storage.reviews import ReviewRepository

KEEP_BACKUPS = 20
_NO_DELETE = "audit_event_no_delete"  # the trigger that keeps the audit trail append-only


def _newer_message(path: Path, revision: str) -> str:
    return (f"{path} was written by a newer version of Casereader (database schema '{revision}'; this version "
            f"knows up to '{HEAD}'). It has not been changed. Install the newer Casereader to open it.")


class LocalStore:
    """The local store: a facade over its repositories (``inspections``, ``cases``, ``reviews``) and its own settings,
    backups and audit chain. Every public method is one unit of work, committed before it returns, and raises
    :class:`~casereader.core.inspection.StoreError` with a message fit for the user."""

    def __init__(self, db: Database, backups_dir: Path, keep_backups: int) -> None:
        self._db = db
        self.inspections = InspectionRepository(db)
        self.cases = CaseRepository(db, self.inspections)
        self.reviews = ReviewRepository(db)
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
        finally:
            self._db.forget()  # the upgrade wrote through the engine, not through a unit of work
        self.migrated_from = revision

    @property
    def sqlite_version(self) -> str:
        """The version of the SQLite library the store runs on, read back from its connection at open."""
        return self._db.sqlite_version

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

    # ------------------------------------------------------------ several operations as one

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run several of this store's operations (of this thread) as one transaction: all of them are
        committed when the block ends, or none if anything in it raises. Backups, restores and
        :meth:`save_answer` cannot run inside it."""
        with self._db.atomic():
            yield

    # ------------------------------------------------------------ settings

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._db.read() as s:
            rec = s.get(SettingRecord, key)
            return default if rec is None else rec.value

    def set_setting(self, key: str, value: str) -> None:
        with self._db.write(cases=False) as s:
            rec = s.get(SettingRecord, key)
            if rec is None:
                s.add(SettingRecord(key=key, value=str(value), updated_at=utc_now()))
            elif rec.value != str(value):
                rec.value, rec.updated_at = str(value), utc_now()

    # ------------------------------------------------------------ bulk reads (exports)

    def case_documents(self, inspection_id: str, case_id: str | None = None) -> list[dict[str, Any]]:
        """Every case of an inspection (or only ``case_id``) as a plain JSON object, in the order added: ``id``,
        ``reference``, ``header``, ``status``, ``inspector``, ``updated_at``, ``reserve``, ``withdrawn_reason``
        and ``answers`` (question id -> :meth:`Answer.to_json`). What :meth:`case_files` holds, without building
        an object per answer (for exports: two queries, rows straight to JSON objects)."""
        only = "" if case_id is None else " AND c.id = ?"
        with self._db.read() as s:
            rec = self.inspections.resolve(s, inspection_id)
            con = session_sqlite(s)
            params = (rec.id,) if case_id is None else (rec.id, case_id)
            answers: dict[str, dict[str, dict[str, Any]]] = {}
            for cid, qid, value, na, na_reason, comment in con.execute(
                    "SELECT a.case_id, a.question_id, a.value, a.na, a.na_reason, a.comment FROM answer a "
                    "JOIN case_file c ON c.id = a.case_id WHERE c.inspection_id = ?" + only, params):
                found = answers.get(cid)
                if found is None:
                    found = answers[cid] = {}
                if value[:1] == '"' and "\\" not in value:
                    found[qid] = {"value": value[1:-1], "na": bool(na), "na_reason": na_reason or "",
                                  "comment": comment or ""}
                else:
                    found[qid] = stored_answer(value, na, na_reason, comment).to_json()
            return [{"id": cid, "reference": reference, "header": header_from_json(header), "status": status,
                     "inspector": inspector, "updated_at": updated_at, "reserve": bool(reserve),
                     "withdrawn_reason": withdrawn, "answers": answers.get(cid, {})}
                    for cid, reference, header, status, inspector, updated_at, reserve, withdrawn in con.execute(
                        "SELECT id, reference, header, status, inspector, updated_at, reserve, withdrawn_reason "
                        "FROM case_file c WHERE inspection_id = ?" + only + " ORDER BY position", params)]

    def audit_log(self, inspection_id: str) -> list[dict[str, Any]]:
        """The inspection's audit events (its own and its cases'), oldest first, as plain JSON objects
        with the fields of :class:`AuditEvent` (one query; for exports)."""
        with self._db.read() as s:
            rec = self.inspections.resolve(s, inspection_id)
            rows = session_sqlite(s).execute(
                "SELECT seq, at, actor, case_id, kind, key, old, new, reason FROM audit_event "
                "WHERE inspection_id = ? ORDER BY seq", (rec.id,)).fetchall()
        return [{"seq": seq, "at": at, "actor": actor, "case_id": case_id, "kind": kind, "key": key, "old": old,
                 "new": new, "reason": reason} for seq, at, actor, case_id, kind, key, old, new, reason in rows]

    # ------------------------------------------------------------ purging

    def purge_inspection(self, inspection_id: str, *, actor: str, reason: str) -> int:
        """Delete an inspection from this laptop: its cases, answers, audit events and settings (for use once
        the centre has confirmed it holds everything). A backup is taken first; one audit event records
        the purge itself (with no inspection, as that is gone). Returns how many cases were removed."""
        if not reason.strip():
            raise StoreError("Purging an inspection needs a reason.")
        insp = self.get_inspection(inspection_id)
        self.backup(f"before purging inspection {insp.id}")
        with self._db.write() as s:
            rec = self.inspections.resolve(s, insp.id)
            gone = {"id": rec.id, "title": rec.title, "area": rec.area, "round": rec.round,
                    "form": f"{rec.form_id}@{rec.form_version}"}
            con = s.connection()
            cases = int(con.exec_driver_sql("SELECT count(*) FROM case_file WHERE inspection_id = ?",
                                            (rec.id,)).scalar_one())
            trigger = con.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                          (_NO_DELETE,)).scalar_one_or_none()
            secure = con.exec_driver_sql("PRAGMA secure_delete").scalar_one()
            con.exec_driver_sql("PRAGMA secure_delete = ON")  # deleted rows are overwritten, not left in free pages
            if trigger is not None:  # the append-only guard is lifted for this one transaction only
                con.exec_driver_sql(f"DROP TRIGGER {_NO_DELETE}")
            con.exec_driver_sql("DELETE FROM audit_event WHERE inspection_id = ? OR case_id IN "
                                "(SELECT id FROM case_file WHERE inspection_id = ?)", (rec.id, rec.id))
            if trigger is not None:
                con.exec_driver_sql(trigger)
            con.exec_driver_sql("DELETE FROM answer WHERE case_id IN (SELECT id FROM case_file WHERE "
                                "inspection_id = ?)", (rec.id,))
            con.exec_driver_sql("DELETE FROM case_file WHERE inspection_id = ?", (rec.id,))
            # settings kept per inspection end with its id after "." or ":" (sync.export.DEVICE.ID, sample_draw:ID)
            con.exec_driver_sql("DELETE FROM setting WHERE substr(key, -length(?1)) = ?1 "
                                "AND substr(key, -length(?1) - 1, 1) IN ('.', ':')", (rec.id,))
            s.expunge_all()
            s.execute(delete(InspectionRecord).where(InspectionRecord.id == gone["id"]))
            record_event(s, actor=actor, kind="inspection", key="purged", reason=reason.strip(),
                         old=to_json({**gone, "cases": cases}))
            s.flush()
            con.exec_driver_sql(f"PRAGMA secure_delete = {int(secure)}")
        with self._db.raw() as raw:  # move the overwritten pages into the database file and empty the WAL
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cases

    # ------------------------------------------------------------ backups

    def backup(self, reason: str, *, protect: Path | None = None) -> Path:
        """Write a backup now (SQLite backup API) into the backups folder, keeping the newest ones
        (and never deleting ``protect``)."""
        seq = self._last_seq()
        with self._db.raw(changes=False) as con:  # the backup API only reads from it
            path = backup_files.write_backup(con, self.backups_dir, reason, self.keep_backups, protect)
        self._backed_up_seq = seq
        return path

    def audit_rows(self) -> list[tuple[object, ...]]:
        """Every audit row with its hash-chain columns, in sequence order (for :func:`chain.verify_rows`)."""
        with self._db.raw(changes=False) as con:
            return chain.read_rows(con)

    def audit_head(self, inspection_id: str, upto_seq: int) -> str:
        """The hash chain's head of ``inspection_id``'s audit rows up to ``upto_seq``."""
        with self._db.raw(changes=False) as con:
            return chain.head(con, inspection_id, upto_seq)

    def exported_chain_breaks(self) -> list[chain.Break]:
        """See :func:`chain.exported_breaks`: heads sent to the centre that the chain no longer passes through."""
        with self._db.raw(changes=False) as con:
            return chain.exported_breaks(con)

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
        with self._db.raw(changes=False) as con:
            return [str(r[0]) for r in con.execute("PRAGMA integrity_check")]

    def _last_seq(self) -> int:
        with self._db.read() as s:
            return int(s.scalar(select(func.coalesce(func.max(AuditEventRecord.seq), 0))) or 0)

    # ------------------------------------------------------------ inspections (InspectionRepository)

    def create_inspection(self, qs: QuestionSet, *, area: str, round: Round | str, title: str = "",
                          inspectors: Iterable[str] = (), form_bytes: bytes, inspection_id: str | None = None,
                          programme: str | None = None, sample_seed: int | None = None,
                          actor: str = "") -> Inspection:
        return self.inspections.create_inspection(qs, area=area, round=round, title=title, inspectors=inspectors,
                                                  form_bytes=form_bytes, inspection_id=inspection_id,
                                                  programme=programme, sample_seed=sample_seed, actor=actor)

    def list_inspections(self) -> list[Inspection]:
        return self.inspections.list_inspections()

    def get_inspection(self, inspection_id: str) -> Inspection:
        return self.inspections.get_inspection(inspection_id)

    def question_set(self, inspection_id: str) -> QuestionSet:
        return self.inspections.question_set(inspection_id)

    def form_bytes(self, inspection_id: str) -> bytes:
        return self.inspections.form_bytes(inspection_id)

    def set_sample_seed(self, inspection_id: str, seed: int, actor: str) -> Inspection:
        return self.inspections.set_sample_seed(inspection_id, seed, actor)

    def audit_events(self, inspection_id: str) -> list[AuditEvent]:
        return self.inspections.audit_events(inspection_id)

    def rebind_inspection(self, inspection_id: str, qs: QuestionSet, form_bytes: bytes, actor: str, *,
                          dry_run: bool = False, reason: str = "") -> RebindReport:
        return self.inspections.rebind_inspection(inspection_id, qs, form_bytes, actor, dry_run=dry_run, reason=reason)

    # ------------------------------------------------------------ cases (CaseRepository)

    def list_cases(self, inspection_id: str) -> list[CaseSummary]:
        return self.cases.list_cases(inspection_id)

    def get_case(self, case_id: str) -> CaseFile:
        return self.cases.get_case(case_id)

    def case_files(self, inspection_id: str) -> list[CaseFile]:
        return self.cases.case_files(inspection_id)

    def find_case(self, inspection_id: str, reference: str) -> CaseFile | None:
        return self.cases.find_case(inspection_id, reference)

    def history(self, case_id: str, key: str | None = None) -> list[AuditEvent]:
        return self.cases.history(case_id, key)

    def add_cases(self, inspection_id: str, cases: Iterable[tuple[str, Mapping[str, Any]]], *, actor: str,
                  reserve: bool = False, case_ids: Sequence[str] | None = None) -> list[CaseSummary]:
        return self.cases.add_cases(inspection_id, cases, actor=actor, reserve=reserve, case_ids=case_ids)

    def withdraw_case(self, case_id: str, reason: str, actor: str) -> CaseSummary:
        return self.cases.withdraw_case(case_id, reason, actor)

    def replace_case(self, case_id: str, reserve_case_id: str, reason: str, actor: str) -> tuple[CaseSummary,
                                                                                                  CaseSummary]:
        return self.cases.replace_case(case_id, reserve_case_id, reason, actor)

    def save_answer(self, case_id: str, question_id: str, answer: Answer | None, actor: str, *,
                    reason: str = "") -> CaseSummary:
        return self.cases.save_answer(case_id, question_id, answer, actor, reason=reason)

    def save_answers(self, changes: Iterable[AnswerChange], actor: str, *, reason: str = "") -> list[CaseSummary]:
        return self.cases.save_answers(changes, actor, reason=reason)

    def save_header(self, case_id: str, field_id: str, value: HeaderValue, actor: str, *,
                    reason: str = "") -> CaseSummary:
        return self.cases.save_header(case_id, field_id, value, actor, reason=reason)

    def set_status(self, case_id: str, status: CaseStatus | str, actor: str, reason: str = "") -> CaseSummary:
        return self.cases.set_status(case_id, status, actor, reason)

    def assign_inspector(self, case_id: str, inspector: str, actor: str) -> CaseSummary:
        return self.cases.assign_inspector(case_id, inspector, actor)

    # ------------------------------------------------------------ the review loop (queries, sign-off): reviews.py

    def add_review_events(self, inspection_id: str, events: Sequence[ReviewEvent], *, actor: str) -> int:
        return self.reviews.add_review_events(inspection_id, events, actor=actor)

    def review_events(self, inspection_id: str, *, local_only: bool = False) -> list[ReviewEvent]:
        return self.reviews.review_events(inspection_id, local_only=local_only)

    def queries(self, inspection_id: str, case_id: str | None = None) -> list[QueryState]:
        return self.reviews.queries(inspection_id, case_id)

    def case_review(self, case_id: str) -> tuple[list[QueryState], SignOff]:
        return self.reviews.case_review(case_id)

    def case_signoff(self, case_id: str, checksum: str | None = None) -> SignOff:
        return self.reviews.case_signoff(case_id, checksum)

    def answer_query(self, query_id: str, text: str, actor: str, origin: str, *, mark: str | None = None) -> QueryState:
        return self.reviews.answer_query(query_id, text, actor, origin, mark=mark)
