"""Calibration at the centre: the same training case(s) issued to every inspector, each in their own
calibration inspection (purpose ``calibration``, one ``calibration_group``), and how the team marked them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from casereader.central.errors import CentralError
from casereader.central.schema import CentralAnswerRecord, CentralCaseRecord, CentralInspectionRecord
from casereader.central.second_marking import IssuedCopy, issue_copies
from casereader.central.store import CentralStore
from casereader.core.questionset import QuestionSet
from casereader.moderation.consistency import NA

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys

A = CentralAnswerRecord.__table__
I = CentralInspectionRecord.__table__  # noqa: E741


def calibrate(store: CentralStore, keys: CentralKeys, qs: QuestionSet, form: bytes, filename: str,
              sample: Sequence[tuple[str, dict[str, Any]]], inspectors: Sequence[str], *, out_dir: Path,
              area: str = "Calibration", round: str = "baseline") -> tuple[str, list[IssuedCopy]]:
    """Issue the same training case(s) to every inspector, each in their own calibration inspection."""
    team = list(dict.fromkeys(i.strip() for i in inspectors if i.strip()))
    if len(team) < 2:
        raise CentralError("calibration needs at least two inspectors (--inspector NAME, repeated)")
    if not sample:
        raise CentralError("the training case file has no cases")
    group = str(uuid.uuid4())
    headers = {ref: dict(header) for ref, header in sample}
    groups = {name: [(str(uuid.uuid4()), "", ref, "") for ref, _ in sample] for name in team}
    return group, issue_copies(store, keys, qs, form, filename, area, round, groups, headers, out_dir,
                               purpose="calibration", source=None, group=group, title=f"Calibration: {qs.title}",
                               prefix="calibration", record=lambda *_: None)


def calibration_marks(store: CentralStore, ref: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """(group id, [(inspector, case reference, question id, mark)]) of a calibration group or inspection."""
    with store.sessions() as s:
        group = s.scalar(select(I.c.calibration_group).where(I.c.purpose == "calibration", or_(
            I.c.calibration_group == ref, I.c.id == ref)).limit(1))
        if group is None:
            matches = list(s.scalars(select(I.c.calibration_group).where(
                I.c.purpose == "calibration", or_(I.c.calibration_group.startswith(ref), I.c.id.startswith(ref)))
                .distinct()))
            if len(matches) != 1:
                raise CentralError(f"{ref} is not a calibration group or calibration inspection"
                                   + (" (it matches several: give more of the id)" if matches else ""))
            group = matches[0]
        C = CentralCaseRecord
        rows = s.execute(select(I.c.inspectors, C.inspector, C.reference, A.c.question_id, A.c.value, A.c.na)
                         .select_from(A.join(C, A.c.case_id == C.id).join(I, C.inspection_id == I.c.id))
                         .where(I.c.calibration_group == group, A.c.role == "first", A.c.applicable.is_(True))).all()
    marks = [((inspectors or [case_inspector])[0], reference, qid, NA if na else (value or ""))
             for inspectors, case_inspector, reference, qid, value, na in rows]
    return group, sorted(marks)
