"""The fast canonical encoder (orjson for float-free objects) and the marks checksum, against the standard
library's encoder and the checksum definitions they stand in for: the same bytes, the same digests, the same
errors; and a bundle made with orjson and one made without it carry the same payload."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import pytest
from bundle_factory import make_payload
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereader.bundles import canonical, verify_bundle
from casereader.bundles.case_marks import CaseMarks
from casereader.bundles.checksums import case_holds_float, marks_checksum
from casereader.bundles.marks import open_marks_doc, write_marks_doc
from casereader.core.questionset import QuestionSet


def _reference(obj: Any) -> bytes:
    """The canonical form as the format document defines it."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


TEXT = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["", "\x00\x01\x08\t\n\x0b\x0c\r\x1f\x7f", "\u2028\u2029", '"\\/', "é😀Ω", "\ufeff", "\ud7ff\ue000\uffff"])
INTS = st.integers(-(2**63), 2**64 - 1) | st.sampled_from([2**64, -(2**63) - 1, 10**30, -(10**40)])
SCALARS = st.none() | st.booleans() | INTS | TEXT
FLOATLESS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
                         max_leaves=40)


@settings(max_examples=600, deadline=None)
@given(FLOATLESS)
def test_floatless_encoding_is_byte_for_byte_the_standard_librarys(obj: Any) -> None:
    assert canonical.dumps_floatless(obj) == canonical.dumps(obj) == _reference(obj)


@pytest.mark.parametrize("obj", [
    {"a": "\ud800"},  # a lone surrogate: not UTF-8
    {1: "a"},  # a key that is not text: orjson refuses, the standard library writes "1"
    [{"nested": [[[[[]]]]]}] * 3,
    {"z": 1, "a": {"y": [True, False, None], "b": ""}},
    [2**64, -(2**63) - 1],  # beyond orjson's 64 bits
])
def test_what_orjson_refuses_the_standard_library_decides(obj: Any) -> None:
    try:
        expected: Any = _reference(obj)
    except ValueError as exc:
        expected = type(exc)
    if isinstance(expected, bytes):
        assert canonical.dumps_floatless(obj) == expected
    else:
        with pytest.raises(expected):
            canonical.dumps_floatless(obj)


def test_holds_float_looks_everywhere() -> None:
    """Floats never take orjson's path: it writes some differently (1e-05 as 0.00001)."""
    assert canonical.dumps(1e-05) == b"1e-05"
    assert canonical.holds_float({"a": [1, {"b": 1e-05}]}) and not canonical.holds_float({"a": [1, True, None, "1.5"]})


def _case(value: Any = "fully", header: Any = "MC") -> dict[str, Any]:
    return {"id": "00000000-0000-0000-0000-000000000001", "reference": "R1", "status": "in_progress",
            "header": {"casework_type": header}, "answers": {"DI-02": {"value": value, "na": False, "na_reason": "",
                                                                        "comment": ""}}, "audit": []}


@pytest.mark.parametrize(("case", "floats"), [
    (_case(), False), (_case(value=None), False), (_case(value=["a", "b"]), False), (_case(header=True), False),
    (_case(value=3), False), (_case(value=2.5), True), (_case(header=1e-05), True), (_case(value=[1.5]), True),
    ({**_case(), "reserve": 0.0}, True),
])
def test_case_holds_float_finds_every_float_a_valid_case_can_hold(case: dict[str, Any], floats: bool) -> None:
    assert case_holds_float(case) is floats


VALUE = st.none() | TEXT | st.floats(allow_nan=False) | st.integers(-10, 10) | st.lists(TEXT, max_size=3)
ANSWER = st.fixed_dictionaries(
    {}, optional={"value": VALUE,
                  "na": st.booleans(), "na_reason": TEXT, "comment": TEXT, "inspector": TEXT, "updated_at": TEXT})
CASE = st.fixed_dictionaries(
    {"id": TEXT, "reference": TEXT},
    optional={"header": st.dictionaries(TEXT, st.none() | st.booleans() | st.floats() | TEXT, max_size=4),
              "status": st.sampled_from(["not_started", "in_progress", "complete"]), "role": st.just("second"),
              "reserve": st.booleans(), "withdrawn_reason": TEXT, "inspector": TEXT, "updated_at": TEXT,
              "answers": st.dictionaries(TEXT, ANSWER, max_size=4)})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CASE)
