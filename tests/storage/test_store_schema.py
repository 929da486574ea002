"""Schema migrations, refusal of newer databases, and the durability pragmas read back."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from casereader.core.answers import Answer
from casereader.core.inspection import CaseStatus, StoreError
from casereader.sqlitedb import sqlite3
from casereader.storage import LocalStore
from casereader.storage import database as database_module
from casereader.storage.backups import check_backup
from casereader.storage.database import make_engine
from casereader.storage.migrations import HEAD, REVISIONS, alembic_config, upgrade
from casereader.storage.records import Base


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_revisions_constant_matches_the_scripts() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert tuple(reversed([r.revision for r in script.walk_revisions()])) == REVISIONS
    assert script.get_current_head() == HEAD


def test_models_match_the_migrated_schema(store: LocalStore) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store._db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        conn.rollback()
    assert diff == []


def build_first_schema_db(path: Path, form_bytes: bytes, form_hash: str) -> None:
    """A database made by revision 0001 alone, filled as that version would have filled it."""
    path.parent.mkdir(parents=True)
    engine = make_engine(path)
    upgrade(engine, "0001")
    engine.dispose()
    con = sqlite3.connect(path)
    at = "2026-01-05T10:00:00.000000Z"
    with con:
        con.execute("INSERT INTO inspection VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    ("insp-1", "Old inspection", "Test", "Wessex", "baseline", "worked-example", "1", form_hash,
                     form_bytes, json.dumps(["ann"]), at, 42))
        con.execute("INSERT INTO case_file VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    ("case-1", "insp-1", 1, "URN-1", json.dumps({"charging_route": "area"}), "in_progress", 1, 4,
                     "ann", at, 0, ""))
        con.execute("INSERT INTO answer VALUES (?,?,?,?,?,?,?,?,?)",
                    ("case-1", "PC-04", json.dumps("fully"), 0, "", "good MG3", "ann", at, at))
        con.execute("INSERT INTO audit_event (at, actor, inspection_id, case_id, kind, key, old, new, reason) "
                    "VALUES (?,?,?,?,?,?,?,?,?)",
                    (at, "ann", "insp-1", "case-1", "answer", "PC-04", None,
                     json.dumps({"value": "fully", "na": False, "na_reason": "", "comment": "good MG3"}), ""))
        con.execute("INSERT INTO setting VALUES ('inspector', 'ann')")
    con.close()


def test_first_schema_database_is_backed_up_and_upgraded_intact(tmp_path: Path, form_bytes: bytes) -> None:
    db = tmp_path / "data" / "casereader.sqlite"
    build_first_schema_db(db, form_bytes, hashlib.sha256(form_bytes).hexdigest())
    store = LocalStore.open(db)
    try:
        assert store.migrated_from == "0001"
        assert store.migration_backup is not None and check_backup(store.migration_backup) == "0001"
        assert [b.path for b in store.list_backups()] == [store.migration_backup]
        assert "before-migration-0001-to-" + HEAD in store.migration_backup.name
        insp = store.get_inspection("insp-1")
        assert (insp.title, insp.sample_seed, insp.inspectors) == ("Old inspection", 42, ("ann",))
        cf = store.get_case("case-1")
        assert cf.state.answers == {"PC-04": Answer("fully", comment="good MG3")}
        assert cf.summary.status == CaseStatus.IN_PROGRESS and cf.state.header == {"charging_route": "area"}
        assert [e.key for e in store.history("case-1", "PC-04")] == ["PC-04"]
        assert store.get_setting("inspector") == "ann"
        # The new schema is in use: the history index exists and the store keeps working.
        with store._db.raw() as con:
            indexes = {r[1] for r in con.execute("PRAGMA index_list('audit_event')")}
            version = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert "ix_audit_event_case_key" in indexes and version == HEAD
        store.save_answer("case-1", "PC-03", Answer("fully"), "ann")
        store.set_setting("inspector", "bob")
    finally:
        store.close()
    reopened = LocalStore.open(db)
    assert reopened.migrated_from is None and len(reopened.list_backups()) == 1
    # Restoring the pre-migration backup (schema 0001) brings back its data and upgrades it again.
    assert reopened.migration_backup is None
    reopened.restore_backup(next(b.path for b in reopened.list_backups()))
    assert reopened.migrated_from == "0001"
    assert reopened.get_case("case-1").state.answers == {"PC-04": Answer("fully", comment="good MG3")}
    assert reopened.get_setting("inspector") == "ann"
    assert reopened.integrity_check() == ["ok"]
    reopened.close()


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path, store: LocalStore, db_path: Path) -> None:
    store.close()
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.close()
    before = sha(db_path)
    listing = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(StoreError, match="newer version of Casereader") as err:
        LocalStore.open(db_path)
    assert "'0099'" in str(err.value) and "has not been changed" in str(err.value)
    assert sha(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing


def test_newer_database_with_a_hot_wal_is_refused_and_its_file_untouched(store: LocalStore,
                                                                          db_path: Path) -> None:
    """The newer revision is only in the -wal file (its writer died): the read-only check still sees it."""
    store.close()
    script = ("import os, sqlite3, sys\n"
              "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "con.execute('PRAGMA wal_autocheckpoint = 0')\n"
              "con.execute(\"UPDATE alembic_version SET version_num = '0099'\")\n"
              "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(db_path)], check=True)
    assert Path(str(db_path) + "-wal").stat().st_size > 0
    before = sha(db_path)
    with pytest.raises(StoreError, match="'0099'"):
        LocalStore.open(db_path)
    assert sha(db_path) == before


def test_files_that_are_not_casereader_databases_are_refused_untouched(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_bytes(b"just some notes\n")
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE things (x)")
    con.close()
    for path, message in ((text, "not an SQLite file"), (other, "not a Casereader one")):
        before = sha(path)
        with pytest.raises(StoreError, match=message):
            LocalStore.open(path)
        assert sha(path) == before


def test_pragmas_are_read_back(store: LocalStore, db_path: Path) -> None:
    assert store.pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 10000}
    with store._db.raw() as con:  # the connection every unit of work uses
        assert database_module.read_pragmas(con) == store.pragmas
    with sqlite3.connect(db_path) as con:  # journal mode is stored in the file itself
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    again = LocalStore.open(db_path)
    assert again.pragmas == store.pragmas
    again.close()


def test_open_refuses_when_a_pragma_does_not_apply(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = database_module._on_connect

    def weak(dbapi_connection: sqlite3.Connection, record: object) -> None:
        original(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    monkeypatch.setattr(database_module, "_on_connect", weak)
    with pytest.raises(StoreError, match="synchronous is 1, needs 2"):
        LocalStore.open(db_path)


def test_foreign_keys_are_enforced(store: LocalStore) -> None:
    with store._db.raw() as con, pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        con.execute("INSERT INTO answer VALUES ('no-such-case', 'Q', 'null', 0, '', '', '', '', '')")


def test_each_save_is_one_immediate_transaction_committed_before_return(store: LocalStore, db_path: Path) -> None:
    from casereader.core.inspection import Round
    from casereader.core.loader import load_question_set_bytes

    raw = (Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml").read_bytes()
    insp = store.create_inspection(load_question_set_bytes(raw, "we.yaml"), area="Kent", round=Round.BASELINE,
                                   form_bytes=raw)
    case = store.add_cases(insp.id, [("K-1", {"charging_route": "area"})], actor="ann")[0]
    statements: list[str] = []
    with store._db.raw() as con:
        con.set_trace_callback(statements.append)
    try:
        store.save_answer(case.id, "PC-04", Answer("fully"), "ann")
    finally:
        with store._db.raw() as con:
            con.set_trace_callback(None)
    verbs = [s.split()[0].upper() for s in statements]
    assert verbs[0] == "BEGIN" and statements[0].upper() == "BEGIN IMMEDIATE"
    assert verbs[-1] == "COMMIT" and verbs.count("BEGIN") == 1 and verbs.count("COMMIT") == 1
    assert {"INSERT", "UPDATE"} <= set(verbs)
    with sqlite3.connect(db_path) as other:  # visible to another connection as soon as the call returned
        assert other.execute("SELECT count(*) FROM answer WHERE question_id = 'PC-04'").fetchone()[0] == 1
