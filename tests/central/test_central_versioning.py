"""The central store is versioned: a new store records its schema version, an older one is backed up and
then upgraded, and one from a newer Casereader is refused and left byte-for-byte unchanged — through the real
command line on a real data folder."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from casereader.central.versioning import SCHEMA_VERSION
from casereader.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    got = capsys.readouterr()
    assert "Traceback" not in got.err
    return code, got.out, got.err


@pytest.fixture
def centre(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CASEREADER_CENTRAL_DB", raising=False)
    monkeypatch.delenv("CASEREADER_CENTRAL_PASSPHRASE", raising=False)
    pw = tmp_path / "pw.txt"
    pw.write_text("correct horse battery staple\n")
    folder = tmp_path / "centre"
    code, _, err = run(capsys, "--data-dir", folder, "central", "init", "--passphrase-file", pw)
    assert code == 0, err
    return folder


def version_rows(db: Path) -> list[tuple[int, int]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, version FROM central_schema").fetchall()
    finally:
        con.close()


def test_a_new_store_records_its_version(centre: Path) -> None:
    assert version_rows(centre / "central.sqlite") == [(1, SCHEMA_VERSION)]


def test_a_newer_store_is_refused_and_left_unchanged(centre: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = centre / "central.sqlite"
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE central_schema SET version = ?", (SCHEMA_VERSION + 1,))
    con.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    listing = sorted(p.name for p in centre.iterdir())
    for command in (("devices",), ("conflicts",), ("report", "--format", "json", "--out", centre / "r.json")):
        code, out, err = run(capsys, "--data-dir", centre, "central", *command)
        assert code != 0 and out == ""
        assert f"central store {db} was written by a newer version of Casereader (central schema " \
               f"{SCHEMA_VERSION + 1}; this version knows up to {SCHEMA_VERSION}). It has not been changed." in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in centre.iterdir()) == listing  # no -wal, -shm or backup left beside it


def test_an_older_store_is_backed_up_then_upgraded(centre: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = centre / "central.sqlite"
    con = sqlite3.connect(db)
    with con:  # a store from before versions were kept: no version table, no newer column
        con.execute("DROP TABLE central_schema")
        con.execute("ALTER TABLE central_bundle DROP COLUMN record_head")
        con.execute("INSERT INTO central_device (id, public_key, name, status, first_seen, enrolled_at) "
                    "VALUES ('d1', x'00', 'Ann', 'enrolled', '', '')")
    con.close()
    code, out, err = run(capsys, "--data-dir", centre, "central", "devices")
    assert code == 0, err
    assert "d1" in out and "Ann" in out
    backups = sorted((centre / "central-backups").iterdir())
    assert len(backups) == 1 and backups[0].name.endswith(f"-before-schema-0-to-{SCHEMA_VERSION}.sqlite")
    old = sqlite3.connect(backups[0])
    try:
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "central_schema" not in tables
        assert old.execute("SELECT id, name FROM central_device").fetchall() == [("d1", "Ann")]
    finally:
        old.close()
    assert version_rows(db) == [(1, SCHEMA_VERSION)]
    con = sqlite3.connect(db)
    try:
        assert "record_head" in {r[1] for r in con.execute("PRAGMA table_info(central_bundle)")}
    finally:
        con.close()
    assert run(capsys, "--data-dir", centre, "central", "devices")[0] == 0
    assert len(list((centre / "central-backups").iterdir())) == 1  # a current store is opened as it is
