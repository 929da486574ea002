"""Does the marking window fit? Opens it on a case of a question set at a given size and lists what does not.

Used in-process by test_window_fit.py, and as a script in a subprocess where the screen must be set before Qt
starts (QT_SCALE_FACTOR, or an offscreen screen of a given size). Each prints JSON:

- ``python layout_check.py fit FORM WIDTH HEIGHT DATA_DIR``: the problems at that size;
- ``python layout_check.py restart DATA_DIR``: the window as it opens (first start: a new inspection of the
  first question set), then moved, resized and its splitters dragged, then closed (which saves them);
- ``python layout_check.py reopen DATA_DIR``: the window as it opens again.
"""

from __future__ import annotations

import json
import os
import sys
from itertools import combinations
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "forms").glob("*.yaml"))


def open_on(form: Path, size: tuple[int, int] | None, data_dir: Path):  # type: ignore[no-untyped-def]
    """The main window at ``size`` on a case of ``form`` (every choice in the header on its first option)."""
    from PySide6.QtCore import QCoreApplication

    from casereader.core.inspection import Round
    from casereader.core.loader import load_question_set_bytes
    from casereader.core.questionset import FieldType
    from casereader.paths import resolve
    from casereader.storage import LocalStore
    from casereader.ui.app import application
    from casereader.ui.marking.app import open_window

    raw = form.read_bytes()
    qs = load_question_set_bytes(raw, str(form))
    paths = resolve(data_dir).ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    insp = store.create_inspection(qs, area="Layoutshire", round=Round.BASELINE, form_bytes=raw,
                                   inspectors=["L. Layout"])
    header = {f.id: f.options[0].value for f in qs.header if f.type == FieldType.CHOICE and f.options}
    store.add_cases(insp.id, [("LAY0001", header)], actor="L. Layout")
    application()
    window = open_window(paths, store, insp.id)
    if size is not None:
        window.resize(*size)
    window.show()
    for _ in range(4):
        QCoreApplication.processEvents()
    return window, store


def _rect(widget, window):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, QRect

    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def layout_problems(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Overlapping or cut-off buttons, controls outside the window, a form wider than its pane."""
    from PySide6.QtWidgets import QLabel, QPushButton

    form = window.form
    problems: list[str] = []
    if window.width() > window.screen().availableGeometry().width() * 4:
        problems.append("window wider than any screen")
    buttons = [b for b in form.findChildren(QPushButton) if b.objectName() in ("answerButton", "flagButton")
               and b.isVisibleTo(window)]
    rects = [(b, _rect(b, window)) for b in buttons]
    for (a, ra), (b, rb) in combinations(rects, 2):
        if ra.intersects(rb):
            problems.append(f"overlap: {a.text()!r} and {b.text()!r}")
    for b, _r in rects:
        if b.width() < b.sizeHint().width():
            problems.append(f"cut off: {b.text()!r} is {b.width()} wide, needs {b.sizeHint().width()}")
    for label in form.header.findChildren(QLabel):
        if label.isVisibleTo(window) and label.width() < label.minimumSizeHint().width():
            problems.append(f"header label cut off: {label.text()!r}")
    inside = window.rect()
    for name, widget in (("Mark complete", form.complete_button), ("to-do list", form.issues),
                         ("status bar", window.statusBar())):
        if not widget.isVisibleTo(window) or not inside.contains(_rect(widget, window)):
            problems.append(f"{name} not inside the window: {_rect(widget, window)} in {inside}")
    page, viewport = form.scroller.widget(), form.scroller.viewport()
    if page.width() > viewport.width():
        problems.append(f"form wider than its pane ({page.width()} > {viewport.width()}): it would scroll sideways")
    return problems


def state(window) -> dict[str, object]:  # type: ignore[no-untyped-def]
    g, screen = window.geometry(), window.screen().availableGeometry()
    return {"geometry": [g.x(), g.y(), g.width(), g.height()],
            "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
            "main": window.split.sizes(), "form": window.form.split.sizes()}


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QCoreApplication

    mode, rest = argv[0], argv[1:]
    if mode == "fit":
        form, width, height, data_dir = Path(rest[0]), int(rest[1]), int(rest[2]), Path(rest[3])
        window, store = open_on(form, (width, height), data_dir)
        found: dict[str, object] = {"problems": layout_problems(window), "size": [window.width(), window.height()],
                                    "ratio": window.devicePixelRatio()}
    elif mode == "restart":
        window, store = open_on(FORMS[0], None, Path(rest[0]))
        found = {"first": state(window)}
        window.setGeometry(40, 60, 1100, 660)
        window.split.setSizes([250, 850])
        window.form.split.setSizes([600, 230])
        QCoreApplication.processEvents()
        found["left"] = state(window)
    else:
        from casereader.paths import resolve
        from casereader.storage import LocalStore
        from casereader.ui.app import application
        from casereader.ui.marking.app import open_window

        paths = resolve(Path(rest[0]))
        store = LocalStore.open(paths.database, backups_dir=paths.backups)
        application()
        window = open_window(paths, store)
        window.show()
        QCoreApplication.processEvents()
        found = {"again": state(window)}
    window.close()
    store.close()
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
