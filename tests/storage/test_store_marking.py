"""Marking through the store: validation, drafts, status rules, locking, audit and history."""

from __future__ import annotations

import json

import pytest

from casereader.core.answers import Answer
from casereader.core.engine import CaseEngine
from casereader.core.inspection import CaseStatus, CaseSummary, ChangeRefused, Inspection, Round, StoreError
from casereader.core.outcome import IssueCode
from casereader.core.questionset import QuestionSet
from casereader.storage import LocalStore

COMPLETE_ANSWERS = {
    "PC-03": Answer("fully"),
    "PC-04": Answer("fully"),
    "DI-02": Answer(na=True, na_reason="No unused material"),
    "VW-01": Answer("partially"),
    "VW-06": Answer("yes"),
    "VW-07": Answer("not"),
}


def mark_all(store: LocalStore, case_id: str, skip: str | None = None) -> CaseSummary:
    summary = None
    for qid, ans in COMPLETE_ANSWERS.items():
        if qid != skip:
            summary = store.save_answer(case_id, qid, ans, "ann")
    assert summary is not None
    return summary


def test_inspection_is_stored_with_its_exact_form(store: LocalStore, inspection: Inspection, qs: QuestionSet,
                                                  form_bytes: bytes) -> None:
    got = store.get_inspection(inspection.id[:8])
    assert got == inspection
    assert (got.form_id, got.form_version, got.form_hash) == (qs.id, qs.version, qs.content_hash)
    assert got.inspectors == ("ann", "bob") and got.round == Round.BASELINE
    assert store.form_bytes(inspection.id) == form_bytes
    assert store.question_set(inspection.id) == qs
    assert store.list_inspections() == [inspection]
    with pytest.raises(StoreError, match="No inspection"):
        store.get_inspection("zzz")


def test_create_inspection_refuses_bytes_of_another_file(store: LocalStore, qs: QuestionSet,
                                                         form_bytes: bytes) -> None:
    with pytest.raises(StoreError, match="do not match"):
        store.create_inspection(qs, area="Wessex", round="baseline", form_bytes=form_bytes + b"\n# edited\n")
    assert store.list_inspections() == []


def test_ambiguous_prefix_is_refused(store: LocalStore, qs: QuestionSet, form_bytes: bytes) -> None:
    for n in (1, 2):
        store.create_inspection(qs, area=f"A{n}", round="baseline", form_bytes=form_bytes,
                                inspection_id=f"abc{n}")
    with pytest.raises(StoreError, match="matches 2 inspections"):
        store.get_inspection("abc")
    assert store.get_inspection("abc2").area == "A2"


def test_add_cases_all_or_nothing(store: LocalStore, inspection: Inspection) -> None:
    with pytest.raises(StoreError) as err:
        store.add_cases(inspection.id, [("A", {"casework_type": "MC"}), ("B", {"casework_type": "XX"}),
                                        ("A", {}), ("C", {"nonsense": "1"})], actor="ann")
    text = str(err.value)
    assert "case 2 (B): casework_type" in text and "case 3 (A): reference already" in text
    assert "case 4 (C): nonsense: no such header field" in text
    assert store.list_cases(inspection.id) == []
    added = store.add_cases(inspection.id, [("A", {"casework_type": "MC"}), ("B", {})], actor="ann")
    assert [c.reference for c in store.list_cases(inspection.id)] == ["A", "B"]
    assert all(c.status == CaseStatus.NOT_STARTED for c in added)
    found = store.find_case(inspection.id, "B")
    assert found is not None and found.id == added[1].id
    assert store.find_case(inspection.id, "nope") is None


def test_value_not_on_scale_is_refused_and_changes_nothing(store: LocalStore, case: CaseSummary) -> None:
    with pytest.raises(StoreError, match="'maybe' is not on the scale"):
        store.save_answer(case.id, "PC-04", Answer("maybe"), "ann")
    with pytest.raises(StoreError, match="cannot be marked not applicable"):
        store.save_answer(case.id, "PC-04", Answer(na=True), "ann")
    with pytest.raises(StoreError, match="not one of the N/A reasons"):
        store.save_answer(case.id, "DI-02", Answer(na=True, na_reason="Bored"), "ann")
    with pytest.raises(StoreError, match="XX-99: no such question"):
        store.save_answer(case.id, "XX-99", Answer("fully"), "ann")
    assert store.get_case(case.id).state.answers == {}
    assert [e.kind for e in store.history(case.id)] == ["case"]
    assert store.get_case(case.id).summary.status == CaseStatus.NOT_STARTED


