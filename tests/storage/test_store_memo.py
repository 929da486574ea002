"""The marking memo: saves of the case being marked read nothing, yet every other writer invalidates it.

Every figure a save returns is checked against a second store on the same file (its own connection, reading
through the ORM) and against the engine run on the case as read back.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereader.core.answers import Answer
from casereader.core.engine import CaseEngine
from casereader.core.inspection import CaseIncomplete, CaseStatus, CaseSummary, ChangeRefused, Inspection, StoreError
from casereader.core.loader import load_question_set_bytes
from casereader.core.outcome import IssueCode
from casereader.core.questionset import QuestionSet
from casereader.sqlitedb import sqlite3
from casereader.storage import LocalStore
from casereader.storage.audit import to_json, utc_now
from casereader.storage.marking import MEMO_CASES

VALUES = {"PC-03": ("fully", "partially", "not"), "PC-04": ("fully", "partially", "not"),
          "DI-02": ("fully", "partially", "not"), "VW-01": ("fully", "partially", "not"),
          "VW-06": ("yes", "no"), "VW-07": ("fully", "partially", "not")}
HEADERS = {"casework_type": ("MC", "CC", None), "charging_route": ("area", "police", None),
           "victim_letter_required": (True, False, None)}


@pytest.fixture
def other(db_path: Path, store: LocalStore) -> Iterator[LocalStore]:
    """A second store on the same file: another connection, another memo."""
    s = LocalStore.open(db_path)
    yield s
    s.close()


def as_read_back(reader: LocalStore, summary: CaseSummary, qs: QuestionSet) -> None:
    """The summary a save returned equals the case as read back, and its counts are the engine's."""
    found = reader.get_case(summary.id)
    assert summary == found.summary
    assert (summary.answered, summary.applicable) == CaseEngine(qs, found.state).progress


def statements(store: LocalStore) -> list[str]:
    """Start recording the SQL the store's connection runs; the list fills as it does."""
    seen: list[str] = []
    with store._db.raw() as con:
        con.set_trace_callback(seen.append)
    return seen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_save_returns_what_another_store_reads_back(store: LocalStore, other: LocalStore,
                                                        inspection: Inspection, qs: QuestionSet, seed: int,
                                                        check_consistent: Callable[[Path], Any],
                                                        db_path: Path) -> None:
    rng = random.Random(seed)
    cases = store.add_cases(inspection.id, [(f"URN-{n}", {"casework_type": "MC"}) for n in range(3)], actor="ann")
    refused = 0
    for _ in range(150):
        c = rng.choice(cases)
        roll = rng.random()
        try:
            if roll < 0.6:
                qid = rng.choice(sorted(VALUES))
                summary = store.save_answer(c.id, qid, Answer(rng.choice(VALUES[qid]), comment=f"e{roll:.3f}"), "ann")
            elif roll < 0.75:
                summary = store.save_answer(c.id, rng.choice(sorted(VALUES)), None, "bob")
            elif roll < 0.92:
                field = rng.choice(sorted(HEADERS))
                summary = store.save_header(c.id, field, rng.choice(HEADERS[field]), "ann")
            else:
                summary = store.set_status(c.id, CaseStatus.COMPLETE, "ann")
        except (ChangeRefused, CaseIncomplete) as exc:  # the engine's decisions, by code
            codes = {i.code for i in (exc.outcome.refusals if isinstance(exc, ChangeRefused) else exc.outcome.issues)}
            assert codes <= {IssueCode.NOT_APPLICABLE, IssueCode.LOCKED} if isinstance(exc, ChangeRefused) else codes
            refused += 1
            continue
        as_read_back(other, summary, qs)
    assert refused > 0
    check_consistent(db_path)


