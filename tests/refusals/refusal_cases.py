"""The one table of refused inputs, per writing command, and the table of commands that write nothing.

Every sub-command of the ``casereader`` parser is either a key of ``CASES`` (a command that writes: at least
three refused inputs) or of ``READ_ONLY`` (with the options it has, so a new option such as ``--final`` on a
read-only command is noticed too). Adding a command means adding its entries here; ``test_refusals`` fails
until that is done. A case names the command, what makes it a refusal, the arguments (built from the
:class:`World`), words the message must contain, and optionally a step preparing an input file.

A new command is covered by three or more entries such as::

    Case("case reopen", "unknown case", lambda w: [ids(w)["packed"], "--case", "NOPE", "--reason", "x"], "NOPE"),

and a writing mode of a read-only command by entries keyed with its option::

    Case("central report --final", "unknown Area", lambda w: ["--area", "Nowhere", "--format", "json",
         "--out", w.inputs / "r.json"], "Nowhere", where="centre"),

If a refusal needs state the world does not have yet, add the command building it to ``build_world``.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refusal_world import PASSPHRASE, World

Args = Callable[[World], Sequence[object]]


@dataclass(frozen=True)
class Case:
    command: str  # the sub-command words, e.g. "central moderation draw"
    name: str
    args: Args  # the arguments after the command words (and after ``--data-dir``)
    says: str  # a phrase the refusal must contain (case-insensitive)
    prepare: Callable[[World], object] | None = None
    where: str = "laptop"  # the data folder, under the world's root: "laptop", "centre" or "new-centre"

    @property
    def id(self) -> str:
        return f"{self.command.replace(' ', '-')}: {self.name}"


def pw(w: World) -> list[object]:
    return ["--passphrase-file", w.pw]


def wrong_pw(w: World) -> list[object]:
    return ["--passphrase-file", w.file("wrong-pw.txt", "not the passphrase\n")]


def flipped(source: str, name: str) -> Callable[[World], Path]:
    """A copy of an input with one byte in the middle changed."""
    def make(w: World) -> Path:
        data = bytearray((w.inputs / source).read_bytes())
        data[len(data) // 2] ^= 0x40
        return w.file(name, bytes(data))
    return make


def garbage(name: str) -> Callable[[World], Path]:
    return lambda w: w.file(name, b"PK\x03\x04 this is not what it claims to be\n")


# ---------------------------------------------------------------- sample packs signed by the real centre

def resigned_pack(w: World, change: Callable[[dict[str, Any]], None], *, other_centre: bool = False) -> bytes:
    """The world's pack with its content changed as ``change`` says, signed again by the centre's own key
    (unlocked from the centre's data folder) or by another centre's."""
    from casereader.bundles import CentralKeys, PackPayload, read_sample_pack, write_sample_pack
    from casereader.central.keys import central_keys_dir, load_central_keys

    keys = (CentralKeys.generate() if other_centre
            else load_central_keys(central_keys_dir(w.centre), PASSPHRASE))
    doc = read_sample_pack((w.inputs / "wessex.crpack").read_bytes()).model_dump(mode="json")
    doc["inspection"]["id"] = str(uuid.uuid4())
    doc["central"] = keys.public_keys.to_json()
    change(doc)
    return write_sample_pack(PackPayload.model_validate(doc), keys)


def laptop_rows(w: World, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of the laptop's store, read as an immutable file so that no -wal or -shm file is left behind."""
    con = sqlite3.connect(f"file:{w.laptop / 'casereader.sqlite'}?mode=ro&immutable=1", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def local_case_ids(w: World, name: str) -> list[str]:
    return [r[0] for r in laptop_rows(w, "SELECT id FROM case_file WHERE inspection_id = ? ORDER BY position",
                                      w.inspections[name])]


def colliding_pack(w: World, name: str = "colliding.crpack") -> Path:
    """A centre-signed pack for a new inspection whose case ids are those of the imported inspection."""
    return w.file(name, resigned_pack(w, lambda doc: None))


def pack_with_local_ids(w: World) -> Path:
    ids = local_case_ids(w, "imported")

    def change(doc: dict[str, Any]) -> None:
        for case, cid in zip(doc["cases"], ids):
            case["id"] = cid
    return w.file("local-ids.crpack", resigned_pack(w, change))


def pack_with_header(w: World) -> Path:
    def change(doc: dict[str, Any]) -> None:
        doc["cases"][0]["header"]["no_such_field"] = "x"
        for case in doc["cases"]:
            case["id"] = str(uuid.uuid4())
    return w.file("header.crpack", resigned_pack(w, change))


def foreign_pack(w: World) -> Path:
    def change(doc: dict[str, Any]) -> None:
        for case in doc["cases"]:
            case["id"] = str(uuid.uuid4())
    return w.file("foreign.crpack", resigned_pack(w, change, other_centre=True))


def into_sync(make: Callable[[World], Path]) -> Callable[[World], None]:
    """Put the input ``make`` builds into the sync folder (under the suffix it has)."""
    def prepare(w: World) -> None:
        made = make(w)
        made.replace(w.sync / made.name)
    return prepare


# ---------------------------------------------------------------- other inputs

def newer_backup(w: World) -> Path:
    """A copy of a real backup claiming a schema revision from a newer Casereader."""
    source = sorted((w.laptop / "backups").glob("*.sqlite"))[0]
    target = w.inputs / "newer.sqlite"
    target.write_bytes(source.read_bytes())
    con = sqlite3.connect(target)
    con.execute("UPDATE alembic_version SET version_num = 'zz_from_the_future'")
    con.commit()
    con.close()
    return target


def device_file(w: World, name: str, **change: str) -> Path:
    doc = json.loads((w.inputs / "device.json").read_text())
    doc.update(change)
    return w.file(name, json.dumps(doc))


def new_centre(w: World) -> None:
    (w.root / "new-centre").mkdir(exist_ok=True)


def ids(w: World) -> dict[str, str]:
    return w.inspections


OTHER_KEY = base64.b64encode(bytes(range(32))).decode()
TEAM = ("--inspector", "Ann", "--inspector", "Bob")
GOOD_SAMPLE = "reference,casework_type\nNEW1,MC\n"


def _cases() -> list[Case]:
    P, IM, D, E = "packed", "imported", "drawn", "empty"
    C = "centre"
    return [
        # ---- inspections and samples
        Case("inspection create", "unknown question set", lambda w: ["--form", "no-such-form", "--area", "Kent",
             "--round", "baseline"], "no-such-form"),
        Case("inspection create", "unknown version", lambda w: ["--form", "worked-example@99", "--area", "Kent",
             "--round", "baseline"], "worked-example"),
        Case("inspection create", "blank Area", lambda w: ["--form", "worked-example", "--area", "   ", "--round",
             "baseline"], "needs an area"),
        Case("sample import", "unknown inspection", lambda w: ["no-such-inspection", w.inputs / "local.csv"],
             "no inspection"),
        Case("sample import", "references already in the inspection", lambda w: [ids(w)[IM], w.inputs / "local.csv"],
             "problem"),
        Case("sample import", "invalid header value", lambda w: [ids(w)[IM], w.file(
            "bad-header.csv", "reference,casework_type\nNEW1,XX\n")], "problem"),
        Case("sample import", "unknown column", lambda w: [ids(w)[IM], w.file(
            "bad-column.csv", "reference,no_such_field\nNEW1,x\n")], "problem"),
        Case("sample import", "missing file", lambda w: [ids(w)[IM], w.inputs / "absent.csv"], "absent.csv"),
        Case("sample draw", "inspection already has cases", lambda w: [ids(w)[IM], "--from", w.inputs /
             "population.csv", "--quota", "MC=1", "--seed", "1"], "already has"),
        Case("sample draw", "bad quota", lambda w: [ids(w)[E], "--from", w.inputs / "population.csv", "--quota",
             "MC=lots", "--seed", "1"], "--quota"),
        Case("sample draw", "quota larger than the stratum", lambda w: [ids(w)[E], "--from", w.inputs /
             "population.csv", "--quota", "MC=50", "--seed", "1"], "MC"),
        Case("sample draw", "no column to stratify by", lambda w: [ids(w)[E], "--from", w.inputs / "population.csv",
             "--quota", "MC=1", "--seed", "1", "--stratify-by", "court"], "court"),
        Case("sample draw", "negative reserves", lambda w: [ids(w)[E], "--from", w.inputs / "population.csv",
             "--quota", "MC=1", "--seed", "1", "--reserves", "-1"], "--reserves"),
        Case("sample replace", "unknown case", lambda w: [ids(w)[D], "--case", "NOPE", "--reason", "lost"], "NOPE"),
        Case("sample replace", "case is a reserve", lambda w: [ids(w)[D], "--case", _reserve(w), "--reason",
             "lost"], "is a reserve"),
        Case("sample replace", "--with a case in the sample", lambda w: [ids(w)[D], "--case", _drawn(w)[0],
             "--reason", "lost", "--with", _drawn(w)[1]], "not an unused reserve"),
        Case("sample replace", "blank reason", lambda w: [ids(w)[D], "--case", _drawn(w)[0], "--reason", " "],
             "--reason"),
        Case("marks import", "unknown question", lambda w: [ids(w)[P], w.file(
            "m-question.csv", "case_ref,question_id,answer\nURN001,XX-99,fully\n")], "problem"),
        Case("marks import", "invalid answer", lambda w: [ids(w)[P], w.file(
            "m-value.csv", "case_ref,question_id,answer\nURN001,PC-03,brilliant\n")], "problem"),
        Case("marks import", "unknown case, after good rows", lambda w: [ids(w)[P], w.file(
            "m-case.csv", "case_ref,question_id,answer\nURN001,DI-02,fully\nURN404,PC-03,fully\n")], "problem"),
        Case("marks import", "unknown inspection", lambda w: ["nope", w.inputs / "marks.csv"], "no inspection"),
        Case("marks import", "a complete case", lambda w: [ids(w)[P], w.file(
            "m-complete.csv", "case_ref,question_id,answer\nURN002,DI-02,partially\n")], "is complete"),
        Case("marks import", "a locked case", lambda w: [ids(w)[IM], w.file(
            "m-locked.csv", "case_ref,question_id,answer\nURN002,DI-02,partially\n")], "is locked"),
        # ---- a case's lifecycle (packed URN002 is complete, imported URN002 locked, packed URN001 unfinished)
        Case("case complete", "questions unanswered", lambda w: [ids(w)[P], "--case", "URN001"], "not complete"),
        Case("case complete", "a locked case", lambda w: [ids(w)[IM], "--case", "URN002"], "locked"),
        Case("case complete", "unknown case", lambda w: [ids(w)[P], "--case", "NOPE"], "NOPE"),
        Case("case complete", "unknown inspection", lambda w: ["nope", "--case", "URN001"], "no inspection"),
        Case("case reopen", "a case in progress", lambda w: [ids(w)[P], "--case", "URN001", "--reason", "re-read"],
             "nothing to reopen"),
        Case("case reopen", "blank reason", lambda w: [ids(w)[IM], "--case", "URN002", "--reason", " "], "--reason"),
        Case("case reopen", "unknown case", lambda w: [ids(w)[P], "--case", "NOPE", "--reason", "re-read"], "NOPE"),
        Case("case reopen", "unknown inspection", lambda w: ["nope", "--case", "URN002", "--reason", "re-read"],
             "no inspection"),
        # ---- question-set versions (worked-example@2 and other-example@1 are in both data folders' forms/)
        Case("inspection migrate", "a locked case", lambda w: [ids(w)[IM], "--to", "worked-example@2"], "locked"),
        Case("inspection migrate", "another question set", lambda w: [ids(w)[P], "--to", "other-example@1"],
             "not 'other-example'"),
        Case("inspection migrate", "no version", lambda w: [ids(w)[P], "--to", "worked-example"],
             "name the version"),
        Case("inspection migrate", "unknown version", lambda w: [ids(w)[P], "--to", "worked-example@9"],
             "worked-example@9"),
        Case("inspection migrate", "unknown inspection", lambda w: ["nope", "--to", "worked-example@2"],
             "no inspection"),
        # ---- backups
        Case("backup restore", "no such backup", lambda w: ["no-such-backup"], "no backup"),
        Case("backup restore", "ambiguous name", lambda w: ["before"], "matches"),
        Case("backup restore", "not a database", lambda w: [garbage("garbage.sqlite")(w)], "not a casereader backup"),
        Case("backup restore", "from a newer Casereader", lambda w: [newer_backup(w)], "newer version"),
        Case("backup restore", "damaged backup", lambda w: [_damaged_backup(w)], "garbage2.sqlite"),
        # ---- sample packs, bundles, sync (the inspector's side)
        Case("pack import", "case ids of an inspection already here (centre-signed)",
             lambda w: [colliding_pack(w)], "already exists"),
        Case("pack import", "case ids of a local inspection (centre-signed)", lambda w: [pack_with_local_ids(w)],
             "already exists"),
        Case("pack import", "the same pack again", lambda w: [w.inputs / "wessex.crpack"], "already on this"),
        Case("pack import", "header field not in the question set (centre-signed)", lambda w: [pack_with_header(w)],
             "no_such_field"),
        Case("pack import", "signed by another centre", lambda w: [foreign_pack(w)], "another centre"),
        Case("pack import", "one byte changed", lambda w: [flipped("wessex.crpack", "flipped.crpack")(w)],
             "flipped.crpack"),
        Case("pack import", "not a pack", lambda w: [garbage("garbage.crpack")(w)], "garbage.crpack"),
        Case("bundle export", "unknown inspection", lambda w: ["nope", "--out", w.inputs / "x.crbundle"],
             "no inspection"),
        Case("bundle export", "into a missing folder", lambda w: [ids(w)[P], "--out", w.inputs / "no" / "x.crbundle"],
             "x.crbundle"),
        Case("bundle export", "onto a folder", lambda w: [ids(w)[P], "--out", w.sync], "sync"),
        Case("bundle purge", "no receipt yet", lambda w: [ids(w)[IM]], "not purged"),
        Case("bundle purge", "receipt of an older export", lambda w: [ids(w)[P], "--receipt",
             w.inputs / "first.crreceipt"], "not purged"),
        Case("bundle purge", "tampered receipt", lambda w: [ids(w)[P], "--receipt", flipped(
            "first.crreceipt", "flipped.crreceipt")(w)], "receipt"),
        Case("bundle purge", "unknown inspection", lambda w: ["nope"], "no inspection"),
        Case("sync set-folder", "missing folder", lambda w: [w.root / "nowhere"], "not a folder"),
        Case("sync set-folder", "a file, not a folder", lambda w: [w.inputs / "sample.csv"], "not a folder"),
        Case("sync set-folder", "a folder that was removed", lambda w: [w.root / "sync" / "gone"],
             "not a folder"),
        Case("sync run", "a pack that is not a pack", lambda w: [], "not imported",
             prepare=into_sync(garbage("garbage.crpack"))),
        Case("sync run", "a centre-signed pack with colliding case ids", lambda w: [], "already exists",
             prepare=into_sync(colliding_pack)),
        Case("sync run", "a tampered receipt", lambda w: [], "flipped.crreceipt",
             prepare=into_sync(flipped("first.crreceipt", "flipped.crreceipt"))),
        Case("sync device", "public key into a missing folder", lambda w: ["--out", w.inputs / "no" / "d.json"],
             "d.json"),
        Case("sync device", "public key onto a folder", lambda w: ["--out", w.sync], "sync"),
        Case("sync device", "public key onto the data folder itself", lambda w: ["--out", w.laptop], "laptop"),
        # ---- the centre
        Case("central init", "unknown database URL", lambda w: ["--db", "nosuch://x", *pw(w)], "nosuch", where=C),
        Case("central init", "database under a file", lambda w: ["--db", f"sqlite:///{w.inputs / 'sample.csv'}/c.db",
             *pw(w)], "central store", where=C),
        Case("central init", "database under a file, new centre", lambda w: [
             "--db", f"sqlite:///{w.inputs / 'sample.csv'}/c.db", *pw(w)], "central store", where="new-centre",
             prepare=new_centre),
        Case("central init", "empty passphrase file, new centre", lambda w: [
             "--passphrase-file", w.file("empty-pw.txt", "")], "empty", where="new-centre", prepare=new_centre),
        Case("central init", "missing passphrase file, new centre", lambda w: [
             "--passphrase-file", w.inputs / "absent.txt"], "absent.txt", where="new-centre", prepare=new_centre),
        Case("central enrol", "not a key file", lambda w: [garbage("garbage.json")(w)], "garbage.json", where=C),
        Case("central enrol", "device id not of its key", lambda w: [device_file(
            w, "liar.json", public_key=OTHER_KEY)], "does not belong", where=C),
        Case("central enrol", "unknown device id", lambda w: ["0123456789abcdef0123456789abcdef"], "unknown device",
             where=C),
        Case("central enrol", "neither a file nor an id", lambda w: ["not-a-device"], "neither", where=C),
        Case("central accept", "unknown device", lambda w: ["0123456789abcdef0123456789abcdef"], "unknown device",
             where=C),
        Case("central accept", "already enrolled", lambda w: [_device_id(w)], "already enrolled", where=C),
        Case("central accept", "empty id", lambda w: [""], "unknown device", where=C),
        Case("central pack", "unknown question set", lambda w: ["--form", "nope", "--area", "Kent", "--round",
             "baseline", "--sample", w.inputs / "sample.csv", "--out", w.inputs / "p.crpack", *pw(w)], "nope",
             where=C),
        Case("central pack", "sample without references", lambda w: ["--form", "worked-example", "--area", "Kent",
             "--round", "baseline", "--sample", w.file("noref.csv", "casework_type\nMC\n"), "--out",
             w.inputs / "p.crpack", *pw(w)], "reference", where=C),
        Case("central pack", "wrong passphrase", lambda w: ["--form", "worked-example", "--area", "Kent", "--round",
             "baseline", "--sample", w.file("good.csv", GOOD_SAMPLE), "--out", w.inputs / "p.crpack", *wrong_pw(w)],
             "passphrase", where=C),
        Case("central pack", "pack into a missing folder", lambda w: ["--form", "worked-example", "--area", "Kent",
             "--round", "baseline", "--sample", w.file("good.csv", GOOD_SAMPLE), "--out",
             w.inputs / "no" / "p.crpack", *pw(w)], "p.crpack", where=C),
        Case("central pack", "blank Area", lambda w: ["--form", "worked-example", "--area", " ", "--round",
             "baseline", "--sample", w.file("good.csv", GOOD_SAMPLE), "--out", w.inputs / "p.crpack", *pw(w)],
             "area", where=C),
        Case("central import", "one byte changed", lambda w: [flipped("second.crbundle", "flipped.crbundle")(w),
             *pw(w)], "refused", where=C),
        Case("central import", "not a bundle", lambda w: [garbage("garbage.crbundle")(w), *pw(w)], "refused",
             where=C),
        Case("central import", "inspection unknown to the centre", lambda w: [w.inputs / "local.crbundle", *pw(w)],
             "refused", where=C),
        Case("central import", "wrong passphrase", lambda w: [w.inputs / "second.crbundle", *wrong_pw(w)],
             "passphrase", where=C),
        Case("central import", "missing file", lambda w: [w.inputs / "absent.crbundle", *pw(w)], "absent", where=C),
        Case("central watch", "not a folder", lambda w: [w.root / "nowhere", "--once", *pw(w)], "not a folder",
             where=C),
        Case("central watch", "a changed bundle arrives", lambda w: [w.sync, "--once", *pw(w)], "refused", where=C,
             prepare=into_sync(flipped("second.crbundle", "flipped.crbundle"))),
        Case("central watch", "a bundle of an unknown inspection arrives", lambda w: [w.sync, "--once", *pw(w)],
             "refused", where=C, prepare=lambda w: (w.sync / "local.crbundle").write_bytes(
                 (w.inputs / "local.crbundle").read_bytes())),
        Case("central watch", "wrong passphrase", lambda w: [w.sync, "--once", *wrong_pw(w)], "passphrase", where=C),
        Case("central allow", "another question set", lambda w: [ids(w)[P], "--form", "other-example@1"],
             "not 'other-example'", where=C),
        Case("central allow", "no version", lambda w: [ids(w)[P], "--form", "worked-example"], "name the version",
             where=C),
        Case("central allow", "unknown version", lambda w: [ids(w)[P], "--form", "worked-example@9"],
             "worked-example@9", where=C),
        Case("central allow", "unknown inspection", lambda w: ["nope", "--form", "worked-example@2"], "nope",
             where=C),
        # ---- moderation
        Case("central moderation draw", "unknown inspection", lambda w: ["nope", "--seed", "1", "--out-dir",
             w.inputs / "mod", *pw(w)], "nope", where=C),
        Case("central moderation draw", "no share", lambda w: [ids(w)[P], "--seed", "1", "--fraction", "0",
             "--out-dir", w.inputs / "mod", *pw(w)], "--fraction", where=C),
        Case("central moderation draw", "wrong passphrase", lambda w: [ids(w)[P], "--seed", "1", "--out-dir",
             w.inputs / "mod", *wrong_pw(w)], "passphrase", where=C),
        Case("central moderation draw", "no second inspector", lambda w: [ids(w)[P], "--seed", "1", "--out-dir",
             w.inputs / "mod", *pw(w)], "at least two inspectors", where=C),
        Case("central moderation resolve", "case not second-marked", lambda w: [ids(w)[P], "--case", "URN001",
             "--question", "PC-03", "--mark", "fully", "--reason", "agreed"], "no first and second mark", where=C),
        Case("central moderation resolve", "unknown inspection", lambda w: ["nope", "--case", "URN001", "--question",
             "PC-03", "--mark", "fully", "--reason", "agreed"], "nope", where=C),
        Case("central moderation resolve", "blank moderator", lambda w: [ids(w)[P], "--case", "URN001", "--question",
             "PC-03", "--mark", "fully", "--reason", "agreed", "--moderator", " "], "moderator", where=C),
        Case("central moderation resolve", "blank reason", lambda w: [ids(w)[P], "--case", "URN001", "--question",
             "PC-03", "--mark", "fully", "--reason", " "], "reason", where=C),
        Case("central moderation calibrate", "unknown question set", lambda w: ["--form", "nope", "--case-file",
             w.inputs / "sample.csv", *TEAM, "--out-dir", w.inputs / "cal", *pw(w)], "nope", where=C),
        Case("central moderation calibrate", "bad case file", lambda w: ["--form", "worked-example", "--case-file",
             w.file("cal-bad.csv", "casework_type\nMC\n"), *TEAM, "--out-dir", w.inputs / "cal",
             *pw(w)], "reference", where=C),
        Case("central moderation calibrate", "wrong passphrase", lambda w: ["--form", "worked-example", "--case-file",
             w.inputs / "sample.csv", *TEAM, "--out-dir", w.inputs / "cal", *wrong_pw(w)],
             "passphrase", where=C),
        Case("central moderation calibrate", "out-dir is a file", lambda w: ["--form", "worked-example",
             "--case-file", w.inputs / "sample.csv", *TEAM, "--out-dir", w.inputs / "sample.csv",
             *pw(w)], "sample.csv", where=C),
        # ---- the review loop: queries on marks and sign-off (the world has no query yet; packed URN002 is
        # complete at the centre, marked by ann; URN001 is unfinished)
        Case("query answer", "unknown inspection", lambda w: ["nope", "0123abcd", "--text", "done"], "no inspection"),
        Case("query answer", "unknown query", lambda w: [ids(w)[P], "0123abcd", "--text", "done"], "no query"),
        Case("query answer", "unknown query, with a mark", lambda w: [ids(w)[P], "0123abcd", "--text", "done",
             "--mark", "fully"], "no query"),
        Case("query answer", "empty query id", lambda w: [ids(w)[P], "", "--text", "done"], "no query"),
        Case("central query open", "unknown inspection", lambda w: ["nope", "--case", "URN001", "--text", "why?"],
             "nope", where=C),
        Case("central query open", "case not in the inspection", lambda w: [ids(w)[P], "--case", "URN404", "--text",
             "why?"], "URN404", where=C),
        Case("central query open", "question not in the question set", lambda w: [ids(w)[P], "--case", "URN001",
             "--question", "XX-99", "--text", "why?"], "XX-99", where=C),
        Case("central query open", "blank text", lambda w: [ids(w)[P], "--case", "URN001", "--text", "  "],
             "needs some text", where=C),
        Case("central query close", "unknown query", lambda w: ["0123abcd"], "no single query", where=C),
        Case("central query close", "empty query id", lambda w: [""], "no single query", where=C),
        Case("central query close", "unknown query, with a note", lambda w: ["ffff", "--note", "done"],
             "no single query", where=C),
        Case("central query reopen", "unknown query", lambda w: ["0123abcd", "--text", "again"], "no single query",
             where=C),
        Case("central query reopen", "blank text", lambda w: ["0123abcd", "--text", " "], "needs some text", where=C),
        Case("central query reopen", "empty query id", lambda w: ["", "--text", "again"], "no single query", where=C),
        Case("central query pack", "unknown inspection", lambda w: ["nope", "--out", w.inputs / "q.crpack", *pw(w)],
             "nope", where=C),
        Case("central query pack", "no queries to send", lambda w: [ids(w)[P], "--out", w.inputs / "q.crpack",
             *pw(w)], "no queries", where=C),
        Case("central query pack", "wrong passphrase", lambda w: [ids(w)[P], "--out", w.inputs / "q.crpack",
             *wrong_pw(w)], "passphrase", where=C),
        Case("central signoff", "the reviewer marked the case", lambda w: [ids(w)[P], "--case", "URN002",
             "--reviewer", "ann"], "cannot sign off a case they marked", where=C),
        Case("central signoff", "case not complete", lambda w: [ids(w)[P], "--case", "URN001", "--reviewer",
             "Lee Lead"], "not complete", where=C),
        Case("central signoff", "unknown case", lambda w: [ids(w)[P], "--case", "URN404", "--reviewer", "Lee Lead"],
             "URN404", where=C),
        Case("central signoff", "blank reviewer", lambda w: [ids(w)[P], "--case", "URN002", "--reviewer", " "],
             "reviewer", where=C),
        Case("central signoff", "clearing a sign-off there is not", lambda w: [ids(w)[P], "--case", "URN002",
             "--reviewer", "Lee Lead", "--clear", "wrong case"], "nothing to clear", where=C),
        # the publication gate: the world's evidence base is not secure (no second marking drawn, cases
        # unfinished), so a final report is refused and no file is written
        Case("central report --final", "no second marking", lambda w: ["--final", "--format", "json", "--out",
             w.inputs / "final.json"], "no second marking has been drawn", where=C),
        Case("central report --final", "unfinished cases, as a PDF", lambda w: ["--final", "--format", "pdf",
             "--out", w.inputs / "final.pdf"], "neither marked", where=C),
        Case("central report --final", "one Area, as a workbook", lambda w: ["--final", "--format", "xlsx",
             "--out", w.inputs / "final.xlsx", "--round", "baseline"], "second marking", where=C),
    ]


def _drawn(w: World) -> list[str]:
    return [ref for ref, reserve in _local_cases(w, "drawn") if not reserve]


def _reserve(w: World) -> str:
    return next(ref for ref, reserve in _local_cases(w, "drawn") if reserve)


def _local_cases(w: World, name: str) -> list[tuple[str, bool]]:
    return [(r[0], bool(r[1])) for r in laptop_rows(
        w, "SELECT reference, reserve FROM case_file WHERE inspection_id = ? ORDER BY position", w.inspections[name])]


def _device_id(w: World) -> str:
    return str(json.loads((w.inputs / "device.json").read_text())["device_id"])


def _damaged_backup(w: World) -> Path:
    """A real backup with a page in the middle overwritten (still starting like an SQLite file)."""
    source = sorted((w.laptop / "backups").glob("*.sqlite"))[0]
    data = bytearray(source.read_bytes())
    data[8192:12288] = b"\xff" * 4096
    return w.file("garbage2.sqlite", bytes(data))


CASES = _cases()

# Commands that change no store (they may write only the output file they are given), or that only open a
# window. Each with the option destinations it has, so that a new option (a writing mode) is noticed.
SHOWS, WRITES_OUT, WINDOW = "shows what is stored", "writes only the --out file it is given", "opens a window"


def _ro(reason: str, *options: str) -> tuple[str, frozenset[str]]:
    return reason, frozenset(options)


READ_ONLY: dict[str, tuple[str, frozenset[str]]] = {
    "forms list": _ro(SHOWS),
    "forms check": _ro("checks question-set files", "files"),
    "forms schema": _ro(SHOWS),
    "inspection list": _ro(SHOWS),
    "inspection show": _ro(SHOWS, "inspection"),
    "case history": _ro(SHOWS, "case", "inspection", "question"),
    "audit verify": _ro("recomputes the audit log's hash chain"),
    "marks export": _ro(WRITES_OUT, "inspection", "out", "wide"),
    "backup list": _ro(SHOWS),
    "sheet": _ro(WRITES_OUT, "blank", "case", "guidance", "include_reserve", "inspection", "lang",
                 "omit_inapplicable", "out", "per_case"),
    "bundle verify": _ro("checks a bundle without decrypting it", "file"),
    "central devices": _ro(SHOWS, "db"),
    "central conflicts": _ro(SHOWS, "all", "db"),
    "central moderation compare": _ro(SHOWS, "db", "format", "inspection"),
    "central moderation disagreements": _ro(SHOWS, "all", "db", "format", "inspection"),
    "central moderation calibration": _ro(SHOWS, "db", "format", "group"),
    "central moderation window": _ro(WINDOW, "db", "inspection", "moderator"),
    "query list": _ro(SHOWS, "inspection"),
    "central query list": _ro(SHOWS, "db", "inspection", "state"),
    "central report": _ro(WRITES_OUT, "all_cases", "area", "by", "compare", "db", "decimals", "final", "form",
                          "format", "lang", "on", "out", "round", "threshold", "title", "where"),
    "central dashboard": _ro(WINDOW, "db"),
    "gui": _ro(WINDOW, "inspection"),
    "demo": _ro(WINDOW + " on a demo folder of its own, built only where none is", "build_only", "demo_dir",
                "seed"),
}
