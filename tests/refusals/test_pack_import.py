"""``pack import`` is all or nothing: a centre-signed pack whose case ids are already on the laptop is refused
with every store unchanged (nor is the centre's key pinned by a refused first pack), and the local store's
``atomic()`` unit of work, which the import writes through, rolls back every operation in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from refusal_cases import colliding_pack, resigned_pack
from refusal_world import FORMS_DIR, World, dump_store, run, snapshot

from casereader.core.inspection import Round, StoreError
from casereader.core.loader import load_question_set_bytes
from casereader.storage import LocalStore
from casereader.sync.pins import CENTRAL_SETTING

FORM = FORMS_DIR / "worked-example.yaml"


def test_pack_with_colliding_case_ids_is_refused_and_changes_nothing(fresh_world: World) -> None:
    w = fresh_world
    pack = colliding_pack(w)
    before = snapshot(w.root)
    done = w.local("pack", "import", pack)
    assert done.code == 2 and done.out == ""
    assert done.err.count("\n") == 1 and "already exists in inspection" in done.err and "Traceback" not in done.err
    assert snapshot(w.root) == before
    fresh = w.file("fresh.crpack", resigned_pack(w, _new_case_ids))  # the same pack with new ids is imported
    assert w.local("pack", "import", fresh).code == 0


def _new_case_ids(doc: dict) -> None:
    import uuid

    for case in doc["cases"]:
        case["id"] = str(uuid.uuid4())


def test_refused_first_pack_pins_no_key(fresh_world: World) -> None:
    """A laptop that has never imported a pack, with an inspection of its own: a pack reusing its case ids is
    refused before the centre's key would be pinned."""
    w = fresh_world
    other = w.root / "other-laptop"
    made = run("--data-dir", other, "inspection", "create", "--form", "worked-example", "--area", "Kent",
               "--round", "baseline")
    inspection = made.out.strip()
    assert run("--data-dir", other, "sample", "import", inspection, w.inputs / "sample.csv").code == 0
    con = sqlite3.connect(f"file:{other / 'casereader.sqlite'}?mode=ro&immutable=1", uri=True)
    ids = [r[0] for r in con.execute("SELECT id FROM case_file ORDER BY position")]
    con.close()

    def reuse(doc: dict) -> None:
        for case, cid in zip(doc["cases"], ids):
            case["id"] = cid
    pack = w.file("reuse.crpack", resigned_pack(w, reuse))
    before = snapshot(w.root)
    done = run("--data-dir", other, "pack", "import", pack)
    assert done.code == 2 and f"already exists in inspection {inspection}" in done.err
    assert snapshot(w.root) == before
    with LocalStore.open(other / "casereader.sqlite") as store:
        assert store.get_setting(CENTRAL_SETTING) is None


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    s = LocalStore.open(tmp_path / "casereader.sqlite")
    yield s  # type: ignore[misc]
    s.close()


def test_atomic_rolls_back_every_operation_in_it(store: LocalStore) -> None:
    raw = FORM.read_bytes()
    qs = load_question_set_bytes(raw, str(FORM))
    before = dump_store(store.path)
    with pytest.raises(StoreError, match="reference already in this inspection"), store.atomic():
        insp = store.create_inspection(qs, area="Kent", round=Round.BASELINE, form_bytes=raw, actor="t")
        store.add_cases(insp.id, [("URN1", {"casework_type": "MC"})], actor="t")
        store.set_setting("probe", "1")
        assert [c.reference for c in store.list_cases(insp.id)] == ["URN1"]  # reads see the block's writes
        store.add_cases(insp.id, [("URN1", {})], actor="t")
    assert dump_store(store.path) == before
    assert store.list_inspections() == [] and store.get_setting("probe") is None
    with store.atomic():
        insp = store.create_inspection(qs, area="Kent", round=Round.BASELINE, form_bytes=raw, actor="t")
        store.add_cases(insp.id, [("URN1", {"casework_type": "MC"})], actor="t")
    assert [c.reference for c in store.list_cases(insp.id)] == ["URN1"]


def test_atomic_refuses_what_cannot_join_it(store: LocalStore) -> None:
    with store.atomic():
        with pytest.raises(StoreError, match="do not nest"), store.atomic():
            pass
        with pytest.raises(StoreError, match="cannot run inside"):
            store.backup("inside")
    assert store.list_backups() == []
