"""The review loop with the inspector in the marking app (issue 19): the centre opens three queries and sends
them in a query pack; in the app the inspector finds them beside the case (Case ▸ Queries from the centre, then
Enter), answers one with a changed mark and one with text, and sends the marks; the centre closes one and
re-opens one; a second round trip, answered in the app again, closes all. Audit rows on both sides show every
transition. The command line does the centre's part, across two data folders."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from scripted_dialogs import ScriptedDialogs

from casereader.paths import resolve
from casereader.storage import LocalStore
from casereader.ui.app import application
from casereader.ui.marking.app import open_window
from casereader.ui.marking.main_window import MainWindow
from casereader.ui.marking.side_panel import TargetRole
from casereader.ui.translation import install_language
from tests.e2e.rounds import marked_and_sent
from tests.e2e.test_review_loop import Review, _id, audited_steps, expected_steps, rows
from tests.e2e.test_sync_loop import Loop, loop  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


@contextmanager
def app(loop: Loop, inspection: str, qtbot: QtBot,  # noqa: F811
        answers: list[tuple[str, str | None] | None]) -> Iterator[tuple[MainWindow, LocalStore, ScriptedDialogs]]:
    """The marking app on the laptop's data folder, open on ``inspection``; ``answers`` script the query dialog."""
    paths = resolve(loop.laptop).ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    dialogs = ScriptedDialogs(inspectors=["ann"], query_answers=answers)
    install_language(application(), "en")  # as the app does at start: English plural forms ("1 query")
    window = open_window(paths, store, inspection, dialogs=dialogs)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    try:
        yield window, store, dialogs
    finally:
        window.close()
        store.close()


def answer_in_app(window: MainWindow, store: LocalStore, inspection: str, reference: str, query_id: str,
                  qtbot: QtBot) -> None:
    """Open the case, go to its queries from the Case menu, pick the query and press Enter, as the inspector."""
    case = store.find_case(inspection, reference)
    assert case is not None
    window.open_case(case.summary.id)
    assert window.form is not None
    side = window.form.side
    window.menu.named["queries"].trigger()  # Ctrl+Shift+Q
    assert side.queries.hasFocus()
    row = next(n for n in range(side.queries.count()) if side.queries.item(n).data(TargetRole) == query_id)
    side.queries.setCurrentRow(row)
    qtbot.keyClick(side.queries, Qt.Key.Key_Return)


def states(window: MainWindow) -> list[str]:
    assert window.form is not None
    side = window.form.side
    return [side.queries.item(n).text() for n in range(side.queries.count())]


