"""Conflicts found on import, as lines to show the central team."""

from __future__ import annotations

from sqlalchemy import select

from casereader.central.import_rows import conflict_message
from casereader.central.schema import CentralCaseRecord, ConflictRecord
from casereader.central.store import CentralStore


def list_conflicts(store: CentralStore, *, include_resolved: bool = False) -> list[str]:
    with store.sessions() as s:
        query = select(ConflictRecord, CentralCaseRecord.reference).outerjoin(
            CentralCaseRecord, CentralCaseRecord.id == ConflictRecord.case_id).order_by(ConflictRecord.id)
        if not include_resolved:
            query = query.where(ConflictRecord.resolved.is_(False))
        lines = []
        for c, reference in s.execute(query):
            case = f" case {reference}" if reference else ""
            state = " (resolved)" if c.resolved else ""
            lines.append(f"#{c.id} {c.recorded_at} {c.kind}{case}{state}: {conflict_message(c.detail)} "
                         f"[bundle {c.bundle_sha256[:12]}]")
        return lines
