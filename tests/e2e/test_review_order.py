"""Order independence of the review loop (issue 19): the same query events, marks bundles (carrying answers)
and query packs, delivered in 1,000 random orders with duplicates, reach the same final state — at the centre
(queries, sign-offs, the events themselves) and on the laptop.

The deliveries are built once through the real command line (three rounds across two data folders, with a
sign-off of a case the inspector then changed in answer to a query, and an answer the inspector made after the
centre had closed the query, so a step that does not apply is among them),
then replayed in-process onto copies of the stores as they were before any query existed."""

from __future__ import annotations

import json
import random
import re
import shutil
import sqlite3 as plain_sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casereader.central.importer import import_bundle
from casereader.central.keys import central_keys_dir, load_central_keys
from casereader.central.review_events import insert_events
from casereader.central.store import CentralStore
from casereader.core.review import ReviewEvent
from casereader.sqlitedb import sqlite3
from casereader.storage import LocalStore
from casereader.sync.reviews import import_query_pack
from tests.e2e.rounds import marked_and_sent
from tests.e2e.test_sync_loop import Loop, loop  # noqa: F401  (the fixture)

SEED = 20261205
COMPLETE_URN001 = """case_ref,question_id,answer,na_reason,comment
URN001,DI-02,fully,,
URN001,VW-01,fully,,
URN001,VW-06,yes,,
URN001,VW-07,fully,,
"""
ORDERS = 1000
CENTRAL_TABLES = {
    "central_review_event": "id, inspection_id, case_id, query_id, kind, at, actor, origin, question_id, text, mark, "
                            "checksum",
    "central_query": "*",
    "central_case_review": "*",
    "central_case": "id, checksum, status",  # (which bundle first wrote a case is not part of its state)
}


def _ok(result: tuple[int, str, str]) -> str:
    assert result[0] == 0, result[2]
    return result[1]


def _qid(out: str) -> str:
    return re.search(r"query ([0-9a-f-]{36}) opened", out).group(1)  # type: ignore[union-attr]


def dump(path: Path, tables: dict[str, str]) -> str:
    con = plain_sqlite3.connect(path)
    try:
        return json.dumps({t: sorted(map(list, con.execute(f"SELECT {cols} FROM {t}").fetchall()), key=repr)
                           for t, cols in tables.items()}, sort_keys=True)
    finally:
        con.close()


def store_dump(store: CentralStore) -> str:
    with store.engine.connect() as conn:
        con = conn.connection.driver_connection
        assert con is not None
        return json.dumps({t: sorted(map(list, con.execute(f"SELECT {cols} FROM {t}").fetchall()), key=repr)
                           for t, cols in CENTRAL_TABLES.items()}, sort_keys=True)


def centre_events(path: Path) -> set[tuple[Any, ...]]:
    con = plain_sqlite3.connect(path)
    try:
        return set(con.execute("SELECT id, inspection_id, case_id, kind, at, actor, origin, query_id, question_id, "
                               "text, mark, checksum FROM central_review_event WHERE origin = 'centre'"))
    finally:
        con.close()


def as_events(rows: set[tuple[Any, ...]]) -> list[ReviewEvent]:
    names = ("id", "inspection_id", "case_id", "kind", "at", "actor", "origin", "query_id", "question_id", "text",
             "mark", "checksum")
    return [ReviewEvent.from_json(dict(zip(names, r))) for r in sorted(rows)]


