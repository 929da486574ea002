"""``casereader sheet``: print marking sheets (one case, every case, one file per case, or blank)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casereader.cli.context import CliError, Context


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sheet", help="print marking sheets to PDF",
        description="Print the marking sheet of one case (--case), of every sampled case of an inspection "
                    "(one PDF, or one per case with --per-case), or a blank sheet to mark on paper (--blank).",
    )
    p.add_argument("inspection", metavar="INSPECTION",
                   help="inspection id (or a unique start of it); with --blank also a question set ID[@VERSION]")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--case", metavar="REF", help="print only the case with this reference")
    what.add_argument("--blank", action="store_true", help="print a blank sheet to mark on paper")
    p.add_argument("--per-case", action="store_true", help="write one PDF per case into the folder given by --out")
    p.add_argument("--guidance", action="store_true", help="print each question's guidance notes")
    p.add_argument("--omit-inapplicable", action="store_true",
                   help="leave out the list of questions that do not apply to the case")
    p.add_argument("--lang", choices=("en", "cy", "both"), default="en",
                   help="language of the sheet: English (default), Welsh, or both (bilingual, Welsh first)")
    p.add_argument("--include-reserve", action="store_true", help="also print reserve cases (batch only)")
    p.add_argument("--out", "-o", required=True, metavar="FILE.pdf|DIR", help="PDF file, or folder with --per-case")
    p.set_defaults(func=cmd_sheet)


def cmd_sheet(ctx: Context) -> int:
    from casereader.printing.sheets import PrintCancelled, SheetOptions

    args = ctx.args
    if args.per_case and (args.case or args.blank):
        raise CliError("--per-case prints every case of the inspection; it cannot be used with --case or --blank")
    out = Path(args.out)
    if not args.per_case and out.is_dir():
        raise CliError(f"{out}: is a folder; give a PDF file name (or use --per-case to write one file per case)")
    options = SheetOptions(show_guidance=args.guidance, list_inapplicable=not args.omit_inapplicable,
                           fonts_dir=ctx.paths.fonts, language=args.lang)
    try:
        if args.blank:
            return _blank(ctx, out, options)
        store = _open_store(ctx)
        try:
            return _cases(ctx, store, out, options)
        finally:
            store.close()
    except PrintCancelled as exc:
        raise CliError(str(exc), code=130) from None


def _open_store(ctx: Context) -> Any:
    from casereader.storage import LocalStore

    db = ctx.paths.database
    if not db.exists():
        raise CliError(f"no local database at {db}: create an inspection first (casereader inspections create)")
    return LocalStore.open(db)


def _blank(ctx: Context, out: Path, options: Any) -> int:
    from casereader.core.inspection import StoreError
    from casereader.printing.sheets import render_blank_sheet

    spec = ctx.args.inspection
    inspection = None
    if ctx.paths.database.exists():
        store = _open_store(ctx)
        try:
            inspection = store.get_inspection(spec)
            qs = store.question_set(inspection.id)
        except StoreError:
            inspection = None
        finally:
            store.close()
    if inspection is None:
        try:
            qs = ctx.catalogue.find(spec)
        except (KeyError, LookupError, ValueError) as exc:
            raise CliError(f"'{spec}' is neither an inspection in {ctx.paths.database} nor a question set in "
                           f"{ctx.paths.forms} ({exc.args[0] if exc.args else exc})") from None
    pages = render_blank_sheet(qs, out, inspection=inspection, options=options)
    ctx.out(f"wrote {out} ({pages} page{'s' if pages != 1 else ''}, blank sheet for {qs.key})")
    return 0


def _cases(ctx: Context, store: Any, out: Path, options: Any) -> int:
    from casereader.printing.sheets import render_batch, render_case_sheet

    args = ctx.args
    inspection = store.get_inspection(args.inspection)
    qs = store.question_set(inspection.id)
    if args.case:
        case = store.find_case(inspection.id, args.case)
        if case is None:
            known = [c.reference for c in store.list_cases(inspection.id)]
            hint = ", ".join(known[:8]) + (" …" if len(known) > 8 else "") if known else "it has no cases yet"
            raise CliError(f"no case with reference '{args.case}' in inspection {inspection.id} ({hint})")
        pages = render_case_sheet(qs, inspection, case, out, options=options)
        ctx.out(f"wrote {out} ({pages} page{'s' if pages != 1 else ''}, case {case.reference})")
        return 0
    summaries = [c for c in store.list_cases(inspection.id) if args.include_reserve or not c.reserve]
    if not summaries:
        raise CliError(f"inspection {inspection.id} has no cases to print")
    cases = [store.get_case(c.id) for c in summaries]
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> bool:
        if show:
            print(f"\rprinting {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
        return True

    if args.per_case:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"{out}: cannot make the folder: {exc.strerror or exc}") from None
        pages = render_batch(qs, inspection, cases, None, per_case_dir=out, options=options, progress=progress)
        ctx.out(f"wrote {len(cases)} sheets ({pages} pages) into {out}")
    else:
        pages = render_batch(qs, inspection, cases, out, options=options, progress=progress)
        ctx.out(f"wrote {out} ({len(cases)} cases, {pages} pages)")
    return 0
