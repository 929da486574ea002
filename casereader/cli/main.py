"""Entry point of the ``casereader`` command. Bad input exits non-zero with one clear message."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from casereader import __version__
from casereader.cli.context import Context
from casereader.core.errors import UserError

# Each command module has register(subparsers); handlers import heavy libraries only when run.
COMMAND_MODULES = (
    "casereader.cli.forms",
    "casereader.cli.inspections",
    "casereader.cli.cases",
    "casereader.cli.audit",
    "casereader.cli.sheets",
    "casereader.cli.bundles",
    "casereader.cli.central",
    "casereader.cli.moderation",
    "casereader.cli.reviews",
    "casereader.cli.app",
)
# The module registering each top-level command (a test checks this against the full parser), so a command
# line naming one command builds only that command's parser: `casereader gui` starts without importing the
# other fifty sub-commands' modules.
COMMANDS = {
    "forms": "casereader.cli.forms",
    "inspection": "casereader.cli.inspections", "sample": "casereader.cli.inspections",
    "marks": "casereader.cli.inspections", "backup": "casereader.cli.inspections",
    "case": "casereader.cli.cases", "audit": "casereader.cli.audit",
    "sheet": "casereader.cli.sheets",
    "pack": "casereader.cli.bundles", "bundle": "casereader.cli.bundles", "sync": "casereader.cli.bundles",
    "central": "casereader.cli.central", "query": "casereader.cli.reviews",
    "gui": "casereader.cli.app", "demo": "casereader.cli.app",
}
GLOBAL_WITH_VALUE = ("--data-dir",)
HELP = ("-h", "--help")


def command_word(argv: Sequence[str]) -> str | None:
    """The command named on a command line (the first word that is not a global option or its value)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in GLOBAL_WITH_VALUE:
            skip = True
        elif token in HELP:
            return None
        elif not token.startswith("-"):
            return token
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, only the named command's module is registered (all of them for
    help, no command, or a word that is not a command — so argparse lists every command)."""
    parser = argparse.ArgumentParser(
        prog="casereader",
        description="Examine case files against an inspection question set; print sheets; sync marks.",
    )
    parser.add_argument("--version", action="version", version=f"casereader {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (default: CASEREADER_DATA_DIR or the "
                        "platform's user data folder)")
    parser.add_argument("--self-check", action="store_true", help="check this installation and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: Sequence[str] = COMMAND_MODULES
    if argv is not None:
        word = command_word(argv)
        if word in COMMANDS:
            modules = (COMMANDS[word],)
        elif word is None and not any(t in HELP for t in argv):
            modules = ("casereader.cli.app",)  # no command: the app opens
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    line = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(line)
    args = parser.parse_args(line)
    ctx = Context(args)
    if args.self_check:
        from casereader.selfcheck import run_self_check

        return run_self_check(ctx.paths, verbose=bool(getattr(args, "verbose", False)))
    func = getattr(args, "func", None)
    if func is None:
        if "casereader.cli.app" in sys.modules:
            gui = sys.modules["casereader.cli.app"].cmd_gui
            return int(gui(ctx))
        parser.print_help()
        return 2
    try:
        return int(func(ctx) or 0)
    except UserError as exc:  # every layer's refusals: one clear line, no traceback
        print(f"casereader: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("casereader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: no traceback for the user, full detail in the log
        import logging

        logging.getLogger("casereader").exception("unexpected error")
        print(f"casereader: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