def test_draft_saves_and_status_moves_to_in_progress(store: LocalStore, case: CaseSummary) -> None:
    # 'partially' needs an evidence comment before the case is complete, but the draft is kept.
    summary = store.save_answer(case.id, "PC-03", Answer("partially"), "ann")
    assert summary.status == CaseStatus.IN_PROGRESS
    assert summary.answered == 1 and summary.applicable == 5  # VW-07 waits for VW-06 == yes
    assert store.get_case(case.id).state.answers["PC-03"] == Answer("partially")
    status_events = [e for e in store.history(case.id) if e.kind == "status"]
    assert [(json.loads(e.old or "null"), json.loads(e.new or "null")) for e in status_events] == [
        ("not_started", "in_progress")]


def test_inapplicable_question_cannot_be_answered(store: LocalStore, inspection: Inspection) -> None:
    c = store.add_cases(inspection.id, [("URN-9", {"charging_route": "police"})], actor="ann")[0]
    with pytest.raises(StoreError, match="does not apply"):
        store.save_answer(c.id, "PC-03", Answer("fully"), "ann")


def test_complete_refused_while_required_answer_missing(store: LocalStore, case: CaseSummary,
                                                        qs: QuestionSet) -> None:
    mark_all(store, case.id, skip="PC-04")
    with pytest.raises(StoreError) as err:
        store.set_status(case.id, CaseStatus.COMPLETE, "ann")
    assert "PC-04: required and not answered" in str(err.value)
    assert [(i.code, i.target) for i in err.value.outcome.issues] == [(IssueCode.REQUIRED, "PC-04")]
    assert store.get_case(case.id).summary.status == CaseStatus.IN_PROGRESS
    store.save_answer(case.id, "PC-04", Answer("partially"), "ann")
    cf = store.get_case(case.id)
    assert CaseEngine(qs, cf.state).is_complete
    done = store.set_status(case.id, CaseStatus.COMPLETE, "ann")
    assert done.status == CaseStatus.COMPLETE and done.answered == done.applicable == 6
    # A complete case takes no change until it is reopened (with a reason, audited).
    before = store.get_case(case.id)
    with pytest.raises(ChangeRefused) as refused:
        store.save_answer(case.id, "PC-04", None, "ann")
    assert [i.code for i in refused.value.outcome.issues] == [IssueCode.LOCKED]
    assert store.get_case(case.id) == before
    store.set_status(case.id, CaseStatus.IN_PROGRESS, "ann", reason="PC-04 to check again")
    back = store.save_answer(case.id, "PC-04", None, "ann")
    assert back.status == CaseStatus.IN_PROGRESS
    reopened = [e for e in store.history(case.id) if e.kind == "status"][-1]
    assert reopened.reason == "PC-04 to check again"


def test_locked_case_refuses_edits_until_unlocked_with_reason(store: LocalStore, case: CaseSummary) -> None:
    mark_all(store, case.id)
    store.set_status(case.id, CaseStatus.COMPLETE, "ann")
    store.set_status(case.id, CaseStatus.LOCKED, "lead")
    before = store.get_case(case.id)
    for attempt in (lambda: store.save_answer(case.id, "PC-03", Answer("not", comment="late"), "ann"),
                    lambda: store.save_answer(case.id, "PC-03", None, "ann"),
                    lambda: store.save_header(case.id, "casework_type", "CC", "ann")):
        with pytest.raises(StoreError, match="locked"):
            attempt()
    with pytest.raises(StoreError, match="needs a reason"):
        store.set_status(case.id, CaseStatus.IN_PROGRESS, "ann")
    assert store.get_case(case.id) == before
    store.set_status(case.id, CaseStatus.IN_PROGRESS, "lead", reason="moderation change")
    assert store.save_answer(case.id, "PC-03", Answer("not", comment="late"), "ann").status == CaseStatus.IN_PROGRESS


def test_history_lists_a_questions_changes_and_identical_save_is_a_no_op(store: LocalStore,
                                                                         case: CaseSummary) -> None:
    store.save_answer(case.id, "VW-01", Answer("fully"), "ann")
    store.save_answer(case.id, "VW-01", Answer("not", comment="witness warned late"), "bob", reason="second look")
    count = len(store.history(case.id))
    store.save_answer(case.id, "VW-01", Answer("not", comment="witness warned late"), "bob")
    assert len(store.history(case.id)) == count
    store.save_answer(case.id, "VW-01", None, "bob")
    store.save_answer(case.id, "VW-01", None, "bob")  # clearing what is not there: no row either
    hist = store.history(case.id, "VW-01")
    assert [(e.actor, e.kind) for e in hist] == [("ann", "answer"), ("bob", "answer"), ("bob", "answer")]
    assert [None if e.new is None else json.loads(e.new)["value"] for e in hist] == ["fully", "not", None]
    assert hist[0].old is None and json.loads(hist[1].old or "{}")["value"] == "fully"
    assert hist[1].reason == "second look"
    assert all(e.at.endswith("Z") and e.at[:4].isdigit() for e in hist)
    assert [e.seq for e in hist] == sorted(e.seq for e in hist)
    assert "VW-01" not in store.get_case(case.id).state.answers


