"""The audit log's hash chain in the local store: filled by the trigger on every insert, backfilled by
revision 0003 for a store made before it, and beyond the reach of an inserter or an ordinary UPDATE."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from test_store_schema import build_first_schema_db

from casereader.core.answers import Answer
from casereader.core.auditchain import link
from casereader.core.inspection import CaseSummary, StoreError
from casereader.storage import LocalStore, chain
from casereader.storage.migrations import HEAD, REVISIONS


def test_every_insert_is_chained_per_inspection(store: LocalStore, case: CaseSummary, db_path: Path) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    store.save_answer(case.id, "PC-03", Answer("partially", comment="late"), "ann")
    rows = store.audit_rows()
    count, heads, breaks = chain.verify_rows(rows)
    assert breaks == [] and count == len(rows) >= 4
    assert set(heads) == {case.inspection_id}
    prev = ""
    for _seq, _insp, at, actor, case_id, kind, key, old, new, reason, chain_prev, chain_hash in rows:
        assert chain_prev == prev and chain_hash == link(prev, at, actor, case_id, kind, key, old, new, reason)
        prev = str(chain_hash)
    assert heads[case.inspection_id] == (rows[-1][0], prev)


def test_hashes_cannot_be_supplied_or_changed(store: LocalStore, case: CaseSummary, db_path: Path) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    con = sqlite3.connect(db_path)
    chain.register(con)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="audit events cannot be changed"):
            con.execute("UPDATE audit_event SET chain_hash = 'f00' WHERE key = 'PC-03'")
        with pytest.raises(sqlite3.IntegrityError, match="audit events cannot be changed"):
            con.execute("INSERT INTO audit_event (at, actor, kind, key, reason, chain_hash) VALUES "
                        "('2026-01-01T00:00:00Z', 'x', 'note', '', '', 'chosen')")
    finally:
        con.rollback()
        con.close()
    assert chain.verify_rows(store.audit_rows())[2] == []


def test_migration_backfills_the_chain_of_an_older_store(tmp_path: Path, form_bytes: bytes) -> None:
    db = tmp_path / "data" / "casereader.sqlite"
    build_first_schema_db(db, form_bytes, hashlib.sha256(form_bytes).hexdigest())
    store = LocalStore.open(db)
    try:
        assert store.migrated_from == "0001" and REVISIONS[-1] == HEAD
        rows = store.audit_rows()
        assert [r[-1] is not None for r in rows] == [True]
        store.save_answer("case-1", "PC-03", Answer("fully"), "ann")  # new events continue the backfilled chain
        count, heads, breaks = chain.verify_rows(store.audit_rows())
        assert breaks == [] and count >= 2 and set(heads) == {"insp-1"}
    finally:
        store.close()


def test_a_failed_insert_leaves_no_half_chained_row(store: LocalStore, case: CaseSummary) -> None:
    with pytest.raises(StoreError):
        store.save_answer(case.id, "NOPE", Answer("fully"), "ann")
    assert chain.verify_rows(store.audit_rows())[2] == []
