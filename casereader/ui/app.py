"""The QApplication every window of Casereader runs in: Fusion style, the palette and the interface language."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from casereader import __version__
from casereader.ui.style import apply_style


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication (created on first use), styled from the system palette and font."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName("HMCPSI")
    QCoreApplication.setApplicationName("Casereader")
    QCoreApplication.setApplicationVersion(__version__)
    args = list(argv) if argv is not None else sys.argv[:1]
    given = any(a == "-style" or a.startswith("-style=") for a in args[1:])
    app = QApplication(args if given else [*args, "-style", "fusion"])  # Fusion from the start: no re-polish
    apply_style(app, fusion=not given)
    _install_language(app)
    return app


def _install_language(app: QApplication) -> None:
    """The remembered interface language (Welsh or English; by default the system's)."""
    from casereader.ui.translation import LanguageError, install_language

    try:
        install_language(app)
    except LanguageError as exc:  # a broken install must not stop marking: English, and say so in the log
        import logging

        logging.getLogger("casereader").warning("%s", exc)
