"""``casereader sheet`` through the real command line, on a real SQLite store in tmp_path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sheet_data import ROOT, pdf_pages

from casereader.cli.main import main
from casereader.core.answers import Answer
from casereader.core.inspection import Inspection, Round
from casereader.core.loader import load_question_set
from casereader.paths import resolve
from casereader.storage import LocalStore


@pytest.fixture
def store_inspection(data_dir: Path, worked_example_path: Path) -> Inspection:
    qs = load_question_set(worked_example_path)
    store = LocalStore.open(resolve(data_dir).database)
    try:
        insp = store.create_inspection(qs, area="Mersey-Cheshire", round=Round.FOLLOW_UP, title="Mersey follow-up",
                                       inspectors=("Jane Doe",), form_bytes=worked_example_path.read_bytes(),
                                       inspection_id="mersey-2026")
        cases = store.add_cases(insp.id, [("01AB111", {"casework_type": "MC", "charging_route": "area"}),
                                          ("01AB222", {"casework_type": "CC", "charging_route": "police"})],
                                actor="jane")
        store.save_answer(cases[0].id, "PC-03", Answer("fully", comment="Timely."), "jane")
        store.save_answer(cases[1].id, "DI-02", Answer("not", comment="No schedule served."), "jane")
    finally:
        store.close()
    return insp


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sheet", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_case(store_inspection: Inspection, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "case.pdf"
    code, stdout, _ = run(capsys, "mersey", "--case", "01AB111", "--out", str(out))
    assert code == 0
    text = " ".join(pdf_pages(out.read_bytes()))
    assert "Case 01AB111" in text and "Mersey-Cheshire" in text and "Follow-up" in text
    assert "☒ Fully meeting" in text and "Comment Timely." in text
    assert f"wrote {out}" in stdout


def test_whole_inspection_one_file_and_per_case(store_inspection: Inspection, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "all.pdf"
    assert run(capsys, "mersey-2026", "--out", str(out))[0] == 0
    text = " ".join(pdf_pages(out.read_bytes()))
    assert "Case 01AB111" in text and "Case 01AB222" in text and "No schedule served." in text
    folder = tmp_path / "each"
    code, stdout, _ = run(capsys, "mersey-2026", "--per-case", "--out", str(folder))
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["01AB111.pdf", "01AB222.pdf"]
    assert "wrote 2 sheets" in stdout


def test_blank_from_inspection_or_question_set(store_inspection: Inspection, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "blank.pdf"
    assert run(capsys, "mersey", "--blank", "--guidance", "--out", str(out))[0] == 0
    text = " ".join(pdf_pages(out.read_bytes()))
    assert "Answer only if" in text and "Mersey-Cheshire" in text
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(ROOT / "tests" / "core" / "data"))
    out2 = tmp_path / "blank2.pdf"
    assert run(capsys, "worked-example@1", "--blank", "--out", str(out2))[0] == 0
    assert len(PdfReader(out2).pages) >= 1


@pytest.mark.parametrize(("args", "message"), [
    (["nope", "--out", "{tmp}/x.pdf"], "nope"),
    (["mersey", "--case", "ZZ999", "--out", "{tmp}/x.pdf"], "no case with reference 'ZZ999'"),
    (["mersey", "--case", "01AB111", "--out", "{tmp}/missing/x.pdf"], "no such folder"),
    (["mersey", "--out", "{tmp}"], "is a folder"),
    (["mersey", "--per-case", "--case", "01AB111", "--out", "{tmp}/d"], "--per-case"),
    (["not-a-set", "--blank", "--out", "{tmp}/x.pdf"], "neither an inspection"),
])
def test_clear_errors_without_traceback(store_inspection: Inspection, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    before = sorted(tmp_path.rglob("*.pdf"))
    code, _, err = run(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code == 2
    assert message in err and "Traceback" not in err
    assert sorted(tmp_path.rglob("*.pdf")) == before


def test_no_database_yet(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "anything", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "no local database" in err
    assert not resolve(data_dir).database.exists()


def test_bytes_identical_across_processes(store_inspection: Inspection, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    here = tmp_path / "here.pdf"
    assert run(capsys, "mersey", "--case", "01AB222", "--out", str(here))[0] == 0
    there = tmp_path / "there.pdf"
    subprocess.run([sys.executable, "-m", "casereader.cli.main", "--data-dir", str(data_dir), "sheet", "mersey",
                    "--case", "01AB222", "--out", str(there)], check=True, cwd=ROOT, capture_output=True)
    assert here.read_bytes() == there.read_bytes()
