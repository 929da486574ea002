"""File ▸ Send marks to the centre: the open inspection's marks as one signed, encrypted bundle file.

The same bundle as ``casereader bundle export``: every case and the whole audit trail (a full bundle, so a
lost earlier file never leaves a gap at the centre). It is written where the inspector chooses — the sync
folder by default — and remembered as exported only once the file is safely on disk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from casereader.core.inspection import CaseStore, StoreError
from casereader.files import write_atomic
from casereader.paths import Paths
from casereader.ui.dialogs import Dialogs
from casereader.ui.marking.local import local_store


def send_marks(parent: QWidget, store: CaseStore, inspection_id: str, paths: Paths, dialogs: Dialogs) -> str | None:
    """Build the bundle, ask where to save it, write it. Returns the line to show, or ``None`` if the inspector
    cancelled or it failed (a failure is explained in a message box; nothing is recorded)."""
    from casereader.bundles import BundleError
    from casereader.sync.device import device_key
    from casereader.sync.export import SyncError, build_export, record_export
    from casereader.sync.folder import FOLDER_SETTING, bundle_name

    local = local_store(store)
    title = Q.translate("MarksExport", "Could not send the marks")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        insp = store.get_inspection(inspection_id)
        device = device_key(paths.ensure())
        made = build_export(local, insp.id, device)
        folder_text = store.get_setting(FOLDER_SETTING)
    except (SyncError, StoreError, BundleError, OSError) as exc:
        QApplication.restoreOverrideCursor()
        dialogs.warn(parent, title, str(exc))
        return None
    QApplication.restoreOverrideCursor()
    if made is None:  # only an incremental export can find nothing to send
        return Q.translate("MarksExport", "Nothing has changed since the last bundle.")
    folder = Path(folder_text) if folder_text and Path(folder_text).is_dir() else Path.home()
    suggested = folder / bundle_name(insp.area, insp.id, device.device_id, made.sequence)
    out = dialogs.save_file(parent, Q.translate("MarksExport", "Send marks to the centre"), suggested,
                            Q.translate("MarksExport", "Marks bundles (*.crbundle)"))
    if out is None:
        return None
    try:
        write_atomic(out, made.data)
        record_export(local, insp.id, made)
    except (OSError, StoreError) as exc:
        dialogs.warn(parent, title, f"{out}: {getattr(exc, 'strerror', None) or exc}")
        return None
    return MarksExport().written(made.sequence, out, len(made.manifest.cases), made.manifest.audit_chain.events)


class MarksExport(QObject):
    """Words with a count: a QObject so that ``self.tr`` gives lupdate and Qt the plural (``%n``) forms."""

    def written(self, sequence: int, out: Path, cases: int, events: int) -> str:
        return self.tr("Bundle {0} written to {1}: {2}, {3}. Take or sync it to the centre.").format(
            sequence, out, self.tr("%n cases", "", cases), self.tr("%n audit events", "", events))
