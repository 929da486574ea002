"""The review loop in the local store (storage/reviews.py through LocalStore): events stored once and audited,
queries folded, answers refused once a query is closed, a sign-off and whether the case changed since, and a
purge removing the inspection's review events with it."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from casereader.core.answers import Answer
from casereader.core.inspection import CaseSummary, Inspection, StoreError
from casereader.core.review import ReviewEvent
from casereader.sqlitedb import sqlite3
from casereader.storage import LocalStore
from casereader.sync.export import SyncError
from casereader.sync.reviews import answer_query, case_signoff

DEVICE = "0123456789abcdef0123456789abcdef"


def centre(inspection: Inspection, case: CaseSummary, kind: str, at: str, query_id: str | None = None,
           **more: object) -> ReviewEvent:
    return ReviewEvent(id=str(uuid.uuid4()), inspection_id=inspection.id, case_id=case.id, kind=kind, at=at,
                       actor="Lee Lead", origin="centre", query_id=query_id, **more)  # type: ignore[arg-type]


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_events_are_stored_once_audited_and_folded(store: LocalStore, inspection: Inspection, case: CaseSummary,
                                                   db_path: Path) -> None:
    qid = str(uuid.uuid4())
    opened = centre(inspection, case, "opened", "2026-12-01T10:00:00.000000Z", qid, question_id="PC-03",
                    text="Why partially?")
    assert store.add_review_events(inspection.id, [opened], actor="ann") == 1
    assert store.add_review_events(inspection.id, [opened], actor="ann") == 0  # the same pack again
    changed = ReviewEvent(**{**opened.to_json(), "text": "something else"})
    with pytest.raises(StoreError, match="already stored with other content"):
        store.add_review_events(inspection.id, [changed], actor="ann")
    [q] = store.queries(inspection.id)
    assert (q.id, q.state, q.question_id, q.text) == (qid, "open", "PC-03", "Why partially?")
    assert store.queries(inspection.id, case.id) == [q]
    queries, signoff = store.case_review(case.id)  # the app's one read after each save
    assert queries == [q] and not signoff.signed_by
    audit = rows(db_path, "SELECT kind, key, new FROM audit_event WHERE kind = 'review'")
    assert [(k, key, json.loads(str(new))["id"]) for k, key, new in audit] == [("review", "opened", opened.id)]


def test_answer_with_a_changed_mark_then_refused_once_closed(store: LocalStore, inspection: Inspection,
                                                             case: CaseSummary, db_path: Path) -> None:
    qid = str(uuid.uuid4())
    store.add_review_events(inspection.id, [centre(inspection, case, "opened", "2026-12-01T10:00:00.000000Z", qid,
                                                   question_id="PC-03", text="Why?")], actor="ann")
    store.save_answer(case.id, "PC-03", Answer("partially", comment="late"), "ann")
    q = answer_query(store, inspection.id, qid[:6], "changed", actor="ann", origin=DEVICE, mark=Answer("not"))
    assert (q.state, q.answer, q.mark) == ("answered", "changed", "not")
    kept = store.get_case(case.id).state.answers["PC-03"]
    assert (kept.value, kept.comment) == ("not", "late")  # the evidence note stays with the changed mark
    assert rows(db_path, "SELECT reason FROM audit_event WHERE kind = 'answer' ORDER BY seq DESC LIMIT 1") == \
        [(f"query {qid}",)]
    [local] = store.review_events(inspection.id, local_only=True)
    assert (local.kind, local.origin, local.at > "2026-12-01T10:00:00.000000Z") == ("answered", DEVICE, True)
    store.add_review_events(inspection.id, [centre(inspection, case, "closed", "2099-01-01T00:00:00.000000Z",
                                                   qid)], actor="ann")
    before = rows(db_path, "SELECT count(*) FROM audit_event")
    with pytest.raises(SyncError, match="cannot be answered"):
        answer_query(store, inspection.id, qid, "more", actor="ann", origin=DEVICE, mark=Answer("fully"))
    with pytest.raises(StoreError, match="cannot be answered"):
        store.answer_query(qid, "more", "ann", DEVICE)
    assert rows(db_path, "SELECT count(*) FROM audit_event") == before
    assert store.get_case(case.id).state.answers["PC-03"].value == "not"


def test_events_naming_another_case_or_a_device_as_the_centre_are_refused(store: LocalStore,
                                                                          inspection: Inspection,
                                                                          case: CaseSummary) -> None:
    stranger = ReviewEvent(id=str(uuid.uuid4()), inspection_id=inspection.id, case_id=str(uuid.uuid4()),
                           kind="opened", at="2026-12-01T10:00:00.000000Z", actor="x", origin="centre",
                           query_id=str(uuid.uuid4()), text="?")
    with pytest.raises(StoreError, match="not in inspection"):
        store.add_review_events(inspection.id, [stranger], actor="ann")
    forged = ReviewEvent(**{**stranger.to_json(), "case_id": case.id, "origin": DEVICE})
    with pytest.raises(StoreError, match="cannot come from a device"):
        store.add_review_events(inspection.id, [forged], actor="ann")
    assert store.queries(inspection.id) == []


def test_signoff_and_changed_since_review(store: LocalStore, inspection: Inspection, case: CaseSummary) -> None:
    from casereader.bundles.checksums import marks_checksum

    store.save_answer(case.id, "PC-03", Answer("fully"), "ann")
    doc = next(d for d in store.case_documents(inspection.id) if d["id"] == case.id)
    signed = centre(inspection, case, "signed_off", "2026-12-02T10:00:00.000000Z",
                    checksum=marks_checksum({**doc, "role": "first"}))
    store.add_review_events(inspection.id, [signed], actor="ann")
    now = case_signoff(store, case.id)
    assert (now.signed_by, now.holds, now.changed_since_review) == ("Lee Lead", True, False)
    assert store.case_review(case.id) == ([], store.case_signoff(case.id))  # signed, not yet checked for changes
    store.save_answer(case.id, "PC-03", Answer("partially", comment="on reflection"), "ann")
    after = case_signoff(store, case.id)
    assert (after.signed_by, after.holds, after.changed_since_review) == ("Lee Lead", False, True)


def test_purge_removes_the_review_events_too(store: LocalStore, inspection: Inspection, case: CaseSummary,
                                             db_path: Path) -> None:
    store.add_review_events(inspection.id, [centre(inspection, case, "opened", "2026-12-01T10:00:00.000000Z",
                                                   str(uuid.uuid4()), text="?")], actor="ann")
    assert store.purge_inspection(inspection.id, actor="ann", reason="receipt held") == 1
    assert rows(db_path, "SELECT count(*) FROM review_event") == [(0,)]


def test_a_store_of_the_previous_revision_gains_the_review_table(tmp_path: Path, form_bytes: bytes) -> None:
    import hashlib

    from tests.storage.test_store_schema import build_first_schema_db

    db = tmp_path / "data" / "casereader.sqlite"
    build_first_schema_db(db, form_bytes, hashlib.sha256(form_bytes).hexdigest())
    store = LocalStore.open(db)
    try:
        assert store.migrated_from == "0001"
        event = ReviewEvent(id=str(uuid.uuid4()), inspection_id="insp-1", case_id="case-1", kind="opened",
                            at="2026-12-01T10:00:00.000000Z", actor="Lee Lead", origin="centre",
                            query_id=str(uuid.uuid4()), question_id="PC-03", text="?")
        assert store.add_review_events("insp-1", [event], actor="ann") == 1
        assert [q.case_id for q in store.queries("insp-1")] == ["case-1"]
        assert store.get_case("case-1").state.answers["PC-04"].comment == "good MG3"  # the old data is untouched
    finally:
        store.close()
