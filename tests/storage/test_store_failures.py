"""Disk full mid-save: a clear error, the transaction rolled back, earlier answers intact, db consistent."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casereader.core.answers import Answer
from casereader.core.inspection import CaseSummary, Inspection, StoreError
from casereader.storage import LocalStore
from casereader.storage.database import DISK_FULL, error_message


def set_max_pages(store: LocalStore, extra: int) -> int:
    """Cap the database at its current size plus ``extra`` pages (SQLite then fails with SQLITE_FULL)."""
    with store._db.raw() as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        return int(con.execute(f"PRAGMA max_page_count = {pages + extra}").fetchone()[0])


def test_disk_full_mid_save_loses_nothing(store: LocalStore, case: CaseSummary, db_path: Path,
                                          check_consistent: Callable[[Path], Any]) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    store.save_answer(case.id, "PC-04", Answer("partially", comment="thin MG3"), "ann")
    before = store.get_case(case.id)
    history = store.history(case.id)
    set_max_pages(store, 0)
    with pytest.raises(StoreError) as err:
        store.save_answer(case.id, "VW-01", Answer("not", comment="x" * 50_000), "ann")
    assert str(err.value) == DISK_FULL
    assert "disk is full" in str(err.value) and "nothing already saved was lost" in str(err.value)
    assert store.get_case(case.id) == before and store.history(case.id) == history
    assert store.integrity_check() == ["ok"]
    check_consistent(db_path)
    set_max_pages(store, 100_000)
    store.save_answer(case.id, "VW-01", Answer("not", comment="x" * 50_000), "ann")
    assert store.get_case(case.id).state.answers["VW-01"].comment == "x" * 50_000


def test_disk_full_at_many_points(store: LocalStore, inspection: Inspection, db_path: Path,
                                 check_consistent: Callable[[Path], Any]) -> None:
    """Like SQLite's own I/O-error loop: saves of random sizes against a full disk, 60 times over."""
    rng = random.Random(7)
    cases = store.add_cases(inspection.id, [(f"URN-{n}", {"charging_route": "area"}) for n in range(3)],
                            actor="ann")
    failures = successes = 0
    for n in range(60):
        c = rng.choice(cases)
        qid = rng.choice(["PC-03", "PC-04", "DI-02", "VW-01"])
        before = store.get_case(c.id)
        set_max_pages(store, rng.randint(0, 3))
        try:
            store.save_answer(c.id, qid, Answer("not", comment=f"{n}:" + "e" * rng.randint(10, 12_000)), "ann")
            successes += 1
        except StoreError as exc:
            assert str(exc) == DISK_FULL
            assert store.get_case(c.id) == before
            failures += 1
        set_max_pages(store, 100_000)
        check_consistent(db_path)
    assert failures >= 10 and successes >= 10


def test_error_wording_for_io_and_busy() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert error_message(full) == DISK_FULL
    io = sqlite3.OperationalError("disk I/O error")
    assert "I/O error" in (error_message(io) or "") and "nothing already saved was lost" in (error_message(io) or "")
    busy = sqlite3.OperationalError("database is locked")
    assert "in use" in (error_message(busy) or "")
    assert error_message(ValueError("x")) is None
