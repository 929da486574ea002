"""Adding cases to an inspection from the app: a sample file (CSV/XLSX) or one case by its reference.

The same checks as ``casereader sample import``: the file is read with :func:`casereader.tabular.read_table`,
every row is checked by :func:`casereader.tabular.read_sample` against the question set's header fields and
the cases already there, the store backs itself up, and the cases go in all together or not at all. Every
problem is shown with its row and column. An inspection with no cases shows :class:`EmptyInspection`
instead of the form.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from casereader.core.inspection import CaseStore, CaseSummary, StoreError
from casereader.ui.dialogs import Dialogs

SAMPLE_FILTERS = QT_TRANSLATE_NOOP("CaseIntake", "Case lists (*.csv *.xlsx);;All files (*)")


class CaseIntake:
    """Adds cases to one inspection for ``actor``; problems are explained through ``dialogs``."""

    def __init__(self, store: CaseStore, inspection_id: str, actor: str, dialogs: Dialogs,
                 parent: QWidget | None = None) -> None:
        self.store, self.inspection_id, self.actor, self.dialogs, self.parent = (
            store, inspection_id, actor, dialogs, parent)

    def choose_sample(self) -> list[CaseSummary]:
        """Ask for a CSV/XLSX file and import it; the cases added (none if cancelled or refused)."""
        path = self.dialogs.open_file(self.parent, Q.translate("CaseIntake", "Import a sample of cases"),
                                      Q.translate("CaseIntake", str(SAMPLE_FILTERS)))
        return [] if path is None else self.import_sample(path)

    def import_sample(self, path: Path) -> list[CaseSummary]:
        from casereader.tabular import TabularError, read_sample, read_table

        store = self.store
        nothing = Q.translate("CaseIntake", "Nothing was imported")
        try:
            table = read_table(path, display=path.name)
            qs = store.question_set(self.inspection_id)
            existing = [c.reference for c in store.list_cases(self.inspection_id)]
            cases = read_sample(table, qs, existing=existing)
            if not cases:
                self.dialogs.warn(self.parent, nothing,
                                  Q.translate("CaseIntake", "{0} has a header row but no cases.").format(path.name))
                return []
            store.backup(f"before sample import of {path.name}")
            added: list[CaseSummary] = store.add_cases(
                self.inspection_id, [(c.reference, c.header) for c in cases], actor=self.actor)
        except TabularError as exc:
            self.dialogs.warn(self.parent, nothing, Q.translate(
                "CaseIntake", "Nothing was imported from {0}. Fix these and import it again:\n\n{1}").format(
                path.name, exc.report()))
            return []
        except (StoreError, OSError) as exc:
            self.dialogs.warn(self.parent, nothing, str(exc))
            return []
        return added

    def add_one(self) -> list[CaseSummary]:
        """Ask for one case reference and add the case (its details are filled in on the form)."""
        from casereader.tabular import TabularError, read_sample
        from casereader.tabular.table import Row, Table

        typed = self.dialogs.ask_text(self.parent, Q.translate("CaseIntake", "Add a case"),
                                      Q.translate("CaseIntake", "Case reference (URN):"))
        if typed is None or not typed.strip():
            return []
        store = self.store
        try:
            qs = store.question_set(self.inspection_id)
            existing = [c.reference for c in store.list_cases(self.inspection_id)]
            one = Table(Q.translate("CaseIntake", "the reference"), ("reference",),
                        (Row(2, {"reference": typed.strip()}),))
            case = read_sample(one, qs, existing=existing)[0]
            return list(store.add_cases(self.inspection_id, [(case.reference, case.header)],
                                        actor=self.actor))
        except TabularError as exc:
            reasons = "; ".join(p.message for p in exc.problems)
            self.dialogs.warn(self.parent, Q.translate("CaseIntake", "The case was not added"),
                              f"{typed.strip()}: {reasons}")
        except StoreError as exc:
            self.dialogs.warn(self.parent, Q.translate("CaseIntake", "The case was not added"), str(exc))
        return []


class EmptyInspection(QWidget):
    """In place of the form while an inspection has no cases: what to do, and the two ways to do it."""

    importRequested = Signal()
    addRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyInspection")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        title = QLabel(self.tr("No cases in this inspection yet"))
        title.setObjectName("cardTitle")
        text = QLabel(self.tr(
            "Add the sample of case files to examine. Import a spreadsheet (CSV or XLSX) with a "
            "<b>reference</b> column and, if you have them, the case details (casework type, charging route, "
            "outcome, flags) — the same file <tt>casereader sample import</tt> takes. Or add one case at a time "
            "by its reference. A sample pack from the centre is imported from the start page."))
        text.setObjectName("emptyText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        layout.addWidget(text)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import a sample (CSV or XLSX)…"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.importRequested)
        self.add_button = QPushButton(self.tr("Add a case by reference…"))
        self.add_button.clicked.connect(self.addRequested)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
