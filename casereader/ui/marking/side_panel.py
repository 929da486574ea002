"""The panel beside the case form: the centre's review of the case (its sign-off and the queries on it), then
what is still to do on the case. Both lists are keyboard-first: Enter on a query answers it, Enter on a to-do
item goes to its question."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from casereader.core.review import QueryState, SignOff
from casereader.ui.style import set_state

TargetRole = Qt.ItemDataRole.UserRole


def _list(name: str, description: str) -> QListWidget:
    box = QListWidget()
    box.setAccessibleName(name)
    box.setAccessibleDescription(description)
    box.setWordWrap(True)
    box.setSpacing(2)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long texts wrap, never scroll
    box.setResizeMode(QListWidget.ResizeMode.Adjust)
    return box


class SidePanel(QWidget):
    """``queryChosen(query id)``: the inspector asked to answer a query; ``issueChosen(target)``: to go to the
    question or header field of a to-do item."""

    queryChosen = Signal(str)
    issueChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issuesPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        self.review = QLabel("")
        self.review.setObjectName("reviewState")
        self.review.setWordWrap(True)
        self.queries_title = QLabel("")
        self.queries_title.setObjectName("panelTitle")
        self.queries = _list(self.tr("Queries from the centre on this case"),
                             self.tr("Enter or a double click answers the query"))
        self.queries.itemActivated.connect(lambda item: self.queryChosen.emit(str(item.data(TargetRole))))
        self.queries_title.setBuddy(self.queries)
        self.title = QLabel("")
        self.title.setObjectName("panelTitle")
        self.issues = _list(self.tr("Still to do on this case"), self.tr("Enter or a click goes to the question"))
        for activated in (self.issues.itemActivated, self.issues.itemClicked):
            activated.connect(lambda item: self.issueChosen.emit(str(item.data(TargetRole))))
        self.title.setBuddy(self.issues)
        for widget in (self.review, self.queries_title):
            layout.addWidget(widget)
        layout.addWidget(self.queries, 1)
        layout.addWidget(self.title)
        layout.addWidget(self.issues, 3)
        self.set_review([], None)

    def set_review(self, queries: list[QueryState], signoff: SignOff | None) -> None:
        """Show the case's sign-off and its queries (open and answered first); hidden while there are none."""
        if signoff is not None and signoff.changed_since_review:
            text = self.tr("Changed since review: signed off by {0} on {1}, changed after.").format(
                signoff.signed_by, signoff.signed_at[:10])
        elif signoff is not None and signoff.signed_by:
            text = self.tr("Signed off by {0} on {1}.").format(signoff.signed_by, signoff.signed_at[:10])
        else:
            text = ""
        self.review.setText(text)
        self.review.setVisible(bool(text))
        set_state(self.review, "warn", bool(signoff and signoff.changed_since_review))
        self.queries.clear()
        waiting = [q for q in queries if q.state == "open"]
        for q in sorted(queries, key=lambda q: (q.state == "closed", q.state == "answered", q.opened_at)):
            item = QListWidgetItem(self._describe(q))
            item.setData(TargetRole, q.id)
            item.setToolTip(q.text)
            self.queries.addItem(item)
        self.queries_title.setText(self.tr("%n queries from the centre to answer", "", len(waiting)))
        for widget in (self.queries_title, self.queries):
            widget.setVisible(bool(queries))

    def _describe(self, q: QueryState) -> str:
        where = q.question_id or self.tr("The case")
        state = {"open": self.tr("to answer"), "answered": self.tr("answered, with the centre"),
                 "closed": self.tr("closed")}.get(q.state, q.state)
        return f"{where}  {state}: {q.text}"

    def focus_queries(self) -> bool:
        """Put focus on the first query still to answer (else the first); False if the case has none."""
        if not self.queries.count() or not self.queries.isVisible():
            return False
        self.queries.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.queries.currentRow() < 0:
            self.queries.setCurrentRow(0)
        return True