def test_header_changes_are_validated_audited_and_recount(store: LocalStore, case: CaseSummary) -> None:
    with pytest.raises(StoreError, match="casework_type: 'Traffic' is not one of"):
        store.save_header(case.id, "casework_type", "Traffic", "ann")
    with pytest.raises(StoreError, match="colour: no such header field"):
        store.save_header(case.id, "colour", "blue", "ann")
    summary = store.save_header(case.id, "charging_route", "police", "ann")
    assert summary.applicable == 3 and summary.header["charging_route"] == "police"
    assert store.save_header(case.id, "charging_route", "police", "ann") == summary
    hist = store.history(case.id, "charging_route")
    assert [(json.loads(e.old or "null"), json.loads(e.new or "null")) for e in hist] == [("area", "police")]
    store.save_header(case.id, "victim_letter_required", None, "ann")
    assert "victim_letter_required" not in store.get_case(case.id).state.header


def test_audit_rows_cannot_be_changed_or_deleted(store: LocalStore, case: CaseSummary, db_path) -> None:
    import sqlite3

    store.save_answer(case.id, "VW-01", Answer("fully"), "ann")
    con = sqlite3.connect(db_path)
    try:
        for sql in ("UPDATE audit_event SET actor = 'mallory'", "DELETE FROM audit_event"):
            with pytest.raises(sqlite3.IntegrityError, match="audit events cannot be"):
                con.execute(sql)
    finally:
        con.close()
    assert {e.actor for e in store.history(case.id)} == {"ann"}


def test_save_answers_is_all_or_nothing(store: LocalStore, inspection: Inspection) -> None:
    a, b = store.add_cases(inspection.id, [("A", {"charging_route": "area"}), ("B", {})], actor="ann")
    with pytest.raises(StoreError) as err:
        store.save_answers([(a.id, "PC-03", Answer("fully")), (b.id, "VW-01", Answer("sometimes"))], "importer")
    assert "B VW-01" in str(err.value)
    assert store.get_case(a.id).state.answers == {} and store.history(a.id)[-1].kind == "case"
    done = store.save_answers([(a.id, "PC-03", Answer("fully")), (a.id, "PC-04", Answer("not")),
                               (b.id, "VW-01", Answer("fully"))], "importer", reason="marks import")
    assert {s.reference: s.answered for s in done} == {"A": 2, "B": 1}
    # Several changes to one answer in one transaction: set, clear, set again — each audited.
    store.save_answers([(b.id, "DI-02", Answer("fully")), (b.id, "DI-02", None),
                        (b.id, "DI-02", Answer("not", comment="late"))], "importer")
    assert store.get_case(b.id).state.answers["DI-02"] == Answer("not", comment="late")
    assert len(store.history(b.id, "DI-02")) == 3
    store.save_answers([(b.id, "VW-01", None), (b.id, "VW-01", Answer("not"))], "importer")  # saved row
    assert store.get_case(b.id).state.answers["VW-01"] == Answer("not")


def test_replace_case_with_reserve(store: LocalStore, inspection: Inspection) -> None:
    main = store.add_cases(inspection.id, [("M1", {})], actor="lead")[0]
    spare = store.add_cases(inspection.id, [("R1", {})], actor="lead", reserve=True)[0]
    assert spare.reserve
    with pytest.raises(StoreError, match="needs a reason"):
        store.replace_case(main.id, spare.id, " ", "lead")
    old, new = store.replace_case(main.id, spare.id, "file missing", "lead")
    assert old.withdrawn_reason == "file missing" and not new.reserve
    with pytest.raises(StoreError, match="not an unused reserve"):
        store.replace_case(new.id, spare.id, "again", "lead")
    kinds = [(e.kind, e.key) for e in store.audit_events(inspection.id)]
    assert ("case", "withdrawn") in kinds and ("case", "reserve") in kinds


def test_settings_round_trip(store: LocalStore) -> None:
    assert store.get_setting("inspector", "nobody") == "nobody"
    store.set_setting("inspector", "ann")
    store.set_setting("inspector", "bob")
    assert store.get_setting("inspector") == "bob"


