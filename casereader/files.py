"""Reading and writing whole files safely: atomic, fsynced writes and size-bounded reads.

Used wherever a file the user relies on is written (bundles, packs, receipts, keys, exports), so that a
crash or a full disk never leaves a half-written file in place of a good one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from casereader.core.errors import UserError


class TooLarge(UserError, ValueError):
    """A file larger than the caller allows."""


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, then rename over it.

    With ``private``, the file is readable by its owner only (0600). Raises OSError; nothing is left behind.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        if private and hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if private:
        os.chmod(path, 0o600)


def read_bounded(path: Path, limit: int) -> bytes:
    """The whole file, refusing (TooLarge) one over ``limit`` bytes without reading more than limit + 1."""
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{path}: larger than {limit} bytes")
    return data
