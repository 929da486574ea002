"""The engine's decisions as the inspector sees them: a refused value is shown next to its question as what it
is, and nothing is saved; only a store that cannot write says "Not saved". The same scenarios as
tests/storage/test_outcome_contract.py (engine, store and command line), here through the marking session."""

from __future__ import annotations

from pathlib import Path

import pytest
from outcome_scenarios import BASE, SCENARIOS, Scenario, da_case
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from scripted_dialogs import ScriptedDialogs

from casereader.core.inspection import CaseStatus
from casereader.core.outcome import REFUSING, IssueCode
from casereader.ui.app import application
from casereader.ui.marking.app import open_window
from casereader.ui.marking.issue_text import issue_text
from casereader.ui.marking.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def marking(tmp_path: Path, qtbot: QtBot):  # type: ignore[no-untyped-def]
    """A domestic-abuse thematic case (DA-01 yes, DA-02 given) open in the window: (store, case id, window)."""
    paths, store, inspection_id, case_id = da_case(tmp_path)
    application()
    window = open_window(paths, store, inspection_id, dialogs=ScriptedDialogs(inspectors=["Ann"]))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.open_case(case_id)
    yield store, case_id, window
    window.close()
    store.close()


def _not_saved(window: MainWindow) -> bool:
    return window.banner.isVisible() or "Not saved" in window.status.saved_label.text()


def test_typing_31_into_a_0_to_30_question_is_refused_inline_and_saves_nothing(marking, qtbot: QtBot) -> None:
    store, case_id, window = marking
    before, events = store.get_case(case_id), len(store.history(case_id))
    card = window.form.questions["DA-10"]
    assert card.value_edit is not None
    card.value_edit.setFocus()
    qtbot.keyClicks(card.value_edit, "31")
    qtbot.keyClick(card.value_edit, Qt.Key.Key_Return)
    assert card.problem.isVisible() and card.problem.text() == "must be between 0 and 30"
    assert card.value_edit.text() == "31"  # left in the box, to be put right
    assert store.get_case(case_id) == before and len(store.history(case_id)) == events
    assert not _not_saved(window)
    card.value_edit.selectAll()
    qtbot.keyClicks(card.value_edit, "12")
    qtbot.keyClick(card.value_edit, Qt.Key.Key_Return)
    assert not card.problem.isVisible()
    assert store.get_case(case_id).state.answers["DA-10"].value == 12.0 and not _not_saved(window)


def test_a_full_disk_still_says_not_saved(marking, qtbot: QtBot) -> None:
    store, case_id, window = marking
    with store._db.raw() as con:  # cap the database at its size: SQLite then fails with SQLITE_FULL
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {pages}")
    card = window.form.questions["DA-14"]
    assert card.value_edit is not None
    card.value_edit.setFocus()
    qtbot.keyClicks(card.value_edit, "x" * 20_000)
    qtbot.keyClick(card.value_edit, Qt.Key.Key_Return)
    assert _not_saved(window) and "disk is full" in window.banner.text.text()
    assert not card.problem.isVisible()  # a failed write is not a wrong answer
    assert "DA-14" not in store.get_case(case_id).state.answers


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if not s.is_header and s.code != IssueCode.UNKNOWN_QUESTION],
                         ids=lambda s: s.code.value)  # (the form has no card for a question not in the set)
def test_the_session_makes_the_engines_decision(marking, scenario: Scenario) -> None:
    store, case_id, window = marking
    session = window.session
    assert session is not None and scenario.answer is not None
    refused: list[tuple[str, object]] = []
    session.changeRefused.connect(lambda target, outcome: refused.append((target, outcome)))
    expected = session.engine.check(scenario.target, scenario.answer)
    session.answer(scenario.target, scenario.answer)
    window.form.refresh()
    card = window.form.questions[scenario.target]
    if scenario.code in REFUSING:
        assert [(t, o) for t, o in refused] == [(scenario.target, expected)]
        assert store.get_case(case_id).state.answers.get(scenario.target) == BASE.get(scenario.target)
        assert not _not_saved(window)
        if scenario.code == IssueCode.NOT_APPLICABLE:  # not on the form at all: the card stays hidden
            assert not card.isVisible()
        else:
            assert card.problem.text() == issue_text(expected.issues[0])
    else:  # saved as a draft; the issue is shown beside the question and in the to-do list
        assert refused == [] and store.get_case(case_id).state.answers[scenario.target] == scenario.answer
        assert issue_text(expected.issues[0]) in card.problem.text()
        todo = [window.form.issues.item(n).text() for n in range(window.form.issues.count())]
        assert f"{scenario.target}  {issue_text(expected.issues[0])}" in todo


def test_a_complete_case_refuses_every_change_until_reopened(marking) -> None:
    store, case_id, window = marking
    session = window.session
    assert session is not None
    store.set_status(case_id, CaseStatus.LOCKED, "lead", reason="moderated")  # as the centre's lock would
    window.open_case(case_id)
    codes: list[IssueCode] = []
    session.changeRefused.connect(lambda _t, outcome: codes.extend(i.code for i in outcome.issues))
    before = store.get_case(case_id)
    session.answer("DA-01", None)  # clearing a stored answer
    session.set_header("outcome", "acquittal_after_trial")
    assert codes == [IssueCode.LOCKED, IssueCode.LOCKED] and store.get_case(case_id) == before
    assert "locked" in window.form.notice.text().lower()
