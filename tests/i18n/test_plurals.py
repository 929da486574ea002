"""Plurals are Qt "%n" forms, never "case(s)": English reads "1 case" / "2 cases" from casereader_en.qm, and
every plural of the Welsh file has Welsh's own forms."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from ts_data import TS, TS_EN, entries, lupdate

from casereader.ui.translation import install_language


def numerus_forms(path: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> the numerus forms of every plural ("%n") entry of a .ts file."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                key = (context.findtext("name") or "", message.findtext("source") or "")
                found[key] = [form.text or "" for form in message.iter("numerusform")]
    return found


def test_no_interface_string_writes_a_plural_as_s_in_brackets(tmp_path: Path) -> None:
    fresh = tmp_path / "now.ts"
    lupdate(fresh)
    with_s = sorted(f"{context}: {source!r}" for context, source in entries(fresh) if "(s)" in source)
    assert not with_s, f"write plurals with %n (self.tr(text, '', n)), not '(s)': {with_s}"
    plurals = numerus_forms(fresh)
    assert len(plurals) >= 10 and all("%n" in source for _context, source in plurals)


def test_every_plural_has_its_english_and_welsh_forms() -> None:
    english, welsh = numerus_forms(TS_EN), numerus_forms(TS)
    assert set(english) == set(welsh) and english
    for key, forms in english.items():
        assert len(forms) == 2 and all("%n" in f for f in forms), f"{key}: English needs one and other: {forms}"
        assert forms[0] != forms[1] and forms[1] == key[1], f"{key}: {forms}"
    for key, forms in welsh.items():  # Qt's Welsh: 0, 1, 2-5, 6, other
        assert len(forms) == 5, f"{key}: {forms}"
        if not entries()[key].unfinished:
            assert all(forms) and all("%n" in f for f in forms), f"{key}: {forms}"


def test_english_says_one_case_and_two_cases(qapp: QCoreApplication, ui_settings: object,
                                             english_after: None) -> None:
    assert install_language(qapp, "en", store=ui_settings) == "en"  # type: ignore[arg-type]
    translate = QCoreApplication.translate
    assert translate("MainWindow", "%n cases added.", None, 1) == "1 case added."
    assert translate("MainWindow", "%n cases added.", None, 2) == "2 cases added."
    for (context, source), _forms in numerus_forms(TS_EN).items():
        one, two = translate(context, source, None, 1), translate(context, source, None, 2)
        assert one != two and "1" in one and "2" in two, (context, source, one, two)
