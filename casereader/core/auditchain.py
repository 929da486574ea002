"""The hash chain of the audit log: each event carries the hash of the one before it in its chain.

One chain per inspection (its own events and its cases'), in sequence order; events with no inspection
form one more chain. An event's hash is the sha256 of the canonical JSON of the previous hash ("" for the
first event) and the event's fields. Used by the local store (computed as each event is inserted), by
``casereader audit verify`` and by the centre, which recomputes the chain of every bundle it receives.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = ""
FIELDS = ("at", "actor", "case_id", "kind", "key", "old", "new", "reason")
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def link(previous: str | None, at: Any, actor: Any, case_id: Any, kind: Any, key: Any, old: Any, new: Any,
         reason: Any) -> str:
    """The hash of one event, given the hash of the event before it in its chain."""
    text = _ENCODER.encode([previous or GENESIS, at, actor, case_id, kind, key or "", old, new, reason or ""])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_link(previous: str, event: Mapping[str, Any]) -> str:
    """:func:`link` of an event given as a JSON object (as in a bundle: ``key`` and ``reason`` may be left out)."""
    return link(previous, event["at"], event["actor"], event.get("case_id"), event["kind"], event.get("key", ""),
                event.get("old"), event.get("new"), event.get("reason", ""))


def extend(previous: str, events: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """The hash after each event (by its ``seq``) of a chain continued from ``previous``, in the order given."""
    hashes: dict[int, str] = {}
    for e in events:
        previous = hashes[int(e["seq"])] = event_link(previous, e)
    return hashes