def test_marks_checksum_is_the_centres_checksum(case: dict[str, Any]) -> None:
    """Defaults left out, answers with their own inspector, floats (NaN in a header too), lists, unicode."""
    assert marks_checksum(case) == CaseMarks.from_doc(case).checksum


def test_marks_checksum_of_exported_answers_ignores_when_and_by_whom() -> None:
    case = _case()
    other = copy.deepcopy(case)
    other.update(inspector="Bob", updated_at="2026-03-02T10:00:00Z", audit=[{"seq": 1}])
    assert marks_checksum(case) == marks_checksum(other)
    other["answers"]["DI-02"]["value"] = "not"
    assert marks_checksum(case) != marks_checksum(other)
    # a NaN header value is written as NaN in the checksum's JSON, as before
    with_nan = {**case, "header": {"x": math.nan}}
    assert marks_checksum(with_nan) == CaseMarks.from_doc(with_nan).checksum


FIXED = {"bundle_id": "6f1c7a52-1f4e-4c51-8d42-5e7a9d1b2c3d", "created_at": "2026-03-01T10:00:00Z"}


def _numeric_payload(qs: QuestionSet) -> dict[str, Any]:
    """A payload with numbers where a valid one may hold them (header and answer values)."""
    doc: dict[str, Any] = dict(make_payload(qs, cases=3))
    doc["cases"][0]["header"]["casework_type"] = 1e-05
    doc["cases"][1]["answers"]["DI-02"]["value"] = 1e16
    doc["cases"][2]["answers"]["DI-02"]["value"] = ["a", "é"]
    doc["cases"][2]["answers"]["DI-02"]["comment"] = "line\nbreak\x00 and \u2028 😀"
    return doc


@pytest.mark.parametrize("numbers", [False, True])
def test_a_bundle_carries_the_same_payload_with_and_without_orjson(qs: QuestionSet, device, central,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   numbers: bool) -> None:
    doc = _numeric_payload(qs) if numbers else dict(make_payload(qs, cases=3))
    fast = write_marks_doc(copy.deepcopy(doc), device, central.public_keys, **FIXED)
    monkeypatch.setattr(canonical, "orjson", None)
    plain = write_marks_doc(copy.deepcopy(doc), device, central.public_keys, **FIXED)
    a, b = verify_bundle(fast), verify_bundle(plain)
    assert a == b
    for data in (fast, plain):  # and each opens without orjson, as with it
        _, opened = open_marks_doc(data, central, device_public_key=device.public_bytes())
        assert opened["cases"][0]["header"] == doc["cases"][0]["header"]
    monkeypatch.undo()
    for data in (fast, plain):
        _, payload = open_marks_doc(data, central, device_public_key=device.public_bytes())
        assert payload["cases"][1]["answers"]["DI-02"]["value"] == \
            doc["cases"][1]["answers"]["DI-02"]["value"]


def test_payload_plaintext_is_the_reference_canonical_json(qs: QuestionSet, device, central,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """What the bundle's payload sha256 covers is exactly json.dumps(sort_keys, compact, ensure_ascii=False)."""
    from casereader.bundles import marks

    captured: list[bytes] = []
    real = marks.zlib.compressobj

    class Spy:
        def __init__(self, level: int) -> None:
            self.inner = real(level)

        def compress(self, chunk: bytes) -> bytes:
            captured.append(chunk)
            return self.inner.compress(chunk)

        def flush(self) -> bytes:
            return self.inner.flush()

    monkeypatch.setattr(marks.zlib, "compressobj", Spy)
    payload = make_payload(qs, cases=4)
    data = write_marks_doc(payload, device, central.public_keys, **FIXED)
    monkeypatch.undo()
    plaintext = b"".join(captured)
    assert plaintext == _reference(payload)
    manifest = verify_bundle(data)
    assert (manifest.payload.size, manifest.payload.sha256) == (len(plaintext), canonical.sha256_hex(plaintext))
