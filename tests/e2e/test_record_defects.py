"""Smaller record defects, through the real command line: byte-stable XLSX exports, a formula cell that does
not hide a workbook's other errors, a bad scale without a spurious "unknown id", ``bundle purge`` asking for
confirmation, and ``central watch`` writing its receipts with fsync."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.e2e.test_sync_loop import DATA, MARKS_1, Loop, loop  # noqa: F401  (the fixture)


def test_two_xlsx_exports_of_the_same_data_are_byte_identical(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    assert loop.inspector("marks", "import", inspection, loop.file("m.csv", MARKS_1))[0] == 0
    first, second = loop.tmp / "a.xlsx", loop.tmp / "b.xlsx"
    assert loop.inspector("marks", "export", inspection, "--out", first)[0] == 0
    time.sleep(2.1)  # past the 2-second resolution of zip entry times, and a second of document time
    assert loop.inspector("marks", "export", inspection, "--out", second, "--wide")[0] == 0
    assert loop.inspector("marks", "export", inspection, "--out", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"CANARY-e2e-4411" not in first.read_bytes()  # compressed: the check above compares real content


def test_a_formula_cell_does_not_hide_the_other_errors(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["case_ref", "question_id", "answer", "na_reason", "comment"])
    ws.append(["URN001", "PC-03", "fully", None, None])
    ws.append(["URN001", "PC-04", "=1+1", None, None])
    ws.append(["URN002", "NO-SUCH", "fully", None, None])
    ws.append(["URN009", "VW-01", "fully", None, None])
    path = loop.tmp / "marks.xlsx"
    wb.save(path)
    code, out, err = loop.inspector("marks", "import", inspection, path)
    assert code == 1 and out == ""
    assert f"{path}:row 3, column answer: the cell holds a formula" in err
    assert f"{path}:row 4" in err and "NO-SUCH" in err
    assert f"{path}:row 5" in err and "URN009" in err
    assert "3 problems found; nothing was imported" in err
    assert loop.local_answers(inspection) == {}


def test_a_bad_scale_reports_no_spurious_unknown_id(loop: Loop, tmp_path: Path) -> None:  # noqa: F811
    broken = tmp_path / "broken.yaml"
    broken.write_text((DATA / "worked-example.yaml").read_text(encoding="utf-8").replace("scale: yn", "scale: yesno"),
                      encoding="utf-8")
    code, out, _ = loop.inspector("forms", "check", broken)
    assert code == 1
    assert out.splitlines() == [f"{broken}:82: VW-06: unknown scale 'yesno' (known: fpn, yn)"]
    typo = tmp_path / "typo.yaml"
    typo.write_text((DATA / "worked-example.yaml").read_text(encoding="utf-8").replace(
        "applies_if: \"VW-06 == 'yes'\"", "applies_if: \"VW-16 == 'yes'\""), encoding="utf-8")
    code, out, _ = loop.inspector("forms", "check", typo)
    assert code == 1 and "unknown field or question id 'VW-16'" in out  # a real unknown id is still reported


def test_bundle_purge_asks_for_confirmation_and_watch_fsyncs_its_receipts(
        loop: Loop, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    inspection = loop.setup()
    folder = loop.tmp / "shared"
    folder.mkdir()
    assert loop.inspector("sync", "set-folder", folder)[0] == 0
    assert loop.inspector("marks", "import", inspection, loop.file("m.csv", MARKS_1))[0] == 0
    assert loop.inspector("sync", "run")[0] == 0

    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    code, out, err = loop.central("watch", folder, "--once")
    assert code == 0, err
    receipts = list(folder.glob("*.crreceipt"))
    assert len(receipts) == 1 and not list(folder.glob("*.part"))
    assert any(Path(p).parent == folder and Path(p).name.startswith(f".{receipts[0].name}.") for p in synced)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert loop.inspector("sync", "run")[0] == 0  # picks the receipt up

    code, out, err = loop.inspector("bundle", "purge", inspection)  # no terminal here: --yes is needed
    assert code == 2
    assert f"purging would delete inspection {inspection}" in err and "confirm with --yes" in err
    assert loop.local_answers(inspection)  # nothing deleted
    code, out, err = loop.inspector("bundle", "purge", inspection, "--yes")
    assert code == 0, err
    assert f"inspection {inspection} purged from this laptop (3 case(s))" in out
