"""The report as an A4 PDF: WeasyPrint lays out the same HTML with the print stylesheet."""

from __future__ import annotations

import logging
from pathlib import Path

from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.html import render_html
from scrutiny.reports.view import ReportContext


def write_pdf(ctx: ReportContext, path: Path) -> Path:
    import weasyprint

    # WeasyPrint reports unsupported CSS on its own logger; the report does not need them.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=render_html(ctx, for_print=True), base_url=".")

    def write(tmp: Path) -> None:
        document.write_pdf(
            tmp,
            pdf_identifier=ctx.council.encode("utf-8"),
            uncompressed_pdf=False,
        )

    return write_atomically(path, write)
