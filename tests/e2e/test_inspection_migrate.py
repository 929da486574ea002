"""``casereader inspection migrate`` — a dry run and a real migration with the change report — and the centre
accepting the migrated inspection's bundles only once ``central allow`` allows that version, through the real
command line across two data folders."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.rounds import marked_and_sent
from tests.e2e.test_sync_loop import DATA, MARKS_1, Loop, loop  # noqa: F401  (the fixture)


def version_two(folder: Path) -> Path:
    """worked-example@2: PC-03 reworded, DI-02 replaced by a new DI-03."""
    text = (DATA / "worked-example.yaml").read_text(encoding="utf-8")
    for old, new in (('version: "1"', 'version: "2"'),
                     ("Was the charging decision timely?", "Was the charging decision made in time?"),
                     ("- id: DI-02", "- id: DI-03")):
        assert old in text
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "worked-example-2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def central_form(centre: Loop, inspection: str) -> tuple[str, str]:
    con = sqlite3.connect(centre.centre / "central.sqlite")
    try:
        return con.execute("SELECT form_id, form_version FROM central_inspection WHERE id = ?",
                           (inspection,)).fetchone()
    finally:
        con.close()


def test_dry_run_then_migration_then_the_centre_allows_it(loop: Loop) -> None:  # noqa: F811
    inspection = marked_and_sent(loop)
    version_two(loop.laptop / "forms")
    version_two(loop.centre / "forms")

    code, _, err = loop.inspector("inspection", "migrate", inspection, "--to", "worked-example")
    assert code == 2 and "name the version, as ID@VERSION" in err
    before = (loop.laptop / "casereader.sqlite").read_bytes()
    code, out, err = loop.inspector("inspection", "migrate", inspection, "--to", "worked-example@2", "--dry-run")
    assert code == 0, err
    assert f"inspection {inspection}: worked-example@1 (sha256 " in out and "-> worked-example@2 (sha256 " in out
    assert "questions: 1 added, 1 removed, 1 reworded or changed" in out
    assert "added: DI-03" in out and "removed: DI-02" in out and "changed: PC-03" in out
    assert "answers: 3 kept, 1 orphaned" in out and "orphaned: URN002 DI-02 (question removed)" in out
    assert "dry run: nothing was changed" in out
    assert (loop.laptop / "casereader.sqlite").read_bytes() == before
    assert "worked-example@1" in loop.inspector("inspection", "list")[1]

    code, out, err = loop.inspector("inspection", "migrate", inspection, "--to", "worked-example@2",
                                    "--reason", "the 2027 question set")
    assert code == 0, err
    assert "answers: 3 kept, 1 orphaned" in out and f"migrated inspection {inspection} to worked-example@2" in out
    backup = out.rsplit("(backup: ", 1)[1].split(")", 1)[0]
    assert backup.endswith(".sqlite") and (loop.laptop / "backups" / backup).is_file()
    assert "worked-example@2" in loop.inspector("inspection", "list")[1]
    code, out, _ = loop.inspector("inspection", "migrate", inspection, "--to", "worked-example@2")
    assert code == 0 and "already uses worked-example@2" in out
    code, out, err = loop.inspector("case", "history", inspection, "--case", "URN002", "--question", "DI-02")
    assert code == 0 and "orphaned DI-02" in out and "question removed" in out, err
    assert loop.inspector("audit", "verify")[0] == 0  # the migration's audit events are in the chain

    migrated = loop.tmp / "b2.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", migrated)[0] == 0
    held = loop.central_dump()
    code, out, err = loop.central("import", migrated)
    assert code == 1 and "made for question set worked-example@2" in err
    assert f"casereader central allow {inspection} --form worked-example@2" in err
    assert loop.central_dump() == held

    code, out, err = loop.central("allow", inspection[:8], "--form", "worked-example@2")
    assert code == 0, err
    assert f"inspection {inspection}: bundles in worked-example@2" in out
    assert central_form(loop, inspection) == ("worked-example", "1")
    code, out, err = loop.central("import", migrated)
    assert code == 0 and "imported" in out, err
    assert central_form(loop, inspection) == ("worked-example", "2")
    local = loop.local_answers(inspection)
    orphaned = {k for k in local if k[1] == "DI-02"}
    assert len(orphaned) == 1  # kept on the laptop, no longer counted: not sent, and gone from the centre
    assert loop.central_answers() == {k: v for k, v in local.items() if k not in orphaned}
