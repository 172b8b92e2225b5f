"""PDF: text page by page with pdfium (fast and faithful to reading order)."""

from __future__ import annotations

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText, Page
from scrutiny.ingest.readers.limits import Limits


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
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(Page(i + 1, _clean(textpage.get_text_range())))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return AnchoredText(source=source, pages=tuple(pages), paged=True)
