"""The layer arrows of the design: a stray import fails CI rather than a review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "casereader"
GUI_DB_PDF = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "reportlab")

# package -> top-level modules it must never import
FORBIDDEN = {
    "core": (*GUI_DB_PDF, "openpyxl", "cryptography", "casereader.storage", "casereader.ui", "casereader.printing",
             "casereader.bundles", "casereader.reports", "casereader.central", "casereader.cli",
             "casereader.tabular", "casereader.sync"),
    "storage": ("PySide6", "reportlab", "casereader.ui", "casereader.printing", "casereader.cli"),
    "printing": ("PySide6", "sqlalchemy", "casereader.storage", "casereader.ui", "casereader.cli"),
    "bundles": ("PySide6", "reportlab", "sqlalchemy", "casereader.ui", "casereader.cli", "casereader.central"),
    "reports": ("PySide6", "sqlalchemy", "reportlab", "casereader.storage", "casereader.ui", "casereader.cli"),
    "tabular": ("PySide6", "sqlalchemy", "reportlab", "casereader.ui", "casereader.cli"),
}


# The whole layer table: the casereader packages (and top-level modules) each may import. Arrows only point
# down; anything not listed is refused. ``casereader`` itself (its version) may be imported by all.
LAYERS: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "paths": frozenset(),
    "sqlitedb": frozenset(),
    "files": frozenset({"core"}),
    "moderation": frozenset({"core"}),
    "reports": frozenset({"core", "moderation"}),
    "storage": frozenset({"core", "files", "paths", "sqlitedb"}),
    "tabular": frozenset({"core", "files"}),
    "bundles": frozenset({"core", "files"}),
    "printing": frozenset({"core", "paths", "reports"}),
    "demo": frozenset({"core"}),
    "sync": frozenset({"core", "files", "paths", "bundles", "storage"}),
    "central": frozenset({"core", "files", "paths", "sqlitedb", "bundles", "moderation", "reports", "tabular"}),
    "selfcheck": frozenset({"core", "files", "paths", "sqlitedb", "bundles", "printing", "storage", "sync"}),
    "ui": frozenset({"core", "files", "paths", "bundles", "demo", "moderation", "printing", "reports", "storage",
                     "sync", "tabular", "central"}),
    "cli": frozenset({"core", "files", "paths", "sqlitedb", "bundles", "central", "demo", "moderation", "printing",
                      "reports", "selfcheck", "storage", "sync", "tabular", "ui"}),
    "__main__": frozenset({"cli"}),
}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (Alembic's generated revisions aside)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "versions" in path.parts and "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def module_imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The casereader modules ``path`` imports, anywhere in the file (deferred imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                     for a in node.names]
        for name in names:
            while name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in known and name.startswith("casereader."):
                found.add(name)
    return found


def layer_of(module: str) -> str:
    return module.split(".")[1]


def test_every_package_is_in_the_layer_table() -> None:
    layers = {layer_of(m) for m in modules() if m != "casereader"}
    assert layers <= set(LAYERS), f"add {sorted(layers - set(LAYERS))} to LAYERS"


def test_imports_follow_the_layer_table() -> None:
    known = modules()
    bad = []
    for name, path in sorted(known.items()):
        if name == "casereader":
            continue
        allowed = LAYERS[layer_of(name)] | {layer_of(name)}
        for target in sorted(module_imports(path, known)):
            if target != "casereader" and layer_of(target) not in allowed:
                bad.append(f"{name} imports {target}")
    assert not bad, "imports that point up or sideways:\n" + "\n".join(bad)


def test_inspector_app_never_reaches_the_central_store() -> None:
    known = modules()
    bad = [f"{n} imports {t}" for n, p in sorted(known.items()) if n.startswith("casereader.ui.marking")
           for t in module_imports(p, known) if t.startswith(("casereader.central", "casereader.ui.centre"))]
    assert not bad, "\n".join(bad)


def test_no_import_cycles() -> None:
    known = modules()
    graph = {n: module_imports(p, known) - {n} for n, p in known.items()}
    cycles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_modules_stay_small() -> None:
    big = [f"{n}: {len(p.read_text(encoding='utf-8').splitlines())} lines" for n, p in sorted(modules().items())
           if len(p.read_text(encoding="utf-8").splitlines()) > 400]
    assert not big, "modules over 400 lines:\n" + "\n".join(big)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_point_down(package: str) -> None:
    folder = PACKAGE / package
    if package != "core" and not folder.exists():
        pytest.fail(f"casereader/{package} is missing")
    bad = []
    for path in sorted(folder.rglob("*.py")):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[package]):
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not bad, "\n".join(bad)


def test_core_has_no_orm_or_qt_even_indirectly() -> None:
    import subprocess
    import sys

    code = ("import sys, casereader.core.engine, casereader.core.catalogue, casereader.core.inspection;"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','sqlalchemy','reportlab')];"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_ui_never_imports_orm_records() -> None:
    ui = PACKAGE / "ui"
    if not ui.exists():
        pytest.fail("casereader/ui is missing")
    bad = [f"{p.name}: {n}" for p in ui.rglob("*.py") for n in imports_of(p)
           if n.startswith(("sqlalchemy", "casereader.storage.records", "casereader.central.schema"))]
    assert not bad, bad
