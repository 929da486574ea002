"""Hostile input to the review lp (issue 19): query packs not signed by the centre or altered, centre-signed
packs naming a case or question outside the inspection, bundles carrying steps a device may not make or answers
to queries the centre never opened, and an answer to a closed query — each refused with one clear message and
nothing changed on the side that refused it."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from casereader.bundles import CentralKeys
from casereader.bundles.query_packs import read_query_pack, write_query_pack
from casereader.bundles.review_models import QueryPackPayload
from casereader.central.keys import central_keys_dir, load_central_keys
from tests.e2e.rounds import marked_and_sent
from tests.e2e.test_sync_loop import Loop, loop  # noqa: F401  (the fixture)


def digest(path: Path) -> str:
    """The store's logical content (every table's rows), so a refusal is shown to change nothing."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        text = json.dumps({t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in tables})
    finally:
        con.close()
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def world(loop: Loop) -> tuple[Loop, str, str, Path]:  # noqa: F811
    lp = loop
    inspection = marked_and_sent(lp)
    code, out, err = lp.central("query", "open", inspection, "--case", "URN001", "--question", "PC-03", "--text",
                                  "Please review PC-03")
    assert code == 0, err
    query_id = re.search(r"query ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
    pack = lp.tmp / "queries.crpack"
    assert lp.central("query", "pack", inspection, "--out", pack, "--passphrase-file", lp.pw)[0] == 0
    return lp, inspection, query_id, pack


def resigned(lp: Loop, pack: Path, change: Any, *, other_centre: bool = False) -> Path:
    keys = CentralKeys.generate() if other_centre else load_central_keys(central_keys_dir(lp.centre),
                                                                         lp.pw.read_text().strip())
    real = load_central_keys(central_keys_dir(lp.centre), lp.pw.read_text().strip())
    doc = read_query_pack(pack.read_bytes(), trusted_central=real.public_keys.signing_public).model_dump(mode="json")
    doc["central"] = keys.public_keys.to_json()
    change(doc)
    out = lp.tmp / f"hostile-{uuid.uuid4().hex[:6]}.crpack"
    out.write_bytes(write_query_pack(QueryPackPayload.model_validate(doc), keys))
    return out


def refused_on_laptop(lp: Loop, pack: Path, says: str) -> None:
    db = lp.laptop / "casereader.sqlite"
    before = digest(db)
    code, out, err = lp.inspector("pack", "import", pack)
    assert code == 2 and out == "" and says in err and err.count("\n") == 1, err
    assert err.startswith("casereader: error: ")
    assert digest(db) == before


def test_query_pack_not_signed_by_the_centre(world: tuple[Loop, str, str, Path]) -> None:
    lp, _, _, pack = world
    refused_on_laptop(lp, resigned(lp, pack, lambda doc: None, other_centre=True),
                      "signed by another centre's key")


def test_altered_query_pack(world: tuple[Loop, str, str, Path]) -> None:
    lp, _, _, pack = world
    data = bytearray(pack.read_bytes())
    at = data.index(b"Please review")
    data[at] ^= 0x20
    altered = lp.tmp / "altered.crpack"
    altered.write_bytes(bytes(data))
    refused_on_laptop(lp, altered, "is damaged")


def test_query_for_a_case_not_in_the_inspection(world: tuple[Loop, str, str, Path]) -> None:
    lp, _, _, pack = world

    def change(doc: dict[str, Any]) -> None:
        doc["events"][0]["case_id"] = str(uuid.uuid4())
    refused_on_laptop(lp, resigned(lp, pack, change), "which is not in inspection")


def test_query_for_a_question_not_in_the_inspection(world: tuple[Loop, str, str, Path]) -> None:
    lp, _, _, pack = world

    def change(doc: dict[str, Any]) -> None:
        doc["events"][0]["question_id"] = "NO-SUCH-Q"
    refused_on_laptop(lp, resigned(lp, pack, change), "'NO-SUCH-Q', which is not in question set")


def test_query_pack_for_an_inspection_not_on_the_laptop(world: tuple[Loop, str, str, Path]) -> None:
    lp, _, _, pack = world

    def change(doc: dict[str, Any]) -> None:
        doc["inspection_id"] = "not-here"
        for e in doc["events"]:
            e["inspection_id"] = "not-here"
    refused_on_laptop(lp, resigned(lp, pack, change), "inspection not-here is not on this laptop")


def test_a_device_step_dressed_as_the_centres(world: tuple[Loop, str, str, Path]) -> None:
    lp, _, _, pack = world

    def change(doc: dict[str, Any]) -> None:
        doc["events"][0]["origin"] = "0" * 32
    refused_on_laptop(lp, resigned(lp, pack, change), "cannot come from a device")


def test_centre_refuses_questions_and_cases_outside_the_inspection(world: tuple[Loop, str, str, Path]) -> None:
    lp, inspection, query_id, _ = world
    db = lp.centre / "central.sqlite"
    before = digest(db)
    for args, says in ((("--case", "NOPE"), "case 'NOPE' is not in inspection"),
                       (("--case", "URN001", "--question", "NO-SUCH-Q"), "question 'NO-SUCH-Q' is not in"),
                       (("--case", "URN001", "--text", "  "), "needs some text")):
        extra = () if "--text" in args else ("--text", "x")
        code, _, err = lp.central("query", "open", inspection, *args, *extra)
        assert code == 2 and says in err and err.count("\n") == 1, err
    code, _, err = lp.central("query", "close", "ffffffff")
    assert code == 2 and "no single query 'ffffffff'" in err
    code, _, err = lp.central("query", "reopen", query_id[:8], "--text", "again")
    assert code == 2 and "only an answered or closed query can be re-opened" in err
    assert digest(db) == before


def _forge(lp: Loop, inspection: str, **fields: Any) -> None:
    """A hostile laptop: a review event written into its own store behind the application, sent as its own."""
    db = lp.laptop / "casereader.sqlite"
    con = sqlite3.connect(db)
    try:
        case_id = con.execute("SELECT id FROM case_file WHERE inspection_id = ? ORDER BY position",
                              (inspection,)).fetchone()[0]
        row = {"id": str(uuid.uuid4()), "inspection_id": inspection, "case_id": case_id, "query_id": None,
               "kind": "answered", "at": "2026-12-05T10:00:00.000000Z", "actor": "ann", "origin": "0" * 32,
               "question_id": None, "text": "forged", "mark": None, "checksum": None, "local": 1, "received_at": "",
               **fields}
        with con:
            con.execute(f"INSERT INTO review_event ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                        tuple(row.values()))
    finally:
        con.close()


@pytest.mark.parametrize(("forged", "says"), [
    ({"kind": "closed", "query_id": "QUERY", "text": ""}, "cannot come from a device"),
    ({"query_id": str(uuid.uuid4())}, "which this centre never opened"),
    ({"query_id": "QUERY", "origin": "f" * 32}, "a bundle carries only its own device's answers"),
])
def test_centre_refuses_bundles_with_steps_a_device_cannot_make(world: tuple[Loop, str, str, Path],
                                                                 forged: dict[str, Any], says: str) -> None:
    lp, inspection, query_id, _ = world
    assert lp.inspector("pack", "import", lp.tmp / "queries.crpack")[0] == 0
    _forge(lp, inspection, **{k: (query_id if v == "QUERY" else v) for k, v in forged.items()})
    if forged.get("origin") is None:  # the device's own id as origin
        device = json.loads((lp.tmp / "device.json").read_text())["device_id"]
        con = sqlite3.connect(lp.laptop / "casereader.sqlite")
        with con:
            con.execute("UPDATE review_event SET origin = ? WHERE text = 'forged' OR kind = 'closed' AND local = 1",
                        (device,))
        con.close()
    bundle = lp.tmp / "forged.crbundle"
    code, _, err = lp.inspector("bundle", "export", inspection, "--out", bundle, "--since-last")
    assert code == 0, err
    db = lp.centre / "central.sqlite"
    before = digest(db)
    code, _, err = lp.central("import", bundle)
    assert code != 0 and says in err, err
    assert digest(db) == before


def test_answer_to_a_closed_query_in_a_bundle_is_a_recorded_conflict(world: tuple[Loop, str, str, Path]) -> None:
    lp, inspection, query_id, pack = world
    assert lp.inspector("pack", "import", pack)[0] == 0
    assert lp.central("query", "close", query_id[:8], "--note", "not needed")[0] == 0
    # the laptop has not heard of the close: its answer is made after it and cannot apply
    assert lp.inspector("query", "answer", inspection, query_id[:8], "--text", "late answer")[0] == 0
    bundle = lp.tmp / "late.crbundle"
    assert lp.inspector("bundle", "export", inspection, "--out", bundle, "--since-last")[0] == 0
    code, out, err = lp.central("import", bundle)
    assert code == 0, err
    code, out, err = lp.central("query", "list", inspection)
    assert " closed " in out and "1 step(s) did not apply" in out and "late answer" not in out
    code, out, err = lp.central("conflicts")
    assert "review_step" in out and "answer after the query was closed" in out
    code, _, err = lp.central("report", "--area", "Wessex", "--format", "json", "--out", lp.tmp / "f.json", "--final")
    assert code != 0 and "review step" not in err and "query" not in err.split("casereader: error")[0]
    # and the laptop, told of the close, refuses a further answer
    pack2 = lp.tmp / "queries-2.crpack"
    assert lp.central("query", "pack", inspection, "--out", pack2, "--passphrase-file", lp.pw)[0] == 0
    assert lp.inspector("pack", "import", pack2)[0] == 0
    before = digest(lp.laptop / "casereader.sqlite")
    code, out, err = lp.inspector("query", "answer", inspection, query_id[:8], "--text", "again", "--mark", "not")
    assert code == 2 and "cannot be answered" in err
    assert digest(lp.laptop / "casereader.sqlite") == before
