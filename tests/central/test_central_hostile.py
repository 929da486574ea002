"""Hostile and malformed bundles at the central import: each refused with its own message, and a dump of
every central table is identical before and after."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import update

from casereader.bundles import CentralKeys, DeviceKey, PayloadDoc, validate_payload_doc, write_marks_doc
from casereader.central.errors import CentralError
from casereader.central.schema import DeviceRecord
from casereader.core.answers import Answer

CANARY = "CANARY-7f3a-never-in-clear"


@pytest.fixture
def marked(centre, laptops):
    ann = laptops("ann")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-03", Answer("partially", comment=CANARY), "ann")
    ann.store.save_answer(ids["URN002"], "DI-02", Answer(na=True, na_reason="No unused material"), "ann")
    return ann, ann.export()


def test_canary_comment_never_appears_in_bundle_bytes(marked):
    _, done = marked
    assert CANARY.encode() not in done.data
    assert CANARY.encode("utf-16-le") not in done.data


def test_flipped_truncated_or_appended_bytes_are_all_refused(centre, marked):
    _, done = marked
    data = done.data
    rng = random.Random(20261122)
    before = centre.store.dump_hash()
    positions = sorted(rng.sample(range(len(data)), min(len(data), 700)))
    cases: list[bytes] = []
    for pos in positions:
        flipped = bytearray(data)
        flipped[pos] ^= 1 << rng.randrange(8)
        cases.append(bytes(flipped))
    cases += [data[:n] for n in sorted(rng.sample(range(len(data)), 250))]
    cases += [data + bytes(rng.randrange(256) for _ in range(n)) for n in range(1, 101)]
    cases += [data[:p] + data[p + 1:] for p in rng.sample(range(len(data)), 50)]
    assert len(cases) >= 1000
    refused = 0
    for bad in cases:
        with pytest.raises(CentralError):
            centre.import_(bad)
        refused += 1
    assert refused == len(cases)
    assert centre.store.dump_hash() == before


def _payload(laptop, **case_changes) -> PayloadDoc:
    """A valid payload for the laptop's inspection with one case edited by ``case_changes``."""
    insp = laptop.store.get_inspection(laptop.inspection_id)
    case = laptop.store.list_cases(insp.id)[0]
    doc = {"inspection": {"id": insp.id, "title": insp.title, "programme": insp.programme, "area": insp.area,
                          "round": insp.round.value, "form_id": insp.form_id, "form_version": insp.form_version,
                          "form_hash": insp.form_hash, "inspectors": list(insp.inspectors)},
           "cases": [{"id": case.id, "reference": case.reference, "header": dict(case.header), "status": "in_progress",
                      "answers": {}, **case_changes}]}
    return validate_payload_doc(doc, "test payload")


def _central_public(centre):
    return centre.keys.public_keys


HOSTILE = {
    "value not on the scale": ({"answers": {"PC-04": {"value": "excellent"}}}, "PC-04"),
    "unknown question": ({"answers": {"XX-99": {"value": "fully"}}}, "XX-99"),
    "unknown header field": ({"header": {"colour": "red"}}, "colour"),
    "bad header choice": ({"header": {"casework_type": "Youth"}}, "casework_type"),
    "N/A not allowed": ({"answers": {"PC-04": {"na": True}}}, "not applicable"),
    "comment missing": ({"answers": {"PC-03": {"value": "not"}}}, "comment"),
    "complete but incomplete": ({"status": "complete"}, "not complete"),
    "multiple value for single": ({"answers": {"PC-04": {"value": ["fully", "not"]}}}, "PC-04"),
    "number for a choice": ({"answers": {"DI-02": {"value": 2.0}}}, "DI-02"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_signed_but_invalid_content_is_refused(centre, laptops, name):
    ann = laptops("ann")
    changes, expected = HOSTILE[name]
    data = write_marks_doc(_payload(ann, **changes), ann.device, _central_public(centre))
    before = centre.store.dump_hash()
    with pytest.raises(CentralError, match="invalid field") as info:
        centre.import_(data)
    assert expected in str(info.value)
    assert centre.store.dump_hash() == before


def test_bundle_for_another_centre_is_refused(centre, laptops):
    ann = laptops("ann")
    data = write_marks_doc(_payload(ann), ann.device, CentralKeys.generate().public_keys)
    before = centre.store.dump_hash()
    with pytest.raises(CentralError, match="another centre"):
        centre.import_(data)
    assert centre.store.dump_hash() == before


def test_revoked_device_is_refused(centre, laptops):
    ann = laptops("ann")
    with centre.store.transaction() as s:
        s.execute(update(DeviceRecord).values(status="revoked"))
    data = write_marks_doc(_payload(ann), ann.device, _central_public(centre))
    before = centre.store.dump_hash()
    with pytest.raises(CentralError, match="revoked"):
        centre.import_(data)
    assert centre.store.dump_hash() == before


def test_unknown_inspection_is_refused(centre, laptops):
    ann = laptops("ann")
    doc = _payload(ann)
    doc["inspection"]["id"] = str(uuid.uuid4())
    data = write_marks_doc(doc, ann.device, _central_public(centre))
    before = centre.store.dump_hash()
    with pytest.raises(CentralError, match="not known to this centre"):
        centre.import_(data)
    assert centre.store.dump_hash() == before


def test_case_of_another_inspection_is_refused(centre, laptops):
    ann, bob = laptops("ann"), laptops("bob", area="Kent")
    foreign = bob.store.list_cases(bob.inspection_id)[0]
    payload = _payload(ann, id=foreign.id)
    data = write_marks_doc(payload, ann.device, _central_public(centre))
    before = centre.store.dump_hash()
    with pytest.raises(CentralError, match="belongs to another inspection"):
        centre.import_(data)
    assert centre.store.dump_hash() == before


def test_signed_by_a_different_key_than_enrolled_is_refused(centre, laptops):
    ann = laptops("ann")
    impostor = DeviceKey.generate()
    data = write_marks_doc(_payload(ann), impostor, _central_public(centre))
    before = centre.store.dump(exclude=("central_device",))
    with pytest.raises(CentralError, match=f"unknown device {impostor.device_id}"):
        centre.import_(data)
    assert centre.store.dump(exclude=("central_device",)) == before


@pytest.mark.parametrize("data, message", [
    (b"", "bundle rejected"),
    (b"PK\x03\x04" + b"\0" * 100, "bundle rejected"),
    (b"not a zip at all" * 10, "bundle rejected"),
])
def test_garbage_is_refused(centre, data, message):
    before = centre.store.dump_hash()
    with pytest.raises(CentralError, match=message):
        centre.import_(data)
    assert centre.store.dump_hash() == before


def test_oversize_input_is_refused_before_parsing(centre, monkeypatch):
    import casereader.central.importer as importer

    monkeypatch.setattr(importer, "MAX_BUNDLE_BYTES", 1000)
    with pytest.raises(CentralError, match="over the 1000-byte limit"):
        centre.import_(b"\0" * 1001)
