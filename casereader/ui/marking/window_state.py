"""The window's size, place and splitters, kept between runs with ``QSettings`` in the data folder.

The first start fits the screen's available area (never a fixed size larger than a small laptop's screen);
later starts restore what the inspector left with ``restoreGeometry`` and ``QSplitter.restoreState``.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

from casereader.paths import Paths

PREFERRED = (1360, 860)  # the size the form is laid out for; less when the screen is smaller
FILL = 0.92  # of the available screen at most, on the first start


class WindowState:
    """Reads and writes the window's geometry and named splitter states in ``paths.ui_settings``."""

    def __init__(self, paths: Paths) -> None:
        self.settings = QSettings(str(paths.ui_settings), QSettings.Format.IniFormat)

    def restore(self, window: QMainWindow) -> bool:
        """Put the window back as it was; on the first start (or a bad record) fit it to the screen."""
        saved = self.settings.value("window/geometry")
        if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
            return True
        fit_to_screen(window)
        return False

    def save(self, window: QMainWindow) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())
        self.settings.sync()

    def restore_splitter(self, name: str, splitter: QSplitter) -> bool:
        saved = self.settings.value(f"splitter/{name}")
        return isinstance(saved, QByteArray) and not saved.isEmpty() and splitter.restoreState(saved)

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self.settings.setValue(f"splitter/{name}", splitter.saveState())


def fit_to_screen(window: QMainWindow) -> None:
    """The preferred size, shrunk to the screen's available area when that is smaller, centred on it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(*PREFERRED)
        return
    area = screen.availableGeometry()
    width = min(PREFERRED[0], int(area.width() * FILL))
    height = min(PREFERRED[1], int(area.height() * FILL))
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)
