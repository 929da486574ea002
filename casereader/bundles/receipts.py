"""Receipts (centre → inspector): the centre's signed confirmation that it holds a bundle.

A receipt is a canonical zip of exactly ``receipt.json`` (a :class:`Receipt`) and ``signature.bin``
(Ed25519 by the central signing key over ``"casereader-receipt-v1\\0" ‖ sha256(receipt.json)``). It
lists the checksum of every case the bundle carried, so a device may purge a case only when its local
copy still has that checksum.
"""

from __future__ import annotations

import hashlib
import uuid

from casereader.bundles import canonical, documents
from casereader.bundles import limits as L
from casereader.bundles.archive import read_archive, write_archive
from casereader.bundles.crypto import CentralKeys, verify_signature
from casereader.bundles.errors import BundleError
from casereader.bundles.marks import utc_now
from casereader.bundles.models import Manifest, Receipt

FORMAT = "casereader-receipt"
FORMAT_VERSION = 1
_SIGN_CONTEXT = b"casereader-receipt-v1\x00"
MEMBERS = (
    L.MemberSpec("receipt.json", L.MAX_RECEIPT_BYTES),
    L.MemberSpec("signature.bin", L.SIGNATURE_BYTES, exact_bytes=L.SIGNATURE_BYTES),
)


def manifest_sha256(manifest: Manifest) -> str:
    """sha256 of a manifest's canonical bytes (equal to the bytes in the bundle)."""
    return canonical.sha256_hex(canonical.dumps(manifest.model_dump(mode="json")))


def write_receipt(manifest: Manifest, keys: CentralKeys, *, status: str = "imported",
                  issued_at: str | None = None, receipt_id: str | None = None) -> bytes:
    """A receipt, signed by the centre, for the bundle described by ``manifest``."""
    receipt = documents.build(
        Receipt, "receipt.json",
        format=FORMAT, format_version=FORMAT_VERSION, receipt_id=receipt_id or str(uuid.uuid4()),
        issued_at=issued_at or utc_now(), status=status, central_fingerprint=keys.public_keys.fingerprint,
        bundle_id=manifest.bundle_id, manifest_sha256=manifest_sha256(manifest), device_id=manifest.device.id,
        inspection_id=manifest.inspection_id, kind=manifest.kind, sequence=manifest.sequence,
        audit_chain_head=manifest.audit_chain.head, cases=dict(manifest.cases),
    )
    body = canonical.dumps(receipt.model_dump(mode="json"))
    return write_archive([("receipt.json", body), ("signature.bin", keys.sign(_signed_message(body)))])


def _signed_message(body: bytes) -> bytes:
    return _SIGN_CONTEXT + hashlib.sha256(body).digest()


def read_receipt(data: bytes, central_signing_public: bytes, *, display: str = "receipt") -> Receipt:
    """Check a receipt's signature against the centre's signing key and read it."""
    members = read_archive(data, MEMBERS, display, max_bytes=L.MAX_RECEIPT_BYTES)
    body = members["receipt.json"]
    if not verify_signature(central_signing_public, members["signature.bin"], _signed_message(body)):
        raise BundleError(f"{display}: signature does not match: the receipt was altered or not signed by the "
                          "centre this installation trusts", "signature")
    receipt, _ = documents.parse(Receipt, body, f"{display}: receipt.json", fmt=FORMAT, version=FORMAT_VERSION)
    return receipt
