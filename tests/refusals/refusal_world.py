"""A centre and an inspector's laptop built with the real command line, and a canonical dump of everything.

``build_world(root)`` runs, in-process, the commands of a real round trip (central init, central pack, pack
import, enrol, marks import, case complete, bundle export, central import, local inspections with imported and
drawn samples, a sync folder, a second question-set version in both forms folders) so that every writing
command has something to refuse. ``snapshot(root)`` is what the refusal and interruption tests compare: for
every file under ``root`` its path, size and sha256, and for every live SQLite store (``casereader.sqlite``,
``central.sqlite``) the text of ``sqlite3``'s ``iterdump()``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from casereader.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
FORMS_DIR = ROOT / "tests" / "core" / "data"  # worked-example@1
PASSPHRASE = "correct horse battery staple"
STORES = ("casereader.sqlite", "central.sqlite")
SAMPLE = """reference,casework_type,charging_route,victim_letter_required
URN001,MC,area,yes
URN002,CC,police,no
URN003,RASSO,cpsd,
"""
MARKS = """case_ref,question_id,answer,na_reason,comment
URN001,PC-03,partially,,charging was late
URN001,PC-04,fully,,
URN002,VW-01,fully,,
URN002,DI-02,fully,,
"""
LOCAL_MARKS = """case_ref,question_id,answer
URN002,DI-02,fully
URN002,VW-01,partially
"""
POPULATION = "reference,casework_type,charging_route\n" + "".join(
    f"P{n:03d},{kind},police\n" for n, kind in enumerate(["MC", "CC"] * 4))


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*args: object) -> Result:
    """``casereader ARGS`` in this process, with the test environment; exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        mp.setenv("CASEREADER_FORMS_DIR", str(FORMS_DIR))
        mp.setenv("CASEREADER_INSPECTOR", "ann")
        for name in ("CASEREADER_DATA_DIR", "CASEREADER_CENTRAL_DB", "CASEREADER_CENTRAL_PASSPHRASE"):
            mp.delenv(name, raising=False)
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse refusing a command line
            code = exc.code if isinstance(exc.code, int) else 2
    return Result(code, out.getvalue(), err.getvalue())


def ok(*args: object) -> str:
    done = run(*args)
    assert done.code == 0, f"casereader {' '.join(map(str, args))}: {done.err}"
    return done.out


@dataclass
class World:
    root: Path
    inspections: dict[str, str] = field(default_factory=dict)  # name -> id

    laptop = property(lambda self: self.root / "laptop")
    centre = property(lambda self: self.root / "centre")
    inputs = property(lambda self: self.root / "inputs")
    sync = property(lambda self: self.root / "sync")
    pw = property(lambda self: self.root / "inputs" / "pw.txt")

    def local(self, *args: object) -> Result:
        return run("--data-dir", self.laptop, *args)

    def central(self, *args: object) -> Result:
        return run("--data-dir", self.centre, "central", *args)

    def file(self, name: str, content: str | bytes) -> Path:
        path = self.inputs / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path


def _id(text: str) -> str:
    found = re.search(r"inspection ([0-9a-f-]{36})", text)
    assert found is not None, text
    return found.group(1)


