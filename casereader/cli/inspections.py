"""``casereader inspection|sample|marks|backup``: inspections, their case samples and marks, backups.

Spreadsheets are read and checked in full by :mod:`casereader.tabular` before the store is touched; a
backup is taken before every import. The store is opened per command and always closed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from casereader.cli.common import DRAW_SETTING, draw_record, short
from casereader.cli.context import CliError, Context, local_store
from casereader.core.inspection import CaseStatus, CaseSummary, Round, StoreError

if TYPE_CHECKING:
    from casereader.tabular import Table, TabularError

INVALID = 1  # exit status when an input file is refused


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("inspection", help="create, list and show inspections")
    ps = p.add_subparsers(dest="inspection_command", required=True, metavar="COMMAND")
    c = ps.add_parser("create", help="start an inspection pinned to a question set; prints its id")
    c.add_argument("--form", required=True, metavar="ID[@VERSION]", help="question set (newest version if none)")
    c.add_argument("--area", required=True, metavar="NAME", help="CPS Area inspected")
    c.add_argument("--round", required=True, choices=[r.value for r in Round])
    c.add_argument("--title", default="", metavar="TEXT")
    c.add_argument("--inspector", action="append", default=[], metavar="NAME", help="repeat for each inspector")
    c.set_defaults(func=cmd_inspection_create)
    ps.add_parser("list", help="every inspection with its progress").set_defaults(func=cmd_inspection_list)
    from casereader.cli import migrate, sampling

    migrate.register(ps)
    s = ps.add_parser("show", help="one inspection: summary and progress per casework type")
    s.add_argument("inspection", metavar="INSPECTION", help="id or a unique start of it")
    s.set_defaults(func=cmd_inspection_show)

    p = sub.add_parser("sample", help="import, draw or change an inspection's case sample")
    ps = p.add_subparsers(dest="sample_command", required=True, metavar="COMMAND")
    i = ps.add_parser("import", help="add cases from a CSV/XLSX file: reference + header field columns")
    i.add_argument("inspection", metavar="INSPECTION")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--reserve", action="store_true", help="add them as reserve cases, for 'sample replace'")
    i.set_defaults(func=cmd_sample_import)
    d = ps.add_parser("draw", help="draw a stratified random sample, with reserves, from a list of cases")
    d.add_argument("inspection", metavar="INSPECTION")
    d.add_argument("--from", dest="source", required=True, metavar="FILE", help="CSV/XLSX list of finalised cases")
    d.add_argument("--quota", required=True, metavar="S=N,...", help="cases per stratum, e.g. MC=40,CC=30,RASSO=20")
    d.add_argument("--seed", type=int, metavar="N", help="random seed (a new one is chosen and printed if omitted)")
    d.add_argument("--reserves", type=int, default=0, metavar="K", help="reserve cases per stratum (default 0)")
    d.add_argument("--stratify-by", default="casework_type", metavar="FIELD",
                   help="header field or column to stratify by (default casework_type)")
    d.set_defaults(func=cmd_sample_draw)
    r = ps.add_parser("replace", help="withdraw an unusable case and bring in a reserve (audited)")
    r.add_argument("inspection", metavar="INSPECTION")
    r.add_argument("--case", required=True, metavar="REF", help="reference of the case to withdraw")
    r.add_argument("--reason", required=True, metavar="TEXT", help="why the case cannot be used")
    r.add_argument("--with", dest="reserve", metavar="REF", help="the reserve to use (default: the next one "
                   "drawn in the same stratum)")
    r.set_defaults(func=sampling.cmd_sample_replace)

    p = sub.add_parser("marks", help="import or export marks as CSV/XLSX (long or wide format)")
    ps = p.add_subparsers(dest="marks_command", required=True, metavar="COMMAND")
    i = ps.add_parser("import", help="check a whole marks file, then save every answer (or none)")
    i.add_argument("inspection", metavar="INSPECTION")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--inspector", metavar="NAME", help="who gave the marks (default: your user name)")
    i.set_defaults(func=cmd_marks_import)
    e = ps.add_parser("export", help="write the marks to FILE.csv or FILE.xlsx")
    e.add_argument("inspection", metavar="INSPECTION")
    e.add_argument("--out", required=True, metavar="FILE")
    e.add_argument("--wide", action="store_true", help="one row per case, one column per question")
    e.set_defaults(func=cmd_marks_export)

    p = sub.add_parser("backup", help="list or restore backups of the local store")
    ps = p.add_subparsers(dest="backup_command", required=True, metavar="COMMAND")
    ps.add_parser("list", help="backups, newest first").set_defaults(func=cmd_backup_list)
    b = ps.add_parser("restore", help="replace the database with a backup (the current one is backed up first)")
    b.add_argument("backup", metavar="BACKUP", help="backup file, its name, or a unique part of its name")
    b.set_defaults(func=cmd_backup_restore)


# ------------------------------------------------------------------ shared

def _refuse(exc: TabularError, what: str) -> CliError:
    for line in exc.report().splitlines():
        print(line, file=sys.stderr)
    count = len(exc.problems)
    return CliError(f"{count} problem{'s' if count != 1 else ''} found; {what}", INVALID)


def _active(cases: list[CaseSummary]) -> list[CaseSummary]:
    return [c for c in cases if not c.reserve and not c.withdrawn_reason]


# ------------------------------------------------------------------ inspection

def cmd_inspection_create(ctx: Context) -> int:
    from casereader.cli.migrate import refuse_local_clash

    a = ctx.args
    try:
        qs = ctx.catalogue.find(a.form)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    path = ctx.catalogue.files[(qs.id, qs.version)]
    form_bytes = path.read_bytes()
    with local_store(ctx) as store:
        refuse_local_clash(store, qs, path)
        insp = store.create_inspection(qs, area=a.area, round=Round(a.round), title=a.title,
                                       inspectors=tuple(a.inspector), form_bytes=form_bytes, actor=ctx.actor)
    ctx.out(insp.id)
    return 0


def cmd_inspection_list(ctx: Context) -> int:
    with local_store(ctx) as store:
        rows = []
        for insp in store.list_inspections():
            cases = _active(store.list_cases(insp.id))
            done = sum(1 for c in cases if c.status in (CaseStatus.COMPLETE, CaseStatus.LOCKED))
            rows.append([insp.id, insp.area, insp.round.value, insp.form_key, str(len(cases)), f"{done}/{len(cases)}"])
    if not rows:
        ctx.out("no inspections yet: start one with 'casereader inspection create'")
        return 0
    _table(ctx, ["id", "area", "round", "form", "cases", "complete"], rows)
    return 0


def _table(ctx: Context, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        ctx.out("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())


def cmd_inspection_show(ctx: Context) -> int:
    with local_store(ctx) as store:
        insp = store.get_inspection(ctx.args.inspection)
        cases = store.list_cases(insp.id)
        draw = draw_record(store, insp)
        from casereader.cli.sampling import replacement_lines

        replaced = replacement_lines(store, insp.id, cases)
    ctx.out(f"{insp.title}")
    ctx.out(f"  id          {insp.id}")
    ctx.out(f"  area        {insp.area} ({insp.programme}, {insp.round.value})")
    ctx.out(f"  form        {insp.form_key} (sha256 {insp.form_hash[:12]}...)")
    ctx.out(f"  inspectors  {', '.join(insp.inspectors) or '-'}")
    ctx.out(f"  created     {insp.created_at}")
    if insp.sample_seed is not None:
        ctx.out(f"  sample seed {insp.sample_seed}")
    active = _active(cases)
    reserves = [c for c in cases if c.reserve and not c.withdrawn_reason]
    withdrawn = [c for c in cases if c.withdrawn_reason]
    ctx.out(f"  cases       {len(active)} in the sample, {len(reserves)} reserve, {len(withdrawn)} withdrawn")
    for line in replaced:
        ctx.out(f"  {line}")
    if not active:
        return 0
    from casereader.tabular.samples import stratum_label

    field = str(draw.get("stratify_by", "casework_type"))
    ctx.out("")
    groups: dict[str, list[CaseSummary]] = {}
    for c in active:
        groups.setdefault(stratum_label(c.header, field), []).append(c)
    rows = []
    for name in sorted(groups):
        group = groups[name]
        count = Counter(c.status for c in group)
        answered, applicable = sum(c.answered for c in group), sum(c.applicable for c in group)
        rows.append([name, str(len(group)), *(str(count[s]) for s in CaseStatus), f"{answered}/{applicable}"])
    _table(ctx, [field, "cases", *(s.label.lower() for s in CaseStatus), "answered"], rows)
    return 0


# ------------------------------------------------------------------ sample

def _read(path: str, what: str = "nothing was imported") -> Table:
    from casereader.tabular import TabularError, read_table

    try:
        return read_table(path, display=path, defer_cell_problems=True)  # read_sample/read_marks list them
    except TabularError as exc:
        raise _refuse(exc, what) from None


def cmd_sample_import(ctx: Context) -> int:
    from casereader.tabular import TabularError, read_sample

    table = _read(ctx.args.file)
    with local_store(ctx) as store:
        insp = store.get_inspection(ctx.args.inspection)
        qs = store.question_set(insp.id)
        try:
            cases = read_sample(table, qs, existing=[c.reference for c in store.list_cases(insp.id)])
        except TabularError as exc:
            raise _refuse(exc, "nothing was imported") from None
        backup = store.backup("before sample import")
        added = store.add_cases(insp.id, [(c.reference, c.header) for c in cases], actor=ctx.actor,
                                reserve=ctx.args.reserve)
    ctx.out(f"added {len(added)} {'reserve ' if ctx.args.reserve else ''}case{'s' if len(added) != 1 else ''} to "
            f"{short(insp.id)} from {ctx.args.file} (backup: {backup.name})")
    return 0


def cmd_sample_draw(ctx: Context) -> int:
    from casereader.tabular import TabularError, draw_sample, parse_quota, read_sample
    from casereader.tabular.samples import stratum_of

    a = ctx.args
    try:
        quota = parse_quota(a.quota)
    except ValueError as exc:
        raise CliError(f"--quota {a.quota!r}: {exc}") from None
    if a.reserves < 0:
        raise CliError("--reserves must be 0 or more")
    table = _read(a.source, "no sample was drawn")
    if table.column(a.stratify_by) is None:
        raise CliError(f"{a.source} has no column '{a.stratify_by}' to stratify by "
                       f"(columns: {', '.join(table.columns)})")
    seed = a.seed if a.seed is not None else secrets.randbelow(2**31)
    with local_store(ctx) as store:
        insp = store.get_inspection(a.inspection)
        existing = store.list_cases(insp.id)
        if existing:
            raise CliError(f"inspection {short(insp.id)} already has {len(existing)} cases; a sample is drawn "
                           "once (use 'casereader sample replace' to swap a case for a reserve)")
        qs = store.question_set(insp.id)
        try:
            cases = read_sample(table, qs, other_columns=True)
            draw = draw_sample(cases, quota, seed, qs=qs, reserves=a.reserves, stratify_by=a.stratify_by,
                               file=a.source)
        except TabularError as exc:
            raise _refuse(exc, "no sample was drawn") from None
        except ValueError as exc:
            raise CliError(str(exc)) from None
        actor = ctx.actor
        backup = store.backup("before sample draw")
        chosen = sorted(draw.chosen, key=lambda c: (stratum_of(c, draw.stratify_by), c.reference))
        store.add_cases(insp.id, [(c.reference, c.header) for c in chosen], actor=actor)
        if draw.reserves:
            store.add_cases(insp.id, [(c.reference, c.header) for c in draw.reserves], actor=actor, reserve=True)
        record = {**draw.record(), "file": Path(a.source).name,
                  "sha256": hashlib.sha256(Path(a.source).read_bytes()).hexdigest(), "rows": len(cases)}
        store.set_setting(DRAW_SETTING.format(insp.id), json.dumps(record, sort_keys=True))
        store.set_sample_seed(insp.id, seed, actor)
    ctx.out(f"drew {len(draw.chosen)} cases and {len(draw.reserves)} reserves from {a.source} "
            f"({len(cases)} cases) with seed {seed}")
    _table(ctx, [a.stratify_by, "drawn", "available", "reserves"],
           [[s.name, str(len(s.chosen)), str(s.available), str(len(s.reserves))] for s in draw.strata])
    ctx.out(f"backup: {backup.name}")
    return 0


# ------------------------------------------------------------------ marks

def cmd_marks_import(ctx: Context) -> int:
    from casereader.tabular import TabularError, read_marks
    from casereader.tabular.marks import case_target

    table = _read(ctx.args.file)
    with local_store(ctx) as store:
        insp = store.get_inspection(ctx.args.inspection)
        qs = store.question_set(insp.id)
        summaries = store.list_cases(insp.id)
        ids = {c.reference: c.id for c in summaries}
        targets = {c.reference: case_target(c, store.get_case(c.id).state) for c in summaries}
        try:
            checked = read_marks(table, qs, targets)
        except TabularError as exc:
            raise _refuse(exc, "nothing was imported") from None
        backup = store.backup("before marks import")
        changes = [(ids[a.case_ref], a.question_id, a.answer) for a in checked.answers]
        try:
            store.save_answers(changes, ctx.actor, reason=f"imported from {Path(ctx.args.file).name}")
        except StoreError as exc:
            raise CliError(f"nothing was imported: {exc}", INVALID) from None
    n_cases = len({a.case_ref for a in checked.answers})
    ctx.out(f"imported {len(changes)} answer{'s' if len(changes) != 1 else ''} for {n_cases} "
            f"case{'s' if n_cases != 1 else ''} from {ctx.args.file} ({checked.format} format; "
            f"backup: {backup.name})")
    return 0


def cmd_marks_export(ctx: Context) -> int:
    from casereader.tabular import long_sheet, wide_sheet, write_sheet

    out = Path(ctx.args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CliError(f"--out {ctx.args.out}: the file must end in .csv or .xlsx")
    with local_store(ctx) as store:
        insp = store.get_inspection(ctx.args.inspection)
        qs = store.question_set(insp.id)
        states = [(c.reference, store.get_case(c.id).state) for c in _active(store.list_cases(insp.id))]
    sheet = (wide_sheet if ctx.args.wide else long_sheet)(qs, states)
    try:
        write_sheet(out, sheet)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{out}: cannot be written: {exc.strerror or exc}") from None
    rows = len(sheet[1])
    ctx.out(f"wrote {rows} row{'s' if rows != 1 else ''} ({'wide' if ctx.args.wide else 'long'} format) to {out}")
    return 0


# ------------------------------------------------------------------ backup

def cmd_backup_list(ctx: Context) -> int:
    with local_store(ctx) as store:
        found = store.list_backups()
    if not found:
        ctx.out(f"no backups in {ctx.paths.backups}")
        return 0
    _table(ctx, ["backup", "taken (UTC)", "size", "reason"],
           [[b.path.name, b.at, f"{max(1, b.size // 1024)} kB", b.reason] for b in found])
    return 0


def cmd_backup_restore(ctx: Context) -> int:
    wanted = ctx.args.backup
    with local_store(ctx) as store:
        given = Path(wanted).expanduser()
        if given.is_file():
            path = given
        else:
            found = [b.path for b in store.list_backups() if wanted in b.path.name]
            if not found:
                raise CliError(f"no backup '{wanted}' (see 'casereader backup list')")
            if len(found) > 1:
                raise CliError(f"'{wanted}' matches {len(found)} backups; give more of the name")
            path = found[0]
        safety = store.restore_backup(path)
    ctx.out(f"restored {path.name}; the database as it was is kept in {safety.name}")
    return 0
