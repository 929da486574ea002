"""Every keyboard shortcut in one list, and the overlay (F1 or ?) that shows them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget


def _t(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


def shortcut_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group title, [(keys, what they do)]) — the single source for the overlay and docs/app.md."""
    return [
        (_t("Answering"), [
            (_t("1  2  3 …"), _t("Answer with the option that shows the key")),
            (_t("Y  /  N"), _t("Yes / No on yes-no questions")),
            ("0", _t("Not applicable (where allowed)")),
            (_t("0  then  1 2 …"), _t("N/A with that reason (Enter: none)")),
            (_t("R"), _t("Choose the reason for N/A")),
            (_t("C  or  Enter"), _t("Write a comment / evidence note")),
            (_t("Esc"), _t("Leave the comment, back to the question")),
            (_t("Delete"), _t("Clear the answer")),
            (_t("G"), _t("Show or hide the guidance")),
        ]),
        (_t("Moving"), [
            (_t("Tab  /  Shift+Tab"), _t("Next / previous, then the case list")),
            (_t("↓ ↑  or  J  K"), _t("Next / previous question")),
            (_t("PgDown  /  PgUp"), _t("Next / previous case in the list")),
            (_t("Ctrl+F"), _t("Find a case by reference")),
            (_t("Ctrl+L"), _t("Go to the case details (header)")),
            (_t("Ctrl+T"), _t("Go to the to-do list")),
        ]),
        (_t("Case"), [
            (_t("Ctrl+Enter"), _t("Mark the case complete (it becomes read-only)")),
            (_t("Ctrl+Shift+O"), _t("Reopen a complete case (asks first)")),
            (_t("Ctrl+Z"), _t("Undo the last change (audited)")),
            (_t("Ctrl+I"), _t("Case summary: scores, answers, history")),
            (_t("Ctrl+P"), _t("Print the case sheet (PDF)")),
            (_t("Ctrl+Shift+E"), _t("Send the marks to the centre (bundle)")),
            (_t("F1  or  ?"), _t("This list of shortcuts")),
        ]),
    ]


class ShortcutOverlay(QWidget):
    """A card over the window listing every shortcut; any of Esc, F1, ? or a click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
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
        title = QLabel(self.tr("Keyboard shortcuts"))
        title.setObjectName("overlayTitle")
        grid.addWidget(title)
        columns = QHBoxLayout()
        columns.setSpacing(36)
        lines = []
        for group, items in shortcut_groups():
            box = QGridLayout()
            box.setHorizontalSpacing(14)
            box.setVerticalSpacing(7)
            heading = QLabel(group)
            heading.setObjectName("overlayGroup")
            box.addWidget(heading, 0, 0, 1, 2)
            for row, (keys, what) in enumerate(items, start=1):
                k = QLabel(keys)
                k.setObjectName("keyCap")
                k.setAlignment(Qt.AlignmentFlag.AlignCenter)
                box.addWidget(k, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                box.addWidget(QLabel(what), row, 1)
                lines.append(f"{keys}: {what}")
            box.setRowStretch(len(items) + 1, 1)
            columns.addLayout(box)
        grid.addLayout(columns)
        hint = QLabel(self.tr("Every answer is saved the moment you give it. Esc closes this list."))
        hint.setObjectName("overlayHint")
        grid.addWidget(hint)
        self.setAccessibleDescription("; ".join(lines))
        column.addWidget(card)
        column.addStretch(1)
        outer.addLayout(column)
        outer.addStretch(1)
        self._return_to: QWidget | None = None
        self.hide()
        parent.installEventFilter(self)

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
