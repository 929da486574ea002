"""The refusal and interruption tests share one world (a centre and a laptop built through the command line)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from refusal_world import World, build_world, copy_world


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The world as built, never changed: tests that write copy it (``fresh_world``)."""
    return build_world(tmp_path_factory.mktemp("refusals") / "template")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, world_template: World) -> World:
    """A copy of the world for the refusal cases of one module (refusals must leave it as it was)."""
    return copy_world(world_template, tmp_path_factory.mktemp("refusals") / "w")


@pytest.fixture
def fresh_world(tmp_path: Path, world_template: World) -> World:
    return copy_world(world_template, tmp_path / "w")


@pytest.fixture
def tidy(world: World) -> Iterator[World]:
    """The world, with what a case put in the sync folder or a new centre's folder removed afterwards."""
    yield world
    for path in world.sync.iterdir():
        path.unlink()
    shutil.rmtree(world.root / "new-centre", ignore_errors=True)
