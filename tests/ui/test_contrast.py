"""WCAG 2.2 contrast of the marking app, measured from the palette and the style sheet as the app applies them:
text at 4.5:1 and markers and focus indicators at 3:1, on every background they can sit on, in a light and a
dark palette."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from casereader.ui.app import application
from casereader.ui.contrast import MARKER, TEXT, accessible_palette, backgrounds, dark_sample, over, ratio
from casereader.ui.style import style_sheet

R = QPalette.ColorRole
TEXT_ROLES = [(R.WindowText, R.Window), (R.Text, R.Base), (R.Text, R.AlternateBase), (R.ButtonText, R.Button),
              (R.HighlightedText, R.Highlight), (R.PlaceholderText, R.Base), (R.Link, R.Base), (R.Link, R.Window),
              (R.ToolTipText, R.ToolTipBase)]
ROLE_NAMES = {"window": R.Window, "window-text": R.WindowText, "base": R.Base, "alternate-base": R.AlternateBase,
              "text": R.Text, "button": R.Button, "button-text": R.ButtonText, "highlight": R.Highlight,
              "highlighted-text": R.HighlightedText, "placeholder-text": R.PlaceholderText, "link": R.Link,
              "mid": R.Mid}
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def light() -> QPalette:
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


def dark() -> QPalette:
    return dark_sample(light())


def colour(value: str, palette: QPalette) -> QColor | None:
    value = value.strip()
    if m := re.fullmatch(r"palette\(([a-z-]+)\)", value):
        return palette.color(ROLE_NAMES[m.group(1)])
    if m := re.fullmatch(r"rgba\((\d+), (\d+), (\d+), ([\d.]+)\)", value):
        c = QColor(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        c.setAlphaF(float(m.group(4)))
        return c
    return None


def sheet_pairs(sheet: str, palette: QPalette) -> list[tuple[str, str, QColor, QColor, float]]:
    """(selector, what, foreground, background, needed) for every text colour and meaningful border in the sheet.

    A rule's own background is used when it sets one (translucent fills composited over each background);
    otherwise every background of the palette is tried. Disabled controls are exempt (WCAG 1.4.3)."""
    grounds = backgrounds(palette)
    found = []
    for selector, body in RULE.findall(sheet):
        if ":disabled" in selector or ":hover" in selector:
            continue
        decls = dict((k.strip(), v.strip()) for k, _, v in (d.partition(":") for d in body.split(";")) if v.strip())
        fill = colour(decls["background"], palette) if "background" in decls else None
        unders = [over(fill, g) for g in grounds] if fill is not None else grounds
        fg = colour(decls["color"], palette) if "color" in decls else (  # a filled widget's own text
            palette.color(R.WindowText) if fill is not None and "::" not in selector else None)
        if fg is not None:
            found += [(selector.strip(), "text", fg, u, TEXT) for u in unders]
        for key, value in decls.items():
            if key.startswith("border") and "solid" in value:
                edge = colour(value.split("solid", 1)[1], palette)
                if edge is not None and edge.alpha() and "palette(mid)" not in value and edge != fill:
                    found += [(selector.strip(), key, edge, u, MARKER) for u in unders]
    return found


@pytest.mark.parametrize("make", [light, dark], ids=["light", "dark"])
def test_every_text_role_marker_and_focus_ring_meets_wcag(make) -> None:  # type: ignore[no-untyped-def]
    app = application()
    palette = accessible_palette(make())
    failures = []
    for fg, bg in TEXT_ROLES:
        got = ratio(palette.color(fg), palette.color(bg))
        if got < TEXT:
            failures.append(f"palette {fg.name} on {bg.name}: {got:.2f}")
    for role in (R.Highlight,):  # the focus ring and the current question's bar
        for ground in backgrounds(palette):
            if (got := ratio(palette.color(role), ground)) < MARKER:
                failures.append(f"focus ring {role.name} on {ground.name()}: {got:.2f}")
    pairs = sheet_pairs(style_sheet(app, palette), palette)
    assert len({p[0] for p in pairs}) >= 15  # the sheet's coloured rules were all found and measured
    for selector, what, fg, bg, needed in pairs:
        if (got := ratio(fg, bg)) < needed:
            failures.append(f"{selector} {what} {fg.name()} on {bg.name()}: {got:.2f} < {needed}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("make", [light, dark], ids=["light", "dark"])
def test_the_system_palette_is_kept_where_it_already_meets_the_thresholds(make) -> None:  # type: ignore[no-untyped-def]
    source = make()
    fixed = accessible_palette(source)
    for role in (R.Window, R.WindowText, R.Base, R.Text, R.Button, R.ButtonText):
        assert fixed.color(role) == source.color(role)


def test_the_measured_failures_of_the_issue_are_gone() -> None:
    """Measured before: the amber "Required" 2.35:1, muted text 3.89:1 on the light palette."""
    app = application()
    palette = accessible_palette(light())
    sheet = style_sheet(app, palette)
    marker = re.search(r'QLabel#marker\[warn="true"\] \{ color: ([^;]+);', sheet)
    muted = re.search(r"QLabel#questionId \{[^}]*color: ([^;]+);", sheet)
    assert marker and muted
    for found in (marker, muted):
        c = colour(found.group(1), palette)
        assert c is not None and min(ratio(c, g) for g in backgrounds(palette)) >= TEXT
    assert QApplication.instance() is app
