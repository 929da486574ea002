"""Every keyboard shortcut in one list, and the overlay (F1 or ?) that shows them."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

# Marked for lupdate (context Shortcuts) and translated when the list is shown. Key names stay as printed on
# the keys (the keys are the same in every language); only the words around them ("or", "then") are translated.
_GROUPS: list[tuple[object, list[tuple[object, object]]]] = [
    (QT_TRANSLATE_NOOP("Shortcuts", "Answering"), [
        ("1  2  3 …", QT_TRANSLATE_NOOP("Shortcuts", "Answer with the option that shows the key")),
        ("Y  /  N", QT_TRANSLATE_NOOP("Shortcuts", "Yes / No on yes-no questions")),
        ("0", QT_TRANSLATE_NOOP("Shortcuts", "Not applicable (where allowed)")),
        (QT_TRANSLATE_NOOP("Shortcuts", "0  then  1 2 …"),
         QT_TRANSLATE_NOOP("Shortcuts", "N/A with that reason (Enter: none)")),
        ("R", QT_TRANSLATE_NOOP("Shortcuts", "Choose the reason for N/A")),
        (QT_TRANSLATE_NOOP("Shortcuts", "C  or  Enter"),
         QT_TRANSLATE_NOOP("Shortcuts", "Write a comment / evidence note")),
        ("Esc", QT_TRANSLATE_NOOP("Shortcuts", "Leave the comment, back to the question")),
        ("Delete", QT_TRANSLATE_NOOP("Shortcuts", "Clear the answer")),
        ("G", QT_TRANSLATE_NOOP("Shortcuts", "Show or hide the guidance")),
    ]),
    (QT_TRANSLATE_NOOP("Shortcuts", "Moving"), [
        ("Tab  /  Shift+Tab", QT_TRANSLATE_NOOP("Shortcuts", "Next / previous, then the case list")),
        (QT_TRANSLATE_NOOP("Shortcuts", "↓ ↑  or  J  K"), QT_TRANSLATE_NOOP("Shortcuts", "Next / previous question")),
        ("PgDown  /  PgUp", QT_TRANSLATE_NOOP("Shortcuts", "Next / previous case in the list")),
        ("Ctrl+F", QT_TRANSLATE_NOOP("Shortcuts", "Find a case by reference")),
        ("Ctrl+L", QT_TRANSLATE_NOOP("Shortcuts", "Go to the case details (header)")),
        ("Ctrl+T", QT_TRANSLATE_NOOP("Shortcuts", "Go to the to-do list")),
    ]),
    (QT_TRANSLATE_NOOP("Shortcuts", "Case"), [
        ("Ctrl+Enter", QT_TRANSLATE_NOOP("Shortcuts", "Mark the case complete (it becomes read-only)")),
        ("Ctrl+Shift+O", QT_TRANSLATE_NOOP("Shortcuts", "Reopen a complete case (asks first)")),
        ("Ctrl+Z", QT_TRANSLATE_NOOP("Shortcuts", "Undo the last change (audited)")),
        ("Ctrl+I", QT_TRANSLATE_NOOP("Shortcuts", "Case summary: scores, answers, history")),
        ("Ctrl+P", QT_TRANSLATE_NOOP("Shortcuts", "Print the case sheet (PDF)")),
        ("Ctrl+Shift+E", QT_TRANSLATE_NOOP("Shortcuts", "Send the marks to the centre (bundle)")),
        (QT_TRANSLATE_NOOP("Shortcuts", "F1  or  ?"), QT_TRANSLATE_NOOP("Shortcuts", "This list of shortcuts")),
    ]),
]


def shortcut_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group title, [(keys, what they do)]) in the interface language — the single source for the overlay and
    docs/app.md."""
    def t(text: object) -> str:
        return QCoreApplication.translate("Shortcuts", str(text))

    return [(t(title), [(t(keys), t(what)) for keys, what in items]) for title, items in _GROUPS]


class ShortcutOverlay(QWidget):
    """A card over the window listing every shortcut; any of Esc, F1, ? or a click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        card = QFrame()
        card.setObjectName("shortcutCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QVBoxLayout(card)
        grid.setContentsMargins(28, 22, 28, 22)
        grid.setSpacing(14)
        self.title = QLabel()
        self.title.setObjectName("overlayTitle")
        grid.addWidget(self.title)
        columns = QHBoxLayout()
        columns.setSpacing(36)
        self.cells: list[QLabel] = []  # group heading, then (keys, what) of each shortcut, in shortcut_groups order
        for _group, items in shortcut_groups():
            box = QGridLayout()
            box.setHorizontalSpacing(14)
            box.setVerticalSpacing(7)
            heading = QLabel()
            heading.setObjectName("overlayGroup")
            box.addWidget(heading, 0, 0, 1, 2)
            self.cells.append(heading)
            for row in range(1, len(items) + 1):
                keys, what = QLabel(), QLabel()
                keys.setObjectName("keyCap")
                keys.setAlignment(Qt.AlignmentFlag.AlignCenter)
                box.addWidget(keys, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                box.addWidget(what, row, 1)
                self.cells += [keys, what]
            box.setRowStretch(len(items) + 1, 1)
            columns.addLayout(box)
        grid.addLayout(columns)
        self.hints = [QLabel(), QLabel()]
        for hint in self.hints:
            hint.setObjectName("overlayHint")
            grid.addWidget(hint)
        column.addWidget(card)
        column.addStretch(1)
        outer.addLayout(column)
        outer.addStretch(1)
        self._return_to: QWidget | None = None
        self.retranslate()
        self.hide()
        parent.installEventFilter(self)

    def retranslate(self) -> None:
        """Every text in the interface language (again when it changes: Qt sends LanguageChange)."""
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.title.setText(self.tr("Keyboard shortcuts"))
        texts: list[str] = []
        lines = []
        for group, items in shortcut_groups():
            texts.append(group)
            for keys, what in items:
                texts += [keys, what]
                lines.append(f"{keys}: {what}")
        for label, text in zip(self.cells, texts, strict=True):
            label.setText(text)
        self.hints[0].setText(self.tr("Every answer is saved the moment you give it. Esc closes this list."))
        self.hints[1].setText(self.tr("The keys are the same in Cymraeg and English."))
        self.setAccessibleDescription("; ".join(lines))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def toggle(self) -> None:
        if self.isVisible():
            self.close_overlay()
        else:
            self.open_overlay()

    def open_overlay(self) -> None:
        from PySide6.QtWidgets import QApplication

        self._return_to = QApplication.focusWidget()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_overlay(self) -> None:
        self.hide()
        if self._return_to is not None:
            self._return_to.setFocus(Qt.FocusReason.OtherFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F1, Qt.Key.Key_Question) or event.text() == "?":
            self.close_overlay()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: object) -> None:
        self.close_overlay()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(parent.rect())
        return super().eventFilter(watched, event)
