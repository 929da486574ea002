"""The central store's error: a central-store operation that could not be done."""

from __future__ import annotations

from casereader.core.errors import UserError


class CentralError(UserError):
    """A central-store operation that could not be done; the message is fit to show the user."""
