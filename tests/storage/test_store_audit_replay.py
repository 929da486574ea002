"""Property: for any sequence of edits, replaying the audit log from empty gives exactly the current case."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereader.core.answers import Answer, CaseState
from casereader.core.engine import CaseEngine
from casereader.core.inspection import AuditEvent, Inspection, Round, StoreError
from casereader.core.loader import load_question_set_bytes
from casereader.storage import LocalStore
from casereader.storage.audit import replay

WORKED_EXAMPLE = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"
QUESTIONS = ["PC-03", "PC-04", "DI-02", "VW-01", "VW-06", "VW-07"]
VALUES = ["fully", "partially", "not", "yes", "no", "maybe"]  # 'maybe' is on no scale: refused

answers = st.one_of(
    st.none(),
    st.builds(Answer, value=st.sampled_from(VALUES), comment=st.sampled_from(["", "evidence", "ça va"])),
    st.builds(Answer, na=st.just(True),
              na_reason=st.sampled_from(["", "No unused material", "Guilty plea at first hearing", "bored"])),
    st.builds(Answer, comment=st.sampled_from(["note only", ""])),
)
header_values = {
    "casework_type": st.sampled_from([None, "MC", "CC", "RASSO", "", "Traffic"]),
    "charging_route": st.sampled_from([None, "police", "cpsd", "area", "Area"]),
    "victim_letter_required": st.sampled_from([None, True, False, "yes"]),
}
edits = st.lists(st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(QUESTIONS), answers),
    st.tuples(st.just("header"), st.sampled_from(sorted(header_values)), st.none()).flatmap(
        lambda t: st.tuples(st.just("header"), st.just(t[1]), header_values[t[1]])),
), min_size=1, max_size=25)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalStore, Inspection]]:
    raw = WORKED_EXAMPLE.read_bytes()
    store = LocalStore.open(tmp_path_factory.mktemp("replay") / "casereader.sqlite")
    qs = load_question_set_bytes(raw, str(WORKED_EXAMPLE))
    insp = store.create_inspection(qs, area="Wessex", round=Round.FOLLOW_UP, form_bytes=raw)
    yield store, insp
    store.close()


def replay_independently(events: list[AuditEvent]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The test's own replay: header and answers (as JSON) from the audit log alone."""
    header: dict[str, Any] = {}
    state: dict[str, Any] = {}
    for ev in events:
        new = None if ev.new is None else json.loads(ev.new)
        if ev.kind == "case" and ev.key == "":
            header = dict(new["header"])
        elif ev.kind == "header":
            assert (header.get(ev.key) is None) == (ev.old is None)
            if new is None:
                header.pop(ev.key, None)
            else:
                header[ev.key] = new
        elif ev.kind == "answer":
            assert (ev.old is None) == (ev.key not in state)
            assert ev.old is None or json.loads(ev.old) == state[ev.key]
            if new is None:
                state.pop(ev.key, None)
            else:
                state[ev.key] = new
    return header, state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=edits, start=st.sampled_from([{}, {"charging_route": "area", "victim_letter_required": True}]))
def test_replaying_the_audit_log_gives_the_current_case(shared: tuple[LocalStore, Inspection],
                                                        script: list[tuple[str, str, Any]],
                                                        start: dict[str, Any]) -> None:
    store, insp = shared
    qs = store.question_set(insp.id)
    case = store.add_cases(insp.id, [(f"C{len(store.list_cases(insp.id))}", start)], actor="ann")[0]
    for kind, key, value in script:
        before, n_events = store.get_case(case.id), len(store.history(case.id))
        try:
            if kind == "answer":
                store.save_answer(case.id, key, value, "ann")
            else:
                store.save_header(case.id, key, value, "bob")
        except StoreError:
            assert store.get_case(case.id) == before and len(store.history(case.id)) == n_events
    current = store.get_case(case.id)
    events = store.history(case.id)
    header, answers_json = replay_independently(events)
    assert header == dict(current.state.header)
    assert answers_json == {q: a.to_json() for q, a in current.state.answers.items()}
    assert replay(events) == CaseState(dict(current.state.header), dict(current.state.answers))
    assert (current.summary.answered, current.summary.applicable) == CaseEngine(qs, current.state).progress
    assert all(e.at.endswith("Z") for e in events) and [e.seq for e in events] == sorted(e.seq for e in events)
