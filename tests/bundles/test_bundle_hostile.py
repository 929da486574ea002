"""A corpus of hostile and malformed inputs: each is rejected, quickly, with its own clear message."""

from __future__ import annotations

import json
import stat
import time
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from bundle_factory import craft_zip, entries_of, forge, make_payload, members_of, replace_members, resign, zero_bomb

from casereader.bundles import (
    BundleError,
    CentralKeys,
    CentralPublic,
    DeviceKey,
    canonical,
    open_marks_doc,
    write_marks_doc,
)
from casereader.bundles.limits import MAX_BUNDLE_BYTES


@dataclass
class Ctx:
    base: bytes
    other: bytes
    device: DeviceKey
    other_device: DeviceKey
    central: CentralKeys
    other_central: CentralKeys
    plain: dict[str, Any]

    def manifest(self) -> dict[str, Any]:
        return json.loads(members_of(self.base)["manifest.json"])

    def with_manifest(self, change: Callable[[dict[str, Any]], None]) -> bytes:
        man = self.manifest()
        change(man)
        return replace_members(self.base, {"manifest.json": canonical.dumps(man)})

    def raw_manifest(self, raw: bytes) -> bytes:
        return replace_members(self.base, {"manifest.json": raw})

    def entries(self, change: Callable[[list[dict[str, Any]]], None]) -> bytes:
        found = entries_of(self.base)
        change(found)
        return craft_zip(found)

    def payload(self, change: Callable[[dict[str, Any]], None]) -> bytes:
        plain = json.loads(json.dumps(self.plain))
        change(plain)
        return forge(self.base, self.device, self.central.public_keys, plaintext=canonical.dumps(plain))

    def forged(self, **kw: Any) -> bytes:
        kw.setdefault("plaintext", canonical.dumps(self.plain))
        return forge(self.base, self.device, self.central.public_keys, **kw)


@pytest.fixture(scope="module")
def ctx(qs, device, other_device, central, other_central) -> Ctx:
    payload = make_payload(qs, cases=3)
    return Ctx(
        base=write_marks_doc(payload, device, central.public_keys),
        other=write_marks_doc(make_payload(qs, cases=3, comment="Other evidence"), device, central.public_keys),
        device=device, other_device=other_device, central=central, other_central=other_central,
        plain=dict(payload),
    )


def _rename(index: int, name: str) -> Callable[[list[dict[str, Any]]], None]:
    def change(entries: list[dict[str, Any]]) -> None:
        entries[index]["name"] = name
    return change


def _set(index: int, **fields: Any) -> Callable[[list[dict[str, Any]]], None]:
    def change(entries: list[dict[str, Any]]) -> None:
        entries[index].update(fields)
    return change


def _flip_payload_byte(c: Ctx) -> bytes:
    data = bytearray(c.base)
    data[data.index(members_of(c.base)["payload.bin"][:40]) + 30] ^= 0x01
    return bytes(data)


def _ratio_bomb(entries: list[dict[str, Any]]) -> None:
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = raw.compress(bytes(10 << 20)) + raw.flush()
    entries[0].update(data=data, method=zipfile.ZIP_DEFLATED, file_size=10 << 20, crc=0)


def _encrypted_elsewhere(c: Ctx) -> bytes:
    mine = c.central.public_keys
    lying = CentralPublic(mine.signing_public, c.other_central.public_keys.encryption_public, mine.fingerprint)
    return write_marks_doc(make_payload_from(c), c.device, lying)


def make_payload_from(c: Ctx) -> Any:
    return json.loads(json.dumps(c.plain))


