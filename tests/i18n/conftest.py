"""Fixtures for the language tests: Qt warnings fail the test, and a QSettings file of the test's own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _qt_warnings(qt_warnings_fail: list[str]) -> list[str]:
    return qt_warnings_fail


@pytest.fixture
def ui_settings(tmp_path: Path) -> object:
    """A QSettings INI file in tmp_path, so no test reads or writes the user's own settings."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "casereader.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def english_after(qapp: object) -> Iterator[None]:
    """Whatever the test installs, the next test starts in English."""
    yield
    from casereader.ui.translation import install_language

    install_language(qapp, "en")  # type: ignore[arg-type]
