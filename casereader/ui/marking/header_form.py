"""The case header (casework type, charging route, outcome, flags): driven by single keys.

Each choice is a combo box that answers to one key: the option's own key, else the first letter of its
label when that is unique (M for Magistrates' courts, P for Police). A key that settles the field moves
focus on. All flags sit in one row of toggles, each with its own letter; Enter confirms the row (unset
flags become "no") and moves on. So a magistrates' court header is three keys and Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QLabel, QLineEdit, QPushButton, QWidget

from casereader.core.answers import HeaderValue
from casereader.core.questionset import FieldType, HeaderField, QuestionSet
from casereader.ui.marking.flow_layout import FlowLayout
from casereader.ui.marking.focus_ring import FocusComboBox
from casereader.ui.marking.issue_text import ui_text
from casereader.ui.style import set_state


def assign_keys(labels: list[str], taken: set[str] | None = None) -> list[str]:
    """A distinct letter per label: a word's initial if free, else any free letter of the label."""
    used = set(taken or ())
    out: list[str] = []
    for label in labels:
        words = [w for w in label.replace("(", " ").replace(")", " ").split() if w[:1].isalpha()]
        candidates = [w[0].lower() for w in words] + [c.lower() for c in label if c.isalpha()]
        key = next((c for c in candidates if c not in used), "")
        used.add(key)
        out.append(key)
    return out


def option_keys(labels: list[tuple[str, str | None]]) -> dict[str, int]:
    """Key → index: the option's own key, else the first letter of its label when no other shares it."""
    keys: dict[str, int] = {}
    for i, (_, key) in enumerate(labels):
        if key:
            keys[key.lower()] = i
    firsts: dict[str, list[int]] = {}
    for i, (label, _) in enumerate(labels):
        if label:
            firsts.setdefault(label[0].lower(), []).append(i)
    for letter, indexes in firsts.items():
        if len(indexes) == 1 and letter not in keys and indexes[0] not in keys.values():
            keys[letter] = indexes[0]
    return keys


