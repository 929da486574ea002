"""A central store made before moderation existed is upgraded additively when opened."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from casereader.central.schema import CentralBase
from casereader.central.store import CentralStore
from casereader.central.versioning import upgrade_schema

NEW_TABLES = {"central_assignment", "central_resolution"}
NEW_COLUMNS = {"purpose", "source_inspection_id", "calibration_group"}


def old_store(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in CentralBase.metadata.sorted_tables:
            if table.name in NEW_TABLES:
                continue
            cols = [c for c in table.columns if not (table.name == "central_inspection" and c.name in NEW_COLUMNS)]
            defs = ", ".join(f"{c.name} {c.type.compile(engine.dialect)}" for c in cols)
            conn.exec_driver_sql(f"CREATE TABLE {table.name} ({defs})")
        conn.execute(text("INSERT INTO central_form VALUES ('h', 'f', '1', x'00')"))
        conn.execute(text("INSERT INTO central_inspection (id, title, programme, area, round, form_id, form_version,"
                          " form_hash, inspectors, created_at) VALUES ('i1', 't', 'p', 'Wessex', 'baseline', 'f', '1',"
                          " 'h', '[]', '')"))
    engine.dispose()
    return url


def test_old_store_gains_new_tables_and_columns_and_keeps_its_data(tmp_path: Path) -> None:
    url = old_store(tmp_path / "central.sqlite")
    store = CentralStore.open(url)
    try:
        insp = inspect(store.engine)
        assert set(insp.get_table_names()) >= NEW_TABLES
        assert {c["name"] for c in insp.get_columns("central_inspection")} >= NEW_COLUMNS
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT id, area, purpose FROM central_inspection")).all() == \
                [("i1", "Wessex", "marking")]
        assert upgrade_schema(store.engine) == []  # idempotent
    finally:
        store.close()
