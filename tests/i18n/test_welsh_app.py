"""The marking app switched to Welsh from Settings ▸ Language, live: the main menus, the start page, the case
form's buttons and the engine's validation message read in Welsh (each compared with its entry in the .ts
file, not with Welsh written into the test), the choice is remembered, and switching back gives English
again without losing the open case or its undo history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from outcome_scenarios import da_case
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from ts_data import welsh

from casereader.ui.app import application
from casereader.ui.marking.app import open_window
from casereader.ui.marking.main_window import MainWindow
from casereader.ui.translation import language_setting

MENUS = {"file": "&File", "edit": "&Edit", "case": "&Case", "settings": "&Settings", "help": "&Help"}


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot, ui_settings: QSettings, english_after: None) -> Iterator[MainWindow]:
    """A domestic-abuse thematic case open in the marking window, in English; the language menu remembers
    its choice in the test's own settings file."""
    paths, store, inspection_id, case_id = da_case(tmp_path)
    application()
    win = open_window(paths, store, inspection_id)
    win.menu.language.settings = ui_settings
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.open_case(case_id)
    yield win
    win.close()
    store.close()


def _choose(window: MainWindow, qtbot: QtBot, choice: str, file_menu: str) -> None:
    window.menu.language.choices[choice].trigger()
    qtbot.waitUntil(lambda: window.menu.menus["file"].title() == file_menu)
    qtbot.wait(10)  # the rebuilt pages settle


def _type_31(window: MainWindow, qtbot: QtBot) -> str:
    assert window.form is not None
    card = window.form.questions["DA-10"]  # a number from 0 to 30
    assert card.value_edit is not None
    card.value_edit.setFocus()
    card.value_edit.selectAll()
    qtbot.keyClicks(card.value_edit, "31")
    qtbot.keyClick(card.value_edit, Qt.Key.Key_Return)
    assert card.problem.isVisible()
    return card.problem.text()


def test_switching_to_welsh_from_the_settings_menu(window: MainWindow, qtbot: QtBot, ui_settings: QSettings) -> None:
    assert window.menu.menus["file"].title() == "&File" and _type_31(window, qtbot) == "must be between 0 and 30"
    session, form = window.session, window.form
    assert session is not None and session.case is not None
    session.answer("DA-10", None)  # something to undo after the switch
    undo_steps, case_id = len(session.undo_stack), session.case.id

    _choose(window, qtbot, "cy", welsh("WindowMenu", "&File"))
    assert language_setting(ui_settings) == "cy"
    assert language_setting(QSettings(ui_settings.fileName(), QSettings.Format.IniFormat)) == "cy"
    assert window.menu.language.choices["cy"].isChecked()
    # the main menus and their commands
    for name, source in MENUS.items():
        assert window.menu.menus[name].title() == welsh("WindowMenu", source), name
    assert window.menu.named["complete"].text() == welsh("WindowMenu", "Mark &complete")
    assert window.menu.named["quit"].text() == welsh("WindowMenu", "&Quit")
    assert window.menu.language.submenu.title() == welsh("LanguageMenu", "&Language")
    # the case form, built again around the same session: same case, undo history kept
    assert window.session is session and window.form is not None and window.form is not form
    assert session.case is not None and session.case.id == case_id and len(session.undo_stack) == undo_steps
    bar = window.form.bar
    assert bar.complete_button.text() == welsh("CaseBar", "Mark complete")
    assert bar.summary_button.text() == welsh("CaseBar", "Summary")
    assert welsh("CaseStatus", "In progress") in bar.subtitle.text()
    na_buttons = [w.na_button.text() for w in window.form.questions.values() if w.na_button is not None]
    assert na_buttons and set(na_buttons) == {welsh("QuestionWidget", "0   N/A")}
    # the question set's own Welsh wording and scale labels (its *_cy fields), keys unchanged
    qs, card = session.qs, window.form.questions["DA-01"]
    assert card.accessibleName() == welsh("QuestionWidget", "Question {0}: {1}").format("DA-01",
                                                                                     qs.question("DA-01").text_cy)
    yes = qs.scale_of("DA-01").options[0]
    assert yes.label_cy and card.buttons[yes.value].text() == f"{yes.key.upper()}   {yes.label_cy}"
    # a validation message: the engine's OUT_OF_RANGE issue, by its code
    assert _type_31(window, qtbot) == welsh("IssueText", "must be between {low} and {high}").format(low=0, high=30)
    # the status line and the shortcut overlay
    assert window.who.text() == welsh("MainWindow", "Marking as {0}").format("Ann")
    window.overlay.toggle()
    assert window.overlay.title.text() == welsh("ShortcutOverlay", "Keyboard shortcuts")
    assert window.overlay.hints[1].text() == welsh("ShortcutOverlay", "The keys are the same in Cymraeg and English.")
    window.overlay.toggle()
    # Qt's own buttons on a message box
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Cancel, window)
    assert box.buttons()[0].text() == welsh("QPlatformTheme", "Cancel")
    box.deleteLater()

    # the start page (File ▸ Start page), built in Welsh
    window.menu.named["start"].trigger()
    welcome = window.welcome
    assert welcome is not None and welcome.isVisible()
    buttons = {b.text() for b in welcome.findChildren(QPushButton)}
    for source in ("Open", "Create inspection", "Import a sample pack…", "Open the demo inspection"):
        assert welsh("WelcomePage", source) in buttons, source
    assert window.menu.named["start"].text() == welsh("WindowMenu", "&Start page")

    # back to English on the start page: rebuilt there, and the inspection opens in English again
    _choose(window, qtbot, "en", "&File")
    assert language_setting(ui_settings) == "en" and window.menu.language.choices["en"].isChecked()
    assert window.welcome is not None and window.welcome is not welcome and window.welcome.isVisible()
    assert "Create inspection" in {b.text() for b in window.welcome.findChildren(QPushButton)}
    assert window.menu.menus["case"].title() == "&Case"
    assert QCoreApplication.translate("MainWindow", "%n cases added.", None, 1) == "1 case added."
