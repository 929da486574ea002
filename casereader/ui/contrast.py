"""WCAG 2.2 contrast: relative luminance, contrast ratios, and colours adjusted until they meet the thresholds.

The app keeps the system's palette (light or dark) but will not show text below 4.5:1 or a marker or focus
indicator below 3:1 against what it sits on. :func:`accessible_palette` fixes the few palette roles that
often miss (selected text on the highlight, placeholder text, links) and :func:`accents` works out the app's
own colours — muted text, the amber "Required" marker, error red, the saved-green — for the palette given.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette

TEXT = 4.5  # WCAG 1.4.3: text
MARKER = 3.0  # WCAG 1.4.11: markers, borders that carry meaning, focus indicators
R = QPalette.ColorRole


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""
    return 0.2126 * _channel(colour.redF()) + 0.7152 * _channel(colour.greenF()) + 0.0722 * _channel(colour.blueF())


def over(colour: QColor, background: QColor) -> QColor:
    """``colour`` with its alpha composited over an opaque ``background``."""
    a = colour.alphaF()
    return QColor.fromRgbF(colour.redF() * a + background.redF() * (1 - a),
                           colour.greenF() * a + background.greenF() * (1 - a),
                           colour.blueF() * a + background.blueF() * (1 - a))


def ratio(foreground: QColor, background: QColor) -> float:
    """The WCAG contrast ratio (1 to 21) of ``foreground`` (composited if translucent) on ``background``."""
    fg = luminance(over(foreground, background))
    bg = luminance(background)
    hi, lo = max(fg, bg), min(fg, bg)
    return (hi + 0.05) / (lo + 0.05)


def worst(colour: QColor, backgrounds: Iterable[QColor]) -> float:
    return min(ratio(colour, b) for b in backgrounds)


def meeting(colour: QColor, backgrounds: list[QColor], needed: float) -> QColor:
    """``colour``, made darker or lighter (same hue) only as far as needed to reach ``needed`` on every one of
    ``backgrounds``."""
    if worst(colour, backgrounds) >= needed:
        return colour
    base = QColor(colour)
    base.setAlpha(255)
    h, s, lightness = max(base.hslHueF(), 0.0), base.hslSaturationF(), base.lightnessF()
    candidates = []
    for step in range(1, 101):
        for target in (lightness - step / 100, lightness + step / 100):
            if 0.0 <= target <= 1.0:
                candidates.append(QColor.fromHslF(h, s, target))
    for c in candidates:
        if worst(c, backgrounds) >= needed:
            return c
    dark_bg = sum(luminance(b) for b in backgrounds) / len(backgrounds) < 0.2
    return QColor("white") if dark_bg else QColor("black")


def backgrounds(palette: QPalette) -> list[QColor]:
    """What the app's text and markers sit on: the window, fields, alternating rows and buttons."""
    return [palette.color(r) for r in (R.Window, R.Base, R.AlternateBase, R.Button)]


def accessible_palette(source: QPalette) -> QPalette:
    """A copy of ``source`` whose selection, placeholder and link colours meet the thresholds."""
    palette = QPalette(source)
    grounds = backgrounds(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        highlight = palette.color(group, R.Highlight)
        text = palette.color(group, R.HighlightedText)
        # the highlight is a marker on the window (3:1) and a ground for its own text (4.5:1)
        # keep the system's selected text colour if a darker or lighter highlight can carry it; else the
        # better of black and white
        fixed = meeting(meeting(highlight, grounds, MARKER), [text], TEXT)
        if worst(fixed, grounds) < MARKER:
            text = max((QColor("white"), QColor("black")), key=lambda t: ratio(t, highlight))
            fixed = meeting(meeting(highlight, grounds, MARKER), [text], TEXT)
        palette.setColor(group, R.Highlight, fixed)
        palette.setColor(group, R.HighlightedText, text)
        palette.setColor(group, R.PlaceholderText, meeting(palette.color(group, R.PlaceholderText), grounds, TEXT))
        palette.setColor(group, R.Link, meeting(palette.color(group, R.Link), grounds, TEXT))
    return palette


def accents(palette: QPalette) -> dict[str, QColor]:
    """The app's own colours for ``palette``: text ones at 4.5:1 and marker ones at 3:1 on every background."""
    grounds = backgrounds(palette)
    text = palette.color(R.WindowText)
    window = palette.color(R.Window)
    muted = QColor.fromRgbF(text.redF() * 0.62 + window.redF() * 0.38, text.greenF() * 0.62 + window.greenF() * 0.38,
                            text.blueF() * 0.62 + window.blueF() * 0.38)
    return {
        "muted": meeting(muted, grounds, TEXT),
        "warn": meeting(QColor(214, 137, 16), grounds, TEXT),  # "Required", a refused notice: text
        "error": meeting(QColor(200, 40, 40), grounds, TEXT),
        "ok": meeting(QColor(46, 139, 87), grounds, TEXT),
        "edge": meeting(palette.color(R.Mid), grounds, MARKER),  # borders that carry meaning
    }


# A dark desktop palette (KDE Breeze Dark's colours, whose highlight is too light for its white selected text):
# the contrast test and the screenshots show the app on it.
DARK_SAMPLE = {R.Window: "#2a2e32", R.WindowText: "#fcfcfc", R.Base: "#1b1e20", R.AlternateBase: "#232629",
               R.Text: "#fcfcfc", R.Button: "#31363b", R.ButtonText: "#fcfcfc", R.Highlight: "#3daee9",
               R.HighlightedText: "#fcfcfc", R.PlaceholderText: "#70757a", R.Link: "#1d99f3", R.Mid: "#4d5359",
               R.ToolTipBase: "#31363b", R.ToolTipText: "#fcfcfc", R.BrightText: "#ffffff"}


def dark_sample(light: QPalette) -> QPalette:
    """``light`` with the colours of :data:`DARK_SAMPLE` (active and inactive)."""
    palette = QPalette(light)
    for role, colour in DARK_SAMPLE.items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(colour))
    return palette
