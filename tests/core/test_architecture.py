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
