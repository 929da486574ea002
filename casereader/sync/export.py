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

from casereader.bundles.case_marks import CaseMarks
from casereader.core.errors import UserError
from casereader.core.inspection import CaseFile, StoreError
from casereader.sync.pins import pinned_central

if TYPE_CHECKING:
    from casereader.bundles import DeviceKey, Manifest
    from casereader.storage import LocalStore

EXPORT_SETTING = "sync.export.{}.{}"  # device id, inspection id


class SyncError(UserError):
    """An export, pack import, receipt or purge that could not be done; the message is fit to show."""


class AlreadyImported(SyncError):
    """A pack whose inspection is already on this installation (the sync folder skips it quietly)."""


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


def build_export(store: LocalStore, inspection_id: str, device: DeviceKey, *,
                 since_last: bool = False) -> Export | None:
    """Write the bundle bytes (not yet a file). ``None`` when ``since_last`` finds nothing changed.

    Reads the store set-based (``case_documents``, ``audit_log``), builds the payload as plain JSON objects
    and lets :func:`casereader.bundles.marks.write_marks_doc` validate it in one pass.
    """
    from casereader.bundles.marks import gc_paused

    with gc_paused():
        return _build_export(store, inspection_id, device, since_last=since_last)


def _build_export(store: LocalStore, inspection_id: str, device: DeviceKey, *,
                  since_last: bool = False) -> Export | None:
    from casereader.bundles import BundleError, verify_bundle
    from casereader.bundles.checksums import marks_checksum
    from casereader.bundles.marks import GENESIS, write_marks_doc

    try:
        insp = store.get_inspection(inspection_id)
        central = pinned_central(store)
        if central is None:
            raise SyncError("this installation has no central key yet: import a sample pack from the centre first")
        previous = last_export(store, insp.id, device.device_id)
        cases = store.case_documents(insp.id)
        questions = store.question_set(insp.id).question_index
        events = store.audit_log(insp.id)  # in sequence order
        answers = [e.to_json() for e in store.review_events(insp.id, local_only=True)]  # to the centre's queries
    except StoreError as exc:
        raise SyncError(str(exc)) from exc
    top = events[-1]["seq"] if events else (previous["audit_seq"] if previous else 0)
    try:
        record_head = store.audit_head(insp.id, top)
    except StoreError as exc:
        raise SyncError(str(exc)) from exc
    incremental = since_last and previous is not None
    if incremental:
        assert previous is not None
        events = [e for e in events if e["seq"] > previous["audit_seq"]]
    by_case: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        by_case[e["case_id"]].append(e)
    for c in cases:
        if any(qid not in questions for qid in c["answers"]):  # orphaned by 'inspection migrate': kept, not sent
            c["answers"] = {qid: a for qid, a in c["answers"].items() if qid in questions}
        # An answer's inspector and time are left out (defaults ""): they were always the case's, which the
        # centre takes for an answer without its own, so writing them 200,000 times only made bundles bigger.
        c["role"], c["audit"] = "first", by_case.get(c["id"], [])
    checksums = {c["id"]: marks_checksum(c) for c in cases}
    if incremental:
        assert previous is not None
        old = previous["checksums"]
        changed = {cid for cid, cs in checksums.items() if old.get(cid) != cs}
        changed |= {e["case_id"] for e in events if e["case_id"]}
        cases = [c for c in cases if c["id"] in changed]
        if not cases and not events:
            return None
    included = {c["id"] for c in cases}
    stray = [e for cid, evs in by_case.items() if cid is not None and cid not in included for e in evs]
    if stray:
        raise SyncError(f"audit event {stray[0]['seq']} belongs to case {stray[0]['case_id']}, which is not "
                        f"part of inspection {insp.id}")
    doc = {
        "inspection": {"id": insp.id, "title": insp.title, "programme": insp.programme, "area": insp.area,
                       "round": insp.round.value, "form_id": insp.form_id, "form_version": insp.form_version,
                       "form_hash": insp.form_hash, "inspectors": list(insp.inspectors)},
        "cases": cases,
        "audit": by_case.get(None, []),
    }
    if answers:  # every one, every time: the centre keeps those it does not hold yet
        doc["reviews"] = answers
    sequence = (previous["sequence"] if previous else 0) + 1
    try:
        data = write_marks_doc(
            doc, device, central, kind="incremental" if incremental else "full", sequence=sequence,
            previous_sequence=previous["sequence"] if previous else None,
            previous_chain_head=previous["chain_head"] if incremental and previous else GENESIS,
            record_head=record_head)
        manifest = verify_bundle(data)
    except BundleError as exc:
        if exc.code == "schema":  # what of the marks the bundle format cannot hold, without the writer's "where"
            raise SyncError(f"cannot export inspection {insp.id}: {exc.problem}") from exc
        raise SyncError(str(exc)) from exc
    state = {"sequence": sequence, "kind": manifest.kind, "bundle_id": manifest.bundle_id,
             "chain_head": manifest.audit_chain.head, "created_at": manifest.created_at,
             "audit_seq": top, "record_head": record_head,
             "checksums": checksums}
    return Export(data, manifest, state)
