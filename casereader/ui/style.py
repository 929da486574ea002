"""The app's look: the system palette and font, plus a few semantic accents that read in light and dark.

Colours come from the palette, made to meet WCAG 2.2 contrast (:mod:`casereader.ui.contrast`): text at
4.5:1 and markers and focus indicators at 3:1 on every background they sit on, in a light or a dark palette.
Every focusable control shows a focus ring in the highlight colour.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from casereader.ui.contrast import accents, accessible_palette

FILL_ALPHA = 0.14  # the amber and red tints behind a notice, a banner or an unsaved question


def set_state(widget: QWidget, name: str, value: bool) -> None:
    """Set a dynamic property used by the style sheet and re-polish the widget."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def css(colour: QColor, alpha: float = 1.0) -> str:
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {alpha:g})"


def style_sheet(app: QApplication, palette: QPalette | None = None) -> str:
    base = app.font().pointSizeF()
    if base <= 0:
        base = 10.0
    colours = accents(palette or app.palette())
    MUTED, WARN, OK, ERROR_EDGE = (css(colours[k]) for k in ("muted", "warn", "ok", "error"))
    WARN_FILL, ERROR_FILL = css(colours["warn"], FILL_ALPHA), css(colours["error"], FILL_ALPHA)
    return f"""
QLabel#caseTitle {{ font-size: {base * 1.45:.1f}pt; font-weight: 600; }}
QLabel#caseSubtitle, QLabel#muted, QLabel#sectionDescription, QLabel#overlayHint, QLabel#welcomeSubtitle {{
    color: {MUTED}; }}
QLabel#welcomeTitle {{ font-size: {base * 2.0:.1f}pt; font-weight: 600; }}
QLabel#welcomeSubtitle {{ font-size: {base * 1.1:.1f}pt; }}
QLabel#cardTitle, QLabel#panelTitle {{ font-weight: 600; }}
QLabel#panelTitle[refused="true"] {{ color: {ERROR_EDGE}; }}
QLabel#sectionTitle {{ font-size: {base * 1.2:.1f}pt; font-weight: 600; padding-top: 4px;
    border-bottom: 1px solid palette(mid); padding-bottom: 4px; }}
QFrame#caseBar {{ border-bottom: 1px solid palette(mid); }}
QFrame#card {{ border: 1px solid palette(mid); border-radius: 8px; background: palette(base); }}
QFrame#question {{ border: 1px solid transparent; border-left: 3px solid transparent; border-radius: 6px; }}
QFrame#question[missing="true"] {{ border-left: 3px solid {WARN}; }}
QFrame#question[current="true"] {{ background: palette(alternate-base); border: 2px solid palette(highlight);
    border-left: 4px solid palette(highlight); }}
QFrame#question[unsaved="true"] {{ border-left: 3px solid {ERROR_EDGE}; background: {ERROR_FILL}; }}
QLabel#questionId {{ font-family: monospace; color: {MUTED}; padding-top: 1px; }}
QLabel#questionText {{ font-size: {base * 1.05:.1f}pt; }}
QLabel#marker {{ color: {MUTED}; font-size: {base * 0.9:.1f}pt; }}
QLabel#marker[warn="true"] {{ color: {WARN}; font-weight: 600; }}
QLabel#guidance {{ color: palette(window-text); background: palette(alternate-base);
    border-left: 2px solid palette(mid); padding: 6px 10px; }}
QLabel#problem {{ color: {ERROR_EDGE}; }}
QToolButton#guidanceToggle {{ color: palette(link); border: none; padding: 0; }}
QPushButton#answerButton, QPushButton#flagButton {{
    padding: 5px 14px; border: 1px solid palette(mid); border-radius: 5px; background: palette(button);
    min-height: 20px; text-align: left; }}
QPushButton#answerButton:hover, QPushButton#flagButton:hover {{ border-color: palette(highlight); }}
QPushButton#answerButton:checked, QPushButton#flagButton:checked {{
    background: palette(highlight); color: palette(highlighted-text); border-color: palette(highlight); }}
QFrame#flagRow {{ border: 2px solid transparent; border-radius: 6px; }}
QFrame#flagRow[current="true"] {{ border: 2px solid palette(highlight); }}
QPlainTextEdit:focus, QTableView:focus, QListWidget:focus {{ border: 2px solid palette(highlight); }}
QPushButton#primary {{ background: palette(highlight); color: palette(highlighted-text);
    border: 1px solid palette(highlight); border-radius: 5px; padding: 5px 16px; font-weight: 600; }}
QPushButton#primary:disabled {{ background: palette(button); color: {MUTED}; border-color: palette(mid); }}
QPushButton#primary:focus {{ border: 2px solid palette(window-text); }}
QPlainTextEdit#comment {{ border: 1px solid palette(mid); border-radius: 4px; padding: 2px 4px;
    background: palette(base); }}
QPlainTextEdit#comment:focus {{ border-color: palette(highlight); }}
QLabel#notice {{ background: palette(alternate-base); border-bottom: 1px solid palette(mid); padding: 7px 16px; }}
QLabel#notice[warn="true"] {{ background: {WARN_FILL}; border-bottom: 1px solid {WARN}; }}
QFrame#errorBanner {{ background: {ERROR_FILL}; border-bottom: 1px solid {ERROR_EDGE}; }}
QLabel#savedLabel {{ color: {OK}; padding: 0 10px; }}
QLabel#whoLabel {{ padding: 0 10px; font-weight: 600; }}
QLabel#savedLabel[warn="true"] {{ color: {ERROR_EDGE}; font-weight: 600; }}
QWidget#issuesPanel {{ border-left: 1px solid palette(mid); }}
QFrame#shortcutCard {{ background: palette(window); border: 1px solid palette(mid); border-radius: 10px; }}
QLabel#overlayTitle {{ font-size: {base * 1.4:.1f}pt; font-weight: 600; }}
QLabel#overlayGroup {{ font-weight: 600; color: palette(link); padding-bottom: 2px; }}
QLabel#keyCap {{ font-family: monospace; background: palette(alternate-base); border: 1px solid palette(mid);
    border-radius: 4px; padding: 1px 6px; }}
QTableView {{ border: 1px solid palette(mid); border-radius: 4px; }}
QListWidget {{ border: 1px solid palette(mid); border-radius: 4px; padding: 2px; }}
QListWidget::item {{ padding: 3px 4px; }}
QProgressBar#overallProgress {{ max-height: 10px; border: 1px solid palette(mid); border-radius: 4px;
    background: palette(base); margin-right: 8px; }}
QProgressBar#overallProgress::chunk {{ background: palette(highlight); border-radius: 3px; }}
QLabel#progressLabel {{ padding: 0 6px; }}
"""


def apply_style(app: QApplication, *, fusion: bool = False) -> None:
    """Fusion widgets on the system palette and font (kept explicitly), with the app's few accents.

    ``fusion``: the app was made with ``-style fusion`` (see :func:`casereader.ui.app.application`), so the
    style is not looked at: the first touch of a QStyle from Python sets up its large enums, ~10 ms of a cold
    start."""
    palette = accessible_palette(app.palette())
    if not fusion and app.style().name().lower() != "fusion":  # replacing a style costs a re-polish
        app.setStyle("Fusion")
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(app, palette))
