"""Importing a sample pack on the inspector's laptop: the inspection, its exact question set and sample.

The first pack pins the centre's public keys in the local store's settings (trust on first use: the
command shows the fingerprint); a later pack signed by any other key is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from casereader.core.answers import parse_date
from casereader.core.inspection import Inspection, StoreError
from casereader.core.loader import QuestionSetError, load_question_set_bytes
from casereader.core.questionset import FieldType, HeaderField, QuestionSet
from casereader.sync.export import AlreadyImported, SyncError
from casereader.sync.pins import pin_central, pinned_central

if TYPE_CHECKING:
    from casereader.bundles import PackPayload
    from casereader.storage import LocalStore


PACK_SETTING = "sync.pack.{}"  # set for inspections issued by the centre (exported by sync run)


@dataclass(frozen=True)
class PackImport:
    inspection: Inspection
    cases: int
    reserve: int
    fingerprint: str
    first_contact: bool  # the centre's key was pinned by this import


def import_pack(store: LocalStore, data: bytes, *, actor: str, display: str = "pack") -> PackImport:
    """Verify a sample pack and create its inspection and cases with the centre's ids."""
    from casereader.bundles import BundleError, central_of, form_bytes, read_sample_pack

    try:
        pinned = pinned_central(store)
        pack = read_sample_pack(data, trusted_central=pinned.signing_public if pinned else None, display=display)
        central = central_of(pack)
        if pinned is not None and central != pinned:
            raise SyncError(f"{display}: names central keys {central.fingerprint[:16]}… but this installation "
                            f"trusts {pinned.fingerprint[:16]}…")
        raw = form_bytes(pack)
    except BundleError as exc:
        raise SyncError(str(exc)) from exc
    info = pack.inspection
    try:
        qs = load_question_set_bytes(raw, f"{display}: {pack.form.filename}", expect_hash=info.form_hash)
    except QuestionSetError as exc:
        raise SyncError(f"{display}: the question set it carries is not valid:\n{exc}") from exc
    if (qs.id, qs.version) != (info.form_id, info.form_version):
        raise SyncError(f"{display}: the question set is {qs.key}, but the inspection names "
                        f"{info.form_id}@{info.form_version}")
    _check_sample(pack, qs, display)
    _check_new(store, pack, display)
    ordinary = [c for c in pack.cases if not c.reserve]
    reserve = [c for c in pack.cases if c.reserve]
    try:
        with store.atomic():  # the inspection, its cases, the pinned key and the pack setting: all or nothing
            inspection = store.create_inspection(qs, area=info.area, round=info.round, title=info.title,
                                                 inspectors=pack.inspectors or info.inspectors, form_bytes=raw,
                                                 inspection_id=info.id, programme=info.programme or None,
                                                 actor=actor)
            for group, is_reserve in ((ordinary, False), (reserve, True)):
                if group:
                    store.add_cases(inspection.id, [(c.reference, dict(c.header)) for c in group], actor=actor,
                                    reserve=is_reserve, case_ids=[c.id for c in group])
            if pinned is None:
                pin_central(store, central)
            store.set_setting(PACK_SETTING.format(inspection.id), central.fingerprint)
    except StoreError as exc:
        raise SyncError(f"{display}: {exc}") from exc
    return PackImport(inspection, len(ordinary), len(reserve), central.fingerprint, pinned is None)


def _check_new(store: LocalStore, pack: PackPayload, display: str) -> None:
    """Refuse a pack whose inspection id or case ids are already on this installation, before anything is
    written."""
    info = pack.inspection
    try:
        inspections = store.list_inspections()
        if info.id in {i.id for i in inspections}:
            raise AlreadyImported(f"{display}: inspection {info.id} ({info.area}, {info.round}) is already on "
                                  "this installation")
        taken = {c.id: i for i in inspections for c in store.list_cases(i.id)}
    except StoreError as exc:
        raise SyncError(f"{display}: {exc}") from exc
    for n, case in enumerate(pack.cases, start=1):  # (a pack repeating a case id is refused when it is read)
        owner = taken.get(case.id)
        if owner is not None:
            raise SyncError(f"{display}: case {n} ({case.reference}): case id {case.id} already exists in "
                            f"inspection {owner.id} ({owner.area}, {owner.round.value}); nothing was imported")


def _check_sample(pack: PackPayload, qs: QuestionSet, display: str) -> None:
    """Refuse a sample the local store would refuse, before anything is created.

    Checked against the question set's header fields directly rather than through a CaseEngine, so this
    question-set object never enters the engine's compiled cache ahead of the store's own copy.
    """
    fields = qs.header_index
    seen: set[str] = set()
    for n, case in enumerate(pack.cases, start=1):
        where = f"{display}: case {n} ({case.reference})"
        if not case.reference.strip() or case.reference.strip() in seen:
            raise SyncError(f"{where}: the reference is empty or repeated")
        seen.add(case.reference.strip())
        for field_id, value in case.header.items():
            f = fields.get(field_id)
            if f is None:
                raise SyncError(f"{where}: header field '{field_id}' is not in question set {qs.key}")
            if value is None or value == "":
                continue
            if not _valid_header(f, value):
                raise SyncError(f"{where}: header field '{field_id}': {value!r} is not a valid {f.type.value}")


def _valid_header(f: HeaderField, value: object) -> bool:
    if f.type == FieldType.CHOICE:
        return isinstance(value, str) and f.option(value) is not None
    if f.type == FieldType.FLAG:
        return isinstance(value, bool)
    if f.type == FieldType.NUMBER:
        return isinstance(value, float)
    if f.type == FieldType.DATE:
        return isinstance(value, str) and parse_date(value) is not None
    return isinstance(value, str)
