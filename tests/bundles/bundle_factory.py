"""Building valid and deliberately broken bundles for the tests."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import uuid
import zipfile
import zlib
from pathlib import Path
from typing import Any

from casereader.bundles import AuditDoc, CentralPublic, DeviceKey, PayloadDoc, canonical, marks, validate_payload_doc
from casereader.bundles.archive import write_archive
from casereader.bundles.crypto import SEAL_OVERHEAD, b64, seal
from casereader.core.questionset import QuestionSet

WORKED_EXAMPLE = Path(__file__).resolve().parent.parent / "core" / "data" / "worked-example.yaml"


def make_payload(qs: QuestionSet, *, cases: int = 2, comment: str = "Evidence on file", seq0: int = 1) -> PayloadDoc:
    """A valid payload for the worked example: ``cases`` complete-looking cases with audit events, every
    optional field written out (the bytes of the bundles these tests have always made)."""
    out = []
    seq = seq0
    for i in range(cases):
        cid = str(uuid.UUID(int=i + 1))
        audit = []
        for qid in ("DI-02", "VW-01"):
            audit.append({"seq": seq, "at": "2026-03-01T10:00:00Z", "actor": "Ann Inspector", "case_id": cid,
                          "kind": "answer", "key": qid, "old": None, "new": '{"value":"fully"}', "reason": ""})
            seq += 1
        out.append({
            "id": cid, "reference": f"52AA{i:07d}", "status": "in_progress", "inspector": "Ann Inspector",
            "updated_at": "2026-03-01T10:00:00Z",
            "header": {"casework_type": "MC", "charging_route": "police", "victim_letter_required": False},
            "answers": {"DI-02": {"value": "fully", "na": False, "na_reason": "", "comment": comment,
                                  "inspector": "Ann Inspector", "updated_at": "2026-03-01T10:00:00Z"},
                        "VW-01": {"value": None, "na": True, "na_reason": "", "comment": "", "inspector": "",
                                  "updated_at": ""}},
            "audit": audit, "role": "first", "reserve": False, "withdrawn_reason": "",
        })
    return validate_payload_doc({
        "inspection": {"id": "insp-0001", "title": "AIP Wessex baseline", "programme": "AIP", "area": "Wessex",
                       "round": "baseline", "form_id": qs.id, "form_version": qs.version,
                       "form_hash": qs.content_hash, "inspectors": ["Ann Inspector"]},
        "cases": out,
        "audit": [],
    }, "test payload")


def events_of(doc: PayloadDoc) -> list[AuditDoc]:
    """Every audit event of a payload (inspection-level and each case's), in sequence order: what the
    manifest's audit chain hashes."""
    events = [*doc.get("audit", ()), *(e for c in doc["cases"] for e in c.get("audit", ()))]
    return sorted(events, key=lambda e: e["seq"])


def members_of(data: bytes) -> dict[str, bytes]:
    """The members of a (valid) archive, read with the standard library, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def replace_members(data: bytes, new: dict[str, bytes]) -> bytes:
    """The canonical archive of ``data``'s members with some replaced (signature left as it was)."""
    found = members_of(data)
    found.update(new)
    return write_archive(list(found.items()))


def craft_zip(entries: list[dict[str, Any]], *, comment: bytes = b"") -> bytes:
    """A zip built byte by byte, so a test can state any name, size, method, attribute or flag.

    Each entry: name (str), data (bytes, already compressed if method is deflate), and optionally
    method, file_size (declared uncompressed size), crc, external_attr, flags.
    """
    out = io.BytesIO()
    central = []
    for e in entries:
        name = e["name"].encode("utf-8")
        data = e["data"]
        method = e.get("method", zipfile.ZIP_STORED)
        size = e.get("file_size", len(data))
        crc = e.get("crc", zlib.crc32(data) & 0xFFFFFFFF)
        flags = e.get("flags", 0)
        attr = e.get("external_attr", (stat.S_IFREG | 0o644) << 16)
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(data), size,
                              len(name), 0) + name + data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", (3 << 8) | 20, 20, flags, method, 0, 0x21, crc,
                                   len(data), size, len(name), 0, 0, 0, 0, attr, offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start,
                          len(comment)) + comment)
    return out.getvalue()


def entries_of(data: bytes) -> list[dict[str, Any]]:
    return [{"name": k, "data": v} for k, v in members_of(data).items()]


def zero_bomb(gib: int = 1) -> bytes:
    """A raw deflate stream of ``gib`` GiB of zeros, built from one repeated flushed block (milliseconds)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1 << 20)
    first = c.compress(block) + c.flush(zlib.Z_SYNC_FLUSH)
    repeat = c.compress(block) + c.flush(zlib.Z_SYNC_FLUSH)
    return first + repeat * (1024 * gib - 1) + c.flush()


def forge(base: bytes, device: DeviceKey, central: CentralPublic, *, plaintext: bytes | None = None,
          manifest: dict[str, Any] | None = None, compressed: bytes | None = None,
          replace: dict[str, Any] | None = None) -> bytes:
    """A correctly signed and encrypted bundle with whatever manifest and payload a hostile device wants.

    Starts from ``base``'s manifest (updated with ``manifest``), seals ``compressed`` (or ``plaintext``
    compressed), fixes the sizes unless the manifest overrides them, and signs with ``device``.
    ``manifest`` values that are objects are merged into the manifest's; ``replace`` values replace.
    """
    man = json.loads(members_of(base)["manifest.json"])
    man["device"] = {"id": device.device_id, "public_key": b64(device.public_bytes())}
    body = compressed if compressed is not None else zlib.compress(plaintext if plaintext is not None else b"{}")
    if plaintext is not None:
        man["payload"].update(sha256=hashlib.sha256(plaintext).hexdigest(), size=len(plaintext))
    man["payload"]["encrypted_size"] = 16 + len(body) + SEAL_OVERHEAD
    for key, value in (manifest or {}).items():
        if isinstance(value, dict) and isinstance(man.get(key), dict):
            man[key].update(value)
        else:
            man[key] = value
    man.update(replace or {})
    manifest_bytes = canonical.dumps(man)
    payload_bin = uuid.UUID(man["bundle_id"]).bytes + seal(body, central.encryption_public, manifest_bytes,
                                                           marks.SEAL_INFO)
    signature = device.sign(marks._signed_message(manifest_bytes, payload_bin))
    return write_archive([("manifest.json", manifest_bytes), ("payload.bin", payload_bin),
                          ("signature.bin", signature)])


def resign(data: bytes, device: DeviceKey, manifest_bytes: bytes | None = None,
           payload_bin: bytes | None = None) -> bytes:
    """``data`` with its manifest and/or payload.bin replaced and signed again by ``device``."""
    found = members_of(data)
    manifest_bytes = manifest_bytes if manifest_bytes is not None else found["manifest.json"]
    payload_bin = payload_bin if payload_bin is not None else found["payload.bin"]
    return write_archive([("manifest.json", manifest_bytes), ("payload.bin", payload_bin),
                          ("signature.bin", device.sign(marks._signed_message(manifest_bytes, payload_bin)))])
