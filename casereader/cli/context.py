"""What every command needs: resolved paths, the question-set catalogue, errors without tracebacks."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from functools import cached_property

from casereader.core.catalogue import Catalogue
from casereader.paths import Paths, resolve


class CliError(Exception):
    """A user-facing failure: printed as one clear message, exit status ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Context:
    args: argparse.Namespace

    @cached_property
    def paths(self) -> Paths:
        return resolve(getattr(self.args, "data_dir", None))

    @cached_property
    def catalogue(self) -> Catalogue:
        return Catalogue([self.paths.forms, self.paths.user_forms])

    def out(self, text: str = "") -> None:
        print(text)
