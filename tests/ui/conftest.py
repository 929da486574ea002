"""UI test fixtures: offscreen Qt, a real store in tmp_path, and Qt warnings that fail the test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
AIP = ROOT / "forms" / "aip-casework-2021.1.yaml"
WORKED = ROOT / "tests" / "core" / "data" / "worked-example.yaml"


@pytest.fixture(autouse=True)
def _qt_warnings(qt_warnings_fail: list[str]) -> list[str]:
    """Every UI test fails on a Qt warning (the fixture lives in tests/conftest.py)."""
    return qt_warnings_fail


@pytest.fixture
def paths(tmp_path: Path):  # type: ignore[no-untyped-def]
    from casereader.paths import resolve

    return resolve(tmp_path / "data").ensure()

