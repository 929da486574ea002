"""The centre's private keys: where they live in the centre's data folder, and unlocking them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from casereader.central.errors import CentralError

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys

KEYS_FOLDER = "central-keys"


def central_keys_dir(data_dir: Path) -> Path:
    """The folder ``casereader central init`` writes the central key pair to."""
    return data_dir / KEYS_FOLDER


def load_central_keys(folder: Path, passphrase: str | Callable[[], str]) -> CentralKeys:
    """The central keys in ``folder``, unlocked with ``passphrase`` (or what the callable returns, asked only once
    the folder is known to exist); CentralError (a message fit to show) if the folder is missing, the passphrase
    is empty or wrong, or a key file is damaged."""
    from casereader.bundles import BundleError, CentralKeys

    if not folder.is_dir():
        raise CentralError(f"no central keys in {folder}: run casereader central init")
    if callable(passphrase):
        passphrase = passphrase()
    if not passphrase:
        raise CentralError("give the central key passphrase")
    try:
        return CentralKeys.load(folder, passphrase.encode("utf-8"))
    except BundleError as exc:
        raise CentralError(str(exc)) from None
