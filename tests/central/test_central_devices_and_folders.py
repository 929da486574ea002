"""Device enrolment, the watched folder, receipts on the laptop, pack import refusals and purge guards."""

from __future__ import annotations

import base64
import json

import pytest

from casereader.bundles import CentralKeys, DeviceKey, write_receipt
from casereader.central.conflicts import list_conflicts
from casereader.central.devices import enrol_from_argument
from casereader.central.errors import CentralError
from casereader.central.watch import receipt_path, scan_once
from casereader.core.answers import Answer
from casereader.sync.device import public_key_document
from casereader.sync.export import SyncError
from casereader.sync.folder import accepted_receipt, purge, take_receipt
from casereader.sync.packs import import_pack


def test_enrol_from_the_public_key_file_the_laptop_writes(centre, tmp_path):
    key = DeviceKey.generate()
    path = tmp_path / "device.json"
    path.write_text(public_key_document(key))
    device = enrol_from_argument(centre.store, str(path), "Ann")
    assert (device.id, device.status, device.name) == (key.device_id, "enrolled", "Ann")
    raw = tmp_path / "raw.key"
    other = DeviceKey.generate()
    raw.write_text(base64.b64encode(other.public_bytes()).decode())
    assert enrol_from_argument(centre.store, str(raw)).id == other.device_id


@pytest.mark.parametrize("content, message", [
    (lambda k: json.dumps({"device_id": "0" * 32, "public_key": base64.b64encode(k.public_bytes()).decode()}),
     "does not belong to its public key"),
    (lambda k: "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n", "PRIVATE device key"),
    (lambda k: "hello", "not a device public key"),
    (lambda k: '{"public": 1}', "expected JSON with 'public_key'"),
])
def test_bad_key_files_are_refused(centre, tmp_path, content, message):
    path = tmp_path / "key.txt"
    path.write_text(content(DeviceKey.generate()))
    with pytest.raises(CentralError, match=message):
        enrol_from_argument(centre.store, str(path))
    assert centre.store.devices() == []


def test_enrol_by_id_needs_a_pending_device(centre):
    with pytest.raises(CentralError, match="unknown device"):
        enrol_from_argument(centre.store, "ab" * 16)
    with pytest.raises(CentralError, match="neither a key file nor a device id"):
        enrol_from_argument(centre.store, "not-an-id")
    key = DeviceKey.generate()
    centre.store.record_pending(key.device_id, key.public_bytes())
    assert enrol_from_argument(centre.store, key.device_id).status == "enrolled"
    with pytest.raises(CentralError, match="different public key"):
        centre.store.enrol(key.device_id, DeviceKey.generate().public_bytes())


def test_watch_imports_new_bundles_once_and_retries_refused_ones(centre, laptops, tmp_path):
    ann, eve = laptops("ann"), laptops("eve", enrol=False)
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully"), "ann")
    eve.store.save_answer(eve.cases()["URN002"], "DI-02", Answer("fully"), "eve")
    shared = tmp_path / "shared"
    shared.mkdir()
    a = shared / "ann.crbundle"
    e = shared / "eve.crbundle"
    a.write_bytes(ann.export().data)
    e.write_bytes(eve.export().data)
    (shared / "notes.txt").write_text("not a bundle")
    out: list[str] = []
    err: list[str] = []
    reported: set[tuple[str, str]] = set()
    assert scan_once(centre.store, centre.keys, shared, out=out.append, err=err.append, reported=reported) == 1
    assert receipt_path(a).is_file() and not receipt_path(e).exists()
    assert any("unknown device" in line for line in err)
    err.clear()
    assert scan_once(centre.store, centre.keys, shared, out=out.append, err=err.append, reported=reported) == 1
    assert err == []  # reported once only
    centre.store.accept(eve.device.device_id)
    out.clear()
    assert scan_once(centre.store, centre.keys, shared, out=out.append, err=err.append, reported=reported) == 0
    assert any(line.startswith(f"{e}: imported") for line in out) and not any(str(a) in line for line in out)
    assert receipt_path(e).is_file()


