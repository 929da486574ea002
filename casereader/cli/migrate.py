"""``casereader inspection migrate INSPECTION --to ID@VERSION [--dry-run]``: move an inspection to another
version of its question set — the questions added, removed and reworded, the answers orphaned or kept —
after a backup, audited (the store's ``rebind_inspection``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from casereader.cli.context import CliError, Context, local_store

if TYPE_CHECKING:
    from pathlib import Path

    from casereader.core.questionset import QuestionSet
    from casereader.storage import LocalStore
    from casereader.storage.rebinding import RebindReport


def register(ps: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    m = ps.add_parser("migrate", help="move an inspection to another version of its question set (audited)")
    m.add_argument("inspection", metavar="INSPECTION", help="id or a unique start of it")
    m.add_argument("--to", required=True, metavar="ID@VERSION", help="the question-set version to move to")
    m.add_argument("--dry-run", action="store_true", help="only report what would change")
    m.add_argument("--reason", default="", metavar="TEXT", help="why (recorded in the audit log)")
    m.add_argument("--inspector", metavar="NAME", help="who (default: CASEREADER_INSPECTOR or your user name)")
    m.set_defaults(func=cmd_migrate)


def versioned_set(ctx: Context, option: str, spec: str) -> tuple[QuestionSet, Path]:
    """The question set ``spec`` (which must name its version) and its file, or a CliError."""
    if "@" not in spec:
        raise CliError(f"{option} {spec!r}: name the version, as ID@VERSION")
    try:
        qs = ctx.catalogue.find(spec)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    return qs, ctx.catalogue.files[(qs.id, qs.version)]


def refuse_local_clash(store: LocalStore, qs: QuestionSet, path: Path) -> None:
    """A CliError if an inspection of ``store`` holds ``qs``'s id@version with other bytes."""
    from casereader.core.catalogue import clash_message

    for other in store.list_inspections():
        if (other.form_id, other.form_version) == (qs.id, qs.version) and other.form_hash != qs.content_hash:
            raise CliError(clash_message(qs.key, f"the copy held by inspection {other.id}", other.form_hash,
                                         str(path), qs.content_hash))


def refuse_locked(store: LocalStore, inspection_id: str, qs: QuestionSet) -> None:
    """A CliError if a case of the inspection is locked (``rebind_inspection`` refuses to move it)."""
    from casereader.core.inspection import CaseStatus

    locked = [c.reference for c in store.list_cases(inspection_id) if c.status == CaseStatus.LOCKED]
    if locked:
        raise CliError(f"cannot move inspection {inspection_id} to {qs.key}: {len(locked)} case(s) are locked "
                       f"({', '.join(locked[:5])}); reopen them first (casereader case reopen)")


def cmd_migrate(ctx: Context) -> int:

    a = ctx.args
    qs, path = versioned_set(ctx, "--to", a.to)
    with local_store(ctx) as store:
        insp = store.get_inspection(a.inspection)
        refuse_local_clash(store, qs, path)
        answers = sum(len(c.state.answers) for c in store.case_files(insp.id))
        report = store.rebind_inspection(insp.id, qs, path.read_bytes(), ctx.actor, dry_run=True)
        backup = None
        if not a.dry_run and not report.unchanged:
            refuse_locked(store, insp.id, qs)  # before the backup: a refused migration leaves no file behind
            backup = store.backup(f"before migrating inspection {insp.id} to {qs.key}")
            report = store.rebind_inspection(insp.id, qs, path.read_bytes(), ctx.actor,
                                             reason=a.reason.strip() or "casereader inspection migrate")
    _print(ctx, report, answers)
    if report.unchanged:
        ctx.out(f"inspection {insp.id} already uses {qs.key} (sha256 {qs.content_hash}): nothing to do")
    elif backup is None:
        ctx.out("dry run: nothing was changed")
    else:
        ctx.out(f"migrated inspection {insp.id} to {qs.key} (backup: {backup.name}); the change is in its audit log")
    return 0


def _print(ctx: Context, report: RebindReport, answers: int) -> None:
    ctx.out(f"inspection {report.inspection_id}: {report.old_key} (sha256 {report.old_hash[:12]}…) -> "
            f"{report.new_key} (sha256 {report.new_hash[:12]}…)")
    ctx.out(f"  questions: {len(report.added)} added, {len(report.removed)} removed, {len(report.changed)} "
            "reworded or changed")
    for label, ids in (("added", report.added), ("removed", report.removed), ("changed", report.changed)):
        if ids:
            ctx.out(f"    {label}: {', '.join(ids)}")
    ctx.out(f"  answers: {answers - len(report.orphaned)} kept, {len(report.orphaned)} orphaned (kept in the store, "
            "no longer counted)")
    for o in report.orphaned:
        ctx.out(f"    orphaned: {o.reference} {o.question_id} ({o.why})")
