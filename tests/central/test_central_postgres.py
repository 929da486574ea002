"""The central import on a real PostgreSQL server (started by scripts/postgres.sh; never skipped)."""

from __future__ import annotations

import pytest

from casereader.central.errors import CentralError
from casereader.core.answers import Answer

pytestmark = pytest.mark.postgres


@pytest.fixture
def centre_url(postgres_database: str) -> str:
    return postgres_database


def test_import_loop_on_postgresql(centre, laptops):
    assert centre.store.engine.dialect.name == "postgresql"
    ann, bob = laptops("ann"), laptops("bob")
    ids = ann.cases()
    ann.store.save_answer(ids["URN001"], "PC-03", Answer("partially", comment="late"), "ann")
    bob.store.save_answer(ids["URN001"], "PC-03", Answer("fully"), "bob")
    first = ann.export()
    assert centre.import_(first.data).status == "imported"
    before = centre.store.dump_hash()
    assert centre.import_(first.data).status == "already imported"
    raw = bytearray(first.data)
    raw[len(raw) // 3] ^= 4
    with pytest.raises(CentralError, match="bundle rejected"):
        centre.import_(bytes(raw))
    assert centre.store.dump_hash() == before
    result = centre.import_(bob.export().data)
    assert [c.split(":")[0] for c in result.conflicts] == ["different_marks"]
    ann.store.save_answer(ids["URN002"], "DI-02", Answer("fully"), "ann")
    second = ann.export(since_last=True)
    assert centre.import_(second.data).conflicts == []
    dump = centre.store.dump()
    values = {(r[0], r[1]): r[3] for r in dump["central_answer"]}
    assert values[(ids["URN001"], "PC-03")] == "partially" and values[(ids["URN002"], "DI-02")] == "fully"
