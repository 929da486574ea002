"""The project's one family of errors.

- :class:`UserError`: bad input or a refused operation (a malformed question set, a hostile bundle, a wrong
  CSV, a locked case...). Its message is fit to show as it is: one clear line naming the file, row, column
  or field. The command line prints it and exits with status 2 (or the error's ``exit_status``); the app shows it.
- Anything else that escapes is a bug: the command line logs it in full and says "internal error".

Each layer raises its own subclass (``StoreError``, ``BundleError``, ``CentralError``...) and callers above
need not re-wrap it: catching :class:`UserError` catches them all.
"""

from __future__ import annotations


class CasereaderError(Exception):
    """Base of every error Casereader raises on purpose."""


class UserError(CasereaderError):
    """A refusal with a message fit for the user (``str(error)``); ``exit_status`` is the command line's."""

    exit_status: int = 2
