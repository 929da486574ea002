"""Marks bundles (inspector → centre): write, verify without decrypting, and open.

A bundle is a canonical zip (see :mod:`casereader.bundles.archive`) of exactly:

* ``manifest.json`` — plain canonical JSON (:class:`Manifest`): ids, hashes, sequence, audit-chain
  head, per-case checksums; no names, references or marks;
* ``payload.bin`` — the bundle id (16 bytes), then the canonical JSON of the payload (:class:`PayloadDoc`),
  zlib-compressed and sealed to the centre's X25519 key (AES-256-GCM, manifest bytes as associated data);
* ``signature.bin`` — Ed25519 by the device over ``"casereader-marks-v1\\0" ‖ sha256(manifest.json)
  ‖ sha256(payload.bin)``.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import pydantic_core
from pydantic import ValidationError

import casereader
from casereader.bundles import canonical, documents
from casereader.bundles import limits as L
from casereader.bundles.archive import read_archive, write_archive
from casereader.bundles.checksums import case_holds_float
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
from casereader.bundles.models import PAYLOAD_DOC, AuditDoc, Manifest, PayloadDoc

FORMAT = "casereader-marks"
FORMAT_VERSION = 1
GENESIS = "0" * 64
ZLIB_LEVEL = 1  # the reader accepts any level; 1 is ~3x faster than 6 for ~20% more bytes
SEAL_INFO = b"casereader-marks-v1 payload"
_SIGN_CONTEXT = b"casereader-marks-v1\x00"
_ID_BYTES = 16  # payload.bin starts with its bundle's id, so a swapped payload is named as such
MEMBERS = (
    L.MemberSpec("manifest.json", L.MAX_MANIFEST_BYTES),
    L.MemberSpec("payload.bin", L.MAX_BUNDLE_BYTES),
    L.MemberSpec("signature.bin", L.SIGNATURE_BYTES, exact_bytes=L.SIGNATURE_BYTES),
)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bundle is built or read.

    A 10,000-case bundle is a few million small dicts, lists and strings, none in a reference cycle; each
    of the collector's full passes walks all of them, which made up a third of an export. Reference
    counting still frees everything; the collector resumes (if it was running) when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def chain_head(events: list[AuditDoc] | list[dict[str, Any]], previous_head: str = GENESIS) -> str:
    """The next link of a device's audit chain: sha256(previous head ‖ canonical JSON of ``events``).

    ``events`` are a bundle's audit events (:class:`AuditDoc` objects) in sequence order. Each bundle is one
    link, so a bundle whose ``previous_head`` is not the head of the device's last bundle shows a gap or a fork.
    """
    return hashlib.sha256(bytes.fromhex(previous_head) + canonical.dumps(list(events))).hexdigest()


@dataclass(frozen=True)
class _Encoded:
    """A payload's canonical JSON in pieces — ``head``, the cases' bytes separated by commas, ``tail`` — and
    the canonical JSON of all its audit events in sequence order (what the audit chain hashes)."""

    head: bytes
    cases: list[bytes]
    tail: bytes
    events: bytes
    event_count: int
    first_seq: int | None
    last_seq: int | None

    def chunks(self) -> Iterator[bytes]:
        yield self.head
        for i, case in enumerate(self.cases):
            if i:
                yield b","
            yield case
        yield self.tail

    @property
    def size(self) -> int:
        return len(self.head) + sum(map(len, self.cases)) + max(len(self.cases) - 1, 0) + len(self.tail)

    def spells(self, data: bytes) -> bool:
        """Whether ``data`` is exactly these bytes (compared piece by piece, without joining them)."""
        pos = 0
        for chunk in self.chunks():
            if not data.startswith(chunk, pos):
                return False
            pos += len(chunk)
        return pos == len(data)


def _encode(payload_json: dict[str, Any]) -> _Encoded:
    """The payload's canonical JSON, each case's, and its audit events' (see :class:`_Encoded`).

    ``payload_json`` has passed the payload schema, so only a header or answer value can hold a float, and a
    case without one (nearly all) and the audit events (never) go through :func:`canonical.dumps_floatless`.
    """
    dumps, fast = canonical.dumps, canonical.dumps_floatless
    cases = payload_json["cases"]
    case_bytes = [dumps(c) if case_holds_float(c) else fast(c) for c in cases]
    top = payload_json.get("audit")
    events = list(top) if top else []
    for c in cases:
        audit = c.get("audit")
        if audit:
            events.extend(audit)
    events.sort(key=itemgetter("seq"))
    # keys in order: audit, cases, inspection, reviews (the schema allows no other)
    head = b'{"audit":' + fast(top) + b',"cases":[' if isinstance(top, list) else b'{"cases":['
    reviews = payload_json.get("reviews")
    tail = b'],"inspection":' + dumps(payload_json["inspection"]) + (
        b',"reviews":' + fast(reviews) if isinstance(reviews, list) else b"") + b"}"
    return _Encoded(head, case_bytes, tail, fast(events),
                    len(events), events[0]["seq"] if events else None, events[-1]["seq"] if events else None)


def _chain(events_json: bytes, previous_head: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous_head) + events_json).hexdigest()


def validate_payload_doc(obj: Any, where: str) -> PayloadDoc:
    """Validate a payload's JSON object against :class:`PayloadDoc` in one pass (pydantic-core, plain dicts
    out). A failure raises BundleError ``schema`` naming the first problem as "field 'a.b': message"."""
    try:
        return PAYLOAD_DOC.validate_python(obj)
    except ValidationError as exc:
        problem = documents.describe(exc)
        raise BundleError(f"{where}: {problem}", "schema", problem=problem) from None


def _parse_payload(plaintext: bytes, where: str) -> tuple[PayloadDoc, dict[str, Any], _Encoded]:
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
    doc = validate_payload_doc(obj, where)
    try:
        encoded: _Encoded | None = _encode(obj)
    except ValueError:
        encoded = None
    if encoded is None or not encoded.spells(plaintext):
        raise BundleError(f"{where}: JSON is not in canonical form (duplicate keys, spacing or numbers written "
                          "differently)", "json-canonical")
    return doc, obj, encoded


def _signed_message(manifest_bytes: bytes, payload_bin: bytes) -> bytes:
    return _SIGN_CONTEXT + hashlib.sha256(manifest_bytes).digest() + hashlib.sha256(payload_bin).digest()


def write_marks_doc(doc: Any, device: DeviceKey, central: CentralPublic, *,
                    kind: str = "full", sequence: int = 1, previous_sequence: int | None = None,
                    previous_chain_head: str = GENESIS, bundle_id: str | None = None,
                    created_at: str | None = None, app_version: str = casereader.__version__,
                    validated: bool = False, record_head: str = "") -> bytes:
    """The bytes of a signed, encrypted marks bundle of the payload ``doc`` (a :class:`PayloadDoc`, validated
    here in one pass unless ``validated``; a problem raises BundleError ``schema``) from ``device`` for
    ``central``. ``record_head`` is the hash of the device's audit-log chain after the last event (see
    AuditChain)."""
    payload_json: Any = doc if validated else validate_payload_doc(doc, "cannot write the bundle: payload")
    encoded = _encode(payload_json)
    size = encoded.size
    if size > L.MAX_PAYLOAD_PLAINTEXT_BYTES:
        raise BundleError(f"cannot write the bundle: {size:,} bytes of marks exceed the "
                          f"{L.MAX_PAYLOAD_PLAINTEXT_BYTES:,}-byte limit; export fewer cases", "payload-size")
    digest, deflate, pieces = hashlib.sha256(), zlib.compressobj(ZLIB_LEVEL), []
    for chunk in encoded.chunks():  # hashed and compressed piece by piece: the plaintext is never joined
        digest.update(chunk)
        pieces.append(deflate.compress(chunk))
    pieces.append(deflate.flush())
    compressed = b"".join(pieces)
    info = payload_json["inspection"]
    manifest = documents.build(
        Manifest, "manifest.json",
        format=FORMAT, format_version=FORMAT_VERSION, app_version=app_version,
        bundle_id=bundle_id or str(uuid.uuid4()), created_at=created_at or utc_now(),
        device={"id": device.device_id, "public_key": b64(device.public_bytes())},
        central_fingerprint=central.fingerprint, inspection_id=info["id"],
        question_set={"id": info["form_id"], "version": info["form_version"], "hash": info["form_hash"]},
        kind=kind, sequence=sequence, previous_sequence=previous_sequence,
        audit_chain={"previous_head": previous_chain_head, "head": _chain(encoded.events, previous_chain_head),
                     "events": encoded.event_count, "first_seq": encoded.first_seq, "last_seq": encoded.last_seq,
                     "record_head": record_head},
        cases={c["id"]: canonical.sha256_hex(b) for c, b in zip(payload_json["cases"], encoded.cases)},
        payload={"sha256": digest.hexdigest(), "size": size, "compression": "zlib",
                 "encryption": SEAL_SUITE, "encrypted_size": _ID_BYTES + len(compressed) + SEAL_OVERHEAD},
    )
    if len(manifest.cases) != len(payload_json["cases"]):
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
    is enrolled is the importer's question (pass the enrolled key to :func:`open_marks_doc`).
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


def open_marks_doc(data: bytes, keys: CentralKeys, *, device_public_key: bytes,
                   display: str = "bundle") -> tuple[Manifest, PayloadDoc]:
    """Verify, check the device against its enrolled key, decrypt and validate a bundle: its manifest and its
    payload as validated plain JSON objects (:class:`PayloadDoc`; ``NotRequired`` fields may be absent)."""
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
    doc, obj, encoded = _parse_payload(plaintext, where)
    _check_against_manifest(manifest, doc, obj, encoded, where)
    return manifest, doc


def _check_against_manifest(manifest: Manifest, doc: PayloadDoc, obj: dict[str, Any], encoded: _Encoded,
                            where: str) -> None:
    info = doc["inspection"]
    if info["id"] != manifest.inspection_id:
        raise BundleError(f"{where}: inspection {info['id']} differs from the manifest's {manifest.inspection_id}",
                          "manifest-mismatch")
    qs = manifest.question_set
    if (info["form_id"], info["form_version"], info["form_hash"]) != (qs.id, qs.version, qs.hash):
        raise BundleError(f"{where}: question set differs from the manifest's", "manifest-mismatch")
    found = {c["id"]: canonical.sha256_hex(b) for c, b in zip(obj["cases"], encoded.cases)}
    if set(found) != set(manifest.cases):
        raise BundleError(f"{where}: the cases differ from those listed in the manifest", "manifest-mismatch")
    for case_id, checksum in found.items():
        if manifest.cases[case_id] != checksum:
            raise BundleError(f"{where}: case {case_id} does not match its checksum", "case-checksum")
    chain = manifest.audit_chain
    if _chain(encoded.events, chain.previous_head) != chain.head or encoded.event_count != chain.events:
        raise BundleError(f"{where}: the audit events do not match the manifest's audit-chain head",
                          "audit-chain")