# name → (builder, expected message fragment)
CORPUS: dict[str, tuple[Callable[[Ctx], bytes], str]] = {
    "empty file": (lambda c: b"", "the file is empty"),
    "not a zip": (lambda c: b"%PDF-1.7\n%binary", "not a Casereader file (it is not a zip archive)"),
    "over the size cap": (lambda c: b"PK\x03\x04" + bytes(MAX_BUNDLE_BYTES),
                          "the file is 209,715,204 bytes; at most 209,715,200 are allowed"),
    "truncated": (lambda c: c.base[: len(c.base) // 2], "the file is truncated or damaged (no end-of-archive record)"),
    "bytes appended": (lambda c: c.base + b"appended", "there are bytes after the end of the archive"),
    "zip-slip name": (lambda c: c.entries(_rename(0, "../manifest.json")),
                      "member name '../manifest.json' is not allowed: it climbs out of the archive (..)"),
    "absolute path": (lambda c: c.entries(_rename(0, "/etc/manifest.json")),
                      "member name '/etc/manifest.json' is not allowed: it is an absolute path"),
    "drive letter": (lambda c: c.entries(_rename(1, "C:payload.bin")),
                     "member name 'C:payload.bin' is not allowed: it is an absolute path"),
    "backslash": (lambda c: c.entries(_rename(0, "..\\manifest.json")),
                  "member name '..\\manifest.json' is not allowed: it contains a backslash"),
    "inside a folder": (lambda c: c.entries(_rename(0, "sub/manifest.json")),
                        "member name 'sub/manifest.json' is not allowed: it is inside a folder"),
    "unexpected name": (lambda c: c.entries(_rename(0, "manifest.exe")),
                        "member name 'manifest.exe' is not allowed: it is not an allowed member name"),
    "NUL in name": (lambda c: c.entries(_rename(0, "manifest.json\x00/../../evil")),
                    "the archive's layout has been altered"),
    "symlink member": (lambda c: c.entries(_set(1, external_attr=(stat.S_IFLNK | 0o777) << 16)),
                       "member 'payload.bin' is a symbolic link"),
    "device member": (lambda c: c.entries(_set(1, external_attr=(stat.S_IFCHR | 0o644) << 16)),
                      "member 'payload.bin' is not a regular file"),
    "duplicate member": (lambda c: c.entries(lambda e: e.append(dict(e[0]))),
                         "member 'manifest.json' appears more than once"),
    "missing member": (lambda c: c.entries(lambda e: e.pop()), "member 'signature.bin' is missing"),
    "extra member": (lambda c: c.entries(lambda e: e.append({"name": "notes.json", "data": b"{}"})),
                     "unexpected member 'notes.json'"),
    "thousands of members": (lambda c: craft_zip([{"name": f"f{i}.json", "data": b""} for i in range(5000)]),
                             "the archive lists 5,000 members; expected 3"),
    "members reordered": (lambda c: c.entries(lambda e: e.reverse()), "members are not in the expected order"),
    "zip-encrypted member": (lambda c: c.entries(_set(1, flags=0x1)), "member 'payload.bin' is zip-encrypted"),
    "1 GiB zip bomb": (lambda c: c.entries(_set(1, data=zero_bomb(), method=zipfile.ZIP_DEFLATED,
                                                file_size=1 << 30, crc=0)),
                       "member 'payload.bin' declares 1,073,741,824 bytes; at most 209,715,200 are allowed"),
    "ratio bomb": (lambda c: c.entries(_ratio_bomb), "(over 100:1, a zip bomb)"),
    "bomb lying about its size": (lambda c: c.entries(_set(1, data=zero_bomb(), method=zipfile.ZIP_DEFLATED,
                                                           file_size=2_000_000, crc=0)),
                                  "member 'payload.bin' uses compression method 8; only stored members are allowed"),
    "huge manifest": (lambda c: c.raw_manifest(b" " * (17 << 20)),
                      "member 'manifest.json' declares 17,825,792 bytes; at most 16,777,216 are allowed"),
    "long signature": (lambda c: replace_members(c.base, {"signature.bin": bytes(65)}),
                       "member 'signature.bin' declares 65 bytes; at most 64 are allowed"),
    "short signature": (lambda c: replace_members(c.base, {"signature.bin": bytes(63)}),
                        "member 'signature.bin' must be exactly 64 bytes, not 63"),
    "flipped bit (CRC)": (_flip_payload_byte, "member 'payload.bin' is damaged (Bad CRC-32"),
    "deeply nested JSON": (lambda c: c.raw_manifest(b"[" * 5000 + b"]" * 5000),
                           "manifest.json: JSON is nested 5000 levels deep; at most 16 are allowed"),
    "bad UTF-8": (lambda c: c.raw_manifest(b'{"format":"\xff"}'), "manifest.json: not valid UTF-8 text (byte 11)"),
    "invalid JSON": (lambda c: c.raw_manifest(b'{"format":'), "manifest.json: not valid JSON: Expecting value"),
    "duplicate JSON key": (lambda c: c.raw_manifest(b'{"format":"casereader-marks","format":"x"}'),
                           "manifest.json: not acceptable JSON: duplicate key 'format'"),
    "NaN in JSON": (lambda c: c.raw_manifest(b'{"x":NaN}'), "manifest.json: not acceptable JSON: NaN is not allowed"),
    "non-canonical JSON": (lambda c: c.raw_manifest(b'{ "format": "casereader-marks" }'),
                           "manifest.json: JSON is not in canonical form"),
    "JSON not an object": (lambda c: c.raw_manifest(b"[1,2]"), "manifest.json: expected a JSON object"),
    "another format": (lambda c: c.with_manifest(lambda m: m.update(format="casereader-pack")),
                       "manifest.json: not a casereader-marks document (format is 'casereader-pack')"),
    "future format version": (lambda c: c.with_manifest(lambda m: m.update(format_version=2)),
                              "manifest.json: format version 2 is not supported by this version of Casereader"),
    "wrong type": (lambda c: c.with_manifest(lambda m: m.update(sequence="1")),
                   "manifest.json: field 'sequence': Input should be a valid integer"),
    "extra field": (lambda c: c.with_manifest(lambda m: m.update(note="hello")),
                    "manifest.json: field 'note': is not a known field"),
    "device id not its key": (lambda c: c.with_manifest(lambda m: m["device"].update(id="0" * 32)),
                              "manifest.json: device id 00000000000000000000000000000000 does not match"),
    "manifest edited after signing": (lambda c: c.with_manifest(lambda m: m.update(sequence=7)),
                                      "signature does not match: the bundle was altered or not signed by device"),
    "payload swapped between bundles": (
        lambda c: replace_members(c.base, {"payload.bin": members_of(c.other)["payload.bin"]}),
        "payload.bin belongs to another bundle"),
    "payload size differs": (lambda c: c.forged(manifest={"payload": {"encrypted_size": 99}}),
                             "payload.bin is 661 bytes but the manifest records 99"),
    "payload not sealed": (lambda c: resign(c.base, c.device, payload_bin=members_of(c.base)["payload.bin"][:16]
                                            + b"XXXX" + members_of(c.base)["payload.bin"][20:]),
                           "payload.bin is not a sealed Casereader payload"),
    "signed by an unenrolled device": (
        lambda c: forge(c.base, c.other_device, c.central.public_keys, plaintext=canonical.dumps(c.plain)),
        "not by the expected device"),
    "made for another centre": (lambda c: write_marks_doc(make_payload_from(c), c.device,
                                                             c.other_central.public_keys),
                                "encrypted for another centre's key"),
    "encrypted to a key that is not ours": (_encrypted_elsewhere,
                                            "payload.bin cannot be decrypted: it was altered, or it was not"),
    "bomb inside the encryption": (lambda c: c.forged(compressed=zlib.compress(bytes(150 << 20), 9),
                                                      manifest={"payload": {"size": 150 << 20}}),
                                   "payload expands 157,286,400 bytes"),
    "payload larger than declared": (lambda c: c.forged(manifest={"payload": {"size": 100}}),
                                     "payload is not the 100 bytes the manifest records"),
    "payload not zlib": (lambda c: c.forged(compressed=b"not zlib at all", manifest={"payload": {"size": 15}}),
                         "payload is damaged (Error -3"),
    "payload checksum": (lambda c: c.forged(manifest={"payload": {"sha256": "0" * 64}}),
                         "payload checksum does not match the manifest"),
    "payload nested deeply": (lambda c: c.forged(plaintext=b"[" * 5000 + b"]" * 5000,
                                                  compressed=zlib.compress(b"[" * 5000 + b"]" * 5000, 0)),
                              "payload: JSON is nested more than 200 levels deep"),
    "payload not JSON": (lambda c: c.forged(plaintext=b'{"cases":[1,}'), "payload: not valid JSON"),
    "payload duplicate key": (lambda c: c.forged(plaintext=canonical.dumps(c.plain).replace(
        b'"audit":[]', b'"audit":[],"audit":[]', 1)), "payload: JSON is not in canonical form (duplicate keys"),
    "payload number out of range": (lambda c: c.forged(plaintext=canonical.dumps(c.plain).replace(
        b'"area":"Wessex"', b'"area":1e999', 1)), "payload: field 'inspection.area'"),
    "payload wrong type": (lambda c: c.payload(lambda p: p["cases"][0].update(status=5)),
                           "payload: field 'cases.0.status': Input should be"),
    "payload extra field": (lambda c: c.payload(lambda p: p["cases"][1].update(mood="cheerful")),
                            "payload: field 'cases.1.mood': is not a known field"),
    "comment too long": (lambda c: c.payload(lambda p: p["cases"][0]["answers"]["DI-02"].update(comment="x" * 20001)),
                         "field 'cases.0.answers.DI-02.comment': String should have at most 20000 characters"),
    "too many answers": (lambda c: c.payload(lambda p: p["cases"][0]["answers"].update(
        {f"Q{i}": {"value": "fully"} for i in range(501)})), "Dictionary should have at most 500 items"),
    "case id not a uuid": (lambda c: c.payload(lambda p: p["cases"][0].update(id="../../etc")),
                           "field 'cases.0.id': String should match pattern"),
    "audit event of another case": (
        lambda c: c.payload(lambda p: p["cases"][0]["audit"][0].update(case_id=str(uuid.UUID(int=99)))),
        "audit event 1 belongs to case 00000000-0000-0000-0000-000000000063"),
    "case altered (checksum)": (lambda c: c.forged(manifest={"cases": {**c.manifest()["cases"],
                                                                        str(uuid.UUID(int=1)): "f" * 64}}),
                                "does not match its checksum"),
    "case missing from manifest": (lambda c: c.forged(replace={"cases": {
        k: v for k, v in c.manifest()["cases"].items() if k != str(uuid.UUID(int=2))}}),
        "the cases differ from those listed in the manifest"),
    "audit chain broken": (lambda c: c.forged(manifest={"audit_chain": {"head": "1" * 64}}),
                           "the audit events do not match the manifest's audit-chain head"),
    "inspection differs": (lambda c: c.forged(manifest={"inspection_id": "insp-9999"}),
                           "inspection insp-0001 differs from the manifest's insp-9999"),
    "question set differs": (lambda c: c.forged(manifest={"question_set": {"hash": "e" * 64}}),
                             "question set differs from the manifest's"),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_input_is_rejected_with_its_message(ctx: Ctx, name: str) -> None:
    build, expected = CORPUS[name]
    data = build(ctx)
    started = time.perf_counter()
    with pytest.raises(BundleError) as info:
        open_marks_doc(data, ctx.central, device_public_key=ctx.device.public_bytes(), display="bundle.zip")
    elapsed = time.perf_counter() - started
    assert expected in str(info.value), f"{name}: got {info.value}"
    assert str(info.value).startswith("bundle.zip: ")
    assert elapsed < 2.0, f"{name} took {elapsed:.2f}s"


def test_corpus_is_large_and_every_message_distinct(ctx: Ctx) -> None:
    messages = {}
    for name, (build, _) in CORPUS.items():
        with pytest.raises(BundleError) as info:
            open_marks_doc(build(ctx), ctx.central, device_public_key=ctx.device.public_bytes())
        messages[name] = str(info.value)
    assert len(CORPUS) >= 25
    assert len(set(messages.values())) == len(messages)


def test_the_base_bundle_itself_opens(ctx: Ctx) -> None:
    manifest, payload = open_marks_doc(ctx.base, ctx.central, device_public_key=ctx.device.public_bytes())
    assert payload == ctx.plain
    assert manifest.device.id == ctx.device.device_id


MEMORY_PROBE = r"""
import resource, sys
sys.path.insert(0, {here!r})
from bundle_factory import make_payload, WORKED_EXAMPLE
import test_bundle_hostile as t
from casereader.bundles import BundleError, CentralKeys, DeviceKey, open_marks_doc, write_marks_doc
from casereader.core.loader import load_question_set
qs = load_question_set(WORKED_EXAMPLE)
device, central = DeviceKey.generate(), CentralKeys.generate()
payload = make_payload(qs, cases=3)
ctx = t.Ctx(base=write_marks_doc(payload, device, central.public_keys),
            other=write_marks_doc(payload, device, central.public_keys), device=device,
            other_device=DeviceKey.generate(), central=central, other_central=CentralKeys.generate(),
            plain=dict(payload))
data = t.CORPUS[{name!r}][0](ctx)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    open_marks_doc(data, central, device_public_key=device.public_bytes())
except BundleError:
    pass
else:
    raise SystemExit("accepted")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.parametrize("name", ["1 GiB zip bomb", "bomb lying about its size", "ratio bomb",
                                  "deeply nested JSON", "payload nested deeply", "thousands of members"])
def test_rejection_uses_bounded_memory(name: str) -> None:
    """Peak memory grows by less than 32 MB while rejecting (measured in a fresh process)."""
    import subprocess
    import sys
    from pathlib import Path

    here = str(Path(__file__).resolve().parent)
    code = MEMORY_PROBE.format(here=here, name=name)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) < 32