def test_queries_answered_in_the_app_travel_back_and_close(loop: Loop, qtbot: QtBot) -> None:  # noqa: F811
    inspection = marked_and_sent(loop)
    review = Review(loop, inspection)
    opened = {}
    for name, ref, question, text in (("mark", "URN001", "PC-03", "PC-03 partially, but charging was late?"),
                                      ("text", "URN002", "VW-01", "Were witnesses warned in time?"),
                                      ("case", "URN001", None, "Is the file complete?")):
        extra = ["--question", question] if question else []
        code, out, err = loop.central("query", "open", inspection, "--case", ref, *extra, "--text", text, "--by",
                                      "Lee Lead")
        assert code == 0, err
        opened[name] = _id(out)
    mark_q, text_q, case_q = opened["mark"], opened["text"], opened["case"]
    review.query_pack()

    with app(loop, inspection, qtbot, [("Agreed: charging was late, now not meeting", "not"),
                                       ("Yes, warned the day before", None)]) as (window, store, dialogs):
        urn001 = store.find_case(inspection, "URN001")
        assert urn001 is not None
        window.open_case(urn001.summary.id)
        assert window.form is not None and window.form.side.queries.isVisible()
        assert window.form.side.queries_title.text() == "2 queries from the centre to answer"
        answer_in_app(window, store, inspection, "URN001", mark_q, qtbot)
        stored = store.get_case(urn001.summary.id).state.answers["PC-03"]
        assert stored.value == "not" and stored.comment == "CANARY-e2e-4411 charging was late"  # comment kept
        assert window.form.questions["PC-03"].buttons["not"].isChecked()  # the form shows the changed mark
        assert any("PC-03  answered" in line for line in states(window))
        assert window.form.side.queries_title.text() == "1 query from the centre to answer"
        answer_in_app(window, store, inspection, "URN002", text_q, qtbot)
        assert any("VW-01  answered" in line for line in states(window))
        assert ("query", "Were witnesses warned in time?") in dialogs.asked and not dialogs.query_answers
    assert "imported" in review.bundle_back()
    assert review.states() == {mark_q: "answered", text_q: "answered", case_q: "open"}

    assert loop.central("query", "close", mark_q[:8], "--note", "thanks", "--by", "Lee Lead")[0] == 0
    assert loop.central("query", "reopen", text_q[:8], "--text", "Which day exactly?", "--by", "Lee Lead")[0] == 0
    review.query_pack()
    with app(loop, inspection, qtbot, [("The 3rd of May", None), ("Yes, complete", None)]) as (window, store,
                                                                                             dialogs):
        answer_in_app(window, store, inspection, "URN001", mark_q, qtbot)  # closed: said so, nothing asked
        assert dialogs.shown[-1][:2] == ("warn", "This query is closed")
        assert any("PC-03  closed" in line for line in states(window))
        answer_in_app(window, store, inspection, "URN002", text_q, qtbot)
        answer_in_app(window, store, inspection, "URN001", case_q, qtbot)
        assert any("The case  answered" in line for line in states(window))
    review.bundle_back()
    for q in (text_q, case_q):
        assert loop.central("query", "close", q[:8], "--by", "Lee Lead")[0] == 0
    assert review.states() == {mark_q: "closed", text_q: "closed", case_q: "closed"}

    review.query_pack()  # the laptop learns they are closed
    steps, local_steps = audited_steps(loop)
    assert steps == expected_steps(mark_q, text_q, case_q)
    assert [(q, key) for q, key, _ in local_steps] == steps
    assert {actor for _, key, actor in local_steps if key == "answered"} == {"Ann Example"}  # who marks, in the app
    changed = rows(loop.laptop / "casereader.sqlite", "SELECT reason FROM audit_event WHERE kind = 'answer' AND "
                   "key = 'PC-03' ORDER BY seq DESC LIMIT 1")
    assert changed == [(f"query {mark_q}",)]


def test_the_app_shows_a_signoff_and_flags_a_change_since_review(loop: Loop, qtbot: QtBot) -> None:  # noqa: F811
    from tests.e2e.test_case_lifecycle import MARKS

    inspection = loop.setup()
    header = MARKS.splitlines()[0]
    assert loop.inspector("marks", "import", inspection, loop.file("m.csv", MARKS), "--inspector", "Ann")[0] == 0
    assert loop.inspector("marks", "import", inspection, loop.file("m2.csv", header + "\nURN001,VW-07,fully,,\n"),
                          "--inspector", "Ann")[0] == 0
    assert loop.inspector("case", "complete", inspection, "--case", "URN001", "--inspector", "Ann")[0] == 0
    first = loop.tmp / "b1.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", first)[0] == 0
    assert loop.central("import", first)[0] == 0
    assert loop.central("signoff", inspection, "--case", "URN001", "--reviewer", "Lee Lead")[0] == 0
    Review(loop, inspection).query_pack()

    with app(loop, inspection, qtbot, []) as (window, store, _dialogs):
        case = store.find_case(inspection, "URN001")
        assert case is not None
        window.open_case(case.summary.id)
        assert window.form is not None
        review = window.form.side.review
        assert review.isVisible() and review.text().startswith("Signed off by Lee Lead on ")
        assert not window.form.side.queries.isVisible()  # no queries on this case: no empty list
        session = window.session
        assert session is not None
        session.reopen("PC-03 re-read")  # as Case ▸ Reopen for editing does once confirmed
        window.form.refresh()
        card = window.form.questions["PC-03"]
        other = next(v for v, button in card.buttons.items() if not button.isChecked())
        qtbot.mouseClick(card.buttons[other], Qt.MouseButton.LeftButton)  # a changed mark, saved at once
        assert store.get_case(case.summary.id).state.answers["PC-03"].value == other
        assert review.text().startswith("Changed since review: signed off by Lee Lead on ")
