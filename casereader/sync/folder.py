"""The sync folder (a shared or synchronised folder, not a server), receipts and purging.

``run_sync`` picks up new sample packs, query packs and receipts from the folder and exports every inspection
that changed since its last export into it. A receipt signed by the pinned central key records what
the centre holds; purging an inspection is allowed only when a receipt covers its latest export and
nothing changed since.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casereader.core.inspection import StoreError
from casereader.files import TooLarge, read_bounded, write_atomic
from casereader.sync.export import (
    AlreadyImported,
    Export,
    SyncError,
    build_export,
    case_marks,
    last_export,
    read_cases,
    record_export,
)
from casereader.sync.packs import PACK_SETTING, import_pack
from casereader.sync.pins import pinned_central

if TYPE_CHECKING:
    from casereader.bundles import DeviceKey, Receipt
    from casereader.storage import LocalStore

FOLDER_SETTING = "sync.folder"
RECEIPT_SETTING = "sync.receipt.{}"
PACKS_SETTING = "sync.packs-seen"
BUNDLE_SUFFIX = ".crbundle"
PACK_SUFFIX = ".crpack"
RECEIPT_SUFFIX = ".crreceipt"
MAX_FILE = 200 * 1024 * 1024


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SyncError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _read(path: Path) -> bytes:
    try:
        return read_bounded(path, MAX_FILE)
    except OSError as exc:
        raise SyncError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except TooLarge:
        raise SyncError(f"{path}: too large") from None


def write_export(store: LocalStore, inspection_id: str, device: DeviceKey, out: Path, *,
                 since_last: bool = False) -> Export | None:
    """Export to ``out``; the export is remembered only once the file is safely written."""
    done = build_export(store, inspection_id, device, since_last=since_last)
    if done is None:
        return None
    _write_atomic(out, done.data)
    try:
        record_export(store, inspection_id, done)
    except StoreError as exc:
        raise SyncError(f"{out} was written but could not be recorded: {exc}") from exc
    return done


def bundle_name(area: str, inspection_id: str, device_id: str, sequence: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-")[:40] or "area"
    return f"{slug}-{inspection_id[:8]}-{device_id[:8]}-{sequence:05d}{BUNDLE_SUFFIX}"


# -- receipts --------------------------------------------------------------------------------------------
def accepted_receipt(store: LocalStore, inspection_id: str) -> dict[str, Any] | None:
    raw = store.get_setting(RECEIPT_SETTING.format(inspection_id))
    return json.loads(raw) if raw else None


def take_receipt(store: LocalStore, data: bytes, device_id: str, *, display: str = "receipt") -> Receipt | None:
    """Check a receipt against the pinned central key and remember it. ``None`` if it is for another device."""
    receipt = check_receipt(store, data, device_id, display=display)
    if receipt is not None:
        remember_receipt(store, receipt)
    return receipt


def check_receipt(store: LocalStore, data: bytes, device_id: str, *, display: str = "receipt") -> Receipt | None:
    """Check a receipt against the pinned central key, changing nothing. ``None`` if it is for another device."""
    from casereader.bundles import BundleError, read_receipt

    central = pinned_central(store)
    if central is None:
        raise SyncError("no central key is trusted yet: import a sample pack first")
    try:
        receipt = read_receipt(data, central.signing_public, display=display)
    except BundleError as exc:
        raise SyncError(str(exc)) from exc
    if receipt.device_id != device_id:
        return None
    if receipt.central_fingerprint != central.fingerprint:
        raise SyncError(f"{display}: issued by another centre")
    return receipt


def _record(receipt: Receipt) -> dict[str, Any]:
    return {"sequence": receipt.sequence, "bundle_id": receipt.bundle_id, "status": receipt.status,
            "issued_at": receipt.issued_at, "cases": receipt.cases}


def remember_receipt(store: LocalStore, receipt: Receipt) -> None:
    """Keep a checked receipt as what the centre holds of its inspection, unless a later one is kept."""
    known = accepted_receipt(store, receipt.inspection_id)
    if known is None or receipt.sequence >= known["sequence"]:
        store.set_setting(RECEIPT_SETTING.format(receipt.inspection_id), json.dumps(_record(receipt), sort_keys=True))


# -- purge -----------------------------------------------------------------------------------------------
def unsent_changes(store: LocalStore, inspection_id: str, device_id: str) -> int:
    """How many cases changed (or gained audit events) since this device's last export."""
    last = last_export(store, inspection_id, device_id)
    if last is None:
        return len(store.list_cases(inspection_id))
    changed = {m.id for m in map(case_marks, read_cases(store, inspection_id))
               if last["checksums"].get(m.id) != m.checksum}
    changed |= {e.case_id or "" for e in store.audit_events(inspection_id) if e.seq > last["audit_seq"]}
    return len(changed)


