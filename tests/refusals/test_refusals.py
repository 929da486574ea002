"""Every command that writes, given inputs it must refuse, exits non-zero with one clear message and leaves
every store byte-for-byte as it was: the laptop's and the centre's SQLite stores (``iterdump()``) and every
file (path, size, sha256) in the data folders, the sync folder and the input folder.

The cases are in ``refusal_cases.py``; the commands are found by walking the real argparse parser, so a new
command without refusal cases (or a read-only command that gains an option) fails
``test_every_command_is_classified``.
"""

from __future__ import annotations

import argparse
import difflib

import pytest
from refusal_cases import CASES, READ_ONLY, Case
from refusal_world import Result, World, run, snapshot

from casereader.cli.main import build_parser

MIN_CASES = 3


def leaf_commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    """Every runnable sub-command ("central moderation draw") with the destinations of its options."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return {" ".join(words): frozenset(a.dest for a in parser._actions if a.dest != "help")}
    found: dict[str, frozenset[str]] = {}
    for name, sub in subs[0].choices.items():
        found.update(leaf_commands(sub, (*words, name)))
    return found


def path_of(command: str) -> str:
    """The sub-command of a table key; a key may add an option naming a writing mode ("central report --final")."""
    return " ".join(w for w in command.split() if not w.startswith("-"))


def test_every_command_is_classified() -> None:
    leaves = leaf_commands(build_parser())
    writing: dict[str, int] = {}
    for case in CASES:
        writing[case.command] = writing.get(case.command, 0) + 1
    unclassified = sorted(set(leaves) - {path_of(c) for c in writing} - set(READ_ONLY))
    assert not unclassified, (f"new command(s) {unclassified}: add at least {MIN_CASES} refused inputs for each to "
                              "CASES in tests/refusals/refusal_cases.py (or, if it writes nothing, to READ_ONLY)")
    assert not (set(writing) & set(READ_ONLY))
    assert not ({path_of(c) for c in writing} | set(READ_ONLY)) - set(leaves), "the tables name a removed command"
    few = {c: n for c, n in writing.items() if n < MIN_CASES}
    assert not few, f"fewer than {MIN_CASES} refused inputs: {few}"
    for command, (_reason, options) in READ_ONLY.items():
        modes = {w.lstrip("-").replace("-", "_") for c in writing if path_of(c) == command for w in c.split()
                 if w.startswith("--")}
        new = leaves[command] - options - modes
        assert not new, (f"read-only command '{command}' has new option(s) {sorted(new)}: if one makes it write, "
                         f"add refusal cases for '{command} --OPTION' to CASES; else add it to READ_ONLY")


def assert_one_clear_message(done: Result, says: str) -> None:
    both = done.out + done.err
    assert "Traceback" not in both and "internal error" not in both, both
    text = (done.err or done.out).strip()
    assert text, "refused without saying why"
    lines = text.splitlines()
    assert len(lines) == 1 or lines[-1].startswith("casereader: error:"), f"not one clear message:\n{text}"
    assert says.lower() in both.lower(), f"expected the refusal to say {says!r}:\n{both}"


def changes(before: str, after: str) -> str:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=0)
    return "\n".join(line[:300] for line in list(diff)[:40])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_refused_input_changes_nothing(tidy: World, case: Case) -> None:
    w = tidy
    if case.prepare is not None:
        case.prepare(w)
    args = case.args(w)  # may write its input file; taken before the snapshot
    before = snapshot(w.root)
    done = run("--data-dir", w.root / case.where, *case.command.split(), *args)
    after = snapshot(w.root)
    assert done.code != 0, f"not refused:\n{done.out}{done.err}"
    assert_one_clear_message(done, case.says)
    assert after == before, f"the refusal changed what is stored:\n{changes(before, after)}"
