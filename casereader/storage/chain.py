"""The audit log's hash chain in the local store (see :mod:`casereader.core.auditchain`).

A trigger fills ``chain_prev`` and ``chain_hash`` of every audit row as it is inserted, through the SQL
function ``casereader_chain`` that :func:`register` adds to each connection, so no writer can forget it and
none can choose the hash. :func:`verify` recomputes every chain: a row changed, removed or inserted behind
the triggers' back (with them dropped and put back) no longer matches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from casereader.core.auditchain import GENESIS, link
from casereader.sqlitedb import sqlite3

FUNCTION = "casereader_chain"
_CONTENT = ("at", "actor", "inspection_id", "case_id", "kind", "key", "old", "new", "reason")
_PREVIOUS = ("(SELECT chain_hash FROM audit_event p WHERE p.inspection_id IS NEW.inspection_id AND p.seq < NEW.seq "
             "ORDER BY p.seq DESC LIMIT 1)")
CHAIN_TRIGGER = (
    "CREATE TRIGGER audit_event_chain AFTER INSERT ON audit_event BEGIN "
    f"UPDATE audit_event SET chain_prev = coalesce({_PREVIOUS}, ''), "
    f"chain_hash = {FUNCTION}({_PREVIOUS}, NEW.at, NEW.actor, NEW.case_id, NEW.kind, NEW.key, NEW.old, NEW.new, "
    "NEW.reason) WHERE seq = NEW.seq; END")
# Only the chain trigger's one filling-in of an unchained row's hash is let through; any other change aborts.
NO_UPDATE_TRIGGER = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN OLD.chain_hash IS NOT NULL OR "
    "NEW.seq IS NOT OLD.seq OR " + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _CONTENT)
    + " BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END")
OLD_NO_UPDATE_TRIGGER = ("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
                         "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END")


def register(con: sqlite3.Connection) -> None:
    """Make ``casereader_chain`` available on ``con`` (every connection that may insert audit rows)."""
    con.create_function(FUNCTION, 9, link, deterministic=True)


@dataclass(frozen=True)
class Break:
    """Where a chain does not hold."""

    seq: int
    inspection_id: str | None
    message: str

    def __str__(self) -> str:
        return f"audit event {self.seq}{_of(self.inspection_id)}: {self.message}"


def _of(inspection_id: str | None) -> str:
    return f" (inspection {inspection_id})" if inspection_id else ""


def verify_rows(rows: Iterable[tuple[object, ...]]) -> tuple[int, dict[str | None, tuple[int, str]], list[Break]]:
    """Recompute the chains of ``rows`` (seq, inspection_id, at, actor, case_id, kind, key, old, new, reason,
    chain_prev, chain_hash, in sequence order). Returns how many rows, each chain's head (its last seq and
    hash) and every break found (at most one per chain: after a break the stored hashes are followed)."""
    heads: dict[str | None, tuple[int, str]] = {}
    broken: dict[str | None, Break] = {}
    count = 0
    for seq, insp, at, actor, case_id, kind, key, old, new, reason, prev, stored in rows:
        count += 1
        inspection = None if insp is None else str(insp)
        before = heads.get(inspection, (0, GENESIS))[1]
        problem = None
        if stored is None:
            problem = "it has no hash: it was written behind the audit log's triggers"
        elif (prev or GENESIS) != before:
            problem = ("it does not follow the event before it in the chain: an event was removed, or inserted "
                       "behind the audit log's triggers")
        elif link(before, at, actor, case_id, kind, key, old, new, reason) != stored:
            problem = (f"its content ({kind} {key or ''} at {at}) does not match its hash: it was changed after "
                       "it was recorded").replace("  ", " ")
        if problem is not None and inspection not in broken:
            broken[inspection] = Break(int(str(seq)), inspection, problem)
        heads[inspection] = (int(str(seq)), str(stored or ""))
    return count, heads, list(broken.values())


def read_rows(con: sqlite3.Connection) -> list[tuple[object, ...]]:
    return con.execute("SELECT seq, inspection_id, at, actor, case_id, kind, key, old, new, reason, chain_prev, "
                       "chain_hash FROM audit_event ORDER BY seq").fetchall()


def head(con: sqlite3.Connection, inspection_id: str, upto_seq: int) -> str:
    """The stored hash of the inspection's last audit event at or before ``upto_seq`` ("" if none)."""
    row = con.execute("SELECT chain_hash FROM audit_event WHERE inspection_id = ? AND seq <= ? ORDER BY seq DESC "
                      "LIMIT 1", (inspection_id, upto_seq)).fetchone()
    return str(row[0] or "") if row else GENESIS


def backfill(con: sqlite3.Connection) -> int:
    """Chain the rows that have no hash yet (a store from before revision 0003), in sequence order."""
    heads: dict[object, str] = {}
    for insp, last in con.execute("SELECT inspection_id, chain_hash FROM audit_event a WHERE chain_hash IS NOT "
                                  "NULL AND seq = (SELECT max(seq) FROM audit_event b WHERE b.inspection_id IS "
                                  "a.inspection_id AND b.chain_hash IS NOT NULL)").fetchall():
        heads[insp] = last
    done = 0
    for seq, insp, *content in con.execute(
            "SELECT seq, inspection_id, at, actor, case_id, kind, key, old, new, reason FROM audit_event "
            "WHERE chain_hash IS NULL ORDER BY seq").fetchall():
        previous = heads.get(insp, GENESIS)
        heads[insp] = link(previous, *content)
        con.execute("UPDATE audit_event SET chain_prev = ?, chain_hash = ? WHERE seq = ?", (previous, heads[insp], seq))
        done += 1
    return done


def exported_breaks(con: sqlite3.Connection) -> list[Break]:
    """Where an audit-log head this laptop sent to the centre (kept per export in the settings) is no longer in
    the chain: events already at the centre were changed or removed since, the hashes recomputed."""
    found: list[Break] = []
    for key, value in con.execute("SELECT key, value FROM setting WHERE key LIKE 'sync.export.%'").fetchall():
        inspection_id = str(key).rsplit(".", 1)[-1]
        try:
            state = json.loads(value)
            sent, upto, sequence = str(state.get("record_head", "")), int(state["audit_seq"]), state["sequence"]
        except (ValueError, KeyError, TypeError):
            continue
        if sent and head(con, inspection_id, upto) != sent:
            found.append(Break(upto, inspection_id, f"the chain no longer passes through the hash sent to the "
                               f"centre in bundle {sequence}: events already exported were changed or removed"))
    return found
