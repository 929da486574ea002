"""The importer's bulk writes: the same rows as SQLAlchemy's ORM writes, the page cache put back afterwards,
and the audit index it no longer keeps dropped from stores made before (data kept, on SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text, update

from casereader.central import importer
from casereader.central.schema import CentralBase, CentralCaseRecord
from casereader.central.store import CentralStore
from casereader.central.versioning import RETIRED_INDEXES, upgrade_schema
from casereader.core.answers import Answer
from casereader.core.inspection import CaseStatus


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_bulk_update_and_insert_store_what_the_orm_stores(centre, laptops, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Headers of every type (JSON), booleans, a withdrawn case: imported into two copies of the same centre, one
    through the driver-level executemany, one through SQLAlchemy's ORM bulk UPDATE; the stored rows are equal."""
    ann = laptops("ann")
    ids = ann.cases()
    ann.store.save_header(ids["URN001"], "casework_type", "CC", "ann")
    ann.store.save_answer(ids["URN001"], "PC-03", Answer("partially", comment="late – by a week"), "ann")
    ann.store.save_answer(ids["URN002"], "DI-02", Answer(na=True, na_reason="No unused material"), "ann")
    ann.store.set_status(ids["URN003"], CaseStatus.IN_PROGRESS, "ann")
    data = ann.export().data
    db = Path(centre.store.url.removeprefix("sqlite:///"))
    centre.store.close()
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db, copy)
    orm = CentralStore.open(f"sqlite:///{copy}")

    def orm_update(s: Any, entity: Any, rows: list[dict[str, Any]]) -> None:
        assert entity is CentralCaseRecord
        s.execute(update(entity), rows)

    try:
        monkeypatch.setattr(importer, "bulk_update", orm_update)
        assert importer.import_bundle(orm, data, centre.keys).applied == 3
    finally:
        orm.close()
    monkeypatch.undo()
    centre.store = CentralStore.open(centre.store.url)
    assert centre.import_(data).applied == 3
    centre.store.close()
    for table, key in (("central_case", "id"), ("central_answer", "case_id, question_id, role")):
        fast, slow = (_rows(p, f"SELECT * FROM {table} ORDER BY {key}") for p in (db, copy))
        assert fast == slow and len(fast) >= 2
    headers = dict(_rows(db, "SELECT id, header FROM central_case"))
    assert '"casework_type": "CC"' in headers[ids["URN001"]]


def test_the_page_cache_is_put_back_after_an_import(centre, laptops, monkeypatch: pytest.MonkeyPatch) -> None:
    ann = laptops("ann")
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully"), "ann")
    with centre.store.engine.connect() as conn:
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    seen: list[int] = []
    real = importer._merge

    def spy(s: Any, *args: Any) -> Any:
        seen.append(s.connection().exec_driver_sql("PRAGMA cache_size").scalar())
        return real(s, *args)

    monkeypatch.setattr(importer, "_merge", spy)
    assert centre.import_(ann.export().data).status == "imported"
    assert seen == [-importer.BULK_CACHE_KIB]
    with centre.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before


def _old_store(url: str) -> None:
    """A store as earlier versions made it: every table, plus the audit index since retired, with an event."""
    engine = create_engine(url)
    CentralBase.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE INDEX ix_central_audit_case_id ON central_audit (case_id)"))
        conn.execute(text("INSERT INTO central_audit (device_id, seq, case_id, at, actor, kind, key, old, new, "
                          "reason) VALUES ('d1', 1, 'c1', '2026-03-01T10:00:00Z', 'ann', 'answer', 'PC-03', NULL, "
                          "'\"x\"', '')"))
    engine.dispose()


def _upgraded_keeps_data(url: str) -> None:
    _old_store(url)
    store = CentralStore.open(url)
    try:
        names = {ix["name"] for ix in inspect(store.engine).get_indexes("central_audit")}
        assert not names & set(RETIRED_INDEXES["central_audit"])
        assert "ux_central_audit_device_seq" in names
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT device_id, seq, case_id FROM central_audit")).all() == [("d1", 1, "c1")]
        assert upgrade_schema(store.engine) == []  # idempotent
    finally:
        store.close()


def test_upgrade_drops_the_retired_audit_index_and_keeps_the_events(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.sqlite'}"
    _old_store(url)
    engine = create_engine(url)
    try:
        assert upgrade_schema(engine) == ["-ix_central_audit_case_id"]  # what changed is reported
    finally:
        engine.dispose()
    _upgraded_keeps_data(f"sqlite:///{tmp_path / 'again.sqlite'}")


@pytest.mark.postgres
def test_upgrade_drops_the_retired_audit_index_on_postgresql(postgres_database: str) -> None:
    _upgraded_keeps_data(postgres_database)


def test_a_failure_after_the_bulk_writes_changes_nothing(centre, laptops, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cases updated and answers inserted through the driver, then the audit merge fails: all rolled back (the
    cache PRAGMAs commit nothing), the cache put back, and the same bundle then imports whole."""
    ann = laptops("ann")
    ann.store.save_answer(ann.cases()["URN001"], "PC-03", Answer("partially", comment="late"), "ann")
    data = ann.export().data
    before = centre.store.dump()
    with centre.store.engine.connect() as conn:
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()

    def broken(*_: Any) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer, "_merge_audit", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        centre.import_(data)
    assert centre.store.dump() == before
    with centre.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == cache
    monkeypatch.undo()
    result = centre.import_(data)
    assert result.status == "imported" and result.answers == 1 and result.audit_events > 0
