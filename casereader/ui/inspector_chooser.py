"""The dialog asking who is marking on this computer: one of the inspection's inspectors, or a new name
(:mod:`casereader.ui.marking.who` decides when to ask and remembers the answer)."""

from __future__ import annotations

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
