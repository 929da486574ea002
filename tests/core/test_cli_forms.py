"""``casereader forms list|check|schema`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from casereader.cli.forms import schema
from casereader.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_check_ok_and_broken(tmp_path: Path, worked_example_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check", str(worked_example_path)]) == 0
    assert "ok (worked-example@1, 6 questions)" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text(worked_example_path.read_text().replace("scale: yn", "scale: yesno"))
    assert main(["forms", "check", str(worked_example_path), str(broken)]) == 1
    out = capsys.readouterr().out
    assert f"{broken}:" in out and ": VW-06: unknown scale 'yesno'" in out


def test_check_missing_file_has_no_traceback() -> None:
    proc = subprocess.run([sys.executable, "-m", "casereader.cli.main", "forms", "check", "/nonexistent.yaml"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "cannot read file" in proc.stdout and "Traceback" not in proc.stderr + proc.stdout


def test_list_shows_available_sets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(ROOT / "tests" / "core" / "data"))
    assert main(["--data-dir", str(tmp_path), "forms", "list"]) == 0
    assert "worked-example" in capsys.readouterr().out


def test_list_with_no_sets_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(tmp_path / "empty"))
    assert main(["--data-dir", str(tmp_path), "forms", "list"]) == 2
    assert "no question sets found" in capsys.readouterr().err


def test_committed_json_schema_is_current() -> None:
    committed = json.loads((ROOT / "forms" / "questionset.schema.json").read_text())
    assert committed == schema(), "regenerate with: casereader forms schema > forms/questionset.schema.json"


def test_bad_command_line_exits_nonzero() -> None:
    with pytest.raises(SystemExit) as info:
        main(["forms", "frobnicate"])
    assert info.value.code == 2
