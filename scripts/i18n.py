"""Interface translations: extract, carry over, compile. ``python scripts/i18n.py`` (or ``make i18n``).

1. ``pyside6-lupdate`` extracts every ``tr()`` / ``QCoreApplication.translate()`` / ``QT_TRANSLATE_NOOP``
   string of ``casereader/ui`` into ``resources/i18n/casereader_cy.ts`` (no line numbers, so the file only
   changes when a string does), and the plural (``%n``) strings into ``casereader_en.ts``.
2. A string that is new in one context but already translated in another (or in an entry whose source
   moved) gets that translation, marked unfinished so a Welsh speaker reviews it; entries no longer in the
   sources are then dropped.
3. ``pyside6-lrelease`` compiles each ``.ts`` into the ``.qm`` the app loads. Unfinished entries with a
   text are compiled (shown until reviewed); empty ones show the English.

``--compile`` runs step 3 only (after translating in Qt Linguist: ``pyside6-linguist FILE.ts``). The ``.qm``
files are committed, so running the app, the tests and packaging need no Qt tool.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
# Welsh: every string. English is the source language, so its file holds only the plural forms of "%n"
# strings ("%n case(s)" -> "1 case", "2 cases"), which the source text alone cannot give.
LANGS = {"cy": [], "en": ["-pluralonly"]}
GONE = ("vanished", "obsolete")


def tool(name: str) -> str:
    """A PySide6 tool next to this Python (the venv's bin folder), else on PATH."""
    here = Path(sys.executable).with_name(name)
    return str(here) if here.exists() else name


def extract(ts: Path, lang: str) -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "casereader" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *LANGS[lang], "-locations", "none", "-target-language", lang,
                    *sources, "-ts", str(ts.relative_to(ROOT))], cwd=ROOT, check=True)


def carry_over(ts: Path) -> int:
    """Fill empty entries from a translation of the same source text elsewhere; drop entries gone from the
    sources. Returns how many entries were filled."""
    tree = ET.parse(ts)
    known: dict[str, str] = {}
    for message in tree.iter("message"):
        text = message.findtext("translation") or ""
        if message.get("numerus") != "yes" and text:
            known.setdefault(message.findtext("source") or "", text)
    filled = 0
    for context in tree.getroot().findall("context"):
        for message in context.findall("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in GONE:
                context.remove(message)
            elif message.get("numerus") != "yes" and not translation.text and message.findtext("source") in known:
                translation.text = known[message.findtext("source") or ""]
                translation.set("type", "unfinished")
                filled += 1
        if context.find("message") is None:
            tree.getroot().remove(context)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def compile_ts(ts: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compile", action="store_true", help="only compile the .ts files into .qm files")
    args = parser.parse_args(argv)
    for lang in LANGS:
        ts = I18N / f"casereader_{lang}.ts"
        if not args.compile:
            extract(ts, lang)
            filled = carry_over(ts)
            extract(ts, lang)  # once more, so the file is in lupdate's own layout
            if filled:
                print(f"{ts.name}: {filled} entries filled from the same text elsewhere, marked unfinished for review")
        compile_ts(ts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
