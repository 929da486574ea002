"""Runs ``casereader`` commands in-process against one data folder, as the CLI tests need."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereader.cli.main import main
from casereader.storage import LocalStore


class CliRunner:
    def __init__(self, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = data
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(self.data), *args])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err and "internal error" not in err
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out

    def store(self) -> LocalStore:
        return LocalStore.open(self.data / "casereader.sqlite", backups_dir=self.data / "backups")
