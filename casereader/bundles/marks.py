"""Marks bundles (inspector → centre): write, verify without decrypting, and open.

A bundle is a canonical zip (see :mod:`casereader.bundles.archive`) of exactly:

* ``manifest.json`` — plain canonical JSON (:class:`Manifest`): ids, hashes, sequence, audit-chain
  head, per-case checksums; no names, references or marks;
* ``payload.bin`` — the bundle id (16 bytes), then the canonical JSON :class:`MarksPayload`,
  zlib-compressed and sealed to the centre's X25519 key (AES-256-GCM, manifest bytes as associated data);
* ``signature.bin`` — Ed25519 by the device over ``"casereader-marks-v1\\0" ‖ sha256(manifest.json)
  ‖ sha256(payload.bin)``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
import zlib
from typing import Any

import pydantic_core

import casereader
from casereader.bundles import canonical, documents
from casereader.bundles import limits as L
from casereader.bundles.archive import read_archive, write_archive
from casereader.bundles.crypto import (
    SEAL_MAGIC,
    SEAL_OVERHEAD,
    SEAL_SUITE,
    CentralKeys,
    CentralPublic,
    DeviceKey,
    b64,
    device_id_of,
    seal,
    unb64,
    verify_signature,
)
from casereader.bundles.errors import BundleError
from casereader.bundles.models import AuditRecord, Manifest, MarksPayload

FORMAT = "casereader-marks"
FORMAT_VERSION = 1
GENESIS = "0" * 64
SEAL_INFO = b"casereader-marks-v1 payload"
_SIGN_CONTEXT = b"casereader-marks-v1\x00"
_ID_BYTES = 16  # payload.bin starts with its bundle's id, so a swapped payload is named as such
MEMBERS = (
    L.MemberSpec("manifest.json", L.MAX_MANIFEST_BYTES),
    L.MemberSpec("payload.bin", L.MAX_BUNDLE_BYTES),
    L.MemberSpec("signature.bin", L.SIGNATURE_BYTES, exact_bytes=L.SIGNATURE_BYTES),
)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def chain_head(events: list[AuditRecord] | list[dict[str, Any]], previous_head: str = GENESIS) -> str:
    """The next link of a device's audit chain: sha256(previous head ‖ canonical JSON of ``events``).

    ``events`` are a bundle's audit events in sequence order, as models or as their JSON dicts
    (``event.model_dump(mode="json")``); both give the same head. Each bundle is one link, so a
    bundle whose ``previous_head`` is not the head of the device's last bundle shows a gap or a fork.
    """
    plain = [e.model_dump(mode="json") if isinstance(e, AuditRecord) else e for e in events]
    return hashlib.sha256(bytes.fromhex(previous_head) + canonical.dumps(plain)).hexdigest()


def _assemble(payload_json: dict[str, Any], case_bytes: list[bytes]) -> bytes:
    """The canonical bytes of a payload, from its cases' canonical bytes (keys sort: audit, cases, inspection)."""
    audit = b'"audit":' + canonical.dumps(payload_json["audit"]) + b"," if "audit" in payload_json else b""
    return b"".join([b"{", audit, b'"cases":[', b",".join(case_bytes), b'],"inspection":',
                     canonical.dumps(payload_json["inspection"]), b"}"])


def _parse_payload(plaintext: bytes, where: str) -> tuple[MarksPayload, dict[str, Any], list[bytes]]:
    """Parse and validate the decrypted payload; it must be exactly canonical JSON.

    Parsed by pydantic-core's JSON parser (Rust, nesting limited to 200 levels while parsing); the
    canonical re-encoding then refuses duplicate keys, spacing and numbers written any other way.
    """
    try:
        obj = pydantic_core.from_json(plaintext, allow_inf_nan=False)
    except ValueError as exc:
        if "recursion limit" in str(exc):
            raise BundleError(f"{where}: JSON is nested more than 200 levels deep", "json-depth") from None
        raise BundleError(f"{where}: not valid JSON ({exc})", "json-syntax") from None
    payload = documents.validate(MarksPayload, obj, where)
    try:
        case_bytes = [canonical.dumps(c) for c in obj["cases"]]
        canonical_form = _assemble(obj, case_bytes)
    except ValueError:
        canonical_form = b""
    if canonical_form != plaintext:
        raise BundleError(f"{where}: JSON is not in canonical form (duplicate keys, spacing or numbers written "
                          "differently)", "json-canonical")
    return payload, obj, case_bytes


def _events_json(payload_json: dict[str, Any]) -> list[dict[str, Any]]:
    """Every audit event of a payload's JSON, in sequence order (as :meth:`MarksPayload.events`)."""
    found = [*payload_json.get("audit", ()), *(e for c in payload_json["cases"] for e in c.get("audit", ()))]
    return sorted(found, key=lambda e: e["seq"])


