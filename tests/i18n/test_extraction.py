"""Every interface string is one lupdate can see: tr() on self with literal text, translate() with a literal
context, and text chosen at run time only from QT_TRANSLATE_NOOP lists (shortcuts, case statuses)."""

from __future__ import annotations

import ast

from ts_data import ROOT, entries

from casereader.core.inspection import CaseStatus

UI = ROOT / "casereader" / "ui"


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_translation_calls_have_literal_text_lupdate_can_read() -> None:
    hidden = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in ("_t", "_tr"):
                hidden.append(f"{where}:{node.lineno}: a {node.name}() wrapper hides its strings from lupdate")
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) or not node.args:
                continue
            if node.func.attr == "tr":
                receiver = node.func.value
                if not (isinstance(receiver, ast.Name) and receiver.id == "self"):
                    hidden.append(f"{where}:{node.lineno}: tr() on {ast.unparse(receiver)}, not self")
                elif not _literal(node.args[0]):
                    hidden.append(f"{where}:{node.lineno}: self.tr({ast.unparse(node.args[0])})")
            elif node.func.attr == "translate" and len(node.args) >= 2:
                text = node.args[1]
                marked = isinstance(text, ast.Call) and isinstance(text.func, ast.Name) and text.func.id == "str"
                if not _literal(node.args[0]) or not (_literal(text) or marked):
                    hidden.append(f"{where}:{node.lineno}: translate({ast.unparse(node.args[0])}, "
                                  f"{ast.unparse(text)})")
    assert not hidden, "strings lupdate cannot extract:\n" + "\n".join(hidden)


def test_shortcut_overlay_and_statuses_are_in_the_ts_file(qapp: object) -> None:
    from casereader.ui.marking.issue_text import status_text
    from casereader.ui.marking.shortcuts import shortcut_groups

    ts = entries()
    keys_only = {"0", "R", "G", "Esc", "Delete", "1  2  3 …", "Y  /  N", "Tab  /  Shift+Tab", "PgDown  /  PgUp"}
    for group, items in shortcut_groups():
        assert ("Shortcuts", group) in ts
        for keys, what in items:
            assert ("Shortcuts", what) in ts, what
            assert ("Shortcuts", keys) in ts or keys in keys_only or keys.startswith("Ctrl+"), keys
    for status in CaseStatus:
        assert ("CaseStatus", status_text(status)) in ts, status
    for context, source in (("MarksExport", "Could not send the marks"), ("CaseIntake", "Nothing was imported"),
                            ("StatusLine", "Who is marking"), ("MarksExport", "%n audit events")):
        assert (context, source) in ts, (context, source)
