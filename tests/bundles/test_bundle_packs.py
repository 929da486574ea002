"""Sample packs: signed by the centre, read back exactly, tampering and other centres refused."""

from __future__ import annotations

import json
import uuid

import pytest
from bundle_factory import WORKED_EXAMPLE, members_of, replace_members

from casereader.bundles import (
    BundleError,
    CentralKeys,
    PackPayload,
    canonical,
    central_of,
    form_bytes,
    form_file,
    read_sample_pack,
    write_sample_pack,
)
from casereader.bundles.archive import write_archive
from casereader.bundles.centre_signed import signed_message
from casereader.core.loader import load_question_set_bytes


def make_pack(keys: CentralKeys, *, second_marking: bool = True) -> PackPayload:
    raw = WORKED_EXAMPLE.read_bytes()
    qs = load_question_set_bytes(raw, WORKED_EXAMPLE.name)
    cases = [{"id": str(uuid.UUID(int=i + 1)), "reference": f"52AA{i:07d}",
              "header": {"casework_type": "MC", "charging_route": "area"}, "reserve": i >= 3} for i in range(5)]
    return PackPayload.model_validate({
        "form": form_file(WORKED_EXAMPLE.name, raw),
        "inspection": {"id": "insp-0001", "title": "AIP Wessex", "programme": "AIP", "area": "Wessex",
                       "round": "baseline", "form_id": qs.id, "form_version": qs.version,
                       "form_hash": qs.content_hash, "inspectors": ["Ann", "Bob"]},
        "cases": cases,
        "inspectors": ["Ann", "Bob"],
        "second_marking": [{"case_id": cases[0]["id"], "inspector": "Bob", "blind": True}] if second_marking else None,
        "central": keys.public_keys.to_json(),
    })


def test_pack_round_trip_and_form_bytes(central) -> None:
    pack = make_pack(central)
    data = write_sample_pack(pack, central)
    read = read_sample_pack(data, trusted_central=central.public_keys.signing_public)
    assert read == pack
    assert form_bytes(read) == WORKED_EXAMPLE.read_bytes()
    qs = load_question_set_bytes(form_bytes(read), read.form.filename, expect_hash=read.inspection.form_hash)
    assert qs.id == "worked-example"
    assert central_of(read) == central.public_keys
    assert read_sample_pack(data) == pack  # first contact: trusts the key it carries, which signed it
    assert list(members_of(data)) == ["manifest.json", "pack.json", "signature.bin"]
    assert read.second_marking is not None and read.second_marking[0].blind is True


def test_pack_signed_by_another_centre_is_refused(central, other_central) -> None:
    data = write_sample_pack(make_pack(other_central), other_central)
    with pytest.raises(BundleError, match="signed by another centre's key"):
        read_sample_pack(data, trusted_central=central.public_keys.signing_public)


def test_pack_must_carry_the_signing_centre_keys(central, other_central) -> None:
    with pytest.raises(BundleError, match="its central keys are not the keys signing it"):
        write_sample_pack(make_pack(other_central), central)


def test_tampered_pack_is_refused(central) -> None:
    data = write_sample_pack(make_pack(central), central)
    pack_json = json.loads(members_of(data)["pack.json"])
    pack_json["cases"][0]["reference"] = "FORGED"
    tampered = replace_members(data, {"pack.json": canonical.dumps(pack_json)})
    with pytest.raises(BundleError, match="pack: signature does not match: the pack was altered"):
        read_sample_pack(tampered, trusted_central=central.public_keys.signing_public)
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x10
    with pytest.raises(BundleError):
        read_sample_pack(bytes(flipped), trusted_central=central.public_keys.signing_public)


def test_pack_with_swapped_central_keys_is_refused(central, other_central) -> None:
    """Someone re-signs a pack with their own key and claims it is the centre's: refused when trusted."""
    data = write_sample_pack(make_pack(central), central)
    found = members_of(data)
    manifest = json.loads(found["manifest.json"])
    manifest["central"] = other_central.public_keys.to_json()
    man_bytes = canonical.dumps(manifest)
    from casereader.bundles import packs

    signature = other_central.sign(signed_message(packs._SIGN_CONTEXT, man_bytes, found["pack.json"]))
    forged = write_archive([("manifest.json", man_bytes), ("pack.json", found["pack.json"]),
                            ("signature.bin", signature)])
    with pytest.raises(BundleError, match="signed by another centre's key"):
        read_sample_pack(forged, trusted_central=central.public_keys.signing_public)
    with pytest.raises(BundleError, match=r"pack\.json names other central keys than the manifest"):
        read_sample_pack(forged)


