"""What a caller may choose about a marking sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SheetOptions:
    """Choices for a sheet.

    ``show_guidance`` prints each question's guidance notes; ``list_inapplicable`` lists questions that do
    not apply to the case (with the rule that excluded them) and answers kept but excluded; ``fonts_dir``
    overrides the shipped ``resources/fonts``; ``generated_at`` prints a "printed" date in the footer.
    Without ``generated_at`` no clock is read, so the same data always gives the same bytes. ``language``
    is ``en``, ``cy`` (Welsh) or ``both`` (bilingual, Welsh first).
    """

    show_guidance: bool = False
    list_inapplicable: bool = True
    fonts_dir: Path | None = None
    generated_at: dt.date | dt.datetime | None = None
    language: str = "en"


DEFAULT_OPTIONS = SheetOptions()
