"""Report downloads for the web: the scrutiny report (HTML, PDF, Word) and the Excel savings
tracker of a stored file version, from its latest stored simulation and challenge."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from scrutiny.errors import NotFound
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import cached_reads
from scrutiny.workflows.report import check_format, write_report

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def formats() -> list[str]:
    """The formats a report can be downloaded in."""
    return list(MEDIA_TYPES)


def write(engine: Engine, file_version_id: int, fmt: str, out_dir: Path) -> Path:
    """Write one format for the file version into `out_dir`; the path written."""
    check_format(fmt)
    with UnitOfWork(engine) as uow:
        stored = uow.files.get(file_version_id)
        pf = uow.files.load(file_version_id)
        sim = cached_reads.latest_simulation(uow.session, file_version_id)
        chal = cached_reads.latest_challenge(uow.session, file_version_id)
    if fmt != "xlsx" and (sim is None or chal is None):
        raise NotFound(f"{stored.council}: simulate and challenge the file before the report")
    return write_report(pf, sim[0] if sim else None, chal[0] if chal else None, fmt, out_dir)
