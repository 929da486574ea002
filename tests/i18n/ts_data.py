"""Reading Qt .ts files and running the PySide6 translation tools for the language tests."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "casereader_cy.ts"
QM = TS.with_suffix(".qm")
TS_EN = TS.with_name("casereader_en.ts")  # English plural forms only


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translation: str
    unfinished: bool
    forms: tuple[str, ...] = ()  # the numerus forms of a "%n" string


def entries(path: Path = TS) -> dict[tuple[str, str], Entry]:
    """Every (context, source) of a .ts file with its translation; entries gone from the sources excluded."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            kind = "" if node is None else node.get("type", "")
            if kind in ("vanished", "obsolete"):
                continue
            source = message.findtext("source") or ""
            forms = tuple(form.text or "" for form in message.iter("numerusform"))
            if forms:  # a plural: its last ("other") form, when every form is given
                text = forms[-1] if all(forms) else ""
            else:
                text = (node.text or "") if node is not None else ""
            found[(name, source)] = Entry(name, source, text, kind == "unfinished", forms)
    return found


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def lupdate(ts: Path, lang: str = "cy") -> None:
    """Extract casereader/ui into ``ts`` exactly as scripts/i18n.py does (English: plural forms only)."""
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "casereader" / "ui").rglob("*.py"))
    only = ["-pluralonly"] if lang == "en" else []
    subprocess.run([tool("pyside6-lupdate"), *only, "-locations", "none", "-target-language", lang, *sources,
                    "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)


def welsh(context: str, source: str) -> str:
    """The committed Welsh of one interface string (the test fails if it is missing or empty)."""
    entry = entries()[(context, source)]
    assert entry.translation, f"{context}: {source!r} has no Welsh in {TS.name}"
    return entry.translation