def test_applicability_follows_an_answer_that_a_rule_reads(store: LocalStore, other: LocalStore,
                                                          case: CaseSummary, qs: QuestionSet) -> None:
    before = store.save_answer(case.id, "VW-06", Answer("no"), "ann")
    with pytest.raises(StoreError, match="VW-07: does not apply"):
        store.save_answer(case.id, "VW-07", Answer("fully"), "ann")
    on = store.save_answer(case.id, "VW-06", Answer("yes"), "ann")
    assert on.applicable == before.applicable + 1
    answered = store.save_answer(case.id, "VW-07", Answer("fully"), "ann")
    assert answered.answered == on.answered + 1
    off = store.save_answer(case.id, "VW-06", Answer("no"), "ann")  # VW-07 kept but no longer counted
    assert (off.answered, off.applicable) == (before.answered, before.applicable)
    assert store.get_case(case.id).state.answers["VW-07"] == Answer("fully")
    as_read_back(other, off, qs)


def test_a_save_of_the_case_being_marked_reads_nothing(store: LocalStore, case: CaseSummary) -> None:
    seen = statements(store)
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    assert [s for s in seen if s.startswith("SELECT")]  # the first save of a case reads it
    store.set_setting("ui.position", "PC-04")  # settings writes (moving between questions) keep the memo,
    store.backup("periodic")  # and so do backups and integrity checks (they only read)
    assert store.integrity_check() == ["ok"]
    seen.clear()
    store.save_answer(case.id, "PC-04", Answer("partially", comment="thin"), "ann")
    assert not [s for s in seen if s.startswith("SELECT")]
    assert seen[0] == "BEGIN IMMEDIATE" and seen[-1] == "COMMIT"
    # one audit insert (the trace repeats its text for each statement of the hash-chain trigger it fires)
    assert len({s for s in seen if s.startswith("INSERT INTO audit_event")}) == 1


def test_a_save_after_another_connection_committed_reads_the_case_again(store: LocalStore, other: LocalStore,
                                                                       case: CaseSummary, qs: QuestionSet) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    other.save_answer(case.id, "PC-03", Answer("partially", comment="second look"), "bob")
    other.save_answer(case.id, "PC-04", Answer("not", comment="none"), "bob")
    summary = store.save_answer(case.id, "VW-01", Answer("fully"), "ann")
    assert summary.answered == 3
    as_read_back(other, summary, qs)
    store.save_answer(case.id, "PC-03", Answer("not", comment="third look"), "ann")
    last = store.history(case.id, "PC-03")[-1]
    assert last.old is not None and '"partially"' in last.old and '"not"' in str(last.new)


def test_a_write_by_another_program_is_seen(store: LocalStore, other: LocalStore, case: CaseSummary,
                                           db_path: Path, qs: QuestionSet) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    con = sqlite3.connect(db_path, isolation_level=None)
    try:
        con.execute("UPDATE case_file SET header = ? WHERE id = ?", ('{"casework_type":"CC"}', case.id))
    finally:
        con.close()
    summary = store.save_answer(case.id, "DI-02", Answer("fully"), "ann")
    assert summary.header == {"casework_type": "CC"}  # so the pre-charge questions no longer apply
    with pytest.raises(StoreError, match="PC-04: does not apply"):
        store.save_answer(case.id, "PC-04", Answer("fully"), "ann")
    assert summary.applicable == CaseEngine(qs, other.get_case(case.id).state).progress[1]


def test_withdraw_replace_and_assign_are_seen_by_the_next_save(store: LocalStore, inspection: Inspection,
                                                               case: CaseSummary) -> None:
    spare = store.add_cases(inspection.id, [("URN-R", {"charging_route": "area"})], actor="ann", reserve=True)[0]
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    store.save_answer(spare.id, "PC-03", Answer("fully"), "ann")
    store.assign_inspector(case.id, "carol", "lead")
    assert store.save_answer(case.id, "PC-04", Answer("fully"), "ann").inspector == "carol"
    store.replace_case(case.id, spare.id, "file lost", "lead")
    assert store.save_answer(case.id, "VW-01", Answer("fully"), "ann").withdrawn_reason == "file lost"
    assert store.save_answer(spare.id, "PC-04", Answer("fully"), "ann").reserve is False


