"""Who is marking on this computer: one of the inspection's inspectors, or a new name.

Asked once per computer and inspection (the answer is kept in the local store's settings); every answer and
audit row is then recorded under that name, and the window shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casereader.core.inspection import Inspection

if TYPE_CHECKING:
    from casereader.ui.dialogs import Dialogs

INSPECTOR_SETTING = "ui.inspector"  # the name last chosen on this computer


def inspector_key(inspection_id: str) -> str:
    """Settings key holding who marks ``inspection_id`` on this computer."""
    return f"{INSPECTOR_SETTING}.{inspection_id}"


class InspectorChooser(QDialog):
    """A list of the inspection's inspectors and a box for a new name; OK is enabled once a name is given."""

    def __init__(self, names: list[str], current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorChooser")
        self.setWindowTitle(self.tr("Who is marking?"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(self.tr("Choose your name. Every answer you give on this computer is recorded under it, "
                               "and your marking sheets print it. You can change it later from the File menu."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.names = QListWidget()
        self.names.setAccessibleName(self.tr("Inspectors of this inspection"))
        for name in names:
            self.names.addItem(QListWidgetItem(name))
        self.names.setVisible(bool(names))
        layout.addWidget(self.names)
        other = QLabel(self.tr("&Someone else (your full name):") if names else self.tr("&Your full name:"))
        self.other = QLineEdit()
        self.other.setAccessibleName(self.tr("A name not in the list"))
        other.setBuddy(self.other)
        layout.addWidget(other)
        layout.addWidget(self.other)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.names.currentItemChanged.connect(lambda *_: self._changed(from_list=True))
        self.names.itemActivated.connect(lambda _item: self.accept() if self.chosen() else None)
        self.other.textChanged.connect(lambda _t: self._changed(from_list=False))
        if current in names:
            self.names.setCurrentRow(names.index(current))
        elif current:
            self.other.setText(current)
        elif names:
            self.names.setCurrentRow(0)
        (self.names if names else self.other).setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed(from_list=bool(names) and not (current and current not in names))
        self.resize(420, self.sizeHint().height())

    def _changed(self, *, from_list: bool) -> None:
        if not from_list and self.other.text().strip():
            self.names.clearSelection()
            self.names.setCurrentRow(-1)
        elif from_list and self.names.currentItem() is not None and self.other.text():
            self.other.blockSignals(True)
            self.other.clear()
            self.other.blockSignals(False)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.chosen()))

    def chosen(self) -> str:
        typed = " ".join(self.other.text().split())
        if typed:
            return typed
        item = self.names.currentItem()
        return item.text() if item is not None else ""


def who_is_marking(store: object, inspection: Inspection, dialogs: Dialogs, parent: QWidget | None = None, *,
                   ask: bool = False) -> str | None:
    """The name this computer marks ``inspection`` under: remembered, else asked once (``None`` if cancelled).

    Nothing is asked when the answer is plain: the name already chosen on this computer is one of the
    inspection's inspectors, or the inspection names one inspector only (a pack issued to that inspector).
    ``ask``: ask even so (File ▸ Who is marking…)."""
    get, put = store.get_setting, store.set_setting  # type: ignore[attr-defined]
    remembered = get(inspector_key(inspection.id)) or ""
    if remembered and not ask:
        return str(remembered)
    names = list(inspection.inspectors)
    last = get(INSPECTOR_SETTING) or ""
    chosen: str | None = None
    if not ask:
        chosen = last if last in names else (names[0] if len(names) == 1 else None)
    if chosen is None:
        chosen = dialogs.choose_inspector(parent, names, remembered or last)
    if not chosen:
        return None
    put(inspector_key(inspection.id), chosen)
    put(INSPECTOR_SETTING, chosen)
    return chosen
