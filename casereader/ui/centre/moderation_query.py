"""From the moderation window, a query to the first marker on the chosen disagreement (issue 19): opened at the
centre, audited, and sent to the inspector in the next query pack (``casereader central query pack``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtWidgets import QInputDialog, QWidget

from casereader.central.errors import CentralError
from casereader.central.reviews import open_query
from casereader.central.store import CentralStore
from casereader.moderation.pairs import PairDetail


def ask_first_marker(parent: QWidget, store: CentralStore, inspection_id: str | None, pair: PairDetail | None,
                     reviewer: str, text: str | None = None) -> tuple[str, bool]:
    """Open a query on ``pair``'s first mark, with ``text`` (asked for when None). Returns what to tell the
    moderator, and whether a query was opened."""
    if pair is None or inspection_id is None:
        return Q.translate("ModerationQuery", "Choose a disagreement first."), False
    if not reviewer.strip():
        return Q.translate("ModerationQuery", "Give the moderator's name."), False
    if text is None:
        title = Q.translate("ModerationQuery", "Ask the first marker")
        label = Q.translate("ModerationQuery", "Query to {who} on {case} {qid} (sent in the next query pack):")
        text, ok = QInputDialog.getMultiLineText(parent, title, label.format(
            who=pair.first.inspector, case=pair.reference, qid=pair.question_id))
        if not ok:
            return "", False
    try:
        query = open_query(store, inspection_id, pair.reference, pair.question_id, text, by=reviewer.strip())
    except CentralError as exc:
        return str(exc), False
    said = Q.translate("ModerationQuery", "Query {id} opened on {case} {qid}; it goes to the inspector in the next "
                                          "query pack (casereader central query pack).")
    return said.format(id=query.id[:8], case=pair.reference, qid=pair.question_id), True
