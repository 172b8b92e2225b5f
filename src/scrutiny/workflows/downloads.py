"""Report downloads for the web: the scrutiny report (HTML, PDF, Word) and the Excel savings
tracker of a stored file version, from its latest stored simulation and challenge."""

from __future__ import annotations

from pathlib import Path

from scrutiny.errors import NotFound
from scrutiny.reports.view import MemberConclusion
from scrutiny.store.engine import Database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.members import conclusions_of
from scrutiny.workflows.monitoring import monitoring_sheet
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


def write(engine: Database, file_version_id: int, fmt: str, out_dir: Path) -> Path:
    """Write one format for the file version into `out_dir`; the path written.

    The report carries members' verdicts and conclusions as recorded now, and says on its
    cover and summary (the tracker on its first sheet) when the stored results are older than
    the file as it is now."""
    check_format(fmt)
    with UnitOfWork(engine) as uow:
        stored = uow.files.get(file_version_id)
        pf = uow.files.load(file_version_id)
        sim = uow.reads.latest_simulation(file_version_id)
        chal = uow.reads.latest_challenge(file_version_id)
        state = uow.reads.analysis_state(file_version_id)
        overrides = uow.overrides.for_file_version(file_version_id)
        conclusions = member_conclusions(uow, file_version_id)
    if fmt != "xlsx" and (sim is None or chal is None):
        raise NotFound(f"{stored.council}: simulate and challenge the file before the report")
    # The tracker carries the latest period's returns for a finance officer to fill in.
    sheet = monitoring_sheet(pf, engine=engine) if fmt == "xlsx" else None
    return write_report(
        pf,
        sim[0] if sim else None,
        chal[0].with_overrides(overrides) if chal else None,
        fmt,
        out_dir,
        member_conclusions=conclusions,
        out_of_date=OUT_OF_DATE if state == "out_of_date" else None,
        monitoring=sheet,
    )


OUT_OF_DATE = (
    "the proposals were changed after the simulation and challenge this report is written "
    "from, so its probabilities, verdicts and findings do not reflect the changes. Run the "
    "analysis again for a current report."
)


def member_conclusions(uow: UnitOfWork, file_version_id: int) -> dict[str, list[MemberConclusion]]:
    """Members' recorded conclusions on the version's proposals by ref, oldest first."""
    refs = {sp.id: sp.ref for sp in uow.proposals.in_version(file_version_id)}
    return {
        refs[pid]: [
            MemberConclusion(text=e.note or "", by=e.actor, on=f"{e.at.day} {e.at:%B %Y}")
            for e in entries
        ]
        for pid, entries in conclusions_of(uow, list(refs)).items()
    }
