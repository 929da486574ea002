"""A centre and inspectors' laptops, built with the real libraries on real SQLite files in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from casereader.bundles import CentralKeys, DeviceKey
from casereader.central.importer import ImportResult, import_bundle
from casereader.central.packs import issue_pack
from casereader.central.store import CentralStore
from casereader.core.inspection import Round
from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet
from casereader.storage import LocalStore
from casereader.sync.export import Export
from casereader.sync.folder import write_export
from casereader.sync.packs import import_pack

DATA = Path(__file__).resolve().parents[1] / "core" / "data"
FORM = DATA / "worked-example.yaml"
SAMPLE = [
    ("URN001", {"casework_type": "MC", "charging_route": "area", "victim_letter_required": True}),
    ("URN002", {"casework_type": "CC", "charging_route": "police"}),
    ("URN003", {"casework_type": "RASSO", "charging_route": "cpsd", "victim_letter_required": False}),
]


@dataclass
class Centre:
    store: CentralStore
    keys: CentralKeys
    qs: QuestionSet
    form_bytes: bytes
    folder: Path

    def issue(self, sample: list[tuple[str, dict]] | None = None, area: str = "Wessex") -> bytes:
        out = self.folder / f"{area}.crpack"
        return issue_pack(self.store, self.keys, self.qs, self.form_bytes, area=area, round=Round.BASELINE,
                          sample=sample or SAMPLE, inspectors=["Ann"], out=out).data

    def import_(self, data: bytes) -> ImportResult:
        return import_bundle(self.store, data, self.keys)


@dataclass
class Laptop:
    store: LocalStore
    device: DeviceKey
    inspection_id: str
    folder: Path

    def cases(self) -> dict[str, str]:
        """reference -> case id"""
        return {c.reference: c.id for c in self.store.list_cases(self.inspection_id)}

    def export(self, since_last: bool = False, name: str | None = None) -> Export:
        seq = len(list(self.folder.glob("*.crbundle"))) + 1
        done = write_export(self.store, self.inspection_id, self.device,
                            self.folder / (name or f"b{seq}.crbundle"), since_last=since_last)
        assert done is not None
        return done


@pytest.fixture
def centre_url(tmp_path: Path) -> str:
    """The central store's URL (SQLite here; test_central_postgres overrides it with a PostgreSQL database)."""
    return f"sqlite:///{tmp_path / 'centre' / 'central.sqlite'}"


@pytest.fixture
def centre(tmp_path: Path, centre_url: str) -> Iterator[Centre]:
    folder = tmp_path / "centre"
    folder.mkdir(exist_ok=True)
    store = CentralStore.open(centre_url, create=True)
    yield Centre(store, CentralKeys.generate(), load_question_set(FORM), FORM.read_bytes(), folder)
    store.close()


@pytest.fixture
def laptops(tmp_path: Path, centre: Centre) -> Iterator[Callable[..., Laptop]]:
    """A factory of inspectors' laptops (each enrolled) that imported the same sample pack."""
    made: list[Laptop] = []
    packs: dict[str, bytes] = {}

    def make(name: str, *, enrol: bool = True, area: str = "Wessex") -> Laptop:
        if area not in packs:
            packs[area] = centre.issue(area=area)
        folder = tmp_path / name
        folder.mkdir()
        store = LocalStore.open(folder / "casereader.sqlite")
        done = import_pack(store, packs[area], actor=name)
        device = DeviceKey.generate()
        if enrol:
            centre.store.enrol(device.device_id, device.public_bytes(), name)
        laptop = Laptop(store, device, done.inspection.id, folder)
        made.append(laptop)
        return laptop

    yield make
    for laptop in made:
        laptop.store.close()
