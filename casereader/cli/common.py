"""Small helpers the inspection, sample and marks commands share."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casereader.core.inspection import CaseSummary, Inspection
    from casereader.storage import LocalStore

DRAW_SETTING = "sample_draw:{}"  # the local store's setting holding an inspection's sample draw


def draw_record(store: LocalStore, insp: Inspection) -> dict[str, object]:
    """How the inspection's sample was drawn, as recorded at import (empty if it was not drawn here)."""
    from casereader.tabular.samples import parse_draw_record

    return parse_draw_record(store.get_setting(DRAW_SETTING.format(insp.id)))


def by_reference(cases: list[CaseSummary], ref: str) -> CaseSummary | None:
    """The case with reference ``ref``: exactly, else ignoring case."""
    exact = next((c for c in cases if c.reference == ref), None)
    return exact or next((c for c in cases if c.reference.lower() == ref.lower()), None)


def short(text: str) -> str:
    """An id shortened for a listing."""
    return text[:8]