def test_locking_and_unlocking_through_set_status(store: LocalStore, case: CaseSummary) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    assert store.set_status(case.id, CaseStatus.LOCKED, "lead").status == CaseStatus.LOCKED
    with pytest.raises(StoreError, match="is locked and cannot be changed"):
        store.save_answer(case.id, "PC-04", Answer("fully"), "ann")
    with pytest.raises(StoreError, match="is locked and cannot be changed"):
        store.save_header(case.id, "casework_type", "CC", "ann")
    with pytest.raises(StoreError, match="unlocking it needs a reason"):
        store.set_status(case.id, CaseStatus.IN_PROGRESS, "lead")
    store.set_status(case.id, CaseStatus.IN_PROGRESS, "lead", reason="late evidence")
    assert store.save_answer(case.id, "PC-04", Answer("fully"), "ann").answered == 2


def test_undo_through_the_store_restores_the_old_answer(store: LocalStore, other: LocalStore, case: CaseSummary,
                                                        qs: QuestionSet) -> None:
    first = store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    store.save_answer(case.id, "PC-03", Answer("not", comment="weak"), "ann")
    undone = store.save_answer(case.id, "PC-03", Answer("fully"), "ann")  # what the UI's undo does
    assert undone.answered == first.answered
    assert other.get_case(case.id).state.answers["PC-03"] == Answer("fully")
    cleared = store.save_answer(case.id, "PC-03", None, "ann")  # undo of the first answer
    assert cleared.answered == first.answered - 1 and "PC-03" not in other.get_case(case.id).state.answers
    as_read_back(other, cleared, qs)


def test_an_import_and_a_save_see_each_other(store: LocalStore, other: LocalStore, case: CaseSummary,
                                             qs: QuestionSet) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    [imported] = store.save_answers([(case.id, "PC-04", Answer("fully")), (case.id, "PC-03", Answer("not"))],
                                    "import")
    assert imported.answered == 2
    as_read_back(other, imported, qs)
    with pytest.raises(StoreError, match="Nothing was saved"):
        store.save_answers([(case.id, "VW-01", Answer("fully")), (case.id, "DI-02", Answer("bogus"))], "import")
    summary = store.save_answer(case.id, "DI-02", Answer("fully"), "ann")
    assert summary.answered == 3 and "VW-01" not in other.get_case(case.id).state.answers
    assert store.history(case.id, "PC-03")[-1].old is not None


def test_restoring_a_backup_forgets_later_saves(store: LocalStore, other: LocalStore, case: CaseSummary,
                                                qs: QuestionSet) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    backup = store.backup("test")
    store.save_answer(case.id, "PC-04", Answer("fully"), "ann")
    store.restore_backup(backup)
    summary = store.save_answer(case.id, "VW-01", Answer("fully"), "ann")
    assert summary.answered == 2
    assert set(store.get_case(case.id).state.answers) == {"PC-03", "VW-01"}
    again = store.save_answer(case.id, "PC-04", Answer("fully"), "ann")
    assert store.history(case.id, "PC-04")[-1].old is None
    as_read_back(other, again, qs)


def test_rebinding_uses_the_new_question_set_at_once(store: LocalStore, inspection: Inspection, case: CaseSummary,
                                                    form_bytes: bytes) -> None:
    store.save_answer(case.id, "VW-06", Answer("yes"), "ann")
    store.save_answer(case.id, "VW-07", Answer("partially"), "ann")
    text = form_bytes.decode().replace('version: "1"', 'version: "2"')
    text = text.replace("      - id: VW-07\n        text: Was the victim letter timely?\n        scale: fpn\n"
                        "        applies_if: \"VW-06 == 'yes'\"\n", "")
    new_bytes = text.encode()
    store.rebind_inspection(inspection.id, load_question_set_bytes(new_bytes, "v2"), new_bytes, "lead")
    with pytest.raises(StoreError, match="VW-07: no such question in this question set"):
        store.save_answer(case.id, "VW-07", Answer("fully"), "ann")
    assert store.save_answer(case.id, "PC-03", Answer("fully"), "ann").applicable == 5


