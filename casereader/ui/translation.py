"""The interface language: a QTranslator for Welsh (or none for English), chosen by a remembered setting.

The setting is ``system`` (the default: Welsh when the system locale is Welsh, else English), ``en`` or
``cy``, kept in QSettings under ``ui/language``. The app calls :func:`install_language` when it starts and
:func:`set_language` when the inspector picks a language in the Settings menu. Translations are compiled
from ``resources/i18n/casereader_cy.ts`` into ``casereader_cy.qm`` by ``scripts/i18n.py`` (``make i18n``);
the ``.qm`` is committed, so running and packaging need no Qt tools. English is the source language; its
``casereader_en.qm`` holds only the plural forms of ``%n`` strings. Keys (1/2/3, Y/N, 0) are the same in
every language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSettings, QTranslator

from casereader.core.errors import UserError
from casereader.paths import resolve

# Qt's own texts on the buttons of message boxes and input dialogs: Qt ships no Welsh, so the app's file
# carries them (lupdate files them under Qt's context).
QT_BUTTONS = (QT_TRANSLATE_NOOP("QPlatformTheme", "OK"), QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
              QT_TRANSLATE_NOOP("QPlatformTheme", "Close"), QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
              QT_TRANSLATE_NOOP("QPlatformTheme", "&No"), QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
              QT_TRANSLATE_NOOP("QPlatformTheme", "Open"), QT_TRANSLATE_NOOP("QPlatformTheme", "Help"))
SETTING = "ui/language"
CHOICES = ("system", "en", "cy")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}  # each in its own language, as language menus show them
_installed: list[QTranslator] = []


class LanguageError(UserError, ValueError):
    """An unknown language choice, or a translation file that Qt cannot load."""


def translations_dir() -> Path:
    """Where the compiled ``casereader_LANG.qm`` files are shipped."""
    return resolve().resources / "i18n"


def qm_file(lang: str, folder: Path | None = None) -> Path:
    return (folder or translations_dir()) / f"casereader_{lang}.qm"


def settings() -> QSettings:
    """The app's own QSettings (organisation HMCPSI, application Casereader)."""
    return QSettings("HMCPSI", "Casereader")


def language_setting(store: QSettings | None = None) -> str:
    """The remembered choice: ``system``, ``en`` or ``cy`` (``system`` when unset or unreadable)."""
    value = str((store or settings()).value(SETTING, "system"))
    return value if value in CHOICES else "system"


def effective_language(choice: str, locale: QLocale | None = None) -> str:
    """``en`` or ``cy`` for a choice; ``system`` follows the system locale (Welsh only when it is Welsh)."""
    if choice not in CHOICES:
        raise LanguageError(f"unknown interface language '{choice}' (known: {', '.join(CHOICES)})")
    if choice != "system":
        return choice
    return "cy" if (locale or QLocale.system()).language() == QLocale.Language.Welsh else "en"


def install_language(app: QCoreApplication, choice: str | None = None, *, store: QSettings | None = None,
                     folder: Path | None = None) -> str:
    """Install the translator for ``choice`` (default: the remembered setting) on ``app``, removing any
    installed before; returns the language now in use (``en`` or ``cy``). Qt then sends every widget a
    LanguageChange event; text set before the change stays until the widget sets it again."""
    lang = effective_language(language_setting(store) if choice is None else choice)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    path = qm_file(lang, folder)
    if lang == "en" and not path.exists():
        return lang  # English is the source text; its file only adds plural forms ("1 case", "2 cases")
    translator = QTranslator(app)
    if not translator.load(str(path)):
        raise LanguageError(f"{path}: cannot load the {LANGUAGE_NAMES[lang]} translation (run make i18n)")
    app.installTranslator(translator)
    _installed.append(translator)
    return lang


def current_language() -> str:
    """The interface language now installed: ``cy`` or ``en``."""
    return "cy" if any(t.language() == "cy" for t in _installed) else "en"


def set_language(app: QCoreApplication, choice: str, *, store: QSettings | None = None,
                 folder: Path | None = None) -> str:
    """Remember ``choice`` and install it at once (the Settings menu's action); returns ``en`` or ``cy``."""
    lang = install_language(app, choice, store=store, folder=folder)
    target = store or settings()
    target.setValue(SETTING, choice)
    target.sync()
    return lang
