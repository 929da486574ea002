"""Backups through SQLite's backup API: rotation, restore after an integrity check, concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from casereader.core.answers import Answer
from casereader.core.inspection import CaseSummary, Inspection, StoreError
from casereader.storage import LocalStore
from casereader.storage.backups import check_backup


def test_backup_restore_round_trip(store: LocalStore, case: CaseSummary, db_path: Path) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    store.save_header(case.id, "casework_type", "CC", "ann")
    saved = store.get_case(case.id)
    saved_history = store.history(case.id)
    path = store.backup("before import")
    assert path.parent == db_path.parent / "backups" and path.name.endswith("-before-import.sqlite")
    assert check_backup(path) is not None
    with sqlite3.connect(path) as con:  # a complete, self-contained copy, checked on its own
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM answer").fetchone()[0] == 1
    assert not Path(str(path) + "-wal").exists()

    store.save_answer(case.id, "PC-03", Answer("not", comment="late"), "bob")
    store.save_answer(case.id, "VW-01", Answer("fully"), "bob")
    later = store.get_case(case.id)
    safety = store.restore_backup(path)
    assert store.get_case(case.id) == saved
    assert store.history(case.id) == saved_history
    assert store.integrity_check() == ["ok"]
    assert store.pragmas["journal_mode"] == "wal"
    # The state before the restore was kept, so the restore can itself be undone.
    assert "before-restore" in safety.name
    store.restore_backup(safety)
    assert store.get_case(case.id) == later
    # The store keeps working after a restore and survives a reopen.
    store.save_answer(case.id, "DI-02", Answer("partially"), "ann")
    store.close()
    again = LocalStore.open(db_path)
    assert again.get_case(case.id).state.answers["DI-02"] == Answer("partially")
    again.close()


def test_damaged_or_foreign_backups_are_not_restored(store: LocalStore, case: CaseSummary, tmp_path: Path) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    good = store.backup("manual")
    damaged = tmp_path / "damaged.sqlite"
    raw = bytearray(good.read_bytes())
    for offset in range(4096, len(raw), 4096):  # scribble over the b-tree header of every later page
        raw[offset:offset + 16] = b"\xff" * 16
    damaged.write_bytes(bytes(raw))
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE x (y)")
    before = store.get_case(case.id)
    count = len(store.list_backups())
    for bad, message in ((damaged, "damaged|cannot be read"), (foreign, "not a Casereader backup"),
                         (tmp_path / "missing.sqlite", "No backup file")):
        with pytest.raises(StoreError, match=message):
            store.restore_backup(bad)
    assert store.get_case(case.id) == before
    assert len(store.list_backups()) == count  # nothing was touched, not even a safety backup


def test_backups_rotate_and_list_newest_first(db_path: Path, inspection: Inspection, store: LocalStore) -> None:
    store.close()
    small = LocalStore.open(db_path, backups_dir=db_path.parent / "elsewhere", keep_backups=3)
    made = [small.backup(f"periodic {n}") for n in range(5)]
    listed = small.list_backups()
    assert [b.path for b in listed] == list(reversed(made[-3:]))
    assert [b.reason for b in listed] == ["periodic-4", "periodic-3", "periodic-2"]
    assert all(b.at.endswith("Z") and b.size > 0 for b in listed)
    assert not made[0].exists() and made[0].parent == db_path.parent / "elsewhere"
    assert small.backup_if_changed("on exit") is None  # nothing changed since the last backup
    small.set_setting("x", "1")
    small.add_cases(inspection.id, [("NEW", {})], actor="ann")
    # Restoring the oldest kept backup: the safety backup's rotation must not delete it first.
    oldest = small.list_backups()[-1].path
    small.restore_backup(oldest)
    assert oldest.exists() and len(small.list_backups()) == 4
    small.add_cases(inspection.id, [("NEWER", {})], actor="ann")
    assert small.backup_if_changed("periodic") is not None
    assert small.backup_if_changed("periodic") is None
    small.save_answer(small.list_cases(inspection.id)[0].id, "VW-01", Answer("fully"), "ann")
    small.close(backup_reason="on exit")
    assert small.list_backups()[0].reason == "on-exit"


def test_backups_taken_while_another_thread_saves_are_consistent(store: LocalStore, inspection: Inspection) -> None:
    cases = store.add_cases(inspection.id, [(f"URN-{n}", {"charging_route": "area"}) for n in range(4)],
                            actor="ann")
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        n = 0
        try:
            while not stop.is_set():
                c = cases[n % 4]
                store.save_answer(c.id, "PC-03", Answer("not", comment=f"note {n}"), "ann")
                n += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        paths = [store.backup(f"while writing {n}") for n in range(10)]
    finally:
        stop.set()
        thread.join()
    assert errors == []
    for path in paths:
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            answers = con.execute("SELECT count(*) FROM answer").fetchone()[0]
            audited = con.execute("SELECT count(*) FROM audit_event WHERE kind = 'answer'").fetchone()[0]
        # Each backup is a snapshot between transactions: every audited answer is there and vice versa.
        assert answers == min(audited, 4)