def case_checksum(case_json: Any) -> str:
    """sha256 of a case's canonical JSON (as it stands in the payload)."""
    return canonical.sha256_hex(canonical.dumps(case_json))


def _signed_message(manifest_bytes: bytes, payload_bin: bytes) -> bytes:
    return _SIGN_CONTEXT + hashlib.sha256(manifest_bytes).digest() + hashlib.sha256(payload_bin).digest()


def write_marks_bundle(payload: MarksPayload, device: DeviceKey, central: CentralPublic, *,
                       kind: str = "full", sequence: int = 1, previous_sequence: int | None = None,
                       previous_chain_head: str = GENESIS, bundle_id: str | None = None,
                       created_at: str | None = None, app_version: str = casereader.__version__) -> bytes:
    """The bytes of a signed, encrypted marks bundle of ``payload`` from ``device`` for ``central``."""
    payload_json = payload.model_dump(mode="json")
    case_bytes = [canonical.dumps(c) for c in payload_json["cases"]]
    # The canonical payload, assembled from the cases' canonical bytes (keys sort as audit, cases, inspection).
    plaintext = _assemble(payload_json, case_bytes)
    if len(plaintext) > L.MAX_PAYLOAD_PLAINTEXT_BYTES:
        raise BundleError(f"cannot write the bundle: {len(plaintext):,} bytes of marks exceed the "
                          f"{L.MAX_PAYLOAD_PLAINTEXT_BYTES:,}-byte limit; export fewer cases", "payload-size")
    compressed = zlib.compress(plaintext, 6)
    events = _events_json(payload_json)
    manifest = documents.build(
        Manifest, "manifest.json",
        format=FORMAT, format_version=FORMAT_VERSION, app_version=app_version,
        bundle_id=bundle_id or str(uuid.uuid4()), created_at=created_at or utc_now(),
        device={"id": device.device_id, "public_key": b64(device.public_bytes())},
        central_fingerprint=central.fingerprint, inspection_id=payload.inspection.id,
        question_set={"id": payload.inspection.form_id, "version": payload.inspection.form_version,
                      "hash": payload.inspection.form_hash},
        kind=kind, sequence=sequence, previous_sequence=previous_sequence,
        audit_chain={"previous_head": previous_chain_head, "head": chain_head(events, previous_chain_head),
                     "events": len(events), "first_seq": events[0]["seq"] if events else None,
                     "last_seq": events[-1]["seq"] if events else None},
        cases={c["id"]: canonical.sha256_hex(b) for c, b in zip(payload_json["cases"], case_bytes)},
        payload={"sha256": canonical.sha256_hex(plaintext), "size": len(plaintext), "compression": "zlib",
                 "encryption": SEAL_SUITE, "encrypted_size": _ID_BYTES + len(compressed) + SEAL_OVERHEAD},
    )
    if len(manifest.cases) != len(payload.cases):
        raise BundleError("cannot write the bundle: two cases share an id", "schema")
    manifest_bytes = canonical.dumps(manifest.model_dump(mode="json"))
    payload_bin = uuid.UUID(manifest.bundle_id).bytes + seal(compressed, central.encryption_public, manifest_bytes,
                                                             SEAL_INFO)
    signature = device.sign(_signed_message(manifest_bytes, payload_bin))
    return write_archive([("manifest.json", manifest_bytes), ("payload.bin", payload_bin),
                          ("signature.bin", signature)])


def _verified(data: bytes, display: str) -> tuple[Manifest, bytes, bytes]:
    members = read_archive(data, MEMBERS, display, max_bytes=L.MAX_BUNDLE_BYTES)
    manifest_bytes, payload_bin = members["manifest.json"], members["payload.bin"]
    manifest, _ = documents.parse(Manifest, manifest_bytes, f"{display}: manifest.json", fmt=FORMAT,
                                  version=FORMAT_VERSION)
    public_key = _device_key(manifest, display)
    if device_id_of(public_key) != manifest.device.id:
        raise BundleError(f"{display}: manifest.json: device id {manifest.device.id} does not match the device's "
                          "public key", "device-id")
    owner = uuid.UUID(bytes=payload_bin[:_ID_BYTES]) if len(payload_bin) >= _ID_BYTES else None
    if owner is None or str(owner) != manifest.bundle_id:
        raise BundleError(f"{display}: payload.bin belongs to another bundle ({owner}), not to {manifest.bundle_id}",
                          "payload-swapped")
    if len(payload_bin) != manifest.payload.encrypted_size:
        raise BundleError(f"{display}: payload.bin is {len(payload_bin):,} bytes but the manifest records "
                          f"{manifest.payload.encrypted_size:,}", "payload-size")
    if payload_bin[_ID_BYTES:_ID_BYTES + len(SEAL_MAGIC)] != SEAL_MAGIC:
        raise BundleError(f"{display}: payload.bin is not a sealed Casereader payload", "payload-format")
    if not verify_signature(public_key, members["signature.bin"], _signed_message(manifest_bytes, payload_bin)):
        raise BundleError(f"{display}: signature does not match: the bundle was altered or not signed by device "
                          f"{manifest.device.id}", "signature")
    return manifest, manifest_bytes, payload_bin


