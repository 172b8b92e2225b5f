"""HTML (ModernGov agenda, minutes and decision pages): headings, numbered lists and tables kept,
navigation, scripts and styles dropped. Script content is never read as text."""

from __future__ import annotations

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText, Table
from scrutiny.ingest.readers.text import decode_utf8

_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "template",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "svg",
    "head",
)
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "li",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "table",
    "ul",
    "ol",
    "caption",
    "hr",
}


def _ordinal(value: object) -> int:
    """The number an <ol start="…"> list begins at (1 when absent or unreadable)."""
    return int(value) if isinstance(value, str) and value.strip().isdigit() else 1


def read_html(source: str, data: bytes) -> AnchoredText:
    """The visible text of a page, one block per line."""
    from bs4 import BeautifulSoup, NavigableString, Tag
    from bs4.element import Comment

    text = decode_utf8(source, data)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml refuses very damaged input
        raise DocumentError(source, f"not readable HTML ({type(exc).__name__})") from None
    for tag in soup.find_all(_DROP):
        tag.decompose()
    lines: list[str] = []
    current: list[str] = []
    tables: list[Table] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        current.clear()
        if line:
            lines.append(line)

    def walk(node: Tag, prefix: str = "") -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in ("ol", "ul"):
                flush()
                start = _ordinal(child.get("start")) if name == "ol" else 0
                n = start
                for li in child.find_all("li", recursive=False):
                    current.append(f"{n}. " if name == "ol" else "• ")
                    n += 1
                    walk(li)
                    flush()
                continue
            if name == "table":
                flush()
                context = "\n".join(lines[-3:])
                grid = _grid(child)
                if grid:
                    tables.append(Table(len(tables) + 1, grid, None, context))
            if name == "tr":
                flush()
                cells = [
                    " ".join(c.get_text(" ").split())
                    for c in child.find_all(["td", "th"], recursive=False)
                ]
                lines.append(" | ".join(c for c in cells if c))
                continue
            if name in _BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(soup)
    flush()
    return AnchoredText.plain(source, "\n\n".join(lines), tuple(tables))


_MAX_SPAN = 50  # a rowspan or colspan beyond this is a damaged page, not a layout [cells]


def _span(value: object) -> int:
    text = value if isinstance(value, str) else ""
    return min(_MAX_SPAN, int(text)) if text.strip().isdigit() and int(text) > 0 else 1


def _grid(table: object) -> tuple[tuple[str, ...], ...]:
    """The cells of a <table>, row by row, a cell spanning rows or columns repeated in each
    (so columns stay aligned); rows of nested tables are left to their own table."""
    from bs4 import Tag

    assert isinstance(table, Tag)
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    pending: dict[tuple[int, int], str] = {}  # (row, column) filled by a rowspan above
    grid: list[tuple[str, ...]] = []
    for i, tr in enumerate(rows):
        out: list[str] = []
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (i, col) in pending:
                out.append(pending.pop((i, col)))
                col += 1
            text = " ".join(cell.get_text(" ").split())
            down, across = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            for _ in range(across):
                out.append(text)
                for k in range(1, down):
                    pending[(i + k, col)] = text
                col += 1
        while (i, col) in pending:
            out.append(pending.pop((i, col)))
            col += 1
        grid.append(tuple(out))
    return tuple(grid)
