"""Exporting an inspection's marks from the local store as a signed, encrypted marks bundle.

A full bundle holds every case and the whole audit trail of the inspection. An incremental one
(``since_last``) holds only the cases changed since the last export (a different checksum, or new
audit events) and the audit events after it; it names the previous sequence and continues its
audit-chain head. What was exported is kept in the local store's settings per inspection.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casereader.central.casemarks import CaseMarks
from casereader.core.answers import Answer
from casereader.core.inspection import AuditEvent, CaseFile, StoreError
from casereader.sync.pins import pinned_central

if TYPE_CHECKING:
    from casereader.bundles import DeviceKey, Manifest
    from casereader.storage import LocalStore

EXPORT_SETTING = "sync.export.{}.{}"  # device id, inspection id


class SyncError(Exception):
    """An export, pack import, receipt or purge that could not be done; the message is fit to show."""


@dataclass(frozen=True)
class Export:
    data: bytes
    manifest: Manifest
    state: dict[str, Any]  # what to remember once the file is safely written

    @property
    def sequence(self) -> int:
        return self.manifest.sequence

    @property
    def kind(self) -> str:
        return self.manifest.kind


def last_export(store: LocalStore, inspection_id: str, device_id: str) -> dict[str, Any] | None:
    """What this device last exported of the inspection: sequence, bundle id, chain head, case checksums."""
    raw = store.get_setting(EXPORT_SETTING.format(device_id, inspection_id))
    return json.loads(raw) if raw else None


def record_export(store: LocalStore, inspection_id: str, export: Export) -> None:
    key = EXPORT_SETTING.format(export.manifest.device.id, inspection_id)
    store.set_setting(key, json.dumps(export.state, sort_keys=True))


def case_marks(case: CaseFile) -> CaseMarks:
    s = case.summary
    return CaseMarks(id=s.id, reference=s.reference, header=dict(case.state.header), status=s.status.value,
                     inspector=s.inspector, updated_at=s.updated_at, answers=dict(case.state.answers),
                     reserve=s.reserve, withdrawn_reason=s.withdrawn_reason)


def read_cases(store: LocalStore, inspection_id: str) -> list[CaseFile]:
    """Every case of the inspection. Uses the store's one-query ``case_files`` where the store has it;
    otherwise one ``get_case`` per case (the export's main cost at 10,000 cases)."""
    bulk = getattr(store, "case_files", None)
    if bulk is not None:
        return list(bulk(inspection_id))
    return [store.get_case(c.id) for c in store.list_cases(inspection_id)]


def _answer_json(a: Answer, inspector: str, updated_at: str) -> dict[str, Any]:
    value: Any = list(a.value) if isinstance(a.value, tuple) else a.value
    return {"value": value, "na": a.na, "na_reason": a.na_reason, "comment": a.comment, "inspector": inspector,
            "updated_at": updated_at}


def _event_json(e: AuditEvent) -> dict[str, Any]:
    return {"seq": e.seq, "at": e.at, "actor": e.actor, "case_id": e.case_id, "kind": e.kind, "key": e.key,
            "old": e.old, "new": e.new, "reason": e.reason}


def build_export(store: LocalStore, inspection_id: str, device: DeviceKey, *,
                 since_last: bool = False) -> Export | None:
    """Write the bundle bytes (not yet a file). ``None`` when ``since_last`` finds nothing changed."""
    from casereader.bundles import BundleError, MarksPayload, verify_bundle, write_marks_bundle
    from casereader.bundles.marks import GENESIS

    try:
        insp = store.get_inspection(inspection_id)
        central = pinned_central(store)
        if central is None:
            raise SyncError("this installation has no central key yet: import a sample pack from the centre first")
        previous = last_export(store, insp.id, device.device_id)
        files = read_cases(store, insp.id)
        events = sorted(store.audit_events(insp.id), key=lambda e: e.seq)
    except StoreError as exc:
        raise SyncError(str(exc)) from exc
    top = max((e.seq for e in events), default=previous["audit_seq"] if previous else 0)
    marks = [case_marks(f) for f in files]
    checksums = {m.id: m.checksum for m in marks}
    incremental = since_last and previous is not None
    if incremental:
        assert previous is not None
        events = [e for e in events if e.seq > previous["audit_seq"]]
        old = previous["checksums"]
        changed = {cid for cid, cs in checksums.items() if old.get(cid) != cs}
        changed |= {e.case_id for e in events if e.case_id}
        marks = [m for m in marks if m.id in changed]
        if not marks and not events:
            return None
    by_case: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        by_case[e.case_id].append(_event_json(e))
    included = {m.id for m in marks}
    stray = [e for cid, evs in by_case.items() if cid is not None and cid not in included for e in evs]
    if stray:
        raise SyncError(f"audit event {stray[0]['seq']} belongs to case {stray[0]['case_id']}, which is not "
                        f"part of inspection {insp.id}")
    doc = {
        "inspection": {"id": insp.id, "title": insp.title, "programme": insp.programme, "area": insp.area,
                       "round": insp.round.value, "form_id": insp.form_id, "form_version": insp.form_version,
                       "form_hash": insp.form_hash, "inspectors": list(insp.inspectors)},
        "cases": [{"id": m.id, "reference": m.reference, "header": dict(m.header), "status": m.status,
                   "inspector": m.inspector, "updated_at": m.updated_at, "reserve": m.reserve,
                   "withdrawn_reason": m.withdrawn_reason, "audit": by_case.get(m.id, []),
                   "answers": {q: _answer_json(a, m.inspector, m.updated_at) for q, a in m.answers.items()}}
                  for m in marks],
        "audit": by_case.get(None, []),
    }
    sequence = (previous["sequence"] if previous else 0) + 1
    try:
        payload = MarksPayload.model_validate(doc)
        data = write_marks_bundle(
            payload, device, central, kind="incremental" if incremental else "full", sequence=sequence,
            previous_sequence=previous["sequence"] if previous else None,
            previous_chain_head=previous["chain_head"] if incremental and previous else GENESIS)
        manifest = verify_bundle(data)
    except BundleError as exc:
        raise SyncError(str(exc)) from exc
    except ValueError as exc:  # pydantic's ValidationError: local data the bundle format refuses
        raise SyncError(f"cannot export inspection {insp.id}: {str(exc).splitlines()[0]}") from exc
    state = {"sequence": sequence, "kind": manifest.kind, "bundle_id": manifest.bundle_id,
             "chain_head": manifest.audit_chain.head, "created_at": manifest.created_at,
             "audit_seq": top,
             "checksums": checksums}
    return Export(data, manifest, state)
