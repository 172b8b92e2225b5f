"""The report as an A4 PDF: WeasyPrint lays out the same HTML with the print stylesheet."""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.html import render_html
from scrutiny.reports.view import ReportContext

YOUNG_OBJECTS = 50_000
"""Allocations between two collections of the youngest generation while a PDF is written
[count; Python's default is 700]. WeasyPrint keeps hundreds of thousands of small objects alive
until the PDF is written, and the cyclic collector walked them again and again: about a tenth of
the processor time on a 180-page report, a fortieth with this setting, for the same peak memory."""

_LOCK = threading.Lock()
_writers = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """Collect garbage less often inside the block; the thresholds come back when the last of
    any concurrent blocks (a web server writing two PDFs at once) ends."""
    global _writers, _saved
    with _LOCK:
        if _writers == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(_saved[0], YOUNG_OBJECTS), *_saved[1:])
        _writers += 1
    try:
        yield
    finally:
        with _LOCK:
            _writers -= 1
            if _writers == 0:
                gc.set_threshold(*_saved)


PDF_VARIANT = "pdf/ua-1"
"""A tagged PDF (PDF/UA-1): a structure tree with headings, lists, tables with their header
cells, and figures with their text alternative, so a screen reader can read the report (the 2018
public sector accessibility regulations)."""


def quiet() -> None:
    """WeasyPrint reports unsupported CSS on its own logger; the report does not need them."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def write_tagged_pdf(render: Callable[[], str], path: Path, identifier: str) -> Path:
    """Lay out the print-ready HTML `render` gives as one tagged PDF, in this process;
    `identifier` (the council) is written into the file's identifier."""
    import weasyprint

    quiet()

    def write(tmp: Path) -> None:
        document = weasyprint.HTML(string=render(), base_url=".")
        document.write_pdf(
            tmp,
            pdf_identifier=identifier.encode("utf-8"),
            pdf_variant=PDF_VARIANT,
            uncompressed_pdf=False,
        )

    with collecting_less():
        return write_atomically(path, write)


def write_pdf(ctx: ReportContext, path: Path) -> Path:
    """The report laid out as one tagged document, in this process."""
    return write_tagged_pdf(lambda: render_html(ctx, for_print=True), path, ctx.council)