class KeyComboBox(FocusComboBox):
    """A combo box where one key picks an option and moves on (``picked`` is emitted)."""

    picked = Signal(int)

    def __init__(self, labels: list[tuple[str, str | None]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = option_keys(labels)
        by_index = {i: k for k, i in self.keys.items()}
        for i, (label, _) in enumerate(labels):
            key = by_index.get(i)
            self.addItem(f"{label}  ({key.upper()})" if key else label)
        self.setCurrentIndex(-1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(self.picked.emit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().lower()
        if text and text in self.keys and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.setCurrentIndex(self.keys[text])
            self.picked.emit(self.keys[text])
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex() >= 0:
            self.picked.emit(self.currentIndex())
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.setCurrentIndex(-1)
            self.picked.emit(-1)
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: object) -> None:
        event.ignore()  # type: ignore[attr-defined]



class FlagRow(QFrame):
    """All the yes/no flags of the header as toggles; a letter toggles one, Enter confirms the row.

    The toggles wrap onto as many lines as the width needs, so no label is ever cut off."""

    toggled = Signal(str, bool)  # field id, new value
    confirmed = Signal()
    navigate = Signal(int)  # Tab / Shift+Tab

    def __init__(self, fields: list[HeaderField], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.fields = fields
        self.keys: dict[str, str] = {}
        self.buttons: dict[str, QPushButton] = {}
        layout = FlowLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        described = []
        for f, key in zip(fields, assign_keys([f.label for f in fields], {"j", "k"})):
            button = QPushButton(f"{key.upper()}   {ui_text(f, 'label')}")
            button.setObjectName("flagButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(ui_text(f, "label"))
            button.setAccessibleDescription(self.tr("Key {0} toggles it").format(key.upper()))
            if f.help:
                button.setToolTip(ui_text(f, "help"))
            button.clicked.connect(lambda checked, fid=f.id: self.toggled.emit(fid, checked))
            layout.add(button)
            self.keys[key] = f.id
            self.buttons[f.id] = button
            described.append(f"{key.upper()} {ui_text(f, 'label')}")
        self.setAccessibleName(self.tr("Flags"))
        self.setAccessibleDescription(self.tr("Letters toggle: {0}. Enter confirms.").format(", ".join(described)))

    def set_values(self, header: dict[str, HeaderValue]) -> None:
        for fid, button in self.buttons.items():
            button.setChecked(header.get(fid) is True)
            set_state(button, "unset", header.get(fid) is None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().lower()
        if text in self.keys and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            fid = self.keys[text]
            self.toggled.emit(fid, not self.buttons[fid].isChecked())
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirmed.emit()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._lit(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._lit(False)

    def _lit(self, on: bool) -> None:
        """The focus ring around the row, at once: the row and each toggle are re-polished together."""
        set_state(self, "current", on)
        for button in self.buttons.values():
            button.style().unpolish(button)
            button.style().polish(button)


class HeaderForm(QWidget):
    """Editors for the question set's header fields. Emits ``changed(field, value, move_on)``."""

    changed = Signal(str, object, bool)
    flagsConfirmed = Signal()
    focused = Signal(str)
    leave = Signal(int)  # Shift+Tab on the first field: out of the form, to the case list

    def __init__(self, qs: QuestionSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.qs = qs
        self.setObjectName("headerForm")
        self.editors: dict[str, QWidget] = {}
        self.values: dict[str, list[HeaderValue]] = {}
        self._loading = False
        layout = QFormLayout(self)
        layout.setContentsMargins(14, 6, 14, 10)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(8)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Narrow (a small screen, 200 % scale): each label goes above its field rather than squeezing it.
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for f in qs.header:
            if f.type == FieldType.FLAG:
                continue
            editor = self._editor(f)
            editor.setAccessibleName(ui_text(f, "label"))
            editor.setAccessibleDescription(ui_text(f, "help") or self.tr("Case detail; one key picks an option"))
            # as wide as its longest option where there is room (the label moves above it when there is not),
            # so a chosen option is read whole; never so wide that the form would scroll sideways
            x = self.fontMetrics().horizontalAdvance("x")
            editor.setMinimumWidth(max(24 * x, min(editor.sizeHint().width(), 44 * x)))
            editor.setMaximumWidth(60 * x)
            editor.installEventFilter(self)
            label = QLabel(ui_text(f, "label") + ("" if f.required else self.tr(" (optional)")))
            label.setBuddy(editor)
            if f.help:
                editor.setToolTip(ui_text(f, "help"))
            layout.addRow(label, editor)
            self.editors[f.id] = editor
        flags = [f for f in qs.header if f.type == FieldType.FLAG]
        self.flags: FlagRow | None = None
        if flags:
            self.flags = FlagRow(flags)
            self.flags.toggled.connect(lambda fid, on: self.changed.emit(fid, on, False))
            self.flags.confirmed.connect(self.flagsConfirmed)
            self.flags.installEventFilter(self)
            label = QLabel(self.tr("Flags"))
            label.setBuddy(self.flags)
            layout.addRow(label, self.flags)

    @property
    def stops(self) -> list[str]:
        """Focus stops in order: each non-flag field id, then "flags" when there are flags."""
        return [*self.editors, *(["flags"] if self.flags is not None else [])]

    def _editor(self, f: HeaderField) -> QWidget:
        if f.type == FieldType.CHOICE:
            box = KeyComboBox([(ui_text(o, "label"), o.key) for o in f.options])
            box.setPlaceholderText(self.tr("Choose…"))
            self.values[f.id] = [o.value for o in f.options]
            box.picked.connect(lambda i, fid=f.id: self._picked(fid, i))
            return box
        edit = QLineEdit()
        edit.setPlaceholderText({FieldType.DATE: self.tr("YYYY-MM-DD"), FieldType.NUMBER: self.tr("Number")}
                                .get(f.type, ""))
        edit.editingFinished.connect(lambda fid=f.id: self._typed(fid))
        edit.returnPressed.connect(lambda fid=f.id: self.changed.emit(fid, self._typed_value(fid), True))
        return edit

    def set_values(self, header: dict[str, HeaderValue]) -> None:
        self._loading = True
        try:
            for fid, editor in self.editors.items():
                value = header.get(fid)
                if isinstance(editor, QComboBox):
                    options = self.values[fid]
                    editor.setCurrentIndex(options.index(value) if value in options else -1)
                elif isinstance(editor, QLineEdit):
                    editor.setText("" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)))
            if self.flags is not None:
                self.flags.set_values(header)
        finally:
            self._loading = False

    def _picked(self, fid: str, index: int) -> None:
        if self._loading:
            return
        value = None if index < 0 else self.values[fid][index]
        self.changed.emit(fid, value, index >= 0)

    def _typed_value(self, fid: str) -> HeaderValue:
        editor = self.editors[fid]
        assert isinstance(editor, QLineEdit)
        text = editor.text().strip()
        if not text:
            return None
        if self.qs.header_index[fid].type == FieldType.NUMBER:
            try:
                return float(text)
            except ValueError:
                return text
        return text

    def _typed(self, fid: str) -> None:
        if not self._loading:
            self.changed.emit(fid, self._typed_value(fid), False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Backtab and self.stops and watched is self.widget(self.stops[0])):
            self.leave.emit(-1)
            return True
        if event.type() == QEvent.Type.FocusIn:
            for stop in self.stops:
                if self.widget(stop) is watched:
                    self.focused.emit(stop)
        return super().eventFilter(watched, event)

    def widget(self, stop: str) -> QWidget:
        return self.flags if stop == "flags" and self.flags is not None else self.editors[stop]

    def focus_field(self, stop: str) -> None:
        self.widget(stop).setFocus(Qt.FocusReason.OtherFocusReason)
