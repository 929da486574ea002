"""What every command needs: resolved paths, the question-set catalogue, errors without tracebacks."""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from casereader.core.errors import UserError
from casereader.paths import Paths, resolve

if TYPE_CHECKING:
    from casereader.core.catalogue import Catalogue
    from casereader.storage import LocalStore


class CliError(UserError):
    """A user-facing failure of a command: printed as one clear message, exit status ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = self.exit_status = code


@dataclass
class Context:
    args: argparse.Namespace

    @cached_property
    def paths(self) -> Paths:
        return resolve(getattr(self.args, "data_dir", None))

    @cached_property
    def catalogue(self) -> Catalogue:
        from casereader.core.catalogue import Catalogue

        return Catalogue([self.paths.forms, self.paths.user_forms])

    @property
    def actor(self) -> str:
        """Who does this, for the audit log: ``--inspector``, else CASEREADER_INSPECTOR, else the login name."""
        given = getattr(self.args, "inspector", None) or os.environ.get("CASEREADER_INSPECTOR")
        if isinstance(given, str) and given.strip():
            return given.strip()
        try:
            return getpass.getuser()
        except (OSError, KeyError, ImportError):
            return "casereader"

    def out(self, text: str = "") -> None:
        print(text)


@contextmanager
def local_store(ctx: Context) -> Iterator[LocalStore]:
    """The local store of the data folder, opened (created or migrated) for one command and closed after.

    Store errors, on opening or inside the block, reach ``main`` as they are (a UserError: one clear line).
    """
    from casereader.storage import LocalStore

    ctx.paths.ensure()
    store = LocalStore.open(ctx.paths.database, backups_dir=ctx.paths.backups)
    try:
        yield store
    finally:
        store.close()
