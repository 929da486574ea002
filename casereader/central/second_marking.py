"""Drawing blind second marking at the centre, and issuing copies of cases as their own inspections.

Second marking travels as its own inspection (purpose ``second_marking``) with new case ids, the same
references and header fields and no answers, so the bundle format and the local store are unchanged and
the second inspector never holds the first marks. ``central_assignment`` links each copy to its original.
Calibration (:mod:`casereader.central.calibration`) issues its training cases the same way.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from casereader.central.errors import CentralError
from casereader.central.moderation import (
    casework_type_field,
    eligible_cases,
    find_inspection,
    part_marked,
    question_set,
)
from casereader.central.schema import AssignmentRecord, CentralCaseRecord, CentralInspectionRecord, FormRecord
from casereader.central.store import CentralStore, utc_now
from casereader.core.questionset import QuestionSet
from casereader.moderation.sampling import MarkedCase, draw_dip_sample

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys

CopyRow = tuple[str, str, str, str]  # (new case id, original case id or '', reference, first inspector)


@dataclass(frozen=True)
class IssuedCopy:
    """A second-marking (or calibration) inspection issued to one inspector, and its pack file."""

    inspector: str
    inspection_id: str
    path: Path
    cases: tuple[CopyRow, ...]


@dataclass(frozen=True)
class DrawStatus:
    """Where second marking of one marking inspection stands."""

    inspection_id: str
    marked: int  # cases marked complete at the centre: what a draw chooses from
    first_markers: tuple[str, ...]  # who marked them
    drawn: int  # cases drawn for second marking (0: not drawn yet)
    returned: int  # of those, copies whose second marks have reached the centre
    seed: int | None
    drawn_at: str
    eligible_by_type: tuple[tuple[str, int], ...] = ()  # (casework type, cases marked complete), by type
    part_marked: int = 0  # cases started but not complete: never drawn

    def eligible_text(self) -> str:
        """'CC 4, MC 4' and the part-marked cases left out, for the command line and the draw dialog."""
        types = ", ".join(f"{t or 'no type'} {n}" for t, n in self.eligible_by_type) or "none"
        return f"{types}; {self.part_marked} part-marked case(s) not eligible"

    @property
    def awaiting(self) -> int:
        """Drawn cases whose second marks have not reached the centre yet."""
        return self.drawn - self.returned


def _casework_type(header: Any, type_field: str | None) -> str:
    return str(dict(header or {}).get(type_field) or "") if type_field else ""


def draw_status(store: CentralStore, inspection_ref: str) -> DrawStatus:
    """How many cases are eligible (marked complete, per casework type), drawn and still awaiting their
    second marks."""
    info = find_inspection(store, inspection_ref)
    type_field = casework_type_field(question_set(store, info.form_hash)[0])
    C, A = CentralCaseRecord, AssignmentRecord
    with store.sessions() as s:
        marked = eligible_cases(s, info.id)
        started = part_marked(s, info.id)
        drawn = s.execute(select(A.seed, A.drawn_at, C.status).join(C, A.second_case_id == C.id).where(
            A.original_case_id.in_(select(C.id).where(C.inspection_id == info.id)))).all()
    types = Counter(_casework_type(r.header, type_field) for r in marked)
    return DrawStatus(info.id, len(marked), tuple(sorted({r.inspector for r in marked})), len(drawn),
                      sum(1 for r in drawn if r.status != "not_started"), drawn[0].seed if drawn else None,
                      drawn[0].drawn_at if drawn else "", tuple(sorted(types.items())), started)


def draw(store: CentralStore, keys: CentralKeys, inspection_ref: str, *, fraction: float, seed: int,
         min_per_type: int = 1, out_dir: Path, team: Sequence[str] = ()) -> list[IssuedCopy]:
    """Draw the dip sample of a marking inspection and issue one blind second-marking pack per second inspector."""
    info = find_inspection(store, inspection_ref)
    if info.purpose != "marking":
        raise CentralError(f"inspection {info.id} is a {info.purpose.replace('_', '-')} inspection: draw second "
                           "marking from the marking inspection it came from")
    if min_per_type < 0:
        raise CentralError("the minimum per casework type must be 0 or more")
    qs, form, filename = question_set(store, info.form_hash)
    type_field = casework_type_field(qs)
    C = CentralCaseRecord
    with store.sessions() as s:
        drawn = s.scalar(select(func.count()).select_from(AssignmentRecord).join(
            C, AssignmentRecord.original_case_id == C.id).where(C.inspection_id == info.id))
        if drawn:
            raise CentralError(f"second marking was already drawn for inspection {info.id} ({drawn} case(s)); "
                               "see casereader central moderation compare")
        rows = eligible_cases(s, info.id)
        started = part_marked(s, info.id)
    headers = {r.id: dict(r.header or {}) for r in rows}
    marked = [MarkedCase(r.id, r.reference, r.inspector, _casework_type(r.header, type_field)) for r in rows]
    if not marked:
        raise CentralError(f"inspection {info.id} has no cases marked complete at the centre yet ({started} "
                           "part-marked): a dip sample draws only finished cases; import the inspectors' bundles "
                           "once they have marked cases complete (casereader central import)")
    try:
        chosen = draw_dip_sample(marked, list(team), fraction=fraction, seed=seed, min_per_type=min_per_type)
    except ValueError as exc:
        raise CentralError(f"cannot draw second marking for inspection {info.id}: {exc}") from exc
    groups: dict[str, list[CopyRow]] = {}
    for a in chosen:
        groups.setdefault(a.second_inspector, []).append((str(uuid.uuid4()), a.case_id, a.reference,
                                                          a.first_inspector))
    now = utc_now()

    def record(s: Session, inspector: str, inspection_id: str, cases: list[CopyRow]) -> None:
        s.add_all(AssignmentRecord(second_case_id=new, original_case_id=orig, first_inspector=first,
                                   second_inspector=inspector, inspection_id=inspection_id, seed=seed, drawn_at=now)
                  for new, orig, _, first in cases)

    return issue_copies(store, keys, qs, form, filename, info.area, info.round, groups, headers, out_dir,
                        purpose="second_marking", source=info.id, group=None, title=f"Second marking: {info.title}",
                        prefix="second-marking", record=record)


def issue_copies(store: CentralStore, keys: CentralKeys, qs: QuestionSet, form: bytes, filename: str, area: str,
                 round: str, groups: dict[str, list[CopyRow]], headers: dict[str, dict[str, Any]], out_dir: Path, *,
                 purpose: str, source: str | None, group: str | None, title: str, prefix: str,
                 record: Callable[[Session, str, str, list[CopyRow]], None]) -> list[IssuedCopy]:
    """Record one inspection per inspector (with the copies of the cases) and write its signed pack;
    all in one transaction, and no pack file stays if anything fails."""
    from casereader.bundles import BundleError, PackPayload, form_file, write_sample_pack

    now = utc_now()
    issued: list[IssuedCopy] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with store.transaction() as s:
            if s.get(FormRecord, qs.content_hash) is None:
                s.add(FormRecord(form_hash=qs.content_hash, form_id=qs.id, form_version=qs.version, content=form))
                s.flush()
            for inspector, cases in sorted(groups.items()):
                iid = str(uuid.uuid4())
                full_title = f"{title} ({inspector})"
                s.add(CentralInspectionRecord(id=iid, title=full_title, programme=qs.programme, area=area, round=round,
                                              form_id=qs.id, form_version=qs.version, form_hash=qs.content_hash,
                                              inspectors=[inspector], created_at=now, purpose=purpose,
                                              source_inspection_id=source, calibration_group=group))
                s.flush()
                s.add_all(CentralCaseRecord(id=new, inspection_id=iid, reference=ref, updated_at=now,
                                            header=headers.get(orig or ref, {})) for new, orig, ref, _ in cases)
                s.flush()
                record(s, inspector, iid, cases)
                payload = PackPayload.model_validate({
                    "form": form_file(filename, form),
                    "inspection": {"id": iid, "title": full_title, "programme": qs.programme, "area": area,
                                   "round": round, "form_id": qs.id, "form_version": qs.version,
                                   "form_hash": qs.content_hash, "inspectors": [inspector]},
                    "cases": [{"id": new, "reference": ref, "header": headers.get(orig or ref, {})}
                              for new, orig, ref, _ in cases],
                    "inspectors": [inspector], "central": keys.public_keys.to_json(),
                    "second_marking": [{"case_id": new, "inspector": inspector, "blind": True} for new, *_ in cases]
                    if purpose == "second_marking" else None})
                path = out_dir / f"{prefix}-{_slug(inspector)}-{iid[:8]}.crpack"
                tmp = path.with_name(path.name + ".part")
                tmp.write_bytes(write_sample_pack(payload, keys))
                tmp.replace(path)
                issued.append(IssuedCopy(inspector, iid, path, tuple(cases)))
    except (SQLAlchemyError, BundleError, ValueError, OSError) as exc:
        for item in issued:
            item.path.unlink(missing_ok=True)
        raise CentralError(f"nothing was issued: {exc}") from exc
    return issued


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "inspector"
