"""``casereader sample replace`` and the replacements an inspection has had, as ``inspection show`` lists them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from casereader.cli.common import by_reference, draw_record, short
from casereader.cli.context import CliError, Context, local_store

if TYPE_CHECKING:
    from casereader.core.inspection import CaseSummary
    from casereader.storage import LocalStore


def replacement_lines(store: LocalStore, inspection_id: str, cases: Sequence[CaseSummary]) -> list[str]:
    """One line per withdrawn case: why, and the reserve brought in for it (the reserve's audit event follows
    the withdrawal's in the same transaction: see ``replace_case``), when and by whom."""
    refs = {c.id: c.reference for c in cases}
    why = {c.id: c.withdrawn_reason for c in cases}
    events = store.audit_events(inspection_id)
    lines = []
    for i, e in enumerate(events):
        if e.kind != "case" or e.key != "withdrawn" or e.case_id is None:
            continue
        nxt = events[i + 1] if i + 1 < len(events) else None
        ref = refs.get(e.case_id, e.case_id)
        if (nxt is not None and nxt.seq == e.seq + 1 and nxt.kind == "case" and nxt.key == "reserve"
                and nxt.case_id is not None):
            lines.append(f"replaced    {ref} ({why.get(e.case_id) or e.reason}) by reserve "
                         f"{refs.get(nxt.case_id, nxt.case_id)}, {e.at}, {e.actor}")
        else:
            lines.append(f"withdrawn   {ref} ({why.get(e.case_id) or e.reason}), no reserve brought in, {e.at}, "
                         f"{e.actor}")
    return lines


def cmd_sample_replace(ctx: Context) -> int:
    a = ctx.args
    if not a.reason.strip():
        raise CliError("--reason must say why the case cannot be used")
    with local_store(ctx) as store:
        insp = store.get_inspection(a.inspection)
        cases = store.list_cases(insp.id)
        case = by_reference(cases, a.case)
        if case is None:
            raise CliError(f"no case '{a.case}' in inspection {short(insp.id)}")
        if case.withdrawn_reason:
            raise CliError(f"case {case.reference} was already withdrawn ({case.withdrawn_reason})")
        if case.reserve:
            raise CliError(f"case {case.reference} is a reserve, not in the sample")
        if a.reserve:
            spare = by_reference(cases, a.reserve)
            if spare is None:
                raise CliError(f"no case '{a.reserve}' in inspection {short(insp.id)}")
            if not spare.reserve or spare.withdrawn_reason:
                raise CliError(f"case {spare.reference} is not an unused reserve")
        else:
            from casereader.tabular.samples import next_reserve

            spare = next_reserve(case, cases, draw_record(store, insp))
            if spare is None:
                raise CliError(f"no unused reserve left for case {case.reference}'s stratum; name another case "
                               "with --with REF, or add reserves with 'casereader sample import'")
        old, new = store.replace_case(case.id, spare.id, a.reason.strip(), ctx.actor)
    ctx.out(f"withdrew {old.reference} ({old.withdrawn_reason}); brought in reserve {new.reference}")
    if old.answered:
        ctx.out(f"note: {old.reference} had {old.answered} answers; they are kept but no longer in the sample")
    return 0


