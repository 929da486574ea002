"""One decision per rule: every engine issue code, driven through the engine, the store and the command line.

Each scenario gives an answer (or header value) to a case of the domestic-abuse thematic set, which uses every
kind of answer. The engine names the issue by its code; the store refuses exactly the refusing codes (and
changes nothing) and saves the others as a draft that cannot be completed; ``casereader marks import`` reports
the same issue. The app's side is in tests/ui/test_outcome_contract_app.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import CliRunner
from outcome_scenarios import BASE, FORM, HEADER, SCENARIOS, Scenario

from casereader.core.answers import Answer
from casereader.core.engine import CaseEngine
from casereader.core.inspection import CaseIncomplete, CaseStatus, ChangeRefused
from casereader.core.loader import load_question_set
from casereader.core.outcome import REFUSING, IssueCode
from casereader.storage import LocalStore


def test_every_code_has_a_scenario() -> None:
    covered = {s.code for s in SCENARIOS} | {IssueCode.LOCKED, IssueCode.REQUIRED}
    assert covered == set(IssueCode)


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    s = LocalStore.open(tmp_path / "casereader.sqlite", backups_dir=tmp_path / "backups")
    return s


def _case(store: LocalStore) -> str:
    qs = load_question_set(FORM)
    insp = store.create_inspection(qs, area="Cymru-Wales", round="baseline", form_bytes=FORM.read_bytes(),
                                   inspectors=["Ann"], actor="Ann")
    (case,) = store.add_cases(insp.id, [("DA-1", HEADER)], actor="Ann")
    for qid, answer in BASE.items():
        store.save_answer(case.id, qid, answer, "Ann")
    return case.id


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.code.value)
def test_engine_and_store_make_the_same_decision(store: LocalStore, scenario: Scenario) -> None:
    case_id = _case(store)
    before = store.get_case(case_id)
    engine = CaseEngine(store.question_set(before.summary.inspection_id), before.state)
    if scenario.is_header:
        outcome = engine.check_header(scenario.target, scenario.header)
    else:
        outcome = engine.check(scenario.target, scenario.answer)
    assert [(i.code, i.target) for i in outcome.issues] == [(scenario.code, scenario.target)]
    events = len(store.history(case_id))
    if scenario.code in REFUSING:
        with pytest.raises(ChangeRefused) as refused:
            if scenario.is_header:
                store.save_header(case_id, scenario.target, scenario.header, "Ann")
            else:
                store.save_answer(case_id, scenario.target, scenario.answer, "Ann")
        assert refused.value.outcome.issues == outcome.issues
        assert store.get_case(case_id) == before and len(store.history(case_id)) == events
    else:  # kept as a draft: saved, audited, and the case cannot be completed until it is put right
        assert scenario.answer is not None
        store.save_answer(case_id, scenario.target, scenario.answer, "Ann")
        assert store.get_case(case_id).state.answers[scenario.target] == scenario.answer
        with pytest.raises(CaseIncomplete) as incomplete:
            store.set_status(case_id, CaseStatus.COMPLETE, "Ann")
        assert (scenario.code, scenario.target) in {(i.code, i.target) for i in incomplete.value.outcome.issues}


def test_locked_and_required(store: LocalStore) -> None:
    case_id = _case(store)
    with pytest.raises(CaseIncomplete) as incomplete:
        store.set_status(case_id, CaseStatus.COMPLETE, "Ann")
    required = {i.target for i in incomplete.value.outcome.issues if i.code == IssueCode.REQUIRED}
    assert {"DA-04", "DA-05", "DA-06"} <= required and not incomplete.value.outcome.refusals
    store.set_status(case_id, CaseStatus.LOCKED, "Ann", reason="moderated")
    case = store.get_case(case_id)
    engine = CaseEngine(store.question_set(case.summary.inspection_id), case.state, locked="locked")
    outcome = engine.check("DA-05", Answer("yes"))
    assert [i.code for i in outcome.issues] == [IssueCode.LOCKED] and not outcome.accepted
    with pytest.raises(ChangeRefused) as refused:
        store.save_answer(case_id, "DA-05", Answer("yes"), "Ann")
    assert refused.value.outcome.issues == outcome.issues
    assert store.get_case(case_id) == case


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.csv], ids=lambda s: s.code.value)
def test_the_command_line_reports_the_same_issue(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 scenario: Scenario) -> None:
    data = tmp_path / "data"
    with LocalStore.open(data / "casereader.sqlite", backups_dir=data / "backups") as store:
        case_id = _case(store)
        inspection = store.get_case(case_id).summary.inspection_id
        engine = CaseEngine(store.question_set(inspection), store.get_case(case_id).state)
        before = store.get_case(case_id)
    assert scenario.answer is not None
    (issue,) = engine.check(scenario.target, scenario.answer).issues
    marks = tmp_path / "marks.csv"
    marks.write_text(f"case_ref,question_id,answer,na_reason,comment\nDA-1,{scenario.target},{scenario.csv}\n")
    code, _out, err = CliRunner(data, capsys)("marks", "import", inspection, str(marks))
    assert code != 0 and err.count("\n") >= 1
    if issue.code == IssueCode.NOT_APPLICABLE:  # the table says which case, and why not
        assert f"{scenario.target} does not apply to case 'DA-1'" in err
    elif issue.code != IssueCode.UNKNOWN_QUESTION:  # an unknown id is named by the table reader itself
        assert issue.message in err
    with LocalStore.open(data / "casereader.sqlite", backups_dir=data / "backups") as store:
        assert store.get_case(case_id) == before
