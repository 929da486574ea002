"""Paragraphs whose text repeats on every sheet of a question set (wording, headings, notes).

Parsing the markup and breaking the lines is most of what a Paragraph costs; for text that is the same
on every sheet both are done once per style and width and remembered, which keeps batch printing close
to the cost of plain text. The results are read-only for ReportLab, so sharing them is safe.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.platypus import Paragraph

MAX_ENTRIES = 20_000
_lock = threading.Lock()
_frags: dict[tuple[str, int, str | None], tuple[Any, Any, Any]] = {}
_wraps: dict[tuple[str, int, str | None, float], tuple[float, float, Any, Any]] = {}


class RepeatedParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that parses and wraps each distinct (text, style, bullet, width) only once per process."""

    frags: Any
    bulletText: Any
    text: str

    def __init__(self, text: str, style: Any, bulletText: str | None = None) -> None:
        key = (text, id(style), bulletText)
        found = _frags.get(key)
        if found is None:
            super().__init__(text, style, bulletText)
            with _lock:
                if len(_frags) >= MAX_ENTRIES:
                    _frags.clear()
                _frags[key] = (self.frags, self.bulletText, self.text)
        else:
            self.caseSensitive = 1
            self.encoding = "utf8"
            frags, bullet, parsed = found
            self.text = parsed
            self.frags = frags
            self.style = style
            self.bulletText = bullet
            self.debug = 0
        self._key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        key = (*self._key, availWidth)
        found = _wraps.get(key)
        if found is not None:
            self.width, self.height, self.blPara, self._wrapWidths = found
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        with _lock:
            if len(_wraps) >= MAX_ENTRIES:
                _wraps.clear()
            _wraps[key] = (self.width, self.height, self.blPara, self._wrapWidths)
        return width, height
