"""Central import: merge, idempotence, order, conflicts, receipts, and "nothing changes" on refusal."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from casereader.bundles import read_receipt, verify_bundle, write_receipt
from casereader.central.errors import CentralError
from casereader.central.importer import import_bundle
from casereader.central.schema import CentralAnswerRecord, CentralCaseRecord, ConflictRecord
from casereader.core.answers import Answer
from casereader.core.inspection import CaseStatus


def answers_of(centre, role: str = "first") -> dict[tuple[str, str], tuple]:
    with centre.store.sessions() as s:
        rows = s.scalars(select(CentralAnswerRecord).where(CentralAnswerRecord.role == role))
        return {(r.case_id, r.question_id): (r.value, r.na, r.na_reason, r.comment, r.applicable) for r in rows}


def conflicts_of(centre) -> list[tuple[str, str | None]]:
    with centre.store.sessions() as s:
        return [(c.kind, c.case_id) for c in s.scalars(select(ConflictRecord).order_by(ConflictRecord.id))]


def test_import_writes_answers_with_applicability(centre, laptops):
    ann = laptops("ann")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-03", Answer("partially", comment="late by a week"), "ann")
    ann.store.save_answer(ids["URN002"], "DI-02", Answer(na=True, na_reason="No unused material"), "ann")
    ann.store.save_header(ids["URN002"], "victim_letter_required", True, "ann")
    ann.store.save_answer(ids["URN002"], "VW-06", Answer("yes"), "ann")
    ann.store.save_header(ids["URN002"], "victim_letter_required", False, "ann")  # VW-06 kept, no longer applies
    result = centre.import_(ann.export().data)
    assert result.status == "imported" and not result.conflicts
    got = answers_of(centre)
    assert got[(ids["URN001"], "PC-03")] == ("partially", False, "", "late by a week", True)
    assert got[(ids["URN002"], "DI-02")] == (None, True, "No unused material", "", True)
    assert got[(ids["URN002"], "VW-06")][4] is False
    with centre.store.sessions() as s:
        case = s.get(CentralCaseRecord, ids["URN001"])
        assert case is not None and case.device_id == ann.device.device_id and case.status == "in_progress"


def test_same_bundle_twice_is_already_imported_and_changes_nothing(centre, laptops):
    ann = laptops("ann")
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully"), "ann")
    data = ann.export().data
    assert centre.import_(data).status == "imported"
    before = centre.store.dump()
    again = centre.import_(data)
    assert again.status == "already imported"
    assert centre.store.dump() == before


def test_incremental_holds_only_changed_cases_and_continues(centre, laptops):
    ann = laptops("ann")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-04", Answer("fully"), "ann")
    first = ann.export()
    centre.import_(first.data)
    ann.store.save_answer(ids["URN003"], "VW-01", Answer("not", comment="no warning"), "ann")
    second = ann.export(since_last=True)
    assert second.kind == "incremental" and second.sequence == 2
    assert set(second.manifest.cases) == {ids["URN003"]}
    result = centre.import_(second.data)
    assert result.status == "imported" and not result.conflicts
    got = answers_of(centre)
    assert got[(ids["URN001"], "PC-04")][0] == "fully" and got[(ids["URN003"], "VW-01")][0] == "not"


def test_cleared_answer_is_removed_centrally_by_the_same_device(centre, laptops):
    ann = laptops("ann")
    cid = ann.cases()["URN001"]
    ann.store.save_answer(cid, "PC-04", Answer("fully"), "ann")
    centre.import_(ann.export().data)
    ann.store.save_answer(cid, "PC-04", None, "ann")
    ann.store.save_answer(cid, "PC-03", Answer("fully"), "ann")
    centre.import_(ann.export(since_last=True).data)
    got = answers_of(centre)
    assert (cid, "PC-04") not in got and got[(cid, "PC-03")][0] == "fully"


def test_two_devices_marking_the_same_case_differently_is_a_conflict(centre, laptops):
    ann, bob = laptops("ann"), laptops("bob")
    cid = ann.cases()["URN001"]
    assert bob.cases()["URN001"] == cid
    ann.store.save_answer(cid, "PC-04", Answer("fully"), "ann")
    bob.store.save_answer(cid, "PC-04", Answer("not", comment="no analysis"), "bob")
    centre.import_(ann.export().data)
    result = centre.import_(bob.export().data)
    assert [c.split(":")[0] for c in result.conflicts] == ["different_marks"]
    assert answers_of(centre)[(cid, "PC-04")][0] == "fully"  # never silently overwritten
    with centre.store.sessions() as s:
        detail = json.loads(s.scalars(select(ConflictRecord.detail)).one())
    assert detail["other"]["answers"]["PC-04"]["value"] == "not"  # both versions kept


def snapshot(centre, path):
    """A second centre in exactly the current state (SQLite online backup)."""
    import sqlite3

    from casereader.central.store import CentralStore

    src = sqlite3.connect(centre.folder / "central.sqlite")
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    return CentralStore.open(f"sqlite:///{path}")


def test_devices_marking_different_cases_do_not_conflict_in_either_order(centre, laptops, tmp_path):
    ann, bob = laptops("ann"), laptops("bob")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-04", Answer("fully"), "ann")
    bob.store.save_answer(ids["URN002"], "DI-02", Answer("partially"), "bob")
    a, b = ann.export().data, bob.export().data
    other = snapshot(centre, tmp_path / "other.sqlite")
    try:
        centre.import_(a)
        centre.import_(b)
        centre.import_(a)
        import_bundle(other, b, centre.keys)
        import_bundle(other, a, centre.keys)
        assert not conflicts_of(centre)
        assert other.dump(exclude=("central_bundle",)) == centre.store.dump(exclude=("central_bundle",))
    finally:
        other.close()


def test_untouched_copy_of_a_case_from_another_device_is_not_a_conflict(centre, laptops):
    ann, bob = laptops("ann"), laptops("bob")
    cid = ann.cases()["URN001"]
    ann.store.save_answer(cid, "PC-04", Answer("fully"), "ann")
    centre.import_(ann.export().data)
    result = centre.import_(bob.export().data)  # bob's full bundle holds URN001 unmarked
    assert not result.conflicts
    assert answers_of(centre)[(cid, "PC-04")][0] == "fully"


def test_older_bundle_after_newer_is_stale_and_keeps_newer_marks(centre, laptops):
    ann = laptops("ann")
    cid = ann.cases()["URN001"]
    ann.store.save_answer(cid, "PC-04", Answer("partially"), "ann")
    old = ann.export()
    ann.store.save_answer(cid, "PC-04", Answer("fully"), "ann")
    new = ann.export()  # a second full bundle, sequence 2
    centre.import_(new.data)
    result = centre.import_(old.data)
    assert [c.split(":")[0] for c in result.conflicts] == ["stale_bundle"]
    assert answers_of(centre)[(cid, "PC-04")][0] == "fully"


def test_gap_in_sequence_is_recorded_and_reported(centre, laptops):
    ann = laptops("ann")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-04", Answer("fully"), "ann")
    centre.import_(ann.export().data)
    ann.store.save_answer(ids["URN002"], "DI-02", Answer("fully"), "ann")
    ann.export(since_last=True)  # sequence 2 never reaches the centre
    ann.store.save_answer(ids["URN003"], "VW-01", Answer("fully"), "ann")
    third = ann.export(since_last=True)
    result = centre.import_(third.data)
    assert result.conflicts and result.conflicts[0].startswith("sequence_gap")
    assert "2" in result.conflicts[0]
    assert ("sequence_gap", None) in conflicts_of(centre)


def test_unknown_device_is_recorded_pending_and_bundle_refused(centre, laptops):
    eve = laptops("eve", enrol=False)
    eve.store.save_answer(eve.cases()["URN001"], "PC-04", Answer("fully"), "eve")
    data = eve.export().data
    before = centre.store.dump(exclude=("central_device",))
    with pytest.raises(CentralError, match=f"unknown device {eve.device.device_id}: accept it with casereader "
                                           f"central accept {eve.device.device_id}"):
        centre.import_(data)
    assert centre.store.dump(exclude=("central_device",)) == before
    device = centre.store.device(eve.device.device_id)
    assert device is not None and device.status == "pending"
    centre.store.accept(eve.device.device_id)
    assert centre.import_(data).status == "imported"


def test_bundle_for_another_question_set_hash_is_refused(centre, laptops, tmp_path):
    ann = laptops("ann")
    # the centre's inspection is pinned to another version of the form (same id, different bytes)
    with centre.store.transaction() as s:
        from casereader.central.schema import CentralInspectionRecord, FormRecord

        other = centre.form_bytes + b"\n# edited\n"
        import hashlib

        digest = hashlib.sha256(other).hexdigest()
        s.add(FormRecord(form_hash=digest, form_id="worked-example", form_version="1", content=other))
        s.flush()
        insp = s.get(CentralInspectionRecord, ann.inspection_id)
        insp.form_hash = digest
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully"), "ann")
    before = centre.store.dump_hash()
    with pytest.raises(CentralError, match="made for question set worked-example@1 with hash"):
        centre.import_(ann.export().data)
    assert centre.store.dump_hash() == before


def test_failure_during_merge_leaves_store_unchanged(centre, laptops, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import casereader.central.importer as importer

    ann = laptops("ann")
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully"), "ann")
    data = ann.export().data
    before = centre.store.dump_hash()

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(importer, "_merge_audit", broken)
    with pytest.raises(CentralError, match="nothing changed"):
        centre.import_(data)
    assert centre.store.dump_hash() == before
    monkeypatch.undo()
    assert centre.import_(data).status == "imported"


def test_receipt_covers_the_bundle(centre, laptops):
    ann = laptops("ann")
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully"), "ann")
    done = ann.export()
    result = centre.import_(done.data)
    receipt = read_receipt(write_receipt(result.manifest, centre.keys), centre.keys.public_keys.signing_public)
    assert receipt.bundle_id == verify_bundle(done.data).bundle_id and receipt.sequence == 1


def test_complete_status_and_second_inspector_answers_survive(centre, laptops):
    ann = laptops("ann")
    cid = ann.cases()["URN002"]  # police charged: pre-charge section does not apply
    for qid, value in (("DI-02", "fully"), ("VW-01", "partially")):
        ann.store.save_answer(cid, qid, Answer(value), "ann")
    ann.store.set_status(cid, CaseStatus.COMPLETE, "ann")
    centre.import_(ann.export().data)
    with centre.store.sessions() as s:
        assert s.get(CentralCaseRecord, cid).status == "complete"
