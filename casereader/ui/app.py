"""Starting the app: the QApplication, the local store and the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from casereader import __version__
from casereader.core.inspection import StoreError
from casereader.paths import Paths
from casereader.ui.main_window import MainWindow
from casereader.ui.session import LAST_INSPECTION
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
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    apply_style(app)
    return app


def open_window(paths: Paths, store: object, inspection_id: str | None = None) -> MainWindow:
    """The main window on ``store``: the given inspection, else the last one used, else the start page."""
    window = MainWindow(store, paths)
    target = inspection_id or store.get_setting(LAST_INSPECTION)  # type: ignore[attr-defined]
    known = {i.id for i in store.list_inspections()}  # type: ignore[attr-defined]
    if target and target in known:
        window.open_inspection(target)
    else:
        window.show_welcome()
    return window


def run(paths: Paths, *, inspection_id: str | None = None) -> int:
    """Run the app until the window closes; returns the exit status."""
    from casereader.storage import LocalStore

    app = application()
    icon = paths.icons / "casereader.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    paths.ensure()
    try:
        store = LocalStore.open(paths.database, backups_dir=paths.backups)
    except StoreError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("App", "Casereader cannot start"), str(exc))
        return 1
    # A rotating backup every ten minutes while anything changed, and one on exit (the store skips it when
    # nothing changed since the last one).
    backups = QTimer(app)
    backups.setInterval(BACKUP_EVERY_MS)
    backups.timeout.connect(lambda: _periodic_backup(store))
    backups.start()
    try:
        window = open_window(paths, store, inspection_id)
        window.show()
        return int(app.exec())
    finally:
        backups.stop()
        store.close(backup_reason="on exit")


BACKUP_EVERY_MS = 10 * 60 * 1000


def _periodic_backup(store: object) -> None:
    try:
        store.backup_if_changed("periodic")  # type: ignore[attr-defined]
    except (StoreError, OSError) as exc:  # a failed backup must not stop marking; say so in the log
        logging.getLogger("casereader").warning("periodic backup failed: %s", exc)
