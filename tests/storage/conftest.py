"""Fixtures for the local store: a real SQLite file in tmp_path, the worked-example question set."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from casereader.core.inspection import CaseSummary, Inspection, Round
from casereader.core.loader import load_question_set_bytes
from casereader.core.questionset import QuestionSet
from casereader.sqlitedb import sqlite3
from casereader.storage import LocalStore

WORKED_EXAMPLE = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"
# A header under which every question of the worked example applies (VW-07 also needs VW-06 == yes).
FULL_HEADER = {"casework_type": "MC", "charging_route": "area", "victim_letter_required": True}


@pytest.fixture
def form_bytes() -> bytes:
    return WORKED_EXAMPLE.read_bytes()


@pytest.fixture
def qs(form_bytes: bytes) -> QuestionSet:
    return load_question_set_bytes(form_bytes, str(WORKED_EXAMPLE))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "casereader.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[LocalStore]:
    s = LocalStore.open(db_path)
    yield s
    s.close()


@pytest.fixture
def inspection(store: LocalStore, qs: QuestionSet, form_bytes: bytes) -> Inspection:
    return store.create_inspection(qs, area="Wessex", round=Round.BASELINE, title="Wessex baseline",
                                   inspectors=("ann", "bob"), form_bytes=form_bytes, actor="lead")


@pytest.fixture
def case(store: LocalStore, inspection: Inspection) -> CaseSummary:
    return store.add_cases(inspection.id, [("URN-001", FULL_HEADER)], actor="ann")[0]


def answers_consistent_with_audit(db_path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """Check a database file: integrity ok, every answer row equals its latest audit row and every audited
    answer has its row (no half-present save), case counts match the rows. Returns the answers."""
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = {(c, q): {"value": json.loads(v), "na": bool(na), "na_reason": r, "comment": m}
                for c, q, v, na, r, m in con.execute(
                    "SELECT case_id, question_id, value, na, na_reason, comment FROM answer")}
        latest: dict[tuple[str, str], Any] = {}
        for c, k, new in con.execute("SELECT case_id, key, new FROM audit_event WHERE kind = 'answer' ORDER BY seq"):
            latest[(c, k)] = None if new is None else json.loads(new)
        statuses = {c: json.loads(new) for c, new in con.execute(
            "SELECT case_id, new FROM audit_event WHERE kind = 'status' ORDER BY seq")}
        for case_id, status in con.execute("SELECT id, status FROM case_file"):
            assert statuses.get(case_id, "not_started") == status
    finally:
        con.close()
    assert {k: v for k, v in latest.items() if v is not None} == rows
    return rows


@pytest.fixture
def check_consistent() -> Callable[[Path], dict[tuple[str, str], dict[str, Any]]]:
    return answers_consistent_with_audit
