"""Property: export → import gives the centre exactly the inspector's answers, comments and audit events."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from casereader.bundles import CentralKeys, DeviceKey
from casereader.central.importer import import_bundle
from casereader.central.packs import issue_pack
from casereader.central.schema import CentralAnswerRecord, CentralAuditRecord
from casereader.central.store import CentralStore
from casereader.core.answers import Answer, value_text
from casereader.core.engine import CaseEngine
from casereader.core.inspection import Round, StoreError
from casereader.core.loader import load_question_set
from casereader.storage import LocalStore
from casereader.sync.export import build_export, record_export
from casereader.sync.packs import import_pack

FORM = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"
SAMPLE = [("URN001", {"casework_type": "MC", "charging_route": "area", "victim_letter_required": True}),
          ("URN002", {"casework_type": "CC", "charging_route": "police"}),
          ("URN003", {"casework_type": "RASSO", "charging_route": "cpsd"})]
QS = load_question_set(FORM)
QUESTIONS = [q.id for q in QS.questions]
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[int, str, Answer | None]]:
    out = []
    for _ in range(draw(st.integers(0, 14))):
        case = draw(st.integers(0, len(SAMPLE) - 1))
        qid = draw(st.sampled_from(QUESTIONS))
        q, scale = QS.question(qid), QS.scale_of(qid)
        kind = draw(st.sampled_from(["value", "na", "clear"] if q.na.allowed else ["value", "clear"]))
        if kind == "clear":
            out.append((case, qid, None))
        elif kind == "na":
            reason = draw(st.sampled_from(q.na.reasons)) if q.na.reasons else ""
            out.append((case, qid, Answer(na=True, na_reason=reason, comment=draw(text))))
        else:
            value = draw(st.sampled_from(scale.values))
            out.append((case, qid, Answer(value, comment=draw(text) or "evidence")))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=edits(), second=edits())
def test_export_import_round_trip(tmp_path_factory, first, second) -> None:
    folder = tmp_path_factory.mktemp("rt")
    keys, device = CentralKeys.generate(), DeviceKey.generate()
    centre = CentralStore.open(f"sqlite:///{folder / 'central.sqlite'}", create=True)
    local = LocalStore.open(folder / "local.sqlite")
    try:
        pack = issue_pack(centre, keys, QS, FORM.read_bytes(), area="Wessex", round=Round.BASELINE, sample=SAMPLE,
                          out=folder / "p.crpack")
        insp = import_pack(local, pack.data, actor="ann").inspection
        centre.enrol(device.device_id, device.public_bytes())
        ids = [c.id for c in local.list_cases(insp.id)]
        for batch, since_last in ((first, False), (second, True)):
            for case, qid, answer in batch:
                state = local.get_case(ids[case]).state
                if answer is not None and not CaseEngine(QS, state).is_applicable(qid):
                    continue
                try:
                    local.save_answer(ids[case], qid, answer, "ann")
                except StoreError:
                    continue  # refused locally (e.g. a comment required): nothing to export
            done = build_export(local, insp.id, device, since_last=since_last)
            if done is not None:
                record_export(local, insp.id, done)
                assert import_bundle(centre, done.data, keys).status == "imported"
        expected = {}
        for cid in ids:
            for qid, a in local.get_case(cid).state.answers.items():
                expected[(cid, qid)] = (value_text(a.value), a.na, a.na_reason, a.comment)
        events = {(e.seq, e.at, e.actor, e.case_id, e.kind, e.key, e.old, e.new, e.reason)
                  for e in local.audit_events(insp.id)}
        with centre.sessions() as s:
            got = {(r.case_id, r.question_id): (r.value, r.na, r.na_reason, r.comment)
                   for r in s.scalars(select(CentralAnswerRecord))}
            mine = select(CentralAuditRecord).where(CentralAuditRecord.device_id == device.device_id)
            audit = {(r.seq, r.at, r.actor, r.case_id, r.kind, r.key, r.old, r.new, r.reason) for r in s.scalars(mine)}
        assert got == expected
        assert audit == events
    finally:
        local.close()
        centre.close()
