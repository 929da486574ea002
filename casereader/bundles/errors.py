"""The one exception the bundle layer raises: every rejection of a key, pack, bundle or receipt."""

from __future__ import annotations

from casereader.core.errors import UserError


class BundleError(UserError):
    """A bundle, pack, receipt or key that cannot be used; the message names the file and the problem.

    ``code`` is a short stable identifier of the kind of failure (for an import ledger or a test),
    e.g. ``"member-name"``, ``"signature"``, ``"decrypt"``.
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
