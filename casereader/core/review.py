"""The review loop's events and how they fold into a query's state and a case's sign-off.

Queries and sign-offs are never updated in place: every step is an immutable :class:`ReviewEvent` with its
own uuid, who, when and where it was made (``origin``: ``"centre"`` or the device id of a laptop). The centre
and each laptop keep the union of the events they have seen (insert-if-absent by event id, so a pack or a
bundle delivered twice changes nothing), and a query's state is *folded* from its events sorted by one total
order — the opening first, then ``(at, origin, id)`` — so the result does not depend on the order in which
packs and bundles arrived. A step that does not apply in that order (an answer after the query was closed,
a second opening, a re-opening of an open query) is kept as a :class:`Rejected` step, never silently dropped.

A case's sign-off is folded the same way from its ``signed_off`` and ``signoff_cleared`` events; it holds
while the case's marks checksum is the one signed (otherwise the case is *changed since review*).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import median
from typing import Any

OPENED, ANSWERED, CLOSED, REOPENED = "opened", "answered", "closed", "reopened"
SIGNED_OFF, SIGNOFF_CLEARED = "signed_off", "signoff_cleared"
QUERY_KINDS = (OPENED, ANSWERED, CLOSED, REOPENED)
SIGNOFF_KINDS = (SIGNED_OFF, SIGNOFF_CLEARED)
CENTRE_KINDS = frozenset({OPENED, CLOSED, REOPENED, SIGNED_OFF, SIGNOFF_CLEARED})  # made only at the centre
DEVICE_KINDS = frozenset({ANSWERED})  # made only on an inspector's laptop
CENTRE = "centre"
STATES = ("open", "answered", "closed")
MAX_TEXT = 20_000


def stamp() -> str:
    """Now, in UTC, as ISO 8601 with microseconds and a ``Z`` (the ``at`` of every review event)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def stamp_after(*earlier: str) -> str:
    """Now, or a microsecond after the latest of ``earlier`` if this clock is behind it: a step answering or
    closing what it saw always folds after it."""
    now = stamp()
    latest = max((e for e in earlier if e), default="")
    if not latest or now > latest:
        return now
    later = parse_stamp(latest) + dt.timedelta(microseconds=1)
    return later.astimezone(dt.UTC).isoformat(timespec="microseconds")[:-6] + "Z"


@dataclass(frozen=True)
class ReviewEvent:
    """One step of a query (``query_id`` set) or of a case's sign-off (``query_id`` None)."""

    id: str
    inspection_id: str
    case_id: str
    kind: str
    at: str
    actor: str
    origin: str
    query_id: str | None = None
    question_id: str | None = None  # opened: the question the query is on (None: on the whole case)
    text: str = ""
    mark: str | None = None  # answered: the changed mark as shown (the change itself is an audited answer)
    checksum: str | None = None  # signed_off: the case's marks checksum that was signed

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "inspection_id": self.inspection_id, "case_id": self.case_id, "kind": self.kind,
                "at": self.at, "actor": self.actor, "origin": self.origin, "query_id": self.query_id,
                "question_id": self.question_id, "text": self.text, "mark": self.mark, "checksum": self.checksum}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ReviewEvent:
        return cls(id=str(d["id"]), inspection_id=str(d["inspection_id"]), case_id=str(d["case_id"]),
                   kind=str(d["kind"]), at=str(d["at"]), actor=str(d["actor"]), origin=str(d["origin"]),
                   query_id=d.get("query_id"), question_id=d.get("question_id"), text=str(d.get("text", "")),
                   mark=d.get("mark"), checksum=d.get("checksum"))

    def problem(self) -> str | None:
        """What makes the event malformed (None if it is well formed)."""
        if self.kind in QUERY_KINDS:
            if not self.query_id:
                return f"a '{self.kind}' event names no query"
            if self.kind in (OPENED, ANSWERED, REOPENED) and not self.text.strip():
                return f"a '{self.kind}' event has no text"
        elif self.kind in SIGNOFF_KINDS:
            if self.query_id is not None:
                return f"a '{self.kind}' event names a query"
            if self.kind == SIGNED_OFF and not self.checksum:
                return "a sign-off names no case checksum"
        else:
            return f"'{self.kind}' is not a review event"
        if len(self.text) > MAX_TEXT:
            return f"the text is longer than {MAX_TEXT:,} characters"
        if (self.origin == CENTRE) != (self.kind in CENTRE_KINDS):
            return f"a '{self.kind}' event cannot come from {'the centre' if self.origin == CENTRE else 'a device'}"
        if not self.actor.strip():
            return "the event names nobody"
        return None


def order_key(e: ReviewEvent) -> tuple[bool, str, str, str]:
    """The total order events are folded in: a query's opening first, then (at, origin, id)."""
    return (e.kind != OPENED, e.at, e.origin, e.id)


