"""The local SQLite store behind the app's :class:`~casereader.core.inspection.CaseStore`: bundles, packs and the
review loop are built from its set-based reads, audit chain and settings (the sync layer works on it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casereader.core.inspection import CaseStore

if TYPE_CHECKING:
    from casereader.storage import LocalStore


def local_store(store: CaseStore) -> LocalStore:
    """``store`` as the :class:`LocalStore` it is in the app (a TypeError, a bug, otherwise)."""
    from casereader.storage import LocalStore

    if not isinstance(store, LocalStore):
        raise TypeError(f"the marking app works on a LocalStore, not {type(store).__name__}")
    return store
