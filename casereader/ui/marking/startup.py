"""What the app shows in its first paint, read before the store opens, and the settings keys it comes from.

The marking session remembers three things in the store's settings: the inspection last used, the case and
question the inspector was on, and the case list's columns with the window's captions. At start the app reads
them — with the inspection's case list — through :mod:`casereader.storage.snapshot` (standard library only),
paints the window from them at once, and opens the real store straight after. Nothing here imports
SQLAlchemy or pydantic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from casereader.core.inspection import CaseSummary, Inspection
from casereader.ui.marking.case_list import ListColumns

LAST_INSPECTION = "ui.last_inspection"


def position_key(inspection_id: str) -> str:
    """Settings key holding the current case and question of an inspection (JSON)."""
    return f"ui.position.{inspection_id}"


def view_key(inspection_id: str) -> str:
    """Settings key holding the case list's columns and the window captions of an inspection (JSON)."""
    return f"ui.view.{inspection_id}"


@dataclass(frozen=True)
class InspectionView:
    """The captions and case-list columns of an inspection, remembered for the next start."""

    title: str  # window title
    where: str  # status-bar line: Area · round · question set
    columns: ListColumns

    def to_json(self) -> str:
        return json.dumps({"title": self.title, "where": self.where, "columns": json.loads(self.columns.to_json())})

    @classmethod
    def from_json(cls, text: str) -> InspectionView:
        data = json.loads(text)
        return cls(str(data["title"]), str(data["where"]), ListColumns.from_json(json.dumps(data["columns"])))


@dataclass(frozen=True)
class Preview:
    """The first paint: an inspection's captions and case list, and the case that will open."""

    inspection: Inspection
    view: InspectionView
    cases: list[CaseSummary]
    case_id: str | None


def read_preview(database: Path, inspection_id: str | None = None) -> Preview | None:
    """The preview of ``inspection_id`` (else the inspection last used), or ``None`` when there is nothing to
    show yet: no database, no inspection used before, or anything unreadable (the store will explain)."""
    from casereader.storage.snapshot import Snapshot, read

    def work(snap: Snapshot) -> Preview | None:
        target = inspection_id or snap.setting(LAST_INSPECTION)
        if not target:
            return None
        inspection = snap.inspection(target)
        view = snap.setting(view_key(target))
        if inspection is None or view is None:
            return None
        position = json.loads(snap.setting(position_key(target)) or "{}")
        return Preview(inspection, InspectionView.from_json(view), snap.cases(target), position.get("case"))

    return read(database, work)
