"""Who is marking on this computer: one of the inspection's inspectors, or a new name.

Asked once per computer and inspection (the answer is kept in the local store's settings); every answer and
audit row is then recorded under that name, and the window shows it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from casereader.core.inspection import CaseStore, Inspection
from casereader.ui.dialogs import Dialogs

INSPECTOR_SETTING = "ui.inspector"  # the name last chosen on this computer


def inspector_key(inspection_id: str) -> str:
    """Settings key holding who marks ``inspection_id`` on this computer."""
    return f"{INSPECTOR_SETTING}.{inspection_id}"


def who_is_marking(store: CaseStore, inspection: Inspection, dialogs: Dialogs, parent: QWidget | None = None, *,
                   ask: bool = False) -> str | None:
    """The name this computer marks ``inspection`` under: remembered, else asked once (``None`` if cancelled).

    Nothing is asked when the answer is plain: the name already chosen on this computer is one of the
    inspection's inspectors, or the inspection names one inspector only (a pack issued to that inspector).
    ``ask``: ask even so (File ▸ Who is marking…)."""
    get, put = store.get_setting, store.set_setting
    remembered = get(inspector_key(inspection.id)) or ""
    if remembered and not ask:
        return str(remembered)
    names = list(inspection.inspectors)
    last = get(INSPECTOR_SETTING) or ""
    chosen: str | None = None
    if not ask:
        chosen = last if last in names else (names[0] if len(names) == 1 else None)
    if chosen is None:
        chosen = dialogs.choose_inspector(parent, names, remembered or last)
    if not chosen:
        return None
    put(inspector_key(inspection.id), chosen)
    put(INSPECTOR_SETTING, chosen)
    return chosen
