"""Sample packs (centre → inspector): read the case sample, record the inspection, sign the pack."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from casereader.central.errors import CentralError
from casereader.central.schema import CentralCaseRecord, CentralInspectionRecord, FormRecord
from casereader.central.store import CentralStore, utc_now
from casereader.core.answers import HeaderValue
from casereader.core.inspection import Round
from casereader.core.questionset import QuestionSet
from casereader.files import write_atomic
from casereader.tabular.problems import ProblemList, TabularError
from casereader.tabular.table import read_table, unknown_columns
from casereader.tabular.values import parse_header_value

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys

SampleCase = tuple[str, dict[str, HeaderValue]]


@dataclass(frozen=True)
class IssuedPack:
    data: bytes
    inspection_id: str
    case_ids: tuple[str, ...]


def read_sample(path: Path, qs: QuestionSet) -> list[SampleCase]:
    """The sampled cases of a CSV/XLSX file: a ``reference`` column and one column per header field.

    Raises :class:`CentralError` listing every problem by row and column.
    """
    try:
        table = read_table(path, display=path.name, defer_cell_problems=True)
    except TabularError as exc:
        raise CentralError(exc.report()) from exc
    problems = ProblemList(table.file, table.problems)
    ref_col = table.column("reference")
    if ref_col is None:
        problems.add(None, None, "no 'reference' column (the case reference, e.g. the URN)")
    fields = {f.id: f for f in qs.header}
    for col in unknown_columns(table, ["reference", *fields]):
        problems.add(1, col, f"not a header field of {qs.key}; expected: reference, {', '.join(fields)}")
    cases: list[SampleCase] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        reference = row.get(ref_col)
        if ref_col is not None and not reference:
            problems.add(row.number, ref_col, "the case reference is empty")
        elif reference in seen:
            problems.add(row.number, ref_col, f"reference '{reference}' already on row {seen[reference]}")
        seen.setdefault(reference, row.number)
        header: dict[str, HeaderValue] = {}
        for fid, f in fields.items():
            column = table.column(fid)
            if column is None:
                continue
            try:
                value = parse_header_value(f, row.get(column))
            except ValueError as exc:
                problems.add(row.number, column, str(exc))
                continue
            if value is not None:
                header[fid] = value
        cases.append((reference, header))
    if problems or problems.carried:
        raise CentralError(TabularError(problems.all).report())
    return cases


def draw_pack_sample(path: Path, qs: QuestionSet, quota: str, seed: int, reserves: int,
                     stratify_by: str) -> tuple[list[SampleCase], list[SampleCase], str]:
    """Draw the pack's sample (and ``reserves`` per stratum) from a list of finalised cases, exactly as
    ``sample draw`` does: (sample, reserves, one line describing the draw)."""
    from casereader.tabular.samples import draw_sample, parse_quota
    from casereader.tabular.samples import read_sample as read_cases

    try:
        table = read_table(path, display=path.name, defer_cell_problems=True)
        cases = read_cases(table, qs, other_columns=True)
        draw = draw_sample(cases, parse_quota(quota), seed, qs=qs, reserves=reserves, stratify_by=stratify_by,
                           file=path.name)
    except TabularError as exc:
        raise CentralError(exc.report()) from exc
    except ValueError as exc:
        raise CentralError(f"{path.name}: {exc}") from exc
    per = ", ".join(f"{s.name}: {len(s.chosen)}+{len(s.reserves)}" for s in draw.strata)
    return ([(c.reference, dict(c.header)) for c in draw.chosen],
            [(c.reference, dict(c.header)) for c in draw.reserves],
            f"drew {len(draw.chosen)} case(s) and {len(draw.reserves)} reserve(s) from {path.name} with seed {seed} "
            f"by {stratify_by} ({per})")


def issue_pack(store: CentralStore, keys: CentralKeys, qs: QuestionSet, form_bytes: bytes, *, area: str,
               round: Round, sample: Sequence[SampleCase], inspectors: Sequence[str] = (), title: str = "",
               out: Path, filename: str = "", source: str = "",
               reserves: Sequence[SampleCase] = ()) -> IssuedPack:
    """Record a new inspection and its sample centrally and write its signed sample pack to ``out``.

    The pack file is written (atomically) inside the store transaction: if either fails, neither stays.
    """
    from casereader.bundles import BundleError, write_sample_pack

    if not area.strip():
        raise CentralError("the Area name is empty")
    if not sample:
        raise CentralError("the sample has no cases")
    inspection_id = str(uuid.uuid4())
    spare = len(reserves)
    sample = [*sample, *reserves]  # the reserves last, flagged as such in the pack and the store
    case_ids = tuple(str(uuid.uuid4()) for _ in sample)
    now = utc_now()
    title = title or f"{qs.title}: {area} ({round.value})"
    filename = filename or f"{qs.id}-{qs.version}.yaml"
    try:
        pack = _pack_payload(qs, form_bytes, inspection_id=inspection_id, title=title, area=area, round=round,
                             inspectors=inspectors, created_at=now, cases=list(zip(case_ids, sample)),
                             keys=keys, filename=filename, reserves=spare)
        data = write_sample_pack(pack, keys)
    except (BundleError, ValueError) as exc:
        raise CentralError(f"cannot write the sample pack: {exc}") from exc
    try:
        _record(store, qs, form_bytes, inspection_id, title, area, round, inspectors, now, case_ids, sample, out, data,
                source or filename, spare)
    except SQLAlchemyError as exc:
        raise CentralError(f"the inspection could not be recorded in the central store (no pack written): {exc}") \
            from exc
    return IssuedPack(data, inspection_id, case_ids)


def refuse_clash(s: Session, form_id: str, version: str, form_hash: str, where: str) -> None:
    """Raise CentralError if the store holds ``form_id@version`` with other bytes than ``form_hash``."""
    from casereader.core.catalogue import clash_message

    held = s.execute(select(FormRecord.form_hash).where(
        FormRecord.form_id == form_id, FormRecord.form_version == version, FormRecord.form_hash != form_hash)).first()
    if held is not None:
        first = s.scalars(select(CentralInspectionRecord.id).where(
            CentralInspectionRecord.form_hash == held[0])).first()
        raise CentralError(clash_message(f"{form_id}@{version}", f"the central store's copy (inspection {first})",
                                         held[0], where, form_hash))


def _record(store: CentralStore, qs: QuestionSet, form_bytes: bytes, inspection_id: str, title: str, area: str,
            round: Round, inspectors: Sequence[str], now: str, case_ids: Sequence[str], sample: Sequence[SampleCase],
            out: Path, data: bytes, source: str, reserves: int) -> None:
    with store.transaction() as s:
        refuse_clash(s, qs.id, qs.version, qs.content_hash, source)
        if s.get(FormRecord, qs.content_hash) is None:
            s.add(FormRecord(form_hash=qs.content_hash, form_id=qs.id, form_version=qs.version, content=form_bytes))
            s.flush()
        s.add(CentralInspectionRecord(id=inspection_id, title=title, programme=qs.programme, area=area,
                                      round=round.value, form_id=qs.id, form_version=qs.version,
                                      form_hash=qs.content_hash, inspectors=list(inspectors), created_at=now))
        s.flush()
        first_reserve = len(sample) - reserves
        s.add_all(CentralCaseRecord(id=cid, inspection_id=inspection_id, reference=ref, header=header,
                                    updated_at=now, reserve=i >= first_reserve)
                  for i, (cid, (ref, header)) in enumerate(zip(case_ids, sample)))
        s.flush()
        _write_atomic(out, data)


def _pack_payload(qs: QuestionSet, form_bytes: bytes, *, inspection_id: str, title: str, area: str, round: Round,
                  inspectors: Sequence[str], created_at: str, cases: list[tuple[str, SampleCase]],
                  keys: CentralKeys, filename: str, reserves: int = 0) -> Any:
    from casereader.bundles import PackPayload, form_file

    inspection = {"id": inspection_id, "title": title, "programme": qs.programme, "area": area,
                  "round": round.value, "form_id": qs.id, "form_version": qs.version, "form_hash": qs.content_hash,
                  "inspectors": list(inspectors)}
    return PackPayload.model_validate({
        "form": form_file(filename, form_bytes), "inspection": inspection,
        "cases": [{"id": cid, "reference": ref, "header": header, "reserve": i >= len(cases) - reserves}
                  for i, (cid, (ref, header)) in enumerate(cases)],
        "inspectors": list(inspectors), "central": keys.public_keys.to_json()})


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise CentralError(f"cannot write {path}: {exc.strerror or exc}") from exc