def test_pack_validation_rules(central) -> None:
    good = make_pack(central).model_dump(mode="json")
    bad_hash = json.loads(json.dumps(good))
    bad_hash["inspection"]["form_hash"] = "0" * 64
    with pytest.raises(ValueError, match="form's sha256 differs"):
        PackPayload.model_validate(bad_hash)
    unknown = json.loads(json.dumps(good))
    unknown["second_marking"][0]["case_id"] = str(uuid.UUID(int=999))
    with pytest.raises(ValueError, match="not in the sample"):
        PackPayload.model_validate(unknown)
    not_blind = json.loads(json.dumps(good))
    not_blind["second_marking"][0]["blind"] = False
    with pytest.raises(ValueError, match="blind"):
        PackPayload.model_validate(not_blind)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d[: len(d) - 30], "pack.zip: the file is truncated or damaged"),
    (lambda d: d + b"\x00", "pack.zip: there are bytes after the end of the archive"),
    (lambda d: write_archive([("../pack.json", b"{}"), ("manifest.json", b"{}"), ("signature.bin", bytes(64))]),
     "pack.zip: member name '../pack.json' is not allowed: it climbs out of the archive (..)"),
    (lambda d: write_archive([("manifest.json", b"{}"), ("pack.json", b"{}")]),
     "pack.zip: member 'signature.bin' is missing"),
    (lambda d: replace_members(d, {"manifest.json": canonical.dumps({"format": "casereader-marks",
                                                                       "format_version": 1})}),
     "pack.zip: manifest.json: not a casereader-pack document (format is 'casereader-marks')"),
    (lambda d: replace_members(d, {"manifest.json": canonical.dumps({"format": "casereader-pack",
                                                                       "format_version": 3})}),
     "pack.zip: manifest.json: format version 3 is not supported"),
    (lambda d: replace_members(d, {"pack.json": b"{" * 40 + b"}" * 40}),
     "pack.zip: signature does not match: the pack was altered"),
])
def test_malformed_packs_are_refused(central, change, expected) -> None:
    data = change(write_sample_pack(make_pack(central), central))
    with pytest.raises(BundleError) as info:
        read_sample_pack(data, trusted_central=central.public_keys.signing_public, display="pack.zip")
    assert expected in str(info.value)


def test_pack_with_a_form_whose_bytes_do_not_match_is_refused(central) -> None:
    """Even a correctly signed pack is refused if its question-set bytes do not hash to the recorded sha256."""
    pack = make_pack(central).model_dump(mode="json")
    pack["form"]["content_b64"] = form_file("x.yaml", b"id: something-else\n")["content_b64"]
    forged = PackPayload.model_validate(pack)
    with pytest.raises(BundleError, match="the form bytes do not match their sha256"):
        write_sample_pack(forged, central)


def test_signed_pack_whose_form_bytes_do_not_match_is_refused_on_reading(central) -> None:
    """A pack signed by the right key but carrying other question-set bytes than its hash names."""
    from casereader.bundles import packs

    good = write_sample_pack(make_pack(central), central)
    found = members_of(good)
    pack_json = json.loads(found["pack.json"])
    pack_json["form"]["content_b64"] = form_file("x.yaml", b"id: something-else\n")["content_b64"]
    pack_bytes = canonical.dumps(pack_json)
    manifest = json.loads(found["manifest.json"])
    manifest.update(content_sha256=canonical.sha256_hex(pack_bytes), content_size=len(pack_bytes))
    man_bytes = canonical.dumps(manifest)
    signature = central.sign(signed_message(packs._SIGN_CONTEXT, man_bytes, pack_bytes))
    forged = write_archive([("manifest.json", man_bytes), ("pack.json", pack_bytes), ("signature.bin", signature)])
    with pytest.raises(BundleError, match="the question-set file does not match its sha256"):
        read_sample_pack(forged, trusted_central=central.public_keys.signing_public)
