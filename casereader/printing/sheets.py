"""Marking sheets as PDF: one case, a blank sheet for paper marking, or a batch of cases.

The public API (stable; the app and the command line call it)::

    render_case_sheet(qs, inspection, case, out, *, options=None) -> pages
    render_blank_sheet(qs, out, *, inspection=None, options=None) -> pages
    render_batch(qs, inspection, cases, out, *, per_case_dir=None, options=None, progress=None) -> pages

``out`` is a path (written atomically: a temporary file renamed into place) or a binary file object.
Output is reproducible: ReportLab's invariant mode, no clock read unless ``options.generated_at`` is set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from casereader.core.errors import CasereaderError, UserError
from casereader.core.inspection import CaseFile, Inspection
from casereader.core.questionset import QuestionSet
from casereader.printing.blocks import date_text, round_label
from casereader.printing.fonts import FontSet, register_fonts
from casereader.printing.language import Words
from casereader.printing.options import DEFAULT_OPTIONS, SheetOptions
from casereader.printing.pages import Furniture
from casereader.printing.styles import BOTTOM_MARGIN, PAGE_MARGIN, TOP_MARGIN, SheetStyles, sheet_styles
from casereader.printing.ticks import text_width

Progress = Callable[[int, int], bool]
HEADER_RIGHT_ROOM = 130.0  # points kept clear on the right of the running header for "Case REFERENCE"
Output = Path | BinaryIO

__all__ = [
    "PrintCancelled",
    "SheetError",
    "SheetOptions",
    "blank_story",
    "case_story",
    "frame_width",
    "render_batch",
    "render_blank_sheet",
    "render_case_sheet",
]


class SheetError(UserError):
    """A sheet could not be written (the message names the file); nothing was left half-written."""


class PrintCancelled(CasereaderError):
    """The progress callback asked to stop. Files already finished (``--per-case``) are kept."""


def _page_size() -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4

    return float(A4[0]), float(A4[1])


def frame_width() -> float:
    """Width available to the body of a sheet (the doc template's frame, less its padding)."""
    return _page_size()[0] - 2 * PAGE_MARGIN - 12


def _setup(options: SheetOptions | None) -> tuple[SheetOptions, FontSet, SheetStyles]:
    opts = options or DEFAULT_OPTIONS
    fonts = register_fonts(opts.fonts_dir)
    return opts, fonts, sheet_styles(fonts)


def case_story(qs: QuestionSet, inspection: Inspection, case: CaseFile,
               options: SheetOptions | None = None) -> list[Any]:
    """The flowables of one case's sheet (exposed for tests and for embedding in other documents)."""
    from casereader.printing.case_sheet import CaseSheet

    opts, _fonts, styles = _setup(options)
    return CaseSheet(qs, inspection, case, styles, opts, frame_width()).story()


def blank_story(qs: QuestionSet, inspection: Inspection | None = None,
                options: SheetOptions | None = None) -> list[Any]:
    from casereader.printing.blank_sheet import BlankSheet

    opts, _fonts, styles = _setup(options)
    return BlankSheet(qs, inspection, styles, opts, frame_width()).story()


def render_case_sheet(qs: QuestionSet, inspection: Inspection, case: CaseFile, out: Output, *,
                      options: SheetOptions | None = None) -> int:
    """Write one case's marking sheet; returns the number of pages."""
    from casereader.printing.pages import CaseStart

    opts, fonts, _styles = _setup(options)
    story = [CaseStart(case.reference), *case_story(qs, inspection, case, opts)]
    meta = {"title": f"Marking sheet {case.reference}", "author": case.summary.inspector,
            "subject": inspection.title or qs.title}
    return _write(out, story, fonts, _furniture(fonts, qs, inspection, opts), meta)


def render_blank_sheet(qs: QuestionSet, out: Output, *, inspection: Inspection | None = None,
                       options: SheetOptions | None = None) -> int:
    """Write a blank sheet of the question set to mark on paper; returns the number of pages."""
    from casereader.printing.pages import CaseStart

    opts, fonts, _styles = _setup(options)
    story = [CaseStart("____________"), *blank_story(qs, inspection, opts)]
    meta = {"title": f"Blank marking sheet {qs.key}", "author": "", "subject": qs.title}
    return _write(out, story, fonts, _furniture(fonts, qs, inspection, opts), meta)


def render_batch(qs: QuestionSet, inspection: Inspection, cases: Iterable[CaseFile], out: Output | None, *,
                 per_case_dir: Path | None = None, options: SheetOptions | None = None,
                 progress: Progress | None = None) -> int:
    """Write every case's sheet: into one PDF at ``out``, or one PDF per case in ``per_case_dir``.

    ``progress(done, total)`` is called before the first case and after each case; returning False stops
    the batch with :class:`PrintCancelled` (a single PDF is then not written at all). Returns total pages.
    """
    from reportlab.platypus import PageBreak

    from casereader.printing.pages import CaseStart

    todo = list(cases)
    total = len(todo)
    opts, fonts, _styles = _setup(options)

    def report(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise PrintCancelled(f"printing cancelled after {done} of {total} cases")

    report(0)
    if per_case_dir is not None:
        folder = Path(per_case_dir)
        _check_folder(folder)
        pages = 0
        for i, (case, name) in enumerate(zip(todo, case_file_names(todo), strict=True)):
            pages += render_case_sheet(qs, inspection, case, folder / name, options=opts)
            report(i + 1)
        return pages
    if out is None:
        raise SheetError("no output given: pass a PDF file or a folder for one file per case")
    story: list[Any] = []
    for i, case in enumerate(todo):
        if i:
            story.append(PageBreak())
        story.append(CaseStart(case.reference, partial(report, i) if i else None))
        story.extend(case_story(qs, inspection, case, opts))
    meta = {"title": f"Marking sheets {inspection.title or qs.title}", "author": ", ".join(inspection.inspectors),
            "subject": f"{inspection.area} {inspection.round}"}
    pages = _write(out, story, fonts, _furniture(fonts, qs, inspection, opts), meta)
    if total:
        report(total)
    return pages


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def case_file_names(cases: Sequence[CaseFile]) -> list[str]:
    """A distinct, filesystem-safe ``REFERENCE.pdf`` per case (``-2``, ``-3`` added on clashes)."""
    seen: dict[str, int] = {}
    names = []
    for case in cases:
        stem = _UNSAFE.sub("-", case.reference).strip("-.") or case.id[:8] or "case"
        key = stem.lower()
        seen[key] = seen.get(key, 0) + 1
        names.append(f"{stem}.pdf" if seen[key] == 1 else f"{stem}-{seen[key]}.pdf")
    return names


def _furniture(fonts: FontSet, qs: QuestionSet, inspection: Inspection | None, opts: SheetOptions) -> Furniture:
    """The running header and footer in the sheet's language."""
    words = Words(opts.language)
    title = words("HMCPSI casework marking sheet")
    if inspection is None:
        header = f"{title} · {words.item(qs, 'title')}"
    else:
        header = f"{title} · {inspection.area} · {words.label(round_label(inspection.round)).lower()}"
    room = _page_size()[0] - 2 * PAGE_MARGIN - HEADER_RIGHT_ROOM
    if text_width(header, fonts.regular, 8) > room:  # bilingual headers run long: never under the reference
        while header and text_width(header + "…", fonts.regular, 8) > room:
            header = header[:-1]
        header = header.rstrip(" ·/") + "…"
    digest = qs.content_hash or (inspection.form_hash if inspection else "")
    footer = words("{id} version {version}", id=qs.id, version=qs.version) + (f" · {digest[:12]}" if digest else "")
    if opts.generated_at is not None:
        footer += " · " + words("printed {date}", date=date_text(opts.generated_at, words))
    return Furniture(fonts.regular, fonts.bold, header, footer, words("Case") + " ", words("Page {number} of {total}"),
                     words.pdf_lang)


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise SheetError(f"{folder}: no such folder")
    if not os.access(folder, os.W_OK):
        raise SheetError(f"{folder}: folder is not writable")


def _write(out: Output, story: list[Any], fonts: FontSet, furniture: Furniture, meta: dict[str, str]) -> int:
    if not isinstance(out, (str, os.PathLike)):
        return _build(out, story, fonts, furniture, meta)
    path = Path(out)
    _check_folder(path.parent if str(path.parent) else Path("."))
    if path.is_dir():
        raise SheetError(f"{path}: is a folder, expected a PDF file name")
    tmp = path.with_name(f".{path.name}.part")
    try:
        with open(tmp, "wb") as fh:
            pages = _build(fh, story, fonts, furniture, meta)
        os.replace(tmp, path)
    except OSError as exc:
        raise SheetError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return pages


def _build(fh: Any, story: list[Any], fonts: FontSet, furniture: Furniture, meta: dict[str, str]) -> int:
    from reportlab.platypus import SimpleDocTemplate

    from casereader.printing.pages import PageLog, sheet_canvas_maker

    width, height = _page_size()
    doc = SimpleDocTemplate(
        fh, pagesize=(width, height), leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN, invariant=1, title=meta["title"], author=meta["author"],
        subject=meta["subject"], creator="Casereader", lang=furniture.pdf_lang,
        initialFontName=fonts.regular, initialFontSize=10, initialLeading=12,
    )
    log = PageLog()
    doc.build(story, canvasmaker=sheet_canvas_maker(log, furniture))
    return log.pages
