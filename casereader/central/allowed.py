"""Which question-set versions the centre accepts an inspection's bundles in.

A bundle is accepted in the version the inspection was issued with, or in one ``central allow`` allowed for it
(the laptops ran ``casereader inspection migrate``). The first accepted bundle in an allowed version moves the
centre's inspection to it, so its report reads every case with the wording the cases are now marked against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from casereader.central.errors import CentralError
from casereader.central.packs import refuse_clash
from casereader.central.schema import AllowedFormRecord, CentralInspectionRecord, FormRecord
from casereader.central.store import CentralStore, utc_now

if TYPE_CHECKING:
    from casereader.bundles import Manifest
    from casereader.core.questionset import QuestionSet


def allow(store: CentralStore, inspection_id: str, qs: QuestionSet, form_bytes: bytes, *, source: str,
          reason: str = "") -> str:
    """Allow bundles of the inspection (id or unique start) in ``qs``; returns the inspection's full id."""
    with store.transaction() as s:
        found = list(s.scalars(select(CentralInspectionRecord).where(
            CentralInspectionRecord.id.startswith(inspection_id, autoescape=True)).limit(2)))
        if len(found) != 1:
            raise CentralError(f"no single inspection {inspection_id!r} in the central store "
                               f"({'none' if not found else 'more than one'} found)")
        insp = found[0]
        if insp.form_id != qs.id:
            raise CentralError(f"inspection {insp.id} uses question set '{insp.form_id}', not '{qs.id}'")
        refuse_clash(s, qs.id, qs.version, qs.content_hash, source)
        if s.get(FormRecord, qs.content_hash) is None:
            s.add(FormRecord(form_hash=qs.content_hash, form_id=qs.id, form_version=qs.version, content=form_bytes))
            s.flush()
        if s.get(AllowedFormRecord, (insp.id, qs.content_hash)) is None:
            s.add(AllowedFormRecord(inspection_id=insp.id, form_hash=qs.content_hash, allowed_at=utc_now(),
                                    reason=reason))
        return insp.id


def is_allowed(s: Session, inspection_id: str, form_hash: str) -> bool:
    return s.get(AllowedFormRecord, (inspection_id, form_hash)) is not None


def adopt(s: Session, manifest: Manifest) -> bool:
    """Inside the merge: move the inspection to the bundle's (allowed) version if it is on another one."""
    ref = manifest.question_set
    moved = s.execute(update(CentralInspectionRecord).where(
        CentralInspectionRecord.id == manifest.inspection_id, CentralInspectionRecord.form_hash != ref.hash)
        .values(form_id=ref.id, form_version=ref.version, form_hash=ref.hash))
    return bool(getattr(moved, "rowcount", 0))
