"""Shared fixtures: paths to the repository's forms and test data, an isolated data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
CORE_DATA = ROOT / "tests" / "core" / "data"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def worked_example_path() -> Path:
    return CORE_DATA / "worked-example.yaml"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, isolated data folder for the app and the command line."""
    d = tmp_path / "data"
    monkeypatch.setenv("CASEREADER_DATA_DIR", str(d))
    return d