def _device_key(manifest: Manifest, display: str) -> bytes:
    return unb64(manifest.device.public_key, f"{display}: manifest.json: device.public_key", length=32)


def verify_bundle(data: bytes, *, display: str = "bundle") -> Manifest:
    """Check structure, limits, checksums and the device signature of a bundle WITHOUT decrypting it.

    This proves the bundle is intact and signed by the key named in its manifest; whether that device
    is enrolled is the importer's question (pass the enrolled key to :func:`open_marks_bundle`).
    """
    return _verified(data, display)[0]


def _decompress(compressed: bytes, size: int, display: str) -> bytes:
    if size > L.MAX_COMPRESSION_RATIO * max(len(compressed), 1):
        raise BundleError(f"{display}: payload expands {size:,} bytes from {len(compressed):,} "
                          f"(over {L.MAX_COMPRESSION_RATIO}:1)", "payload-ratio")
    inflater = zlib.decompressobj()
    try:
        plaintext = inflater.decompress(compressed, size + 1)
    except zlib.error as exc:
        raise BundleError(f"{display}: payload is damaged ({exc})", "payload-damaged") from None
    if len(plaintext) != size or not inflater.eof or inflater.unconsumed_tail or inflater.unused_data:
        raise BundleError(f"{display}: payload is not the {size:,} bytes the manifest records", "payload-size")
    return plaintext


def open_marks_bundle(data: bytes, keys: CentralKeys, *, device_public_key: bytes,
                      display: str = "bundle") -> tuple[Manifest, MarksPayload]:
    """Verify, check the device against its enrolled key, decrypt and validate a bundle."""
    manifest, manifest_bytes, payload_bin = _verified(data, display)
    if _device_key(manifest, display) != device_public_key:
        raise BundleError(f"{display}: signed by device {manifest.device.id}, not by the expected device "
                          f"{device_id_of(device_public_key)} (its enrolled key differs)", "device-mismatch")
    ours = keys.public_keys.fingerprint
    if manifest.central_fingerprint != ours:
        raise BundleError(f"{display}: encrypted for another centre's key ({manifest.central_fingerprint[:16]}…), "
                          f"not this centre's ({ours[:16]}…)", "wrong-central")
    try:
        compressed = keys.unseal(payload_bin[_ID_BYTES:], manifest_bytes, SEAL_INFO)
    except BundleError as exc:
        raise BundleError(f"{display}: {exc.message}", exc.code) from None
    plaintext = _decompress(compressed, manifest.payload.size, display)
    if canonical.sha256_hex(plaintext) != manifest.payload.sha256:
        raise BundleError(f"{display}: payload checksum does not match the manifest", "payload-checksum")
    where = f"{display}: payload"
    payload, obj, case_bytes = _parse_payload(plaintext, where)
    _check_against_manifest(manifest, payload, obj, case_bytes, where)
    return manifest, payload


def _check_against_manifest(manifest: Manifest, payload: MarksPayload, obj: dict[str, Any], case_bytes: list[bytes],
                            where: str) -> None:
    info = payload.inspection
    if info.id != manifest.inspection_id:
        raise BundleError(f"{where}: inspection {info.id} differs from the manifest's {manifest.inspection_id}",
                          "manifest-mismatch")
    qs = manifest.question_set
    if (info.form_id, info.form_version, info.form_hash) != (qs.id, qs.version, qs.hash):
        raise BundleError(f"{where}: question set differs from the manifest's", "manifest-mismatch")
    found = {c["id"]: canonical.sha256_hex(b) for c, b in zip(obj["cases"], case_bytes)}
    if set(found) != set(manifest.cases):
        raise BundleError(f"{where}: the cases differ from those listed in the manifest", "manifest-mismatch")
    for case_id, checksum in found.items():
        if manifest.cases[case_id] != checksum:
            raise BundleError(f"{where}: case {case_id} does not match its checksum", "case-checksum")
    chain = manifest.audit_chain
    events = _events_json(obj)
    if chain_head(events, chain.previous_head) != chain.head or len(events) != chain.events:
        raise BundleError(f"{where}: the audit events do not match the manifest's audit-chain head",
                          "audit-chain")
