"""The window fits a small laptop, a usual one and a 200 % screen, on a case of every shipped question set:
no two answer buttons overlap or are cut off, Mark complete, the to-do list and the status bar are inside the
window, and the form never scrolls sideways. Its size, place and splitters come back after a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from layout_check import FORMS, layout_problems, open_on
from pytestqt.qtbot import QtBot

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]
HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("size", [(1024, 700), (1360, 860)], ids=["1024x700", "1360x860"])
@pytest.mark.parametrize("form", FORMS, ids=[f.stem for f in FORMS])
def test_the_window_fits(form: Path, size: tuple[int, int], tmp_path: Path, qtbot: QtBot) -> None:
    window, store = open_on(form, size, tmp_path / "data")
    qtbot.addWidget(window)
    try:
        assert (window.width(), window.height()) == size
        assert window.form is not None and window.form.isVisible()
        assert layout_problems(window) == []
    finally:
        window.close()
        store.close()


@pytest.mark.parametrize("form", FORMS, ids=[f.stem for f in FORMS])
def test_the_window_fits_in_welsh(form: Path, tmp_path: Path, qtbot: QtBot, qapp) -> None:  # type: ignore[no-untyped-def]
    """Welsh runs longer than English: the small laptop size still cuts no button and hides no control."""
    from casereader.ui.translation import install_language

    install_language(qapp, "cy")
    try:
        window, store = open_on(form, (1024, 700), tmp_path / "data")
        qtbot.addWidget(window)
        try:
            assert window.menu.menus["case"].title() != "&Case"  # the interface is Welsh
            assert layout_problems(window) == []
        finally:
            window.close()
            store.close()
    finally:
        install_language(qapp, "en")


def run_check(*args: str, **env: str) -> dict:  # type: ignore[type-arg]
    """layout_check.py in its own interpreter (the screen is set before Qt starts); its JSON answer."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env,
           "PYTHONPATH": os.pathsep.join([str(HERE.parents[1]), str(HERE)])}
    done = subprocess.run([sys.executable, str(HERE / "layout_check.py"), *args], capture_output=True, text=True,
                          timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("form", FORMS, ids=[f.stem for f in FORMS])
def test_the_window_fits_at_200_percent(form: Path, tmp_path: Path) -> None:
    found = run_check("fit", str(form), "1024", "700", str(tmp_path / "data"), QT_SCALE_FACTOR="2")
    assert found["ratio"] == 2.0 and found["size"] == [1024, 700]
    assert found["problems"] == []


def test_first_start_fits_the_screen_and_a_restart_restores_geometry_and_splitters(tmp_path: Path) -> None:
    laptop = tmp_path / "screen.json"  # a 1366x768 laptop screen (the offscreen screen is 800x800 otherwise)
    laptop.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                                               "logicalDpi": 96, "dpr": 1}]}))
    platform = {"QT_QPA_PLATFORM": f"offscreen:configfile={laptop}"}
    data = str(tmp_path / "data")
    first = run_check("restart", data, **platform)
    x, y, width, height = first["first"]["geometry"]
    assert first["first"]["screen"] == [0, 0, 1366, 768]
    assert x >= 0 and y >= 0 and x + width <= 1366 and y + height <= 768  # not a fixed 1360x860
    assert width >= 1024 and height >= 700  # and as big as the screen allows
    again = run_check("reopen", data, **platform)["again"]
    left = first["left"]
    assert again["geometry"] == left["geometry"] == [40, 60, 1100, 660]
    assert again["main"] == left["main"] and again["form"] == left["form"]
