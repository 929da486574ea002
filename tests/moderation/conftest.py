"""Moderation test fixtures."""

from __future__ import annotations

import pytest
from moderation_flow import DATA


@pytest.fixture
def moderation_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The test question sets, and no central passphrase or database from the environment of the run."""
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(DATA))
    monkeypatch.delenv("CASEREADER_CENTRAL_PASSPHRASE", raising=False)
    monkeypatch.delenv("CASEREADER_CENTRAL_DB", raising=False)
    return monkeypatch
