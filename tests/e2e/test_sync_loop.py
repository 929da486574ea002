"""The whole sync loop through the command line, across two data folders (the centre and an inspector):
central init → central pack → pack import → enrol → marks import → bundle export → bundle verify →
central import → re-import (nothing changes) → incremental export → central import; then the sync
folder with ``central watch`` and receipts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from casereader.central.schema import CentralAnswerRecord
from casereader.central.store import CentralStore
from casereader.cli.main import main
from casereader.core.answers import value_text
from casereader.storage import LocalStore

DATA = Path(__file__).resolve().parents[1] / "core" / "data"
SAMPLE = """reference,casework_type,charging_route,victim_letter_required
URN001,MC,area,yes
URN002,CC,police,no
URN003,RASSO,cpsd,
"""
MARKS_1 = """case_ref,question_id,answer,na_reason,comment
URN001,PC-03,partially,,CANARY-e2e-4411 charging was late
URN001,PC-04,fully,,
URN002,DI-02,n/a,No unused material,
URN002,VW-01,fully,,
"""
MARKS_2 = """case_ref,question_id,answer,na_reason,comment
URN003,VW-01,not,,witnesses not warned
"""


class Loop:
    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp = tmp_path
        self.capsys = capsys
        self.centre = tmp_path / "centre"
        self.laptop = tmp_path / "laptop"
        self.pw = tmp_path / "pw.txt"
        self.pw.write_text("correct horse battery staple\n")

    def run(self, *args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        got = self.capsys.readouterr()
        return code, got.out, got.err

    def central(self, *args: str) -> tuple[int, str, str]:
        extra = ["--passphrase-file", str(self.pw)] if args[0] in ("init", "pack", "import", "watch") else []
        return self.run("--data-dir", self.centre, "central", *args, *extra)

    def inspector(self, *args: str) -> tuple[int, str, str]:
        return self.run("--data-dir", self.laptop, *args)

    def file(self, name: str, text: str) -> Path:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    def central_answers(self) -> dict[tuple[str, str], tuple]:
        store = CentralStore.open(f"sqlite:///{self.centre / 'central.sqlite'}")
        try:
            with store.sessions() as s:
                return {(r.case_id, r.question_id): (r.value, r.na, r.na_reason, r.comment)
                        for r in s.scalars(select(CentralAnswerRecord))}
        finally:
            store.close()

    def central_dump(self) -> str:
        store = CentralStore.open(f"sqlite:///{self.centre / 'central.sqlite'}")
        try:
            return store.dump_hash()
        finally:
            store.close()

    def local_answers(self, inspection_id: str) -> dict[tuple[str, str], tuple]:
        store = LocalStore.open(self.laptop / "casereader.sqlite")
        try:
            return {(c.id, qid): (value_text(a.value), a.na, a.na_reason, a.comment)
                    for c in store.list_cases(inspection_id)
                    for qid, a in store.get_case(c.id).state.answers.items()}
        finally:
            store.close()

    def setup(self) -> str:
        """init, pack, pack import, enrol: returns the inspection id."""
        code, out, err = self.central("init")
        assert code == 0, err
        assert (self.centre / "central-keys").is_dir() and (self.centre / "central.sqlite").is_file()
        sample = self.file("sample.csv", SAMPLE)
        pack = self.tmp / "wessex.crpack"
        code, out, err = self.central("pack", "--form", "worked-example@1", "--area", "Wessex", "--round", "baseline",
                                      "--sample", sample, "--out", pack, "--inspector", "Ann Example")
        assert code == 0, err
        assert "3 case(s)" in out
        code, out, err = self.inspector("pack", "import", pack)
        assert code == 0, err
        assert "trusting the centre's key" in out
        inspection_id = re.search(r"inspection ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
        code, out, err = self.inspector("sync", "device", "--out", self.tmp / "device.json")
        assert code == 0, err
        code, out, err = self.central("enrol", self.tmp / "device.json", "--name", "Ann Example")
        assert code == 0, err
        return inspection_id


@pytest.fixture
def loop(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Loop:
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(DATA))
    monkeypatch.delenv("CASEREADER_CENTRAL_PASSPHRASE", raising=False)
    monkeypatch.delenv("CASEREADER_CENTRAL_DB", raising=False)
    monkeypatch.setenv("CASEREADER_INSPECTOR", "ann")
    return Loop(tmp_path, capsys)


def test_whole_loop_through_the_command_line(loop: Loop) -> None:
    inspection = loop.setup()
    code, out, err = loop.inspector("marks", "import", inspection, loop.file("marks1.csv", MARKS_1))
    assert code == 0, err

    first = loop.tmp / "first.crbundle"
    code, out, err = loop.inspector("bundle", "export", inspection, "--out", first)
    assert code == 0, err
    assert "full bundle 1" in out and "3 case(s)" in out
    assert b"CANARY-e2e-4411" not in first.read_bytes()
    code, out, err = loop.inspector("bundle", "verify", first)
    assert code == 0, err
    assert "intact, signed by device" in out and "full, sequence 1" in out and "not decrypted" in out

    code, out, err = loop.central("import", first)
    assert code == 0, err
    assert "imported: 3 case(s)" in out
    assert (loop.tmp / "first.crreceipt").is_file()
    assert loop.central_answers() == loop.local_answers(inspection)

    before = loop.central_dump()
    code, out, err = loop.central("import", first)
    assert code == 0, err
    assert "already imported" in out
    assert loop.central_dump() == before

    code, out, err = loop.inspector("bundle", "export", inspection, "--out", loop.tmp / "none.crbundle",
                                    "--since-last")
    assert code == 0 and "nothing has changed" in out
    assert not (loop.tmp / "none.crbundle").exists()

    code, out, err = loop.inspector("marks", "import", inspection, loop.file("marks2.csv", MARKS_2))
    assert code == 0, err
    second = loop.tmp / "second.crbundle"
    code, out, err = loop.inspector("bundle", "export", inspection, "--out", second, "--since-last")
    assert code == 0, err
    assert "incremental bundle 2" in out and "1 case(s)" in out
    code, out, err = loop.inspector("bundle", "verify", second)
    assert "incremental, sequence 2 after 1" in out and "1 case(s)" in out

    tampered = loop.tmp / "tampered.crbundle"
    raw = bytearray(second.read_bytes())
    raw[len(raw) // 2] ^= 0x40
    tampered.write_bytes(bytes(raw))
    code, out, err = loop.inspector("bundle", "verify", tampered)
    assert code == 1 and "casereader: error:" in err
    code, out, err = loop.central("import", tampered, second)
    assert code == 1  # one file failed ...
    assert "tampered.crbundle: refused: bundle rejected" in err
    assert "second.crbundle: imported: 1 case(s)" in out  # ... while the other still imported
    assert loop.central_answers() == loop.local_answers(inspection)

    code, out, err = loop.central("conflicts")
    assert code == 0 and "no conflicts" in out


def test_unknown_device_must_be_accepted(loop: Loop) -> None:
    inspection = loop.setup()
    other = loop.tmp / "other"
    code, out, err = loop.run("--data-dir", other, "pack", "import", loop.tmp / "wessex.crpack")
    assert code == 0, err
    code, out, err = loop.run("--data-dir", other, "bundle", "export", inspection, "--out", loop.tmp / "o.crbundle")
    assert code == 0, err
    code, out, err = loop.central("import", loop.tmp / "o.crbundle")
    assert code == 1
    device = re.search(r"unknown device ([0-9a-f]{32}): accept it with casereader central accept \1", err)
    assert device is not None
    code, out, err = loop.central("devices")
    assert f"{device.group(1)}  pending" in out
    code, out, err = loop.central("accept", device.group(1))
    assert code == 0, err
    code, out, err = loop.central("import", loop.tmp / "o.crbundle")
    assert code == 0 and "imported" in out


def test_pack_from_another_centre_is_refused(loop: Loop) -> None:
    loop.setup()
    rival = loop.tmp / "rival"
    code, _, err = loop.run("--data-dir", rival, "central", "init", "--passphrase-file", loop.pw)
    assert code == 0, err
    code, _, err = loop.run("--data-dir", rival, "central", "pack", "--form", "worked-example", "--area", "Kent",
                            "--round", "baseline", "--sample", loop.tmp / "sample.csv", "--out",
                            loop.tmp / "rival.crpack", "--passphrase-file", loop.pw)
    assert code == 0, err
    code, _, err = loop.inspector("pack", "import", loop.tmp / "rival.crpack")
    assert code != 0 and "not the central key this installation trusts" in err


def test_sample_with_bad_rows_names_row_and_column(loop: Loop) -> None:
    loop.central("init")
    bad = loop.file("bad.csv", "reference,casework_type,charging_route\nURN1,MC,area\nURN2,Youth,area\nURN1,CC,x\n")
    code, _, err = loop.central("pack", "--form", "worked-example", "--area", "Kent", "--round", "baseline",
                                "--sample", bad, "--out", loop.tmp / "x.crpack")
    assert code != 0
    assert "bad.csv:row 3, column casework_type: 'Youth' is not one of" in err
    assert "bad.csv:row 4, column reference: reference 'URN1' already on row 2" in err
    assert not (loop.tmp / "x.crpack").exists()


def test_sync_folder_watch_receipts_and_purge_guard(loop: Loop) -> None:
    inspection = loop.setup()
    folder = loop.tmp / "shared"
    folder.mkdir()
    code, out, err = loop.inspector("sync", "set-folder", folder)
    assert code == 0, err
    code, out, err = loop.inspector("marks", "import", inspection, loop.file("marks1.csv", MARKS_1))
    assert code == 0, err
    code, out, err = loop.inspector("sync", "run")
    assert code == 0, err
    bundles = sorted(folder.glob("*.crbundle"))
    assert len(bundles) == 1 and "full bundle 1" in out

    code, out, err = loop.inspector("bundle", "purge", inspection)
    assert code != 0 and "has not confirmed the latest export" in err

    code, out, err = loop.central("watch", folder, "--once")
    assert code == 0, err
    assert "imported: 3 case(s)" in out and len(list(folder.glob("*.crreceipt"))) == 1
    code, out, err = loop.central("watch", folder, "--once")
    assert code == 0 and "imported" not in out  # processed files are not looked at again

    code, out, err = loop.inspector("sync", "run")
    assert code == 0, err
    assert "the centre holds bundle 1" in out

    code, out, err = loop.inspector("marks", "import", inspection, loop.file("marks2.csv", MARKS_2))
    assert code == 0, err
    code, out, err = loop.inspector("bundle", "purge", inspection)
    assert code != 0 and "changed since the last export" in err
    code, out, err = loop.inspector("sync", "run")
    assert "incremental bundle 2" in out
    assert loop.central("watch", folder, "--once")[0] == 0
    assert loop.central_answers() == loop.local_answers(inspection)


def test_wrong_passphrase_and_receipts_folder(loop: Loop) -> None:
    inspection = loop.setup()
    code, out, err = loop.central("init")
    assert code == 0 and "central keys already in" in out  # kept, never replaced
    code, out, err = loop.inspector("bundle", "export", inspection, "--out", loop.tmp / "b.crbundle")
    assert code == 0, err
    wrong = loop.file("wrong.txt", "not the passphrase\n")
    code, out, err = loop.run("--data-dir", loop.centre, "central", "import", loop.tmp / "b.crbundle",
                              "--passphrase-file", wrong)
    assert code != 0 and "wrong passphrase" in err and "Traceback" not in err
    receipts = loop.tmp / "receipts"
    code, out, err = loop.central("import", loop.tmp / "b.crbundle", "--receipts", str(receipts))
    assert code == 0, err
    assert (receipts / "b.crreceipt").is_file() and not (loop.tmp / "b.crreceipt").exists()