@dataclass(frozen=True)
class Rejected:
    """A step that did not apply where it falls in the folded order (kept, reported, never applied)."""

    event_id: str
    kind: str
    at: str
    actor: str
    reason: str


@dataclass
class QueryState:
    id: str
    inspection_id: str
    case_id: str
    question_id: str | None
    state: str = "open"  # open | answered | closed
    text: str = ""  # the opening question
    opened_by: str = ""
    opened_at: str = ""
    answer: str = ""  # the latest answer
    answered_by: str = ""
    answered_at: str = ""
    mark: str | None = None  # the mark the latest answer changed to, if it changed one
    closed_by: str = ""
    closed_at: str = ""
    note: str = ""  # the closing note or the re-opening text
    updated_at: str = ""
    events: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def days_to_close(self) -> float | None:
        if self.state != "closed" or not self.opened_at or not self.closed_at:
            return None
        return max((parse_stamp(self.closed_at) - parse_stamp(self.opened_at)).total_seconds(), 0.0) / 86400


def parse_stamp(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def fold_query(events: Iterable[ReviewEvent]) -> QueryState | None:
    """The state of one query from its events (any order); None if none of them opens it."""
    ordered = sorted(events, key=order_key)
    if not ordered or ordered[0].kind != OPENED:
        return None
    first = ordered[0]
    q = QueryState(first.query_id or "", first.inspection_id, first.case_id, first.question_id, text=first.text,
                   opened_by=first.actor, opened_at=first.at, updated_at=first.at, events=1)
    for e in ordered[1:]:
        reason = _refusal(q, e)
        if reason is not None:
            q.rejected.append(Rejected(e.id, e.kind, e.at, e.actor, reason))
            continue
        q.events += 1
        q.updated_at = e.at
        if e.kind == ANSWERED:
            q.state, q.answer, q.answered_by, q.answered_at, q.mark = "answered", e.text, e.actor, e.at, e.mark
        elif e.kind == CLOSED:
            q.state, q.closed_by, q.closed_at, q.note = "closed", e.actor, e.at, e.text
        else:  # REOPENED
            q.state, q.note, q.closed_by, q.closed_at = "open", e.text, "", ""
    return q


def _refusal(q: QueryState, e: ReviewEvent) -> str | None:
    if e.case_id != q.case_id or e.inspection_id != q.inspection_id:
        return "names another case than the query's"
    if e.kind == OPENED:
        return "the query was already opened"
    if e.kind == ANSWERED and q.state == "closed":
        return f"answer after the query was closed ({q.closed_at} by {q.closed_by})"
    if e.kind == CLOSED and q.state == "closed":
        return f"the query was already closed ({q.closed_at} by {q.closed_by})"
    if e.kind == REOPENED and q.state == "open":
        return "the query is not answered or closed, so it cannot be re-opened"
    if e.kind not in QUERY_KINDS:
        return f"'{e.kind}' is not a step of a query"
    return None


def fold_queries(events: Iterable[ReviewEvent]) -> dict[str, QueryState]:
    """Every query of ``events`` by id (events of a query that was never opened are left out)."""
    by_query: dict[str, list[ReviewEvent]] = {}
    for e in events:
        if e.query_id:
            by_query.setdefault(e.query_id, []).append(e)
    out = {}
    for qid, evs in sorted(by_query.items()):
        q = fold_query(evs)
        if q is not None:
            out[qid] = q
    return out


@dataclass
class SignOff:
    case_id: str
    signed_by: str = ""
    signed_at: str = ""
    checksum: str = ""  # the marks checksum that was signed ("" when not signed off)
    changed_since_review: bool = False  # signed off, then the case changed: the sign-off no longer holds
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return bool(self.signed_by) and not self.changed_since_review


def fold_signoff(case_id: str, events: Iterable[ReviewEvent], current_checksum: str | None) -> SignOff:
    """A case's sign-off from its sign-off events (any order) and the case's current marks checksum."""
    out = SignOff(case_id)
    for e in sorted((e for e in events if e.kind in SIGNOFF_KINDS), key=order_key):
        if e.kind == SIGNED_OFF:
            out.signed_by, out.signed_at, out.checksum = e.actor, e.at, e.checksum or ""
        elif out.signed_by:
            out.signed_by, out.signed_at, out.checksum = "", "", ""
        else:
            out.rejected.append(Rejected(e.id, e.kind, e.at, e.actor, "the case was not signed off"))
    out.changed_since_review = bool(out.signed_by) and current_checksum is not None \
        and out.checksum != current_checksum
    return out


def median_days(queries: Iterable[QueryState]) -> float | None:
    days = [d for q in queries if (d := q.days_to_close) is not None]
    return median(days) if days else None
