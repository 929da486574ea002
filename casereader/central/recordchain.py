"""The centre's check of a device's audit-log hash chain (see :mod:`casereader.core.auditchain`).

Every bundle names the hash its device's audit log reached after the last event it sends. The centre
recomputes that hash from the events themselves — from the start of the chain for a full bundle, from the
head it already holds for an incremental one — and refuses the bundle when they differ: an event edited
behind the device's triggers, even before it was first exported, no longer leads to the stored hash. A
full bundle must also pass through the head the centre holds, so a rewritten history is refused too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereader.central.errors import CentralError
from casereader.central.schema import BundleRecord
from casereader.core.auditchain import GENESIS, extend

if TYPE_CHECKING:
    from casereader.bundles import Manifest


def check(s: Session, manifest: Manifest, audit: Sequence[Mapping[str, Any]]) -> str:
    """Raise CentralError if the bundle's events do not lead to its record head or do not extend the chain the
    centre holds for the device and inspection; return the head to keep (``"seq:hash"``, or "" if unchecked)."""
    claimed = manifest.audit_chain.record_head
    held = _held(s, manifest)
    who = f"bundle {manifest.sequence} from device {manifest.device.id}"
    if not claimed:
        if held is not None:
            raise CentralError(f"bundle rejected: {who} carries no audit-log chain head, but the device's earlier "
                               "bundles did")
        return ""
    if manifest.kind == "full":
        start = GENESIS
    elif held is not None and held[0] == manifest.previous_sequence:
        start = held[2]
    else:  # the bundle before it is missing (a sequence gap, recorded as a conflict): nothing to continue from
        return ""
    hashes = extend(start, audit)
    reached = hashes[max(hashes)] if hashes else start
    if reached != claimed:
        raise CentralError(
            f"bundle rejected: the audit events of {who} do not lead to the audit-log hash the device recorded "
            f"({claimed[:16]}…, recomputed {reached[:16] or 'nothing'}…): audit events were changed behind the "
            "device's audit log; run 'casereader audit verify' on that laptop")
    if manifest.kind == "full" and held is not None:
        seq, value = held[1], held[2]
        if seq and hashes.get(seq) != value:
            raise CentralError(
                f"bundle rejected: {who} does not extend the audit-log chain the centre holds (event {seq} had "
                f"hash {value[:16]}…): the device's audit log was rewritten")
    last = max(hashes) if hashes else (held[1] if held is not None else 0)
    return f"{last}:{reached}"


def _held(s: Session, manifest: Manifest) -> tuple[int, int, str] | None:
    """The newest checked head for the device and inspection: (bundle sequence, event seq, hash)."""
    row = s.execute(select(BundleRecord.sequence, BundleRecord.record_head).where(
        BundleRecord.device_id == manifest.device.id, BundleRecord.inspection_id == manifest.inspection_id,
        BundleRecord.record_head != "", BundleRecord.sequence < manifest.sequence)
        .order_by(BundleRecord.sequence.desc()).limit(1)).first()
    if row is None:
        return None
    seq, _, value = str(row[1]).partition(":")
    return int(row[0]), int(seq), value
