"""Readers: the only code that opens documents. Each returns `AnchoredText` or raises
`DocumentError` with one line naming the file and what is wrong."""

from __future__ import annotations

from pathlib import Path

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText
from scrutiny.ingest.readers.limits import Limits, check_size, sniff

__all__ = ["Limits", "read_document"]


def read_document(path: Path, limits: Limits) -> AnchoredText:
    """Read a PDF, Word, HTML, text or Markdown file into anchored text, within `limits`."""
    if not path.exists():
        raise DocumentError(path.name, "no such file")
    if not path.is_file():
        raise DocumentError(path.name, "not a file")
    data = check_size(path, limits)
    kind = sniff(path, data)
    if kind == "pdf":
        from scrutiny.ingest.readers.pdf import read_pdf

        doc = read_pdf(path.name, data, limits)
    elif kind == "docx":
        from scrutiny.ingest.readers.docx import read_docx

        doc = read_docx(path.name, data, limits)
    elif kind == "html":
        from scrutiny.ingest.readers.html import read_html

        doc = read_html(path.name, data)
    else:
        from scrutiny.ingest.readers.text import read_text

        doc = read_text(path.name, data)
    if doc.is_blank():
        raise DocumentError(path.name, "the document has no text to read (empty or only images)")
    return doc
