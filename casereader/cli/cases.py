"""``casereader case complete|reopen|history``: a case's lifecycle from the command line, with the same
checks as the app (the store's ``set_status``) and its audit trail (the store's ``history``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from casereader.cli.context import CliError, Context, local_store
from casereader.core.inspection import CaseIncomplete, CaseStatus, StoreError

if TYPE_CHECKING:
    from casereader.core.inspection import AuditEvent, CaseFile
    from casereader.storage import LocalStore

NOT_COMPLETE = 1  # exit status when a case is refused as incomplete


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("case", help="complete, reopen or show the history of one case")
    ps = p.add_subparsers(dest="case_command", required=True, metavar="COMMAND")
    c = ps.add_parser("complete", help="mark a case complete (refused, with what is missing, if it is not)")
    _case_args(c)
    c.set_defaults(func=cmd_complete)
    r = ps.add_parser("reopen", help="reopen a complete or locked case for changes (audited, with a reason)")
    _case_args(r)
    r.add_argument("--reason", required=True, metavar="TEXT", help="why the case is reopened")
    r.set_defaults(func=cmd_reopen)
    h = ps.add_parser("history", help="the case's audit trail: who, when, old, new, reason")
    h.add_argument("inspection", metavar="INSPECTION", help="id or a unique start of it")
    h.add_argument("--case", required=True, metavar="REF", help="the case's reference")
    h.add_argument("--question", metavar="QID", help="only this question's (or header field's) changes")
    h.set_defaults(func=cmd_history)


def _case_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("inspection", metavar="INSPECTION", help="id or a unique start of it")
    p.add_argument("--case", required=True, metavar="REF", help="the case's reference")
    p.add_argument("--inspector", metavar="NAME", help="who does this (default: CASEREADER_INSPECTOR or your "
                   "user name)")


def _case(store: LocalStore, ctx: Context) -> CaseFile:
    insp = store.get_inspection(ctx.args.inspection)
    case = store.find_case(insp.id, ctx.args.case)
    if case is None:
        raise CliError(f"no case '{ctx.args.case}' in inspection {insp.id}")
    return case


def cmd_complete(ctx: Context) -> int:
    with local_store(ctx) as store:
        case = _case(store, ctx)
        if case.summary.status == CaseStatus.COMPLETE:
            ctx.out(f"case {case.reference} is already complete")
            return 0
        try:
            done = store.set_status(case.id, CaseStatus.COMPLETE, ctx.actor)
        except CaseIncomplete as exc:  # what is missing, one a line, then one closing error line
            issues = exc.outcome.issues
            for i in issues:
                print(f"{i.target}: {i.message}" if i.target else i.message, file=sys.stderr)
            listed = f"{len(issues)} issue{'s' if len(issues) != 1 else ''} listed above"
            raise CliError(f"Case {exc.reference} is not complete: {listed}; it was not changed",
                           NOT_COMPLETE) from None
        except StoreError as exc:
            raise CliError(str(exc), NOT_COMPLETE) from None
    ctx.out(f"case {done.reference} is complete ({done.answered}/{done.applicable} applicable questions answered)")
    return 0


def cmd_reopen(ctx: Context) -> int:
    reason = ctx.args.reason.strip()
    if not reason:
        raise CliError("--reason must say why the case is reopened")
    with local_store(ctx) as store:
        case = _case(store, ctx)
        if case.summary.status not in (CaseStatus.COMPLETE, CaseStatus.LOCKED):
            raise CliError(f"case {case.reference} is {CaseStatus(case.summary.status).label.lower()}, not complete "
                           "or locked: there is nothing to reopen")
        store.set_status(case.id, CaseStatus.IN_PROGRESS, ctx.actor, reason)
    ctx.out(f"case {case.reference} reopened ({reason})")
    return 0


def cmd_history(ctx: Context) -> int:
    with local_store(ctx) as store:
        case = _case(store, ctx)
        found = store.history(case.id, ctx.args.question)
    if not found:
        what = f" for {ctx.args.question}" if ctx.args.question else ""
        ctx.out(f"no changes recorded{what} on case {case.reference}")
        return 0
    rows = [_row(e) for e in found]
    header = ["when", "who", "what", "old", "new", "reason"]
    widths = [min(max(len(r[i]) for r in [header, *rows]), 40) for i in range(len(header) - 1)]
    for r in [header, *rows]:
        ctx.out("  ".join([*(cell.ljust(w) for cell, w in zip(r, widths)), r[-1]]).rstrip())
    return 0


def _row(e: AuditEvent) -> list[str]:
    what = f"{e.kind} {e.key}".strip()
    return [e.at, e.actor, what, shown(e.old), shown(e.new), e.reason]


def shown(text: str | None) -> str:
    """An audited value (JSON text) as a person reads it: an answer's value (or N/A and why) and comment."""
    if text is None:
        return "-"
    try:
        value: Any = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, dict) and "na" in value:
        given = f"n/a ({value.get('na_reason') or 'no reason'})" if value.get("na") else _plain(value.get("value"))
        comment = value.get("comment") or ""
        return f'{given} "{comment}"' if comment else given
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "+".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)
