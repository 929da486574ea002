"""The importer's plain-JSON path: answers with and without their own inspector and time."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from casereader.bundles.marks import write_marks_doc
from casereader.central.schema import CentralAnswerRecord
from casereader.core.answers import Answer
from casereader.sync.pins import pinned_central


def test_answer_inspector_is_its_own_or_the_cases(centre, laptops):
    ann = laptops("ann")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-04", Answer("fully", comment="e1"), "ann")
    ann.store.save_answer(ids["URN001"], "DI-02", Answer("partially", comment="e2"), "ann")
    insp = ann.store.get_inspection(ann.inspection_id)
    cases = ann.store.case_documents(insp.id)
    by_case = defaultdict(list)
    for e in ann.store.audit_log(insp.id):
        by_case[e["case_id"]].append(e)
    for c in cases:
        c["audit"] = by_case[c["id"]]
    first = next(c for c in cases if c["id"] == ids["URN001"])
    first["answers"]["DI-02"].update(inspector="bob", updated_at="2026-03-01T10:00:00Z")
    doc = {"inspection": {"id": insp.id, "title": insp.title, "programme": insp.programme, "area": insp.area,
                          "round": insp.round.value, "form_id": insp.form_id, "form_version": insp.form_version,
                          "form_hash": insp.form_hash, "inspectors": list(insp.inspectors)},
           "cases": cases, "audit": by_case[None]}
    result = centre.import_(write_marks_doc(doc, ann.device, pinned_central(ann.store)))
    assert result.status == "imported" and result.answers == 2
    with centre.store.sessions() as s:
        rows = {r.question_id: (r.inspector, r.updated_at, r.value, r.comment, r.applicable)
                for r in s.scalars(select(CentralAnswerRecord).where(CentralAnswerRecord.case_id == ids["URN001"]))}
    assert rows["DI-02"] == ("bob", "2026-03-01T10:00:00Z", "partially", "e2", True)
    assert rows["PC-04"] == (first["inspector"], first["updated_at"], "fully", "e1", True)
    assert first["inspector"] == "ann"
