"""Set-based reads for exports (``case_files``, ``audit_log``) and purging an inspection."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from casereader.core.answers import Answer
from casereader.core.inspection import Inspection, Round, StoreError
from casereader.core.questionset import QuestionSet
from casereader.storage import LocalStore
from casereader.storage.cases import stored_answer
from tests.storage.conftest import FULL_HEADER


def _marked(store: LocalStore, inspection: Inspection) -> list[str]:
    cases = store.add_cases(inspection.id, [("URN-1", FULL_HEADER), ("URN-2", {"charging_route": "police"}),
                                            ("URN-3", {})], actor="ann")
    ids = [c.id for c in cases]
    store.save_answers([
        (ids[0], "PC-03", Answer("fully", comment='quote " backslash \\ and ünïcode ✓')),
        (ids[0], "DI-02", Answer(None, na=True, comment="no disclosure")),
        (ids[0], "VW-06", Answer("yes")),
        (ids[1], "DI-02", Answer("partially")),
    ], "ann")
    store.save_header(ids[2], "casework_type", "CC", "bob")
    return ids


def test_case_files_equal_get_case_for_every_case(store: LocalStore, inspection: Inspection) -> None:
    ids = _marked(store, inspection)
    files = store.case_files(inspection.id)
    assert [f.summary.id for f in files] == ids == [c.id for c in store.list_cases(inspection.id)]
    assert files == [store.get_case(i) for i in ids]
    assert files[0].state.answers["PC-03"].comment == 'quote " backslash \\ and ünïcode ✓'
    assert files[0].state.answers["DI-02"] == Answer(None, na=True, comment="no disclosure")
    assert files[2].state.answers == {} and files[2].state.header == {"casework_type": "CC"}


def test_case_documents_are_the_case_files_as_json(store: LocalStore, inspection: Inspection) -> None:
    _marked(store, inspection)
    expected = [{"id": f.summary.id, "reference": f.summary.reference, "header": dict(f.state.header),
                 "status": f.summary.status.value, "inspector": f.summary.inspector,
                 "updated_at": f.summary.updated_at, "reserve": f.summary.reserve,
                 "withdrawn_reason": f.summary.withdrawn_reason,
                 "answers": {q: a.to_json() for q, a in f.state.answers.items()}}
                for f in store.case_files(inspection.id)]
    assert store.case_documents(inspection.id) == expected
    for doc in expected:  # one case alone (the app's sign-off check reads only the open case)
        assert store.case_documents(inspection.id, doc["id"]) == [doc]
    assert store.case_documents(inspection.id, "no-such-case") == []
    assert expected[0]["answers"]["DI-02"] == {"value": None, "na": True, "na_reason": "", "comment": "no disclosure"}


def test_case_files_of_an_unknown_inspection_is_refused(store: LocalStore, inspection: Inspection) -> None:
    with pytest.raises(StoreError, match="No inspection"):
        store.case_files("nope")


@pytest.mark.parametrize("value", ['"fully"', '"tab\\there"', '"quote \\" inside"', '["a","b"]', "3.5", "2",
                                   "null", '""', '"\\u00e9t\\u00e9"'])
def test_stored_answer_reads_a_column_as_from_json_does(value: str) -> None:
    expected = Answer.from_json({"value": json.loads(value), "na": 1, "na_reason": None, "comment": "c"})
    assert stored_answer(value, 1, None, "c") == expected


def test_audit_log_equals_audit_events(store: LocalStore, inspection: Inspection) -> None:
    _marked(store, inspection)
    log = store.audit_log(inspection.id)
    events = store.audit_events(inspection.id)
    assert len(log) == len(events) > 5
    assert log == [{"seq": e.seq, "at": e.at, "actor": e.actor, "case_id": e.case_id, "kind": e.kind, "key": e.key,
                    "old": e.old, "new": e.new, "reason": e.reason} for e in events]


def test_purge_removes_one_inspection_after_a_backup(store: LocalStore, inspection: Inspection, qs: QuestionSet,
                                                     form_bytes: bytes, db_path: Path) -> None:
    ids = _marked(store, inspection)
    other = store.create_inspection(qs, area="Kent", round=Round.BASELINE, form_bytes=form_bytes, actor="lead")
    kept = store.add_cases(other.id, [("K-1", FULL_HEADER)], actor="ann")[0]
    store.save_answer(kept.id, "PC-03", Answer("not", comment="kept"), "ann")
    store.set_setting(f"sync.export.device.{inspection.id}", "{}")
    store.set_setting(f"sync.receipt.{other.id}", "{}")
    with pytest.raises(StoreError, match="needs a reason"):
        store.purge_inspection(inspection.id, actor="ann", reason=" ")

    assert store.purge_inspection(inspection.id, actor="ann", reason="receipt for bundle 1") == 3

    assert [i.id for i in store.list_inspections()] == [other.id]
    with pytest.raises(StoreError):
        store.get_case(ids[0])
    assert store.get_setting(f"sync.export.device.{inspection.id}") is None
    assert store.get_setting(f"sync.receipt.{other.id}") == "{}"
    assert store.get_case(kept.id).state.answers["PC-03"].comment == "kept"
    assert store.integrity_check() == ["ok"]
    con = sqlite3.connect(db_path)
    try:
        dump = "\n".join(con.iterdump())
        assert "quote" not in dump and "URN-1" not in dump and "no disclosure" not in dump
        purged = con.execute("SELECT actor, kind, key, inspection_id, case_id, old, reason FROM audit_event "
                             "WHERE key = 'purged'").fetchall()
        assert len(purged) == 1
        actor, kind, _, insp_id, case_id, old, reason = purged[0]
        assert (actor, kind, insp_id, case_id, reason) == ("ann", "inspection", None, None, "receipt for bundle 1")
        assert json.loads(old)["id"] == inspection.id and json.loads(old)["cases"] == 3
        with pytest.raises(sqlite3.DatabaseError, match="cannot be deleted"):  # append-only again
            con.execute("DELETE FROM audit_event")
    finally:
        con.close()
    backup = store.list_backups()[0]
    assert "purging" in backup.reason
    old_db = sqlite3.connect(backup.path)
    try:
        assert old_db.execute("SELECT count(*) FROM case_file WHERE inspection_id = ?",
                              (inspection.id,)).fetchone()[0] == 3
        assert old_db.execute("SELECT count(*) FROM answer WHERE comment LIKE 'quote%'").fetchone()[0] == 1
    finally:
        old_db.close()


def test_purge_keeps_the_settings_of_an_inspection_whose_id_extends_it(store: LocalStore, qs: QuestionSet,
                                                                        form_bytes: bytes) -> None:
    for insp_id in ("insp-1", "insp-10"):
        store.create_inspection(qs, area="Kent", round=Round.BASELINE, form_bytes=form_bytes, inspection_id=insp_id,
                                actor="lead")
        store.set_setting(f"sync.receipt.{insp_id}", insp_id)
        store.set_setting(f"sample_draw:{insp_id}", insp_id)
    assert store.purge_inspection("insp-1", actor="ann", reason="receipt") == 0
    assert store.get_setting("sync.receipt.insp-1") is None and store.get_setting("sample_draw:insp-1") is None
    assert store.get_setting("sync.receipt.insp-10") == "insp-10" and store.get_setting("sample_draw:insp-10")
    assert [i.id for i in store.list_inspections()] == ["insp-10"]


def test_purge_of_an_unknown_inspection_changes_nothing(store: LocalStore, inspection: Inspection) -> None:
    _marked(store, inspection)
    with pytest.raises(StoreError, match="No inspection"):
        store.purge_inspection("missing", actor="ann", reason="r")
    assert len(store.case_files(inspection.id)) == 3
