"""Guards applied before and while a document is opened: size, pages, zip bombs, file type."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from scrutiny.errors import DocumentError

_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MAX_ZIP_ENTRIES = 10_000
_MAX_ZIP_RATIO = 200  # uncompressed / compressed size of one entry [ratio]


@dataclass(frozen=True)
class Limits:
    """max_bytes [bytes] of the file, max_pages [pages] of a PDF, max_unzipped_bytes [bytes]
    of a Word file's contents once decompressed."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2000
    max_unzipped_bytes: int = 200 * 1024 * 1024


def _size(n: int) -> str:
    """A byte count for people: '50 MB', '1,000 bytes'."""
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def check_size(path: Path, limits: Limits) -> bytes:
    """The file's bytes, after refusing one over the size limit or empty."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise DocumentError(
            path.name,
            f"the file is {_size(size)}, over the limit of {_size(limits.max_bytes)} "
            "(set SCRUTINY_MAX_DOCUMENT_BYTES to change it)",
        )
    if size == 0:
        raise DocumentError(path.name, "the file is empty")
    return path.read_bytes()


def sniff(path: Path, data: bytes) -> str:
    """'pdf', 'docx', 'html' or 'text', from the content first and the file name second."""
    suffix = path.suffix.lower()
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    if suffix in _HTML_SUFFIXES or head[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in _TEXT_SUFFIXES or not suffix:
        return "text"
    if b"\x00" in data[:4096]:
        raise DocumentError(path.name, f"not a document this product reads ({suffix} file)")
    return "text"


def check_zip(source: str, data: bytes, limits: Limits) -> None:
    """Refuse a Word file that is not a zip, or whose contents would decompress past the limit
    or at a ratio only a zip bomb has."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError(
            source, "not a Word document (.docx is a zip archive; this is not)"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > _MAX_ZIP_ENTRIES:
            raise DocumentError(source, f"refused: the archive holds {len(infos)} files")
        total = 0
        for info in infos:
            total += info.file_size
            if (
                info.compress_size
                and info.file_size / info.compress_size > _MAX_ZIP_RATIO
                and info.file_size > 1_000_000
            ):
                raise DocumentError(
                    source,
                    f"refused as a possible zip bomb: {info.filename} expands "
                    f"{info.file_size // max(info.compress_size, 1)}-fold",
                )
        if total > limits.max_unzipped_bytes:
            raise DocumentError(
                source,
                f"refused as a possible zip bomb: contents expand to {_size(total)}, over the "
                f"limit of {_size(limits.max_unzipped_bytes)}",
            )
        if "word/document.xml" not in archive.namelist():
            raise DocumentError(source, "not a Word document (no word/document.xml inside)")