def test_conflicts_are_listed_with_the_case_reference(centre, laptops):
    ann, bob = laptops("ann"), laptops("bob")
    cid = ann.cases()["URN003"]
    ann.store.save_answer(cid, "VW-01", Answer("fully"), "ann")
    bob.store.save_answer(cid, "VW-01", Answer("not"), "bob")
    centre.import_(ann.export().data)
    centre.import_(bob.export().data)
    lines = list_conflicts(centre.store)
    assert len(lines) == 1 and "different_marks case URN003" in lines[0] and "the first marks were kept" in lines[0]


def test_same_pack_twice_and_tampered_pack_are_refused(centre, laptops):
    ann = laptops("ann")
    pack = (centre.folder / "Wessex.crpack").read_bytes()
    with pytest.raises(SyncError, match="already on this installation"):
        import_pack(ann.store, pack, actor="ann")
    tampered = bytearray(pack)
    tampered[len(pack) // 2] ^= 1
    with pytest.raises(SyncError):
        import_pack(ann.store, bytes(tampered), actor="ann")


def test_receipts_are_checked_and_purge_is_guarded(centre, laptops):
    ann = laptops("ann")
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully"), "ann")
    with pytest.raises(SyncError, match="never been exported"):
        purge(ann.store, ann.inspection_id, receipt=None, actor="ann", device_id=ann.device.device_id)
    done = ann.export()
    result = centre.import_(done.data)
    forged = write_receipt(result.manifest, CentralKeys.generate())
    with pytest.raises(SyncError, match="signature does not match"):
        take_receipt(ann.store, forged, ann.device.device_id)
    receipt = write_receipt(result.manifest, centre.keys)
    assert take_receipt(ann.store, receipt, DeviceKey.generate().device_id) is None  # another laptop's
    assert accepted_receipt(ann.store, ann.inspection_id) is None
    with pytest.raises(SyncError, match="has not confirmed the latest export"):
        purge(ann.store, ann.inspection_id, receipt=None, actor="ann", device_id=ann.device.device_id)
    ann.store.save_answer(ann.cases()["URN002"], "DI-02", Answer("fully"), "ann")
    with pytest.raises(SyncError, match=r"1 case\(s\) .* changed since the last export"):
        purge(ann.store, ann.inspection_id, receipt=receipt, actor="ann", device_id=ann.device.device_id)
    assert accepted_receipt(ann.store, ann.inspection_id) is None  # a refused purge keeps nothing, not even it
    take_receipt(ann.store, receipt, ann.device.device_id)
    assert accepted_receipt(ann.store, ann.inspection_id)["sequence"] == 1


def test_pack_with_an_invalid_header_value_creates_nothing(centre, tmp_path):
    from casereader.bundles import PackPayload, form_file, write_sample_pack
    from casereader.storage import LocalStore

    qs = centre.qs
    pack = PackPayload.model_validate({
        "form": form_file("worked-example.yaml", centre.form_bytes),
        "inspection": {"id": "insp-1", "area": "Kent", "round": "baseline", "form_id": qs.id,
                       "form_version": qs.version, "form_hash": qs.content_hash},
        "cases": [{"id": "0b6f3a8e-8d7e-4c1e-9a55-0c7a3b1f2d11", "reference": "URN9",
                   "header": {"casework_type": "Youth"}}],
        "central": centre.keys.public_keys.to_json()})
    store = LocalStore.open(tmp_path / "local.sqlite")
    try:
        with pytest.raises(SyncError, match="header field 'casework_type': 'Youth' is not a valid choice"):
            import_pack(store, write_sample_pack(pack, centre.keys), actor="ann")
        assert store.list_inspections() == []
    finally:
        store.close()
