"""Settings ▸ Language: Cymraeg, English or the system's language, remembered and applied at once.

Choosing a language installs its translator (:func:`casereader.ui.translation.set_language`); Qt then sends
every window a LanguageChange event, on which the main window gives every text again (:func:`relabel`): the
menus, the status line, the start page, and the marking page rebuilt around the same session, so the open
case, the question the inspector is on, unsaved answers and the undo history all stay. Nothing needs a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from casereader.ui.translation import (
    LANGUAGE_NAMES,
    LanguageError,
    effective_language,
    language_setting,
    set_language,
)

if TYPE_CHECKING:
    from casereader.ui.dialogs import Dialogs

ORDER = ("cy", "en", "system")  # Welsh first, as the Welsh Language Standards ask


class LanguageMenu(QObject):
    """The Language submenu of ``menu``, one checkable choice per language. ``settings`` is where the choice
    is remembered: the app's own QSettings unless a test gives its own file."""

    def __init__(self, menu: QMenu, window: QWidget, dialogs: Dialogs, settings: QSettings | None = None) -> None:
        super().__init__(menu)
        self.window, self.dialogs, self.settings = window, dialogs, settings
        self.submenu = menu.addMenu("")
        self.submenu.setObjectName("languageMenu")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.choices: dict[str, QAction] = {}
        for choice in ORDER:
            action = QAction(self.submenu)
            action.setCheckable(True)
            action.setData(choice)
            action.triggered.connect(lambda _checked=False, c=choice: self.choose(c))
            group.addAction(action)
            self.submenu.addAction(action)
            self.choices[choice] = action
        self.choices[language_setting(settings)].setChecked(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.submenu.setTitle(self.tr("&Language"))
        for lang in ("cy", "en"):  # each language named in its own words, whatever the interface language
            self.choices[lang].setText("&" + LANGUAGE_NAMES[lang])
        self.choices["system"].setText(self.tr("S&ystem default ({0})").format(
            LANGUAGE_NAMES[effective_language("system")]))

    def choose(self, choice: str) -> None:
        """Remember ``choice`` and switch to it now; a translation that cannot load leaves things as they were."""
        before = language_setting(self.settings)
        app = QCoreApplication.instance()
        assert app is not None
        try:
            set_language(app, choice, store=self.settings)
        except LanguageError as exc:
            self.choices[before].setChecked(True)
            self.dialogs.warn(self.window, self.tr("Could not change the language"), str(exc))
            return
        self.choices[choice].setChecked(True)
