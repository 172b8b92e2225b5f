"""Plain text and Markdown: UTF-8 only (a byte-order mark is allowed)."""

from __future__ import annotations

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText


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
    return AnchoredText.plain(source, decode_utf8(source, data))
