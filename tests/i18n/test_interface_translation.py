"""The interface translation: the .ts file is current with the sources, the committed .qm is compiled from
it and loads, and the Welsh translator turns real widgets Welsh (compared with the .ts, not hard-coded)."""

from __future__ import annotations

import re
import runpy
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from ts_data import QM, ROOT, TS, TS_EN, entries, lupdate, tool, welsh

from casereader.ui.translation import (
    LanguageError,
    effective_language,
    install_language,
    language_setting,
    set_language,
)

PLACEHOLDER = re.compile(r"\{[^}]*\}|%n|%\d")


def test_every_interface_string_is_in_the_ts_file(tmp_path: Path) -> None:
    fresh = tmp_path / "now.ts"
    lupdate(fresh)
    extracted = set(entries(fresh))
    committed = entries()
    missing = sorted(extracted - set(committed))
    assert not missing, f"{len(missing)} strings of casereader/ui are not in {TS.name} (run make i18n): {missing}"
    assert len(extracted) > 250
    stale = sorted(set(committed) - extracted)
    assert not stale, f"{TS.name} has strings no longer in the sources (run make i18n): {stale}"
    plurals = tmp_path / "plurals.ts"
    lupdate(plurals, "en")
    assert set(entries(plurals)) == set(entries(TS_EN)), f"{TS_EN.name} is stale (run make i18n)"


def test_translations_keep_placeholders_and_only_reviewed_ones_are_final() -> None:
    for entry in entries().values():
        if not entry.translation:
            assert entry.unfinished, f"{entry.context}: {entry.source!r} is empty but not marked unfinished"
            continue
        assert sorted(PLACEHOLDER.findall(entry.source)) == sorted(PLACEHOLDER.findall(entry.translation)), entry
        if "&" in entry.source.replace("&&", ""):
            assert "&" in entry.translation.replace("&&", ""), f"{entry.source!r} lost its accelerator"
    done = [e for e in entries().values() if e.translation and not e.unfinished]
    assert len(done) > 250


@pytest.mark.parametrize("ts", [TS, TS_EN], ids=["cy", "en"])
def test_committed_qm_is_compiled_from_the_ts(tmp_path: Path, ts: Path) -> None:
    import subprocess

    qm = tmp_path / "compiled.qm"
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), f"{ts.with_suffix('.qm')} is stale: make i18n"


def test_qm_loads_and_translates_a_known_string(qapp: object) -> None:
    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM} does not load"
    assert translator.language() == "cy"
    assert translator.translate("WelcomePage", "Create inspection") == welsh("WelcomePage", "Create inspection")
    assert translator.translate("WelcomePage", "no such string") == ""


def test_welsh_shortcut_overlay_and_start_page(qapp: object, qtbot: object, tmp_path: Path, ui_settings: object,
                                               english_after: None) -> None:
    from casereader.paths import resolve
    from casereader.storage import LocalStore
    from casereader.ui.marking.shortcuts import ShortcutOverlay
    from casereader.ui.marking.welcome import WelcomePage

    assert install_language(qapp, "cy", store=ui_settings) == "cy"  # type: ignore[arg-type]
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    overlay = ShortcutOverlay(parent)
    labels = {label.text() for label in overlay.findChildren(QLabel)}
    assert welsh("ShortcutOverlay", "Keyboard shortcuts") in labels
    assert welsh("ShortcutOverlay", "Every answer is saved the moment you give it. Esc closes this list.") in labels
    assert "Keyboard shortcuts" not in labels
    assert overlay.accessibleName() == welsh("ShortcutOverlay", "Keyboard shortcuts")

    paths = resolve(tmp_path / "data").ensure()
    store = LocalStore.open(paths.database)
    try:
        page = WelcomePage(store, paths)
        qtbot.addWidget(page)  # type: ignore[attr-defined]
        page.refresh()
        buttons = {b.text() for b in page.findChildren(QPushButton)}
        for source in ("Open", "Create inspection", "Import a sample pack…", "Open the demo inspection"):
            assert welsh("WelcomePage", source) in buttons, source
        texts = {label.text() for label in page.findChildren(QLabel)}
        assert welsh("WelcomePage", "New inspection") in texts and "New inspection" not in texts
        rounds = [page.round.itemText(i) for i in range(page.round.count())]
        assert rounds == [welsh("WelcomePage", "Baseline"), welsh("WelcomePage", "Follow-up")]
        empty = welsh("WelcomePage", "No inspections yet: create one, import a sample pack or open the demo.")
        assert page.inspections.item(0).text() == empty
    finally:
        store.close()