def test_a_purged_case_cannot_be_saved(store: LocalStore, inspection: Inspection, case: CaseSummary) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    store.purge_inspection(inspection.id, actor="lead", reason="held at the centre")
    with pytest.raises(StoreError, match=f"No case with id '{case.id}'"):
        store.save_answer(case.id, "PC-04", Answer("fully"), "ann")


def test_a_failed_save_changes_nothing_and_the_next_one_is_right(store: LocalStore, other: LocalStore,
                                                                 case: CaseSummary, qs: QuestionSet) -> None:
    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    with store._db.raw() as con:  # the database may grow by no page at all: the next write fails
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="disk is full"):
        store.save_answer(case.id, "PC-04", Answer("fully", comment="x" * 40_000), "ann")
    with store._db.raw() as con:
        con.execute("PRAGMA max_page_count = 1000000")
    summary = store.save_answer(case.id, "VW-01", Answer("fully"), "ann")
    assert summary.answered == 2 and "PC-04" not in other.get_case(case.id).state.answers
    as_read_back(other, summary, qs)


def test_a_save_after_the_pool_dropped_its_connection_opens_a_new_one(store: LocalStore, other: LocalStore,
                                                                      case: CaseSummary, qs: QuestionSet) -> None:
    first = store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    with store._db.turnstile.turn(), store._db.engine.connect() as conn:
        old = conn.connection.dbapi_connection
        assert old is not None
        conn.invalidate()  # what SQLAlchemy does after a connection-level failure
    summary = store.save_answer(case.id, "PC-04", Answer("fully"), "ann")
    assert summary.answered == first.answered + 1
    assert store._db._con is not None and store._db._con is not old
    with pytest.raises(sqlite3.ProgrammingError):  # the old connection really is closed
        old.execute("SELECT 1")
    as_read_back(other, summary, qs)


def test_the_memo_stays_small(store: LocalStore, inspection: Inspection) -> None:
    cases = store.add_cases(inspection.id, [(f"URN-{n}", {}) for n in range(MEMO_CASES + 5)], actor="ann")
    for c in cases:
        store.save_header(c.id, "casework_type", "MC", "ann")
        assert len(store._db._memo) <= MEMO_CASES
    assert store._db._memo  # the last cases marked are remembered


def test_threads_saving_at_once_leave_every_count_right(store: LocalStore, other: LocalStore, qs: QuestionSet,
                                                       inspection: Inspection, db_path: Path,
                                                       check_consistent: Callable[[Path], Any]) -> None:
    cases = store.add_cases(inspection.id, [(f"URN-{n}", {"charging_route": "area"}) for n in range(2)],
                            actor="ann")
    errors: list[BaseException] = []

    def mark(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for n in range(40):
                c = rng.choice(cases)
                if n % 10 == 0:
                    store.set_setting("ui.position", str(n))
                qid = rng.choice(["PC-03", "PC-04", "DI-02", "VW-01"])
                store.save_answer(c.id, qid, Answer(rng.choice(VALUES[qid])) if rng.random() < 0.8 else None, "ann")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=mark, args=(seed,)) for seed in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for c in cases:
        as_read_back(other, store.save_header(c.id, "casework_type", "CC", "ann"), qs)
    check_consistent(db_path)


def test_timestamps_are_utc_iso_with_microseconds() -> None:
    before = dt.datetime.now(dt.UTC)
    stamp = utc_now()
    after = dt.datetime.now(dt.UTC)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", stamp)
    assert before <= dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f%z") <= after


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                           | st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                           max_leaves=20)


@given(JSON_VALUES)
def test_canonical_json_is_what_json_dumps_gives(value: Any) -> None:
    assert to_json(value) == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                        allow_nan=False)
