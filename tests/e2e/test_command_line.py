"""The command line builds only the parser of the command it names, and that never changes what it accepts."""

from __future__ import annotations

import argparse
import ast
import importlib
import subprocess
import sys

import pytest

from casereader.cli.main import COMMAND_MODULES, COMMANDS, build_parser, command_word, main


def top_level(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_command_map_is_the_full_parser() -> None:
    owners = {}
    for name in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(name).register(sub)
        owners.update({command: name for command in sub.choices})
    assert owners == COMMANDS
    assert set(top_level(build_parser())) == set(COMMANDS)


@pytest.mark.parametrize(("line", "word"), [
    ([], None), (["gui"], "gui"), (["--data-dir", "central", "marks", "export"], "marks"),
    (["--data-dir=x", "sheet", "--help"], "sheet"), (["--help", "central"], None), (["--self-check"], None),
])
def test_command_word(line: list[str], word: str | None) -> None:
    assert command_word(line) == word


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_parses_as_with_the_full_parser(command: str) -> None:
    full = top_level(build_parser())[command]
    only = top_level(build_parser(["--data-dir", "x", command]))
    assert command in only and {c for c, m in COMMANDS.items() if m == COMMANDS[command]} == set(only)
    assert only[command].format_help() == full.format_help()


def test_unknown_command_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["inspectoin", "list"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'inspectoin'" in err and all(c in err for c in COMMANDS)


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(c in out for c in COMMANDS)


def test_gui_imports_no_other_command_and_nothing_heavy_before_the_window() -> None:
    code = ("import sys\nfrom casereader.cli.main import build_parser\n"
            "build_parser(['--data-dir', 'x', 'gui']).parse_args(['--data-dir', 'x', 'gui'])\n"
            "import casereader.ui.marking.app\n"
            "print(sorted(m for m in sys.modules if m.startswith(('casereader.cli.', 'sqlalchemy', 'pydantic',"
            " 'alembic', 'reportlab', 'yaml', 'cryptography')) ))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}).stdout
    assert ast.literal_eval(out) == ["casereader.cli.app", "casereader.cli.context", "casereader.cli.main"]