def test_rebind_reports_changes_and_orphans(store: LocalStore, case: CaseSummary, inspection: Inspection,
                                           qs: QuestionSet, form_bytes: bytes) -> None:
    from casereader.core.loader import load_question_set_bytes

    store.save_answer(case.id, "VW-06", Answer("yes"), "ann")
    store.save_answer(case.id, "VW-07", Answer("partially"), "ann")
    store.save_answer(case.id, "PC-04", Answer("fully"), "ann")
    text = form_bytes.decode()
    text = text.replace('version: "1"', 'version: "2"')
    text = text.replace("      - id: VW-07\n        text: Was the victim letter timely?\n        scale: fpn\n"
                        "        applies_if: \"VW-06 == 'yes'\"\n", "")
    text = text.replace("Did the MG3 contain a proper case analysis and case strategy?",
                        "Did the MG3 contain a proper case analysis?")
    text = text.replace("        measures: [grip]\n      - id: VW-06",
                        "        measures: [grip]\n      - id: VW-02\n        text: Were special measures sought?\n"
                        "        scale: yn\n      - id: VW-06")
    new_bytes = text.encode()
    new_qs = load_question_set_bytes(new_bytes, "worked-example v2")
    preview = store.rebind_inspection(inspection.id, new_qs, new_bytes, "lead", dry_run=True)
    assert not preview.applied and store.get_inspection(inspection.id).form_version == "1"
    report = store.rebind_inspection(inspection.id, new_qs, new_bytes, "lead")
    assert report.applied
    assert (report.added, report.removed, report.changed) == (("VW-02",), ("VW-07",), ("PC-04",))
    assert [(o.reference, o.question_id) for o in report.orphaned] == [("URN-001", "VW-07")]
    pinned = store.get_inspection(inspection.id)
    assert (pinned.form_version, pinned.form_hash) == ("2", new_qs.content_hash)
    assert store.question_set(inspection.id) == new_qs and store.form_bytes(inspection.id) == new_bytes
    assert store.get_case(case.id).summary.applicable == 6
    events = store.audit_events(inspection.id)
    assert any(e.kind == "inspection" and e.key == "form" and "1 removed" in e.reason for e in events)
    assert any(e.kind == "orphaned" and e.key == "VW-07" for e in events)
    other_bytes = new_bytes.replace(b"id: worked-example", b"id: other-set")
    other = load_question_set_bytes(other_bytes, "other")
    with pytest.raises(StoreError, match="uses question set 'worked-example', not 'other-set'"):
        store.rebind_inspection(inspection.id, other, other_bytes, "lead")
    unhashed = new_qs.model_copy(update={"content_hash": ""})  # a set built in code, not loaded from a file
    with pytest.raises(StoreError, match="are question set other-set@2, not worked-example@2"):
        store.rebind_inspection(inspection.id, unhashed, other_bytes, "lead")


RULES_SET = b"""id: rules-test
version: "1"
title: Rules test
programme: Test
scales:
  - {id: count, label: Count, kind: number, minimum: 0, maximum: 50}
sections:
  - id: s
    title: Witnesses
    questions:
      - {id: W-01, text: Witnesses in the case, scale: count}
      - {id: W-02, text: Witnesses warned, scale: count, valid_if: "W-02 <= W-01",
         valid_message: "more witnesses warned than there are"}
"""


def test_cross_question_rule_keeps_the_draft_but_blocks_completion(store: LocalStore) -> None:
    from casereader.core.loader import load_question_set_bytes

    rules = load_question_set_bytes(RULES_SET, "rules-test.yaml")
    insp = store.create_inspection(rules, area="Mersey", round="follow-up", form_bytes=RULES_SET)
    c = store.add_cases(insp.id, [("R-1", {})], actor="ann")[0]
    with pytest.raises(StoreError, match="W-01: must be between 0 and 50"):  # off the number scale: refused
        store.save_answer(c.id, "W-01", Answer(51.0), "ann")
    store.save_answer(c.id, "W-02", Answer(3.0), "ann")  # W-01 not given yet: the rule is not broken
    store.save_answer(c.id, "W-01", Answer(2.0), "ann")  # now it is, but the draft is kept
    assert store.get_case(c.id).state.answers == {"W-01": Answer(2.0), "W-02": Answer(3.0)}
    with pytest.raises(StoreError, match="more witnesses warned than there are"):
        store.set_status(c.id, CaseStatus.COMPLETE, "ann")
    store.save_answer(c.id, "W-01", Answer(4), "ann")  # an int is stored as the number 4.0
    assert store.get_case(c.id).state.answers["W-01"] == Answer(4.0)
    assert store.set_status(c.id, CaseStatus.COMPLETE, "ann").status == CaseStatus.COMPLETE
