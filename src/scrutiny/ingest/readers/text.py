"""Plain text and Markdown: UTF-8 only (a byte-order mark is allowed)."""

from __future__ import annotations

import re

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText, Table


def decode_utf8(source: str, data: bytes) -> str:
    """The text of `data`; bytes that are not UTF-8 are refused naming the first bad offset."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            source,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
        ) from None
    if "\x00" in text:
        raise DocumentError(source, "not a text document (it contains NUL bytes)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(source: str, data: bytes) -> AnchoredText:
    text = decode_utf8(source, data)
    return AnchoredText.plain(source, text, find_text_tables(text))


_ALIGNED = re.compile(r"\S(?: {2,})\S")


def _cells(line: str) -> tuple[str, ...] | None:
    """A line's cells when it is a table row: tab-separated, or three or more columns aligned
    with runs of spaces; None for a line of prose."""
    if "\t" in line:
        return tuple(c.strip() for c in line.split("\t"))
    parts = [c.strip() for c in re.split(r" {2,}", line.strip())]
    return tuple(parts) if len(parts) >= 3 else None


def find_text_tables(text: str) -> tuple[Table, ...]:
    """Runs of two or more consecutive table rows in plain text, each with the lines above it
    as its context."""
    tables: list[Table] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        run: list[tuple[str, ...]] = []
        j = i
        while j < len(lines) and (cells := _cells(lines[j])) is not None:
            run.append(cells)
            j += 1
        if len(run) >= 2:
            above = [line for line in lines[max(0, i - 6) : i] if line.strip()][-3:]
            tables.append(Table(len(tables) + 1, tuple(run), None, "\n".join(above)))
        i = max(j, i + 1)
    return tuple(tables)