def test_any_order_with_duplicates_reaches_the_same_state(loop: Loop) -> None:  # noqa: F811
    inspection = marked_and_sent(loop)
    _ok(loop.inspector("marks", "import", inspection, loop.file("complete.csv", COMPLETE_URN001)))
    _ok(loop.inspector("case", "complete", inspection, "--case", "URN001"))
    _ok(loop.inspector("bundle", "export", inspection, "--out", loop.tmp / "complete.crbundle", "--since-last"))
    _ok(loop.central("import", loop.tmp / "complete.crbundle"))
    db = loop.centre / "central.sqlite"
    centre_before = loop.tmp / "centre-before.sqlite"
    shutil.copy(db, centre_before)
    laptop_before = loop.tmp / "laptop-before.sqlite"
    shutil.copy(loop.laptop / "casereader.sqlite", laptop_before)
    batches: list[set[tuple[Any, ...]]] = []
    packs: list[bytes] = []
    bundles: list[bytes] = []

    def centre_step(*commands: tuple[str, ...]) -> None:
        held = centre_events(db)
        for c in commands:
            _ok(loop.central(*c))
        batches.append(centre_events(db) - held)

    def pack() -> None:
        path = loop.tmp / f"q{len(packs)}.crpack"
        _ok(loop.central("query", "pack", inspection, "--out", path, "--passphrase-file", loop.pw))
        _ok(loop.inspector("pack", "import", path))
        packs.append(path.read_bytes())

    def bundle(*answers: tuple[str, ...]) -> None:
        for a in answers:
            _ok(loop.inspector("query", "answer", inspection, *a))
        path = loop.tmp / f"b{len(bundles)}.crbundle"
        _ok(loop.inspector("bundle", "export", inspection, "--out", path, "--since-last"))
        bundles.append(path.read_bytes())

    q1 = _qid(_ok(loop.central("query", "open", inspection, "--case", "URN001", "--question", "PC-03", "--text",
                               "PC-03: the note says late")))
    q2 = _qid(_ok(loop.central("query", "open", inspection, "--case", "URN002", "--question", "VW-01", "--text",
                               "VW-01?")))
    q3 = _qid(_ok(loop.central("query", "open", inspection, "--case", "URN001", "--text", "Complete?")))
    opened = centre_events(db)
    centre_step(("signoff", inspection, "--case", "URN001", "--reviewer", "Lee Lead"))
    pack()
    _ok(loop.inspector("case", "reopen", inspection, "--case", "URN001", "--reason", "query on PC-03"))
    _ok(loop.inspector("query", "answer", inspection, q1, "--text", "changed", "--mark", "not"))
    _ok(loop.inspector("case", "complete", inspection, "--case", "URN001"))
    bundle((q2, "--text", "yes"))
    _ok(loop.central("import", loop.tmp / "b0.crbundle"))
    centre_step(("query", "close", q1), ("query", "reopen", q2, "--text", "which day?"))
    pack()
    bundle((q2, "--text", "the 3rd"), (q3, "--text", "yes, complete"))
    centre_step(("query", "close", q3))  # before the answers arrive
    _ok(loop.central("import", loop.tmp / "b1.crbundle"))
    bundle((q3, "--text", "and one more thing"))  # made after the close: a step that does not apply
    _ok(loop.central("import", loop.tmp / "b2.crbundle"))
    centre_step(("query", "close", q2))
    pack()
    expected_centre = dump(db, CENTRAL_TABLES)
    assert json.loads(expected_centre)["central_query"] and '"answer after the query was closed' in expected_centre
    # (case_id, inspection_id, signed_by, signed_at, checksum, changed_since_review, rejected)
    assert [(r[2], r[5]) for r in json.loads(expected_centre)["central_case_review"]] == [("Lee Lead", 1)]
    expected_laptop = dump(loop.laptop / "casereader.sqlite", {"review_event": "id, kind, at, text"})

    keys = load_central_keys(central_keys_dir(loop.centre), loop.pw.read_text().strip())
    deliveries: list[tuple[str, Callable[[CentralStore], object]]] = [
        *((f"bundle {i}", lambda st, data=data: import_bundle(st, data, keys)) for i, data in enumerate(bundles)),
        *((f"centre step {i}", lambda st, b=b: _insert(st, b)) for i, b in enumerate(batches)),
    ]
    rng = random.Random(SEED)
    started = time.perf_counter()
    target = loop.tmp / "replay.sqlite"
    shutil.copy(centre_before, target)
    store = CentralStore.open(f"sqlite:///{target}")  # (upgraded to this schema once, here)
    template = sqlite3.connect(":memory:")  # the SQLite library the stores use
    with store.engine.connect() as conn:
        conn.connection.driver_connection.backup(template)  # type: ignore[union-attr]
    try:
        for n in range(ORDERS):
            order = deliveries + rng.choices(deliveries, k=rng.randint(0, 3))
            rng.shuffle(order)
            with store.engine.connect() as conn:  # back to the store as it was before any query
                template.backup(conn.connection.driver_connection)  # type: ignore[arg-type]
            _insert(store, opened)  # the centre holds its queries before anything can answer them
            for _name, deliver in order:
                deliver(store)
            assert store_dump(store) == expected_centre, f"order {n}: {[name for name, _ in order]}"
    finally:
        store.close()
        template.close()
    elapsed = time.perf_counter() - started
    assert elapsed < 120

    laptop_target = loop.tmp / "replay-laptop" / "casereader.sqlite"
    laptop_target.parent.mkdir()
    for n in range(100):  # the laptop: the three query packs, any order, duplicates
        order = packs + rng.choices(packs, k=rng.randint(0, 2))
        rng.shuffle(order)
        shutil.copy(laptop_before, laptop_target)
        store = LocalStore.open(laptop_target, backups_dir=loop.tmp / "replay-backups")
        try:
            for data in order:
                import_query_pack(store, data, actor="ann")
        finally:
            store.close()
        assert dump(laptop_target, {"review_event": "id, kind, at, text"}) == _without_local(expected_laptop), n


def _insert(store: CentralStore, rows: set[tuple[Any, ...]]) -> None:
    with store.transaction() as s:
        insert_events(s, as_events(rows), source="centre")


def _without_local(dumped: str) -> str:
    return dumped  # every answer made on the laptop went to the centre and came back in the last query pack
