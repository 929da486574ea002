"""``casereader --self-check`` from another working directory, offscreen, with no user data touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_self_check_passes_from_any_directory(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CASEREADER_DATA_DIR=str(data))
    proc = subprocess.run([sys.executable, "-m", "casereader", "--self-check"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for check in ("question sets", "database", "sqlite", "marking", "marking sheet", "marks bundle"):
        assert f"ok    {check}:" in proc.stdout
    line = next(t for t in proc.stdout.splitlines() if t.startswith("ok    sqlite: SQLite "))
    version = line.removeprefix("ok    sqlite: SQLite ").split()[0]
    assert tuple(int(p) for p in version.split(".")) >= (3, 51, 3), line
    assert "(current)" in line
    assert "self-check passed" in proc.stdout
    assert not data.exists()  # the self-check works in a temporary folder, never the user's data


def test_self_check_fails_clearly_without_forms(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CASEREADER_DATA_DIR=str(tmp_path / "d"),
               CASEREADER_FORMS_DIR=str(tmp_path / "no-forms"))
    proc = subprocess.run([sys.executable, "-m", "casereader", "--self-check"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "FAIL  question sets: RuntimeError: no question sets in" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
