"""The hash-chained audit log through the real command line, centre and inspector in two data folders:
``audit verify`` on an intact log; an audit row altered behind the triggers' back (dropped, updated, put
back with raw sqlite3) is detected by ``audit verify`` and refused by the centre — also when the event was
changed before its first export, and when the whole chain was recomputed after an export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from casereader.core.auditchain import link
from tests.e2e.rounds import marked_and_sent
from tests.e2e.test_sync_loop import MARKS_1, MARKS_2, Loop, loop  # noqa: F401  (the fixture)


def behind_the_triggers(db: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Run ``statements`` on the store with its append-only triggers dropped, then put them back."""
    con = sqlite3.connect(db)
    try:
        saved = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                            "tbl_name = 'audit_event'").fetchall()
        with con:
            for name, _ in saved:
                con.execute(f"DROP TRIGGER {name}")
            for sql, args in statements:
                con.execute(sql, args)
            for _, sql in saved:
                con.execute(sql)
    finally:
        con.close()


def rechain(db: Path) -> None:
    """What a careful forger does: recompute every chain hash after the edit (the function is public)."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT seq, inspection_id, at, actor, case_id, kind, key, old, new, reason FROM audit_event "
                       "ORDER BY seq").fetchall()
    con.close()
    heads: dict[object, str] = {}
    updates = []
    for seq, insp, *content in rows:
        prev = heads.get(insp, "")
        heads[insp] = link(prev, *content)
        updates.append(("UPDATE audit_event SET chain_prev = ?, chain_hash = ? WHERE seq = ?",
                        (prev, heads[insp], seq)))
    behind_the_triggers(db, *updates)


def pc03_event(db: Path) -> tuple[int, str]:
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT seq, new FROM audit_event WHERE key = 'PC-03' ORDER BY seq").fetchone()
    finally:
        con.close()
    return int(row[0]), str(row[1])


def test_intact_log_verifies_and_is_accepted(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    assert loop.inspector("marks", "import", inspection, loop.file("m1.csv", MARKS_1))[0] == 0
    code, out, err = loop.inspector("audit", "verify")
    assert code == 0, err
    assert "audit log intact:" in out and f"{inspection}: head " in out
    first = loop.tmp / "b1.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", first)[0] == 0
    code, out, err = loop.inspector("bundle", "verify", first)
    assert code == 0, err
    code, out, err = loop.central("import", first)
    assert code == 0 and "imported" in out, err
    assert loop.inspector("marks", "import", inspection, loop.file("m2.csv", MARKS_2))[0] == 0
    second = loop.tmp / "b2.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", second, "--since-last")[0] == 0
    code, out, err = loop.central("import", second)
    assert code == 0 and "imported" in out, err
    assert loop.inspector("audit", "verify")[0] == 0


def test_event_changed_before_its_first_export_is_detected_and_refused(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    assert loop.inspector("marks", "import", inspection, loop.file("m1.csv", MARKS_1))[0] == 0
    db = loop.laptop / "casereader.sqlite"
    seq, new = pc03_event(db)
    forged = json.dumps({**json.loads(new), "value": "fully"}, sort_keys=True, separators=(",", ":"))
    behind_the_triggers(db, ("UPDATE audit_event SET new = ? WHERE seq = ?", (forged, seq)))
    with sqlite3.connect(db) as con:  # the triggers are back: the row cannot be changed the ordinary way
        try:
            con.execute("UPDATE audit_event SET new = 'x' WHERE seq = ?", (seq,))
            raise AssertionError("the append-only trigger did not fire")
        except sqlite3.IntegrityError as exc:
            assert "audit events cannot be changed" in str(exc)
    con.close()

    code, out, err = loop.inspector("audit", "verify")
    assert code == 1 and out == ""
    assert f"audit event {seq} (inspection {inspection}): its content (answer PC-03 at " in err
    assert "does not match its hash: it was changed after it was recorded" in err
    assert "the audit log does not verify (1 break(s)" in err

    bundle = loop.tmp / "b.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", bundle)[0] == 0
    loop.central("init")
    before = loop.central_dump()
    code, out, err = loop.central("import", bundle)
    assert code == 1 and "imported" not in out
    assert "refused: bundle rejected: the audit events of bundle 1 from device" in err
    assert "run 'casereader audit verify' on that laptop" in err
    assert loop.central_dump() == before


def test_removed_event_is_detected(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    assert loop.inspector("marks", "import", inspection, loop.file("m1.csv", MARKS_1))[0] == 0
    db = loop.laptop / "casereader.sqlite"
    seq, _ = pc03_event(db)
    behind_the_triggers(db, ("DELETE FROM audit_event WHERE seq = ?", (seq,)))
    code, _, err = loop.inspector("audit", "verify")
    assert code == 1
    assert f"audit event {seq + 1} (inspection {inspection}): it does not follow the event before it" in err


def test_history_rewritten_after_an_export_is_detected_and_refused(loop: Loop) -> None:  # noqa: F811
    inspection = marked_and_sent(loop)
    db = loop.laptop / "casereader.sqlite"
    seq, new = pc03_event(db)
    forged = json.dumps({**json.loads(new), "comment": "charging was on time"}, sort_keys=True,
                        separators=(",", ":"))
    behind_the_triggers(db, ("UPDATE audit_event SET new = ? WHERE seq = ?", (forged, seq)))
    rechain(db)  # every row now matches its hash again ...
    code, _, err = loop.inspector("audit", "verify")
    assert code == 1  # ... but not the head this laptop sent to the centre
    assert "the chain no longer passes through the hash sent to the centre in bundle 1" in err

    assert loop.inspector("marks", "import", inspection, loop.file("m2.csv", MARKS_2))[0] == 0
    before = loop.central_dump()
    incremental = loop.tmp / "b2.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", incremental, "--since-last")[0] == 0
    code, _, err = loop.central("import", incremental)
    assert code == 1 and "do not lead to the audit-log hash the device recorded" in err
    full = loop.tmp / "b3.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", full)[0] == 0
    code, _, err = loop.central("import", full)
    assert code == 1 and "does not extend the audit-log chain the centre holds" in err
    assert loop.central_dump() == before
