"""The one exception the bundle layer raises: every rejection of a key, pack, bundle or receipt."""

from __future__ import annotations

from casereader.core.errors import UserError


class BundleError(UserError):
    """A bundle, pack, receipt or key that cannot be used; the message names the file and the problem.

    ``code`` is a short stable identifier of the kind of failure (for an import ledger or a test),
    e.g. ``"member-name"``, ``"signature"``, ``"decrypt"``. ``problem`` is what is wrong without the
    where (for a schema failure: the field and its problem), for a caller that names the place itself.
    """

    def __init__(self, message: str, code: str = "invalid", *, problem: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.problem = problem or message

    def __str__(self) -> str:
        return self.message
