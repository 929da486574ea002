"""Entry point of the ``casereader`` command. Bad input exits non-zero with one clear message."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from casereader import __version__
from casereader.cli.context import CliError, Context

# Each command module has register(subparsers); handlers import heavy libraries only when run.
COMMAND_MODULES = (
    "casereader.cli.forms",
    "casereader.cli.inspections",
    "casereader.cli.sheets",
    "casereader.cli.bundles",
    "casereader.cli.central",
    "casereader.cli.moderation",
    "casereader.cli.app",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casereader",
        description="Examine case files against an inspection question set; print sheets; sync marks.",
    )
    parser.add_argument("--version", action="version", version=f"casereader {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (default: CASEREADER_DATA_DIR or the "
                        "platform's user data folder)")
    parser.add_argument("--self-check", action="store_true", help="check this installation and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(args)
    if args.self_check:
        from casereader.selfcheck import run_self_check

        return int(run_self_check(ctx))
    func = getattr(args, "func", None)
    if func is None:
        if "casereader.cli.app" in sys.modules:
            gui = sys.modules["casereader.cli.app"].cmd_gui
            return int(gui(ctx))
        parser.print_help()
        return 2
    try:
        return int(func(ctx) or 0)
    except CliError as exc:
        print(f"casereader: error: {exc.message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("casereader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: no traceback for the user, full detail in the log
        logging.getLogger("casereader").exception("unexpected error")
        print(f"casereader: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
