"""Extract facts from one document: read it at the edge, then run the pure extractors."""

from __future__ import annotations

from pathlib import Path

from scrutiny.config import Settings, get_settings
from scrutiny.ingest.document import AnchoredText
from scrutiny.ingest.extract.facts import Extraction, extract
from scrutiny.ingest.readers import Limits, read_document


def limits_from(settings: Settings) -> Limits:
    """The document limits configured by SCRUTINY_MAX_DOCUMENT_* settings."""
    return Limits(
        max_bytes=settings.max_document_bytes,
        max_pages=settings.max_document_pages,
        max_unzipped_bytes=settings.max_unzipped_bytes,
    )


def read_path(path: Path, *, settings: Settings | None = None) -> AnchoredText:
    """The document's anchored text (DocumentError for anything unreadable)."""
    return read_document(path, limits_from(settings or get_settings()))


def extract_path(path: Path, *, settings: Settings | None = None) -> Extraction:
    """Every money figure, reference, workforce figure, percentage, recommendation count and
    draft proposal in the document at `path`; `.to_json()` follows contracts.md §6."""
    return extract(read_path(path, settings=settings))
