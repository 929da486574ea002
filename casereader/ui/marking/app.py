"""The marking app's start: the main window painted from the snapshot at once, the store opened after the
first paint, periodic backups while it runs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from casereader.core.inspection import CaseStore, StoreError
from casereader.paths import Paths
from casereader.ui.app import application
from casereader.ui.dialogs import Dialogs
from casereader.ui.marking.main_window import MainWindow
from casereader.ui.marking.startup import read_preview


def open_window(paths: Paths, store: CaseStore, inspection_id: str | None = None, *,
                dialogs: Dialogs | None = None) -> MainWindow:
    """The main window on an open ``store``: the given inspection, else the last one used, else the start page."""
    window = MainWindow(None, paths, dialogs=dialogs)
    window.attach(store, inspection_id)
    return window


def start(paths: Paths, *, inspection_id: str | None = None,
          dialogs: Dialogs | None = None) -> tuple[QApplication, MainWindow, Launch]:
    """Show the main window at once, painted from the read-only snapshot of the store (the inspection last
    used and its case list), and open the store itself on the first turn of the event loop."""
    app = application()
    icon = paths.icons / "casereader.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    window = MainWindow(None, paths, dialogs=dialogs)
    window.show_preview(read_preview(paths.database, inspection_id))
    window.show()
    launch = Launch(app, window, paths, inspection_id)
    window.installEventFilter(launch)
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, launch.open_store)  # in case no paint comes (started minimised)
    return app, window, launch


FIRST_PAINT_WAIT_MS = 3000


class Launch(QObject):
    """Opens the store once the window has painted, keeps the periodic backups, closes the store at the end."""

    def __init__(self, app: QApplication, window: MainWindow, paths: Paths, inspection_id: str | None) -> None:
        super().__init__(app)
        self.app, self.window, self.paths, self.inspection_id = app, window, paths, inspection_id
        self.opening = False
        self.store: CaseStore | None = None
        self.failed = False
        # A rotating backup every ten minutes while anything changed, and one on exit (the store skips it when
        # nothing changed since the last one).
        self.backups = QTimer(app)
        self.backups.setInterval(BACKUP_EVERY_MS)
        self.backups.timeout.connect(lambda: _periodic_backup(self.store))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint and not self.opening:
            # The first paint is on its way to the screen: open the store on the next turn of the event loop.
            # (On the GUI thread: importing SQLAlchemy on another thread while Qt runs is not safe with PySide6's
            # import hooks — it crashed the interpreter when tried.)
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.open_store)
        return False

    def open_store(self) -> None:
        if self.opening:
            return
        self.opening = True
        self.window.removeEventFilter(self)
        from casereader.storage import LocalStore

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.paths.ensure()
            self.store = LocalStore.open(self.paths.database, backups_dir=self.paths.backups)
        except (StoreError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            self.failed = True
            self.window.dialogs.fail(self.window, QCoreApplication.translate("App", "Casereader cannot start"),
                                     str(exc))
            self.window.close()
            self.app.exit(1)
            return
        try:
            self.window.attach(self.store, self.inspection_id)
        finally:
            QApplication.restoreOverrideCursor()
        self.backups.start()

    def close(self) -> None:
        self.backups.stop()
        if self.store is not None:
            self.store.close(backup_reason="on exit")
            self.store = None


def run(paths: Paths, *, inspection_id: str | None = None) -> int:
    """Run the app until the window closes; returns the exit status."""
    app, _window, launch = start(paths, inspection_id=inspection_id)
    try:
        status = int(app.exec())
    finally:
        launch.close()
    return 1 if launch.failed else status


BACKUP_EVERY_MS = 10 * 60 * 1000


def _periodic_backup(store: CaseStore | None) -> None:
    if store is None:
        return
    try:
        store.backup_if_changed("periodic")
    except (StoreError, OSError) as exc:  # a failed backup must not stop marking; say so in the log
        import logging

        logging.getLogger("casereader").warning("periodic backup failed: %s", exc)
