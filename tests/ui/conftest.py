"""UI test fixtures: offscreen Qt, a real store in tmp_path, and Qt warnings that fail the test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
AIP = ROOT / "forms" / "aip-casework-2021.1.yaml"
WORKED = ROOT / "tests" / "core" / "data" / "worked-example.yaml"
IGNORED = ("propagateSizeHints",)


@pytest.fixture(autouse=True)
def qt_warnings_fail(qapp: object) -> Iterator[list[str]]:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) and not any(
                i in message for i in IGNORED):
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)
    assert not seen, f"Qt warnings: {seen}"


@pytest.fixture
def paths(tmp_path: Path):  # type: ignore[no-untyped-def]
    from casereader.paths import resolve

    return resolve(tmp_path / "data").ensure()
