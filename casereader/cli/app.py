"""``casereader gui`` and ``casereader demo``: open the marking app (the default with no command)."""

from __future__ import annotations

import argparse
from pathlib import Path

from casereader.cli.context import CliError, Context
from casereader.paths import resolve

DEMO_FOLDER = ".casereader-demo"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    gui = sub.add_parser("gui", help="open the marking app (also what `casereader` alone does)")
    gui.add_argument("--inspection", metavar="ID", help="open this inspection (id or unique prefix)")
    gui.set_defaults(func=cmd_gui)
    demo = sub.add_parser("demo", help="open the app on a demo inspection of 90 fictional cases")
    demo.add_argument("--demo-dir", "--data-dir", dest="demo_dir", metavar="DIR",
                      help=f"data folder for the demo (default: ./{DEMO_FOLDER}; reused if it exists)")
    demo.add_argument("--seed", type=int, default=2021, help="seed for the fictional sample (default 2021)")
    demo.add_argument("--build-only", action="store_true", help="create the demo data and exit without a window")
    demo.set_defaults(func=cmd_demo)


def cmd_gui(ctx: Context) -> int:
    from casereader.ui.marking.app import run

    inspection = getattr(ctx.args, "inspection", None)
    if inspection:
        inspection = _inspection_id(ctx, inspection)
    return run(ctx.paths, inspection_id=inspection)


def _inspection_id(ctx: Context, prefix: str) -> str:
    from casereader.core.inspection import StoreError
    from casereader.storage import LocalStore

    try:
        with LocalStore.open(ctx.paths.database, backups_dir=ctx.paths.backups) as store:
            return store.get_inspection(prefix).id
    except StoreError as exc:
        raise CliError(f"--inspection {prefix}: {exc}") from None


def cmd_demo(ctx: Context) -> int:
    from casereader.core.inspection import StoreError
    from casereader.demo import ensure_demo, find_demo
    from casereader.storage import LocalStore

    folder = ctx.args.demo_dir or getattr(ctx.args, "data_dir", None) or Path.cwd() / DEMO_FOLDER
    paths = resolve(folder).ensure()
    try:
        with LocalStore.open(paths.database, backups_dir=paths.backups) as store:
            found = find_demo(store)
            if found is None:
                ctx.out(f"Building the demo inspection (90 fictional cases) in {paths.data_dir} …")
            inspection = found or ensure_demo(store, [paths.forms], seed=ctx.args.seed)
    except StoreError as exc:
        raise CliError(f"demo data folder {paths.data_dir}: {exc}") from None
    ctx.out(f"Demo inspection {inspection.id[:8]} ({inspection.area}) in {paths.data_dir}")
    if ctx.args.build_only:
        return 0
    from casereader.ui.marking.app import run

    return run(paths, inspection_id=inspection.id)
