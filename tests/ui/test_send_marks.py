"""File ▸ Send marks to the centre, on an inspection the centre did not issue (the positive path is driven
end to end in tests/moderation/test_moderation_app_flow.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from scripted_dialogs import ScriptedDialogs

from casereader.paths import resolve
from casereader.storage import LocalStore
from casereader.ui.app import application
from casereader.ui.marking.main_window import MainWindow

DATA = Path(__file__).resolve().parents[1] / "core" / "data"
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_send_marks_refuses_an_inspection_the_centre_did_not_issue(tmp_path: Path, qtbot: QtBot) -> None:
    from casereader.core.inspection import Round
    from casereader.core.loader import load_question_set

    application()
    paths = resolve(tmp_path / "data").ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    form = DATA / "worked-example.yaml"
    insp = store.create_inspection(load_question_set(form), area="Local", round=Round.BASELINE,
                                   form_bytes=form.read_bytes(), inspectors=["T. Tester"])
    store.add_cases(insp.id, [("URN1", {"casework_type": "MC", "charging_route": "area"})], actor="t")
    dialogs = ScriptedDialogs()  # no file name scripted: asking for one fails the test
    window = MainWindow(None, paths, dialogs=dialogs)
    qtbot.addWidget(window)
    window.attach(store, insp.id)
    window.menu.send_marks()
    said = [f"{title}: {text}" for _kind, title, text in dialogs.shown]
    assert said == ["Could not send the marks: this installation has no central key yet: import a sample pack "
                      "from the centre first"]
    assert not list(tmp_path.rglob("*.crbundle"))
    window.close()
    store.close()
