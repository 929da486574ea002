"""Receipts: signed by the centre, verified by the device, tampering and other keys refused."""

from __future__ import annotations

import json

import pytest
from bundle_factory import make_payload, members_of, replace_members

from casereader.bundles import (
    BundleError,
    canonical,
    manifest_sha256,
    read_receipt,
    verify_bundle,
    write_marks_doc,
    write_receipt,
)


def test_receipt_round_trip(qs, device, central) -> None:
    bundle = write_marks_doc(make_payload(qs, cases=3), device, central.public_keys)
    manifest = verify_bundle(bundle)
    receipt = read_receipt(write_receipt(manifest, central, status="already-imported"),
                           central.public_keys.signing_public)
    assert receipt.status == "already-imported"
    assert (receipt.bundle_id, receipt.device_id, receipt.inspection_id) == (
        manifest.bundle_id, device.device_id, "insp-0001")
    assert receipt.cases == manifest.cases and len(receipt.cases) == 3
    assert receipt.audit_chain_head == manifest.audit_chain.head
    assert receipt.manifest_sha256 == canonical.sha256_hex(members_of(bundle)["manifest.json"])
    assert receipt.manifest_sha256 == manifest_sha256(manifest)
    assert receipt.central_fingerprint == central.public_keys.fingerprint


def test_receipt_from_another_key_or_altered_is_refused(qs, device, central, other_central) -> None:
    manifest = verify_bundle(write_marks_doc(make_payload(qs), device, central.public_keys))
    forged = write_receipt(manifest, other_central)
    with pytest.raises(BundleError, match="receipt: signature does not match: the receipt was altered or not signed"):
        read_receipt(forged, central.public_keys.signing_public)
    good = write_receipt(manifest, central)
    body = json.loads(members_of(good)["receipt.json"])
    body["status"] = "imported-with-conflicts"
    with pytest.raises(BundleError, match="signature does not match"):
        read_receipt(replace_members(good, {"receipt.json": canonical.dumps(body)}), central.public_keys.signing_public)
    with pytest.raises(BundleError, match="there are bytes after the end of the archive"):
        read_receipt(good + b"x", central.public_keys.signing_public)


def test_receipt_status_is_checked(qs, device, central) -> None:
    manifest = verify_bundle(write_marks_doc(make_payload(qs), device, central.public_keys))
    with pytest.raises(BundleError, match=r"cannot write receipt\.json: field 'status'"):
        write_receipt(manifest, central, status="lost")
