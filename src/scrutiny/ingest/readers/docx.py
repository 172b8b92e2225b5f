"""Word .docx: paragraphs and tables in document order (a table row becomes one line), and
each table's cells."""

from __future__ import annotations

from io import BytesIO

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText
from scrutiny.ingest.document import Table as TableOfCells
from scrutiny.ingest.readers.limits import Limits, check_zip


def read_docx(source: str, data: bytes, limits: Limits) -> AnchoredText:
    """The document's text; archives that are not Word files or would expand too far are refused."""
    check_zip(source, data, limits)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise DocumentError(
            source, f"not a readable Word document ({type(exc).__name__})"
        ) from None
    lines: list[str] = []
    tables: list[TableOfCells] = []

    def walk(items: object) -> None:
        for item in items:  # type: ignore[attr-defined]
            if isinstance(item, Paragraph):
                lines.append(item.text)
            elif isinstance(item, Table):
                context = "\n".join(line for line in lines[-3:] if line.strip())
                grid: list[tuple[str, ...]] = []
                for row in item.rows:
                    # A merged cell is repeated under every column it spans, keeping columns
                    # aligned (a header over two year columns labels both).
                    values = tuple(" ".join(c.text.split()) for c in row.cells)
                    cells: list[str] = []
                    for value in values:
                        if not cells or cells[-1] != value:  # merged cells repeat
                            cells.append(value)
                    lines.append(" | ".join(cells))
                    grid.append(values)
                tables.append(TableOfCells(len(tables) + 1, tuple(grid), None, context))

    walk(document.iter_inner_content())
    return AnchoredText.plain(source, "\n\n".join(lines), tuple(tables))
