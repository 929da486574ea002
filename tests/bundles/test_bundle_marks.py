"""Marks bundles: round trip, confidentiality, audit chain and sequence fields."""

from __future__ import annotations

import json
import uuid
import zlib

from bundle_factory import events_of, make_payload, members_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereader.bundles import (
    GENESIS,
    BundleError,
    PayloadDoc,
    canonical,
    chain_head,
    open_marks_doc,
    validate_payload_doc,
    verify_bundle,
    write_marks_doc,
)

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
STAMP = st.just("2026-03-01T10:00:00Z") | st.just("2026-12-31 23:59:59.123+00:00") | st.just("")
VALUE = st.none() | TEXT | st.floats(allow_nan=False, allow_infinity=False) | st.lists(
    st.sampled_from(["a", "b", "c", "ü"]), max_size=3)
QID = st.from_regex(r"\A[A-Z]{2}-[0-9]{2}\Z")


@st.composite
def payloads(draw: st.DrawFn) -> PayloadDoc:
    cases = []
    seq = 0
    for i in range(draw(st.integers(0, 4))):
        cid = str(uuid.UUID(int=draw(st.integers(1, 2**64)) * 1000 + i))
        answers = draw(st.dictionaries(QID, st.fixed_dictionaries({
            "value": VALUE, "na": st.booleans(), "na_reason": TEXT, "comment": TEXT, "inspector": TEXT,
            "updated_at": STAMP}), max_size=5))
        audit = []
        for _ in range(draw(st.integers(0, 4))):
            seq += draw(st.integers(1, 5))
            audit.append({"seq": seq, "at": draw(STAMP), "actor": draw(TEXT), "case_id": cid, "kind": "answer",
                          "key": draw(QID), "old": draw(st.none() | TEXT), "new": draw(st.none() | TEXT),
                          "reason": draw(TEXT)})
        cases.append({"id": cid, "reference": draw(TEXT), "status": draw(st.sampled_from(
            ["not_started", "in_progress", "complete", "locked"])), "inspector": draw(TEXT),
            "updated_at": draw(STAMP), "header": draw(st.dictionaries(QID, st.none() | st.booleans() | TEXT,
                                                                        max_size=3)),
            "answers": answers, "audit": audit, "role": draw(st.sampled_from(["first", "second"]))})
    return validate_payload_doc({
        "inspection": {"id": "insp-1", "title": draw(TEXT), "area": draw(TEXT), "round": "follow-up",
                       "form_id": "worked-example", "form_version": "1", "form_hash": "ab" * 32,
                       "inspectors": draw(st.lists(TEXT, max_size=3))},
        "cases": cases,
    }, "generated payload")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads())
def test_round_trip_gives_identical_payload(payload: PayloadDoc, device, central) -> None:
    data = write_marks_doc(payload, device, central.public_keys, sequence=3, previous_sequence=2,
                           kind="incremental")
    manifest = verify_bundle(data)
    opened_manifest, opened = open_marks_doc(data, central, device_public_key=device.public_bytes())
    assert opened == payload
    assert canonical.dumps(opened) == canonical.dumps(payload)
    assert opened_manifest == manifest
    assert manifest.audit_chain.head == chain_head(events_of(payload))
    assert manifest.audit_chain.events == len(events_of(payload))
    assert set(manifest.cases) == {c["id"] for c in payload["cases"]}


def test_manifest_fields(qs, device, central) -> None:
    payload = make_payload(qs, cases=3)
    first = write_marks_doc(payload, device, central.public_keys, bundle_id=str(uuid.UUID(int=7)),
                            created_at="2026-03-01T12:00:00Z", app_version="9.9")
    m = verify_bundle(first)
    assert (m.format, m.format_version, m.app_version) == ("casereader-marks", 1, "9.9")
    assert (m.bundle_id, m.created_at, m.kind, m.sequence, m.previous_sequence) == (
        str(uuid.UUID(int=7)), "2026-03-01T12:00:00Z", "full", 1, None)
    assert m.device.id == device.device_id and len(m.device.id) == 32
    assert (m.question_set.id, m.question_set.version, m.question_set.hash) == (qs.id, qs.version, qs.content_hash)
    assert m.central_fingerprint == central.public_keys.fingerprint
    assert m.inspection_id == "insp-0001"
    assert m.audit_chain.previous_head == GENESIS and m.audit_chain.first_seq == 1 and m.audit_chain.last_seq == 6
    plain = canonical.dumps(payload)
    assert (m.payload.sha256, m.payload.size) == (canonical.sha256_hex(plain), len(plain))
    assert list(members_of(first)) == ["manifest.json", "payload.bin", "signature.bin"]


def test_incremental_chain_continues_from_previous_head(qs, device, central) -> None:
    full = make_payload(qs, cases=2)
    head = verify_bundle(write_marks_doc(full, device, central.public_keys)).audit_chain.head
    later = make_payload(qs, cases=1, seq0=5)
    data = write_marks_doc(later, device, central.public_keys, kind="incremental", sequence=2,
                           previous_sequence=1, previous_chain_head=head)
    m, _ = open_marks_doc(data, central, device_public_key=device.public_bytes())
    assert m.audit_chain.previous_head == head
    assert m.audit_chain.head == chain_head(events_of(later), head)
    assert m.audit_chain.head != chain_head(events_of(full) + events_of(later))


def test_incremental_without_previous_sequence_is_refused(payload, device, central) -> None:
    try:
        write_marks_doc(payload, device, central.public_keys, kind="incremental", sequence=2)
    except BundleError as exc:
        assert "an incremental bundle must name its previous sequence" in str(exc)
    else:
        raise AssertionError("an incremental bundle without a previous sequence was written")


def test_canary_strings_never_appear_in_the_bundle(qs, device, central) -> None:
    canaries = ["CANARY-7f3a9c-comment", "Zeugenaussage-ÄÖÜ-canary", "канарейка-свидетель", "🐤canary🐤"]
    payload = make_payload(qs, cases=3, comment=" ".join(canaries) * 20)
    data = write_marks_doc(payload, device, central.public_keys)
    plain = canonical.dumps(payload)
    for canary in canaries:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert canary.encode(encoding) not in data
        assert json.dumps(canary).encode() not in data  # the escaped (ensure_ascii) form too
    assert zlib.compress(plain, 6)[2:40] not in data  # nor the compressed plaintext
    assert plain[:60] not in data
    for reference in (c["reference"] for c in payload["cases"]):
        assert reference.encode() not in data  # references travel only inside the encryption
    _, opened = open_marks_doc(data, central, device_public_key=device.public_bytes())
    assert opened["cases"][0]["answers"]["DI-02"]["comment"].startswith(canaries[0])


def test_each_bundle_is_encrypted_afresh(payload, device, central) -> None:
    a = members_of(write_marks_doc(payload, device, central.public_keys))["payload.bin"]
    b = members_of(write_marks_doc(payload, device, central.public_keys))["payload.bin"]
    assert a[16:52] != b[16:52]  # different ephemeral keys
    assert a[52:] != b[52:]
