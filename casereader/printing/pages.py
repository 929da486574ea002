"""Page furniture: a canvas that numbers pages "Page x of y" per case, and the small flowables sheets use.

:class:`SheetCanvas` holds each page until the case it belongs to is finished, then draws the running
header and footer (case reference, "Page x of y") and writes the pages out. Only one case's pages are
held at a time, so a batch of hundreds of cases in one PDF stays small in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfdoc import PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from casereader.printing.styles import BOTTOM_MARGIN, PAGE_MARGIN, RULE_GREY, SOFT_INK, TOP_MARGIN, grey_level

RULE_LEVEL = grey_level(RULE_GREY)
SOFT_LEVEL = grey_level(SOFT_INK)


@dataclass
class PageRun:
    """The pages of one case (or one blank sheet) in a document."""

    reference: str
    pages: int = 0


@dataclass
class PageLog:
    """What the canvas wrote: one run per case, in order. Filled in as the document is built."""

    runs: list[PageRun] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.runs)


@dataclass(frozen=True)
class Furniture:
    """Text of the running header and footer (the same on every page of a document)."""

    fonts_regular: str
    fonts_bold: str
    left_header: str
    left_footer: str
    right_footer_prefix: str = ""
    page_text: str = "Page {number} of {total}"
    pdf_lang: str = "en-GB"


class CaseStart(Flowable):  # type: ignore[misc]
    """Invisible marker: pages from here on belong to case ``reference``; optionally reports progress."""

    def __init__(self, reference: str, on_draw: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.reference = reference
        self.on_draw = on_draw
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        if isinstance(canv, SheetCanvas):
            canv.start_run(self.reference)
        if self.on_draw is not None:
            self.on_draw()


class Block(Flowable):  # type: ignore[misc]
    """Flowables kept on one page (a question with its answer), cheaper than KeepTogether.

    Each part is wrapped once per attempt. When the block does not fit it moves to the next frame
    whole; a block taller than ``max_keep`` points is handed back as its parts, which then flow and split.
    """

    def __init__(self, parts: list[Flowable], max_keep: float = 300) -> None:
        super().__init__()
        self.parts = parts
        self.max_keep = max_keep
        self._sizes: list[tuple[float, float]] = []

    def getSpaceBefore(self) -> float:
        return float(self.parts[0].getSpaceBefore()) if self.parts else 0.0

    def getSpaceAfter(self) -> float:
        return float(self.parts[-1].getSpaceAfter()) if self.parts else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        sizes = [p.wrap(availWidth, availHeight) for p in self.parts]
        self._sizes = sizes
        height = sum(h for _, h in sizes)
        for a, b in zip(self.parts, self.parts[1:], strict=False):
            height += max(a.getSpaceAfter(), b.getSpaceBefore())
        self.width = max((w for w, _ in sizes), default=0)
        self.height = height
        return self.width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.height > self.max_keep:
            return list(self.parts)
        return []

    def draw(self) -> None:
        y = self.height
        for i, (part, (_, h)) in enumerate(zip(self.parts, self._sizes, strict=True)):
            if i:
                y -= max(self.parts[i - 1].getSpaceAfter(), part.getSpaceBefore())
            y -= h
            part.drawOn(self.canv, 0, y)


class WritingLines(Flowable):  # type: ignore[misc]
    """Ruled lines to write on (comment space on blank sheets)."""

    def __init__(self, lines: int, *, indent: float = 0, gap: float = 17, label: str = "", font: str = "",
                 font_size: float = 8) -> None:
        super().__init__()
        self.lines = lines
        self.indent = indent
        self.gap = gap
        self.label = label
        self.font = font
        self.font_size = font_size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.lines * self.gap + 4
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(HexColor(RULE_GREY))
        c.setLineWidth(0.5)
        for i in range(self.lines):
            y = self.height - (i + 1) * self.gap
            c.line(self.indent, y, self.width, y)
        if self.label:
            c.setFont(self.font, self.font_size)
            c.setFillColor(HexColor(SOFT_INK))
            c.drawString(self.indent, self.height - self.gap + 3, self.label)
        c.restoreState()


def sheet_canvas_maker(log: PageLog, furniture: Furniture) -> Callable[..., Canvas]:
    """A ``canvasmaker`` for a doc template, recording page counts into ``log``."""

    def make(*args: Any, **kwargs: Any) -> SheetCanvas:
        return SheetCanvas(*args, log=log, furniture=furniture, **kwargs)

    return make


class SheetCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds one case's pages, then stamps "Page x of y" and the reference on each."""

    def __init__(self, *args: Any, log: PageLog, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cr_log = log
        self._cr_furniture = furniture
        self._cr_pending: list[dict[str, Any]] = []
        self._cr_run = -1
        self._cr_ref = ""

    def start_run(self, reference: str) -> None:
        """Called by :class:`CaseStart` on the first page of a case."""
        self._cr_run += 1
        self._cr_ref = reference

    def showPage(self) -> None:
        state = dict(self.__dict__)
        pending = self._cr_pending
        if pending and pending[0]["_cr_run"] != state["_cr_run"]:
            self._flush()
            self.__dict__.update(state)
        pending.append(state)
        self._startPage()

    def save(self) -> None:
        self._flush()
        super().save()

    def _flush(self) -> None:
        pending = self._cr_pending
        if not pending:
            return
        total = len(pending)
        reference = pending[0]["_cr_ref"]
        self._cr_log.runs.append(PageRun(reference, total))
        for number, state in enumerate(pending, start=1):
            self.__dict__.update(state)
            self._furnish(reference, number, total)
            Canvas.showPage(self)
            self._deflate_only()
        pending.clear()

    def _deflate_only(self) -> None:
        """Compress the page just written with Flate alone: ReportLab adds ASCII85 on top by default,
        which makes files a quarter bigger and is the slowest step of writing a page in pure Python."""
        page = self._doc.Pages.pages[-1]
        if getattr(page, "compression", 0) and not getattr(page, "Contents", None) and page.stream:
            page.Contents = PDFStream(content=page.stream, filters=[PDFZCompress])

    def _furnish(self, reference: str, number: int, total: int) -> None:
        f = self._cr_furniture
        width, height = self._pagesize
        top = height - TOP_MARGIN + 16
        bottom = BOTTOM_MARGIN - 22
        self.saveState()
        self.setStrokeGray(RULE_LEVEL)
        self.setLineWidth(0.6)
        self.line(PAGE_MARGIN, top - 5, width - PAGE_MARGIN, top - 5)
        self.line(PAGE_MARGIN, bottom + 11, width - PAGE_MARGIN, bottom + 11)
        self.setFillGray(SOFT_LEVEL)
        self.setFont(f.fonts_regular, 8)
        self.drawString(PAGE_MARGIN, top, f.left_header)
        self.drawString(PAGE_MARGIN, bottom, f.left_footer)
        self.setFillGray(0)
        self.setFont(f.fonts_bold, 9)
        if reference:
            self.drawRightString(width - PAGE_MARGIN, top, f"{f.right_footer_prefix}{reference}")
        self.drawRightString(width - PAGE_MARGIN, bottom, f.page_text.format(number=number, total=total))
        self.restoreState()