def test_language_setting_is_remembered_and_switches_back(qapp: object, ui_settings: object,
                                                          english_after: None) -> None:
    from PySide6.QtCore import QSettings

    assert language_setting(ui_settings) == "system"  # type: ignore[arg-type]
    assert set_language(qapp, "cy", store=ui_settings) == "cy"  # type: ignore[arg-type]
    again = QSettings(ui_settings.fileName(), QSettings.Format.IniFormat)  # type: ignore[attr-defined]
    assert language_setting(again) == "cy"
    assert QCoreApplication.translate("MainWindow", "Nothing to undo.") == welsh("MainWindow", "Nothing to undo.")
    assert set_language(qapp, "en", store=ui_settings) == "en"  # type: ignore[arg-type]
    assert QCoreApplication.translate("MainWindow", "Nothing to undo.") == "Nothing to undo."
    assert language_setting(QSettings(again.fileName(), QSettings.Format.IniFormat)) == "en"
    # the setting with no argument installs what was remembered
    set_language(qapp, "cy", store=ui_settings)  # type: ignore[arg-type]
    install_language(qapp, "en")  # type: ignore[arg-type]
    assert install_language(qapp, store=ui_settings) == "cy"  # type: ignore[arg-type]


def test_system_language_follows_the_locale() -> None:
    assert effective_language("system", QLocale(QLocale.Language.Welsh, QLocale.Country.UnitedKingdom)) == "cy"
    assert effective_language("system", QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)) == "en"
    assert effective_language("en", QLocale(QLocale.Language.Welsh)) == "en"
    with pytest.raises(LanguageError, match="unknown interface language 'fr'"):
        effective_language("fr")


def test_missing_translation_file_is_a_clear_error(qapp: object, tmp_path: Path, ui_settings: object,
                                                   english_after: None) -> None:
    with pytest.raises(LanguageError, match=r"casereader_cy\.qm: cannot load the Cymraeg translation"):
        install_language(qapp, "cy", store=ui_settings, folder=tmp_path)  # type: ignore[arg-type]
    assert QCoreApplication.translate("WelcomePage", "Open") == "Open"


def test_script_carries_a_translation_to_a_moved_string(tmp_path: Path) -> None:
    """A string that moves to another context keeps its Welsh (marked unfinished for review); entries no
    longer in the sources are dropped."""
    script = runpy.run_path(str(ROOT / "scripts" / "i18n.py"))
    ts = tmp_path / "moved.ts"
    shutil.copy(TS, ts)
    text = ts.read_text(encoding="utf-8")
    text = text.replace("<name>WindowMenu</name>", "<name>WindowMenu</name>\n    <message>\n"
                        "        <source>Gone from the sources</source>\n"
                        "        <translation type=\"vanished\">Wedi mynd</translation>\n    </message>", 1)
    text = text.replace("<source>&amp;File</source>\n        <translation>&amp;Ffeil</translation>",
                        "<source>&amp;File</source>\n        <translation type=\"unfinished\"></translation>", 1)
    text = text.replace("<name>App</name>", "<name>App</name>\n    <message>\n        <source>&amp;Quit</source>\n"
                        "        <translation type=\"unfinished\"></translation>\n    </message>", 1)
    ts.write_text(text, encoding="utf-8")
    filled = script["carry_over"](ts)
    after = entries(ts)
    assert filled == 1
    assert after[("App", "&Quit")].translation == welsh("WindowMenu", "&Quit") and after[("App", "&Quit")].unfinished
    assert after[("WindowMenu", "&File")].translation == ""
    assert "Gone from the sources" not in ts.read_text(encoding="utf-8")


def test_english_plural_forms_come_from_the_english_file(qapp: object, tmp_path: Path, ui_settings: object,
                                                         english_after: None) -> None:
    """A "%n" string shows "1 case" / "3 cases" in English once casereader_en.ts gives the forms."""
    import subprocess

    ts = tmp_path / "casereader_en.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="en">\n'
                  "<context><name>SummaryDialog</name><message numerus=\"yes\"><source>%n change(s)</source>"
                  "<translation><numerusform>%n change</numerusform><numerusform>%n changes</numerusform>"
                  "</translation></message></context>\n</TS>\n", encoding="utf-8")
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    assert install_language(qapp, "en", store=ui_settings, folder=tmp_path) == "en"  # type: ignore[arg-type]
    assert QCoreApplication.translate("SummaryDialog", "%n change(s)", None, 1) == "1 change"
    assert QCoreApplication.translate("SummaryDialog", "%n change(s)", None, 3) == "3 changes"
