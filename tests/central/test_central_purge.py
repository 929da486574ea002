"""Purging an inspection from a laptop: only with the centre's receipt for its latest export."""

from __future__ import annotations

import sqlite3

import pytest

from casereader.bundles import write_receipt
from casereader.core.answers import Answer
from casereader.sync.export import SyncError
from casereader.sync.folder import purge


def test_purge_needs_the_receipt_then_deletes_the_marks(centre, laptops):
    ann = laptops("ann")
    ann.store.save_answer(ann.cases()["URN001"], "PC-04", Answer("fully", comment="canary-PURGE-1"), "ann")
    done = ann.export()
    result = centre.import_(done.data)
    assert result.status == "imported"
    with pytest.raises(SyncError, match="has not confirmed the latest export"):
        purge(ann.store, ann.inspection_id, receipt=None, actor="ann", device_id=ann.device.device_id)
    assert len(ann.store.case_files(ann.inspection_id)) == 3  # refused: nothing deleted

    message = purge(ann.store, ann.inspection_id, receipt=write_receipt(result.manifest, centre.keys), actor="ann",
                    device_id=ann.device.device_id)

    assert "purged from this laptop (3 case(s))" in message and "bundle 1" in message
    assert ann.store.list_inspections() == []
    con = sqlite3.connect(ann.store.path)
    try:
        assert "canary-PURGE-1" not in "\n".join(con.iterdump())
    finally:
        con.close()
    on_disk = b"".join(p.read_bytes() for p in ann.store.path.parent.glob(ann.store.path.name + "*"))
    assert b"canary-PURGE-1" not in on_disk  # overwritten, not left in free pages or the WAL
    backups = ann.store.list_backups()
    assert backups and "purging" in backups[0].reason
    old = sqlite3.connect(backups[0].path)
    try:
        assert old.execute("SELECT count(*) FROM answer WHERE comment = 'canary-PURGE-1'").fetchone()[0] == 1
    finally:
        old.close()