def purge(store: LocalStore, inspection: str, *, receipt: bytes | None, actor: str, device_id: str,
          confirm: Callable[[str], bool] | None = None) -> str:
    """Delete an inspection's local data, only if a receipt covers its latest export and nothing changed, and
    (with ``confirm``) only once it says yes to the description of what would be deleted."""
    try:
        insp = store.get_inspection(inspection)
        given = check_receipt(store, receipt, device_id, display="receipt") if receipt is not None else None
        last = last_export(store, insp.id, device_id)
        if last is None:
            raise SyncError(f"inspection {insp.id} has never been exported: export it and send the bundle first")
        held = accepted_receipt(store, insp.id)
        if given is not None and given.inspection_id == insp.id and (held is None
                                                                      or given.sequence >= held["sequence"]):
            held = _record(given)  # kept only by purging: a refused purge changes nothing
        if held is None or held["sequence"] < last["sequence"]:
            got = f"the latest receipt covers bundle {held['sequence']}" if held else "no receipt has been received"
            raise SyncError(f"the centre has not confirmed the latest export of inspection {insp.id} (bundle "
                            f"{last['sequence']}; {got}): not purged")
        if held["sequence"] == last["sequence"] and held["bundle_id"] != last["bundle_id"]:
            raise SyncError(f"the receipt for bundle {held['sequence']} names another bundle than the latest "
                            "export: not purged")
        pending = unsent_changes(store, insp.id, device_id)
        if pending:
            raise SyncError(f"{pending} case(s) of inspection {insp.id} changed since the last export: export and "
                            "send them, and wait for the receipt, before purging")
        if confirm is not None and not confirm(f"delete inspection {insp.id} ({insp.title}) from this laptop; the "
                                               f"centre holds bundle {held['sequence']}"):
            raise SyncError(f"inspection {insp.id} not purged: not confirmed")
        remover = getattr(store, "purge_inspection", None)
        if remover is None:
            raise SyncError(f"the centre holds everything of inspection {insp.id}, but this version of the local "
                            "store cannot delete an inspection: the data was kept")
        if given is not None and given.inspection_id != insp.id:
            remember_receipt(store, given)
        removed = remover(insp.id, actor=actor, reason=f"receipt for bundle {held['sequence']}")
    except StoreError as exc:
        raise SyncError(str(exc)) from exc
    return f"inspection {insp.id} purged from this laptop ({removed} case(s)); the centre holds bundle " \
           f"{held['sequence']}"


# -- the folder ------------------------------------------------------------------------------------------
def run_sync(store: LocalStore, device: DeviceKey, *, actor: str) -> tuple[list[str], int]:
    """One sync pass. Returns the lines to show and how many steps failed."""
    folder_text = store.get_setting(FOLDER_SETTING)
    if not folder_text:
        raise SyncError("no sync folder is set: use casereader sync set-folder DIR")
    folder = Path(folder_text)
    if not folder.is_dir():
        return [f"the sync folder {folder} is not reachable now; nothing was done"], 1
    lines: list[str] = []
    failed = 0
    known = store.get_setting(PACKS_SETTING)
    seen: set[str] = set(json.loads(known or "[]"))
    from casereader.bundles.query_packs import is_query_pack
    from casereader.sync.reviews import import_query_pack

    for path in sorted(folder.glob(f"*{PACK_SUFFIX}")):
        try:
            data = _read(path)
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                continue
            if is_query_pack(data):  # the centre's queries and sign-offs (the review loop)
                taken = import_query_pack(store, data, actor=actor, display=path.name)
                lines.append(f"{path.name}: {taken.new} new review event(s) of inspection {taken.inspection_id}; "
                             f"{taken.open_queries} query(ies) open")
            else:
                done = import_pack(store, data, actor=actor, display=path.name)
                lines.append(f"{path.name}: imported inspection {done.inspection.id} ({done.cases} case(s))")
        except SyncError as exc:
            if not isinstance(exc, AlreadyImported):
                failed += 1
                lines.append(f"{path.name}: not imported: {exc}")
                continue
        seen.add(digest)
    if json.dumps(sorted(seen)) != (known or "[]"):  # a pass that picked up no pack changes nothing
        store.set_setting(PACKS_SETTING, json.dumps(sorted(seen)))
    for path in sorted(folder.glob(f"*{RECEIPT_SUFFIX}")):
        try:
            receipt = take_receipt(store, _read(path), device.device_id, display=path.name)
        except SyncError as exc:
            failed += 1
            lines.append(f"{path.name}: {exc}")
            continue
        if receipt is not None:
            lines.append(f"{path.name}: the centre holds bundle {receipt.sequence} of inspection "
                         f"{receipt.inspection_id} ({receipt.status})")
    if pinned_central(store) is None:
        return lines, failed
    for insp in store.list_inspections():
        if store.get_setting(PACK_SETTING.format(insp.id)) is None:
            continue  # made on this laptop, not issued by the centre: the centre would refuse it
        try:
            made = build_export(store, insp.id, device, since_last=True)
            if made is None:
                continue
            out = folder / bundle_name(insp.area, insp.id, device.device_id, made.sequence)
            _write_atomic(out, made.data)
            record_export(store, insp.id, made)
        except (SyncError, StoreError) as exc:
            failed += 1
            lines.append(f"inspection {insp.id}: not exported: {exc}")
            continue
        lines.append(f"{out.name}: {made.kind} bundle {made.sequence} of inspection {insp.id} "
                     f"({len(made.manifest.cases)} case(s))")
    return lines, failed
