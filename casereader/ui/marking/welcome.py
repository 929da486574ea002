"""The start page: open an inspection, create one, import a sample pack, or open the demo."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casereader.core.catalogue import Catalogue
from casereader.core.inspection import CaseStore, Round, StoreError
from casereader.paths import Paths
from casereader.ui.dialogs import Dialogs
from casereader.ui.marking.focus_ring import FocusComboBox
from casereader.ui.marking.issue_text import round_text, ui_text
from casereader.ui.workers import BackgroundTask, Progress

IdRole = Qt.ItemDataRole.UserRole
PACKS_MODULE = "casereader.sync.packs"


def packs_available() -> bool:
    try:
        return importlib.util.find_spec(PACKS_MODULE) is not None
    except ModuleNotFoundError:
        return False


class WelcomePage(QWidget):
    """Emits ``openInspection(id)`` and ``demoRequested``."""

    openInspection = Signal(str)
    demoRequested = Signal()

    def __init__(self, store: CaseStore, paths: Paths, dialogs: Dialogs | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.paths = paths
        self.dialogs = dialogs or Dialogs()
        self.task: BackgroundTask | None = None
        self.setObjectName("welcome")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 40)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(18)
        outer.addLayout(column, 6)
        outer.addStretch(1)

        title_row = QHBoxLayout()
        icon = QLabel()
        icon_path = paths.icons / "casereader.svg"
        if icon_path.is_file():
            icon.setPixmap(QIcon(str(icon_path)).pixmap(QSize(56, 56)))
        title_row.addWidget(icon)
        titles = QVBoxLayout()
        title = QLabel(self.tr("Casereader"))
        title.setObjectName("welcomeTitle")
        subtitle = QLabel(self.tr("Mark a sample of case files against an inspection question set — offline, "
                                  "every answer saved as you go."))
        subtitle.setObjectName("welcomeSubtitle")
        subtitle.setWordWrap(True)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        title_row.addLayout(titles, 1)
        column.addLayout(title_row)

        cards = QHBoxLayout()
        cards.setSpacing(18)
        column.addLayout(cards, 1)

        recent, recent_layout = self._card(self.tr("Inspections on this computer"))
        self.inspections = QListWidget()
        self.inspections.setAccessibleName(self.tr("Inspections on this computer"))
        self.inspections.setAccessibleDescription(self.tr("Enter opens the inspection"))
        self.inspections.setWordWrap(True)
        self.inspections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.inspections.itemActivated.connect(self._open_item)
        self.inspections.itemDoubleClicked.connect(self._open_item)
        recent_layout.addWidget(self.inspections)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(lambda: self._open_item(self.inspections.currentItem()))
        recent_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        cards.addWidget(recent, 3)

        actions = QVBoxLayout()
        actions.setSpacing(18)
        cards.addLayout(actions, 2)
        create, create_layout = self._card(self.tr("New inspection"))
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.form_choice = FocusComboBox()
        self.form_choice.setAccessibleName(self.tr("Question set"))
        self.area = QLineEdit()
        self.area.setPlaceholderText(self.tr("e.g. Wessex"))
        self.area.setAccessibleName(self.tr("Area"))
        self.round = FocusComboBox()
        self.round.setAccessibleName(self.tr("Round"))
        for r in Round:
            self.round.addItem(self.tr("Baseline") if r == Round.BASELINE else self.tr("Follow-up"), r.value)
        form.addRow(self.tr("Question &set"), self.form_choice)
        form.addRow(self.tr("&Area"), self.area)
        form.addRow(self.tr("&Round"), self.round)
        create_layout.addLayout(form)
        self.create_button = QPushButton(self.tr("Create inspection"))
        self.create_button.clicked.connect(self.create_inspection)
        create_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        actions.addWidget(create)

        other, other_layout = self._card(self.tr("Get started"))
        self.import_button = QPushButton(self.tr("Import a sample pack…"))
        self.import_button.setAccessibleDescription(self.tr("The inspection and its case sample, from the centre"))
        self.import_button.clicked.connect(self.import_pack)
        self.import_button.setVisible(packs_available())
        self.demo_button = QPushButton(self.tr("Open the demo inspection"))
        self.demo_button.setAccessibleDescription(self.tr("90 fictional cases in a separate demo data folder"))
        self.demo_button.clicked.connect(self.demoRequested)
        other_layout.addWidget(self.import_button)
        other_layout.addWidget(self.demo_button)
        actions.addWidget(other)
        actions.addStretch(1)

        self.folder = QLabel(self.tr("Data folder: {0}").format(paths.data_dir))
        self.folder.setObjectName("muted")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.folder)
        self.setTabOrder(self.inspections, self.open_button)
        self.setTabOrder(self.open_button, self.form_choice)
        self.setTabOrder(self.form_choice, self.area)
        self.setTabOrder(self.area, self.round)
        self.setTabOrder(self.round, self.create_button)
        self.setTabOrder(self.create_button, self.import_button)
        self.setTabOrder(self.import_button, self.demo_button)
        self.refresh()

    def _card(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        card = QFrame()
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(10)
        label = QLabel(title)
        label.setObjectName("cardTitle")
        layout.addWidget(label)
        return card, layout

    def refresh(self) -> None:
        self.inspections.clear()
        try:
            found = self.store.list_inspections()
        except StoreError as exc:
            self.inspections.addItem(str(exc))
            found = []
        for insp in found:
            item = QListWidgetItem(f"{insp.title}\n{insp.area} · {round_text(insp.round)} · {insp.form_key}")
            item.setData(IdRole, insp.id)
            item.setToolTip(insp.id)
            self.inspections.addItem(item)
        if not found:
            empty = QListWidgetItem(self.tr("No inspections yet: create one, import a sample pack or open the demo."))
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable, but drawn as text, not greyed out
            self.inspections.addItem(empty)
        else:
            self.inspections.setCurrentRow(0)
        self.open_button.setEnabled(bool(found))
        self.catalogue = Catalogue([self.paths.forms, self.paths.user_forms])
        self.form_choice.clear()
        for qs in self.catalogue.all():
            self.form_choice.addItem(f"{ui_text(qs, 'title')} ({qs.version})", qs.key)
        self.create_button.setEnabled(self.form_choice.count() > 0)

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(IdRole):
            self.openInspection.emit(str(item.data(IdRole)))

    def create_inspection(self) -> None:
        key = self.form_choice.currentData()
        if not key:
            return
        qs = self.catalogue.find(str(key))
        path = self.catalogue.files[(qs.id, qs.version)]
        from casereader.ui.marking.who import INSPECTOR_SETTING, inspector_key

        try:  # the inspection is recorded as created by, and lists, the inspector using this computer
            name = self.store.get_setting(INSPECTOR_SETTING) or self.dialogs.choose_inspector(self, [])
            if not name:
                return
            insp = self.store.create_inspection(
                qs, area=self.area.text(), round=Round(self.round.currentData()), form_bytes=path.read_bytes(),
                inspectors=[name], actor=name)
            self.store.set_setting(inspector_key(insp.id), name)
            self.store.set_setting(INSPECTOR_SETTING, name)
        except (StoreError, OSError) as exc:
            self.dialogs.warn(self, self.tr("Could not create the inspection"), str(exc))
            return
        self.openInspection.emit(insp.id)

    def import_pack(self) -> None:
        path = self.dialogs.open_file(self, self.tr("Import a sample pack"),
                                      self.tr("Sample or query packs (*.zip *.crpack);;All files (*)"))
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Import a sample pack, or a pack of the centre's queries, in the background (the store backs itself up
        first); then open its inspection."""
        from casereader.bundles.query_packs import is_query_pack
        from casereader.sync.packs import import_pack
        from casereader.sync.reviews import import_query_pack
        from casereader.ui.marking.local import local_store

        store = local_store(self.store)

        def job(progress: Progress, cancelled: object) -> object:
            progress(0, 0, self.tr("Checking {0}…").format(path.name))
            data = path.read_bytes()
            store.backup(f"before importing {path.name}")
            if is_query_pack(data):
                return import_query_pack(store, data, actor="", display=path.name).inspection_id
            return import_pack(store, data, actor="", display=path.name).inspection.id

        self.task = BackgroundTask(self.tr("Importing the sample pack"), job, self)
        self.task.done.connect(lambda inspection_id: self.openInspection.emit(str(inspection_id)))
        self.task.failed.connect(self._import_failed)
        self.task.start()

    def _import_failed(self, message: str) -> None:
        if message:  # empty when cancelled
            self.dialogs.warn(self, self.tr("Could not import the sample pack"), message)
