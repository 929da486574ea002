"""Folding review events (casereader.core.review): any order gives the same state; steps that do not apply are
kept as rejected, never dropped; a sign-off holds while the case's checksum is the one signed."""

from __future__ import annotations

import itertools
import random

from casereader.core.review import ReviewEvent, fold_queries, fold_signoff, median_days, stamp_after

Q = "11111111-1111-4111-8111-111111111111"
CASE = "22222222-2222-4222-8222-222222222222"
DEVICE = "0123456789abcdef0123456789abcdef"


def ev(n: int, kind: str, at: str, origin: str = "centre", **more: object) -> ReviewEvent:
    return ReviewEvent(id=f"00000000-0000-4000-8000-{n:012d}", inspection_id="insp", case_id=CASE, kind=kind,
                       at=f"2026-12-0{at}T10:00:00.000000Z", actor="a" if origin == "centre" else "ann",
                       origin=origin, query_id=more.pop("query_id", Q), text=str(more.pop("text", "t")),
                       **more)  # type: ignore[arg-type]


EVENTS = [ev(1, "opened", "1", question_id="PC-03"), ev(2, "answered", "2", DEVICE, mark="not"),
          ev(3, "closed", "3"), ev(4, "answered", "4", DEVICE, text="late"), ev(5, "reopened", "5"),
          ev(6, "answered", "6", DEVICE, text="again"), ev(7, "closed", "7", text="")]


def test_every_order_folds_to_the_same_state() -> None:
    states = {repr(fold_queries(p)) for p in itertools.permutations(EVENTS)}
    assert len(states) == 1
    q = fold_queries(EVENTS)[Q]
    assert (q.state, q.answer, q.mark, q.events) == ("closed", "again", None, 6)
    assert [(r.kind, r.reason.split(" (")[0]) for r in q.rejected] == [("answered", "answer after the query was "
                                                                        "closed")]
    assert q.days_to_close == 6.0 and median_days([q]) == 6.0


def test_a_query_never_opened_is_not_a_query_and_a_second_opening_is_rejected() -> None:
    assert fold_queries(EVENTS[1:]) == {}
    q = fold_queries([*EVENTS[:2], ev(9, "opened", "3")])[Q]
    assert q.rejected[0].reason == "the query was already opened" and q.state == "answered"


def test_malformed_events_are_named() -> None:
    assert "cannot come from a device" in (ev(1, "closed", "1", DEVICE).problem() or "")
    assert "has no text" in (ev(1, "answered", "1", DEVICE, text=" ").problem() or "")
    assert "names no case checksum" in (ev(1, "signed_off", "1", query_id=None).problem() or "")
    assert ev(1, "opened", "1").problem() is None


def test_signoff_holds_until_the_checksum_changes_and_clears_in_any_order() -> None:
    signed = ev(1, "signed_off", "1", query_id=None, checksum="a" * 64)
    cleared = ev(2, "signoff_cleared", "2", query_id=None)
    again = ev(3, "signed_off", "3", query_id=None, checksum="b" * 64)
    assert fold_signoff(CASE, [signed], "a" * 64).holds
    changed = fold_signoff(CASE, [signed], "c" * 64)
    assert changed.changed_since_review and not changed.holds
    for order in itertools.permutations([signed, cleared, again]):
        s = fold_signoff(CASE, order, "b" * 64)
        assert (s.signed_by, s.checksum, s.holds) == ("a", "b" * 64, True)
    assert not fold_signoff(CASE, [signed, cleared], "a" * 64).signed_by
    assert fold_signoff(CASE, [cleared], None).rejected


def test_a_step_is_stamped_after_what_it_saw() -> None:
    ahead = "2999-01-01T00:00:00.000000Z"
    assert stamp_after(ahead) == "2999-01-01T00:00:00.000001Z"
    assert stamp_after("2000-01-01T00:00:00.000000Z") > "2026"
    rng = random.Random(5)
    shuffled = EVENTS[:]
    rng.shuffle(shuffled)
    assert fold_queries(shuffled) == fold_queries(EVENTS)
