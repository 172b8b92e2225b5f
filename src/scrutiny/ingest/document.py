"""Anchored text: the vocabulary readers produce and extractors share.

A document's text is kept page by page (PDF) or as one block (Word, HTML, plain text), so that
every figure found can be traced to its page and character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """The text of one page. `number` is 1-based, or None for documents without pages."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Span:
    """Where a figure sits: `page` (1-based or None) and `start`/`end` character offsets
    into that page's text (`text[start:end]` is the figure as written)."""

    page: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A table as printed: `rows` of cell texts (header rows included, merged cells given once
    per row), its `number` (1-based, in document order), the `page` it starts on (or None) and
    `context`, the text just above it (caption, unit note, heading) where its unit or years may
    be stated. A table running over pages gives each row's page in `row_pages`."""

    number: int
    rows: tuple[tuple[str, ...], ...]
    page: int | None = None
    context: str = ""
    row_pages: tuple[int | None, ...] = ()

    def page_of(self, row: int) -> int | None:
        """The page printed row `row` (1-based) sits on."""
        if 0 < row <= len(self.row_pages):
            return self.row_pages[row - 1]
        return self.page


@dataclass(frozen=True)
class AnchoredText:
    """A document's extracted text, page by page, named by its `source` (file name), with the
    tables the reader found in it."""

    source: str
    pages: tuple[Page, ...]
    paged: bool = False
    tables: tuple[Table, ...] = ()

    @classmethod
    def plain(cls, source: str, text: str, tables: tuple[Table, ...] = ()) -> AnchoredText:
        """A document without pages (Word, HTML, text)."""
        return cls(source=source, pages=(Page(None, text),), paged=False, tables=tables)

    @property
    def page_count(self) -> int | None:
        """Number of pages [pages], or None when the format has no pages."""
        return len(self.pages) if self.paged else None

    @property
    def full_text(self) -> str:
        """All pages joined by newlines (for document-wide counts such as recommendations)."""
        return "\n".join(p.text for p in self.pages)

    def is_blank(self) -> bool:
        return not any(p.text.strip() for p in self.pages)
