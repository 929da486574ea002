"""Mutation test: flip, truncate or append bytes of a valid bundle — every result is rejected."""

from __future__ import annotations

import random
import time

from bundle_factory import make_payload
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereader.bundles import BundleError, open_marks_doc, verify_bundle, write_marks_doc


def _rejected(data: bytes, central, device) -> str | None:
    """The rejection message, or None if the mutated bundle was accepted."""
    try:
        verify_bundle(data)
        open_marks_doc(data, central, device_public_key=device.public_bytes())
    except BundleError as exc:
        return str(exc)
    return None


def test_every_mutation_is_rejected(qs, device, central) -> None:
    original = write_marks_doc(make_payload(qs, cases=2), device, central.public_keys)
    rng = random.Random(20260301)
    mutants: list[tuple[str, bytes]] = []
    for pos in range(len(original)):  # every byte position, one random bit each
        data = bytearray(original)
        data[pos] ^= 1 << rng.randrange(8)
        mutants.append((f"flip bit at {pos}", bytes(data)))
    for pos in range(len(original)):  # every byte position replaced by a different random byte
        data = bytearray(original)
        data[pos] = (data[pos] + rng.randrange(1, 256)) % 256
        mutants.append((f"replace byte at {pos}", bytes(data)))
    for cut in range(0, len(original), 7):
        mutants.append((f"truncate at {cut}", original[:cut]))
    for n in (1, 2, 22, 100, 4096):
        mutants.append((f"append {n} bytes", original + bytes(rng.randrange(256) for _ in range(n))))
        mutants.append((f"prepend {n} bytes", bytes(rng.randrange(256) for _ in range(n)) + original))
    for pos in rng.sample(range(len(original)), 200):
        mutants.append((f"insert byte at {pos}", original[:pos] + b"\x00" + original[pos:]))
        mutants.append((f"delete byte at {pos}", original[:pos] + original[pos + 1:]))
    assert len(mutants) >= 1000
    started = time.perf_counter()
    accepted = [name for name, data in mutants if _rejected(data, central, device) is None]
    elapsed = time.perf_counter() - started
    assert accepted == []
    assert _rejected(original, central, device) is None
    assert elapsed < 60, f"{len(mutants)} mutants took {elapsed:.1f}s"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=8)), min_size=1, max_size=4))
def test_random_splices_raise_only_bundle_errors(edits, qs, device, central) -> None:
    original = _bundle(qs, device, central)
    data = bytearray(original)
    for pos, chunk in edits:
        pos %= len(data) + 1
        data[pos:pos + len(chunk)] = chunk if chunk else b""
    data_bytes = bytes(data)
    outcome = _rejected(data_bytes, central, device)
    assert outcome is not None or data_bytes == original


_CACHE: dict[str, bytes] = {}


def _bundle(qs, device, central) -> bytes:
    key = device.device_id + central.public_keys.fingerprint
    if key not in _CACHE:
        _CACHE[key] = write_marks_doc(make_payload(qs, cases=1), device, central.public_keys)
    return _CACHE[key]
