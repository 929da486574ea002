"""Register the embedded TrueType fonts (DejaVu, shipped in ``resources/fonts``) with ReportLab.

Every PDF the app writes uses these fonts so that all text — including ✓ ☐ ☒ ▲ ▼ ▶ – “ ” £ and
Welsh ŵ ŷ — is covered and embedded. Registration is idempotent and cached per folder.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from casereader.core.errors import UserError

FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold_italic": "DejaVuSans-BoldOblique.ttf",
    "mono": "DejaVuSansMono.ttf",
}
FAMILY = "CRSans"
MONO = "CRMono"


class FontError(UserError, RuntimeError):
    """A font file is missing or unreadable (the message names the file)."""


@dataclass(frozen=True)
class FontSet:
    """ReportLab font names to use in canvases, paragraph styles and charts."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    mono: str
    family: str


_lock = threading.Lock()
_registered: dict[Path, FontSet] = {}


def default_fonts_dir() -> Path:
    """The shipped ``resources/fonts`` folder (via casereader.paths, the one place that knows paths)."""
    from casereader.paths import resolve

    return resolve().fonts


def register_fonts(fonts_dir: Path | None = None) -> FontSet:
    """Register the five DejaVu faces from ``fonts_dir`` with ReportLab and return their names.

    Safe to call any number of times: the first call per folder registers, later calls return the cached
    FontSet. Fonts from different folders get distinct names so they never silently replace each other.
    """
    folder = Path(fonts_dir if fonts_dir is not None else default_fonts_dir()).resolve()
    with _lock:
        cached = _registered.get(folder)
        if cached is not None:
            return cached
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        suffix = "" if not _registered else f"-{len(_registered)}"
        names = {
            "regular": f"{FAMILY}{suffix}",
            "bold": f"{FAMILY}{suffix}-Bold",
            "italic": f"{FAMILY}{suffix}-Italic",
            "bold_italic": f"{FAMILY}{suffix}-BoldItalic",
            "mono": f"{MONO}{suffix}",
        }
        for role, filename in FONT_FILES.items():
            path = folder / filename
            if not path.is_file():
                raise FontError(f"{path}: font file missing (expected {filename} in {folder})")
            try:
                pdfmetrics.registerFont(TTFont(names[role], str(path)))
            except (TTFError, OSError) as exc:
                raise FontError(f"{path}: cannot read font: {exc}") from exc
        family = names["regular"]
        addMapping(family, 0, 0, names["regular"])
        addMapping(family, 1, 0, names["bold"])
        addMapping(family, 0, 1, names["italic"])
        addMapping(family, 1, 1, names["bold_italic"])
        fontset = FontSet(family=family, **names)
        _registered[folder] = fontset
        return fontset