def build_world(root: Path) -> World:
    w = World(root)
    for d in (w.inputs, w.sync):
        d.mkdir(parents=True)
    w.pw.write_text(PASSPHRASE + "\n")
    pw = ("--passphrase-file", w.pw)
    ok("--data-dir", w.centre, "central", "init", *pw)
    sample = w.file("sample.csv", SAMPLE)
    ok("--data-dir", w.centre, "central", "pack", "--form", "worked-example@1", "--area", "Wessex", "--round",
       "baseline", "--sample", sample, "--out", w.inputs / "wessex.crpack", "--inspector", "Ann", *pw)
    w.inspections["packed"] = _id(ok("--data-dir", w.laptop, "pack", "import", w.inputs / "wessex.crpack"))
    ok("--data-dir", w.laptop, "sync", "device", "--out", w.inputs / "device.json")
    ok("--data-dir", w.centre, "central", "enrol", w.inputs / "device.json", "--name", "Ann")
    packed = w.inspections["packed"]
    ok("--data-dir", w.laptop, "marks", "import", packed, w.file("marks.csv", MARKS))
    # URN002 is fully answered: marked complete (so locked on the laptop) and sent to the centre, where it is
    # the one finished case a second-marking draw can take.
    ok("--data-dir", w.laptop, "case", "complete", packed, "--case", "URN002")
    ok("--data-dir", w.laptop, "bundle", "export", packed, "--out", w.inputs / "first.crbundle")
    ok("--data-dir", w.centre, "central", "import", w.inputs / "first.crbundle", *pw)  # writes first.crreceipt
    # A second, full export the centre has not seen: a purge with the first receipt must be refused.
    ok("--data-dir", w.laptop, "bundle", "export", packed, "--out", w.inputs / "second.crbundle")
    # A local inspection with an imported sample, one with a drawn sample and reserves, one without cases.
    for name in ("imported", "drawn", "empty"):
        w.inspections[name] = ok("--data-dir", w.laptop, "inspection", "create", "--form", "worked-example",
                                 "--area", f"Kent {name}", "--round", "baseline").strip()
    ok("--data-dir", w.laptop, "sample", "import", w.inspections["imported"], w.file("local.csv", SAMPLE))
    ok("--data-dir", w.laptop, "sample", "draw", w.inspections["drawn"], "--from",
       w.file("population.csv", POPULATION), "--quota", "MC=1,CC=1", "--seed", "7", "--reserves", "1")
    # In the imported inspection URN002 is marked complete, then locked (no command locks a case: the store's
    # set_status does), so that a migration of that inspection is refused.
    ok("--data-dir", w.laptop, "marks", "import", w.inspections["imported"], w.file("local-marks.csv", LOCAL_MARKS))
    ok("--data-dir", w.laptop, "case", "complete", w.inspections["imported"], "--case", "URN002")
    lock_case(w, "imported", "URN002")
    # A bundle of a local inspection, signed by the enrolled device: the centre does not know its inspection.
    ok("--data-dir", w.laptop, "bundle", "export", w.inspections["imported"], "--out", w.inputs / "local.crbundle")
    ok("--data-dir", w.laptop, "sync", "set-folder", w.sync)
    # Question sets of the laptop's and the centre's own forms folders: a second version of the worked example
    # (one question reworded) and a set of another id, for 'inspection migrate' and 'central allow'.
    text = (FORMS_DIR / "worked-example.yaml").read_text(encoding="utf-8")
    for where in (w.laptop, w.centre):
        (where / "forms").mkdir(exist_ok=True)
        (where / "forms" / "worked-example-2.yaml").write_text(text.replace('version: "1"', 'version: "2"', 1)
                                                               .replace("Was a victim letter sent?",
                                                                        "Was the victim letter sent?"))
        (where / "forms" / "other-example.yaml").write_text(text.replace("id: worked-example", "id: other-example",
                                                                         1))
    return w


def lock_case(w: World, inspection: str, reference: str) -> None:
    from casereader.core.inspection import CaseStatus
    from casereader.storage import LocalStore

    store = LocalStore.open(w.laptop / "casereader.sqlite", backups_dir=w.laptop / "backups")
    try:
        case = store.find_case(w.inspections[inspection], reference)
        assert case is not None
        store.set_status(case.id, CaseStatus.LOCKED, "ann")
    finally:
        store.close()


def copy_world(template: World, root: Path) -> World:
    """The template's folders under a new root (the laptop's sync folder setting pointed at the new one)."""
    shutil.copytree(template.root, root)
    world = World(root, dict(template.inspections))
    ok("--data-dir", world.laptop, "sync", "set-folder", world.sync)
    return world


# ---------------------------------------------------------------------------------------------- the dump

def dump_store(path: Path) -> str:
    """``iterdump()`` of a copy of the SQLite store at ``path`` (with its -wal, if any), so the dump itself
    never touches the folder being compared."""
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("", "-wal"):
            source = path.with_name(path.name + suffix)
            if source.exists():
                shutil.copyfile(source, Path(tmp) / (path.name + suffix))
        con = sqlite3.connect(Path(tmp) / path.name)
        try:
            return "\n".join(con.iterdump())
        finally:
            con.close()


def snapshot(root: Path) -> str:
    """Every folder and file under ``root`` (sorted; files with size and sha256), then the dump of each live
    store: equal snapshots mean nothing under ``root`` changed."""
    lines = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            lines.append(f"{rel}/")
        else:
            data = path.read_bytes()
            lines.append(f"{rel} {len(data)} {hashlib.sha256(data).hexdigest()}")
    for path in sorted(p for p in root.rglob("*") if p.name in STORES):
        lines.append(f"-- {path.relative_to(root).as_posix()}")
        lines.append(dump_store(path))
    return "\n".join(lines)


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()
