"""Slow work off the GUI thread: a job runs in the thread pool and reports to a cancellable progress dialog.

A job is a plain function ``job(progress, cancelled)``: it calls ``progress(done, total, text)`` as it
goes and stops early when ``cancelled()`` is true. It must not touch widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[int, int, str], None]
Job = Callable[[Progress, Callable[[], bool]], Any]


class Cancelled(Exception):
    """Raised by a job that stopped because the user cancelled it."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, job: Job, signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self.job = job
        self.signals = signals
        self.stop = stop

    def run(self) -> None:
        try:
            result = self.job(lambda d, t, s: self.signals.progress.emit(d, t, s), self.stop.is_set)
        except Cancelled:
            self.signals.failed.emit("")
        except Exception as exc:  # reported to the user, never lost
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))
        else:
            self.signals.finished.emit(result)


class BackgroundTask(QObject):
    """Run ``job`` in the global thread pool with a modal, cancellable progress dialog."""

    done = Signal(object)  # the job's result
    failed = Signal(str)  # message; "" when cancelled

    def __init__(self, title: str, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stop = threading.Event()
        self.signals = _Signals()
        self.dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self._runnable = _Runnable(job, self.signals, self.stop)
        self._runnable.setAutoDelete(False)
        self.running = False

    def start(self) -> None:
        self.running = True
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        self.stop.set()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(done)
        if text:
            self.dialog.setLabelText(text)

    def _finished(self, result: object) -> None:
        self.running = False
        self.dialog.close()
        self.done.emit(result)

    def _failed(self, message: str) -> None:
        self.running = False
        self.dialog.close()
        self.failed.emit(message)
