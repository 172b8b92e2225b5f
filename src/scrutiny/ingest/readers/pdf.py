"""PDF: text page by page with pdfium (fast and faithful to reading order), and the tables of
pages that look like tables, read by pdfplumber's table finder (ruled cells first, else the
alignment of words); a table continued on the next page, with or without its header repeated,
is joined to the one before."""

from __future__ import annotations

import re
from io import BytesIO

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText, Page, Table
from scrutiny.ingest.readers.limits import Limits

_FIGURE = r"(?:[(\-–−]?£?\d[\d,]*(?:\.\d+)?(?:k|m)?\)?%?|[-–—])"  # a figure or a nil dash
_FIGURES_AT_END = re.compile(rf"(?:^|\s){_FIGURE}(?:\s+{_FIGURE})+\s*$", re.M)
_FIGURE_AT_END = re.compile(rf"\s{_FIGURE}\s*$", re.M)
_MIN_RULES = 4  # path objects (cell borders) on a page with a ruled table [count]


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufffe", "")


def read_pdf(source: str, data: bytes, limits: Limits) -> AnchoredText:
    """Every page's text; encrypted, corrupt or over-long PDFs are refused with one line."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise DocumentError(
                source, "the PDF is encrypted (password protected); remove the password first"
            ) from None
        raise DocumentError(
            source, f"not a readable PDF ({message.split(':')[-1].strip() or 'corrupt'})"
        ) from None
    try:
        n = len(pdf)
        if n > limits.max_pages:
            raise DocumentError(
                source,
                f"{n} pages, over the {limits.max_pages}-page limit (set SCRUTINY_MAX_DOCUMENT_PAGES)",
            )
        pages = []
        candidates = []
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            text = _clean(textpage.get_text_range())
            pages.append(Page(i + 1, text))
            if _looks_like_table(text, page):
                candidates.append(i)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    tables = _tables(data, candidates, pages) if candidates else ()
    return AnchoredText(source=source, pages=tuple(pages), paged=True, tables=tables)


def _looks_like_table(text: str, page: object) -> bool:
    """Three lines ending in two or more figures, or ruled cells with lines ending in a figure:
    only such pages are given to the (much slower) table finder."""
    if len(_FIGURES_AT_END.findall(text)) >= 3:
        return True
    if len(_FIGURE_AT_END.findall(text)) < 2:
        return False
    import pypdfium2.raw as pdfium_c

    paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1)  # type: ignore[attr-defined]
    return any(rules >= _MIN_RULES for rules, _obj in enumerate(paths, start=1))


def _tables(data: bytes, indices: list[int], pages: list[Page]) -> tuple[Table, ...]:
    import pdfplumber

    found: list[Table] = []
    last_page = -2
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            for i in indices:
                page = pdf.pages[i]
                grids = [t.extract() for t in page.find_tables()]
                if not grids:
                    grids = [
                        t.extract()
                        for t in page.find_tables(
                            {"vertical_strategy": "text", "horizontal_strategy": "text"}
                        )
                    ]
                for k, raw in enumerate(grids):
                    rows = tuple(
                        tuple(" ".join((c or "").split()) for c in row)
                        for row in raw
                        if any((c or "").strip() for c in row)
                    )
                    if len(rows) < 1 or max(len(r) for r in rows) < 2:
                        continue
                    previous = found[-1] if found else None
                    if (
                        k == 0
                        and previous is not None
                        and last_page == i - 1
                        and len(previous.rows[0]) == len(rows[0])
                    ):
                        # Continued from the page before: drop a repeated header.
                        more = rows[1:] if rows[0] == previous.rows[0] else rows
                        found[-1] = Table(
                            previous.number,
                            previous.rows + more,
                            previous.page,
                            previous.context,
                            previous.row_pages + (i + 1,) * len(more),
                        )
                    else:
                        context = _above(pages[i].text, rows[0])
                        found.append(
                            Table(len(found) + 1, rows, i + 1, context, (i + 1,) * len(rows))
                        )
                    last_page = i
                page.close()
    except Exception:  # pdfplumber fails on some damaged files the text reader accepted
        return tuple(found)
    return tuple(found)


def _above(text: str, first_row: tuple[str, ...]) -> str:
    """The page's text above a table: up to where its first cell is printed."""
    first = next((c for c in first_row if c.strip()), "")
    at = text.find(first.split(" ")[0]) if first else -1
    lines = [line for line in text[: at if at > 0 else 0].split("\n") if line.strip()]
    return "\n".join(lines[-3:])
