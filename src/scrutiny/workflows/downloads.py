"""Report downloads for the web: the scrutiny report (HTML, PDF, Word) and the Excel savings
tracker of a stored file version, from its latest stored simulation and challenge."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine

from scrutiny.errors import NotFound, UsageError
from scrutiny.reports.xlsx import write_tracker
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import cached_reads

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _report_workflow() -> ModuleType | None:
    """`scrutiny.workflows.report` when this build has the report writers."""
    name = "scrutiny.workflows.report"
    return importlib.import_module(name) if importlib.util.find_spec(name) else None


def formats() -> list[str]:
    """The formats this build can write: all four with the report writers, else the tracker."""
    return ["html", "pdf", "docx", "xlsx"] if _report_workflow() is not None else ["xlsx"]


def write(engine: Engine, file_version_id: int, fmt: str, out_dir: Path) -> Path:
    """Write one format for the file version into `out_dir`; the path written."""
    if fmt not in formats():
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(formats())}")
    with UnitOfWork(engine) as uow:
        stored = uow.files.get(file_version_id)
        pf = uow.files.load(file_version_id)
        sim = cached_reads.latest_simulation(uow.session, file_version_id)
        chal = cached_reads.latest_challenge(uow.session, file_version_id)
    module = _report_workflow()
    if module is None:
        slug = "-".join("".join(c if c.isalnum() else " " for c in stored.council.lower()).split())
        return write_tracker(pf, out_dir / f"{slug or 'council'}-savings-tracker.xlsx")
    if fmt != "xlsx" and (sim is None or chal is None):
        raise NotFound(f"{stored.council}: simulate and challenge the file before the report")
    path: Path = module.write_report(
        pf, sim[0] if sim else None, chal[0] if chal else None, fmt, out_dir
    )
    return path
