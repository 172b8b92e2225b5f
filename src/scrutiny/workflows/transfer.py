"""Moving proposals between files and the database: `scrutiny import` and `scrutiny export`.

Import validates the whole file first, then stores it as the council's next version in one
transaction (all or nothing). Export rebuilds the file that was imported (YAML), or writes the
savings tracker (CSV, Excel). Files are written to a temporary file and renamed into place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.errors import NotFound, OutputError, UsageError
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.monitoring_sheet import MonitoringSheet
from scrutiny.reports.tracker import tracker_csv
from scrutiny.reports.xlsx import write_tracker
from scrutiny.store.engine import Database, describe, open_database
from scrutiny.store.register import StoredFile
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.monitoring import monitoring_sheet
from scrutiny.workflows.validate import check_runs, load


class ExportFormat(StrEnum):
    yaml = "yaml"
    csv = "csv"
    xlsx = "xlsx"


@dataclass(frozen=True)
class ImportResult:
    council: str
    version: int
    file_version_id: int
    created: bool
    proposals: int
    database: str

    def to_json(self) -> dict[str, object]:
        return {
            "council": self.council,
            "version": self.version,
            "created": self.created,
            "proposals": self.proposals,
        }

    def describe(self) -> str:
        if self.created:
            return (
                f"imported {self.council}: {self.proposals} proposals as version {self.version} "
                f"into {self.database}"
            )
        return f"{self.council}: unchanged, the same as version {self.version} in {self.database}"


def import_proposal_file(
    pf: ProposalFile, *, source: str, actor: str | None = None, engine: Database | None = None
) -> ImportResult:
    """Store an already-validated file as the council's next version (one transaction)."""
    check_runs(pf, source)
    engine = open_database(engine)
    with UnitOfWork(engine, actor=actor) as uow:
        stored, created = uow.files.add(pf, source=source, actor=uow.actor)
    return ImportResult(
        council=pf.council,
        version=stored.number,
        file_version_id=stored.id,
        created=created,
        proposals=len(pf.proposals),
        database=describe(engine),
    )


def import_file(
    path: Path, *, actor: str | None = None, engine: Database | None = None
) -> ImportResult:
    """Validate `path` and import it; an invalid file raises InvalidInput and writes nothing."""
    pf = load(path)
    return import_proposal_file(pf, source=path.name, actor=actor, engine=engine)


def load_register(
    council: str | None = None, *, version: int | None = None, engine: Database | None = None
) -> tuple[ProposalFile, StoredFile]:
    """The council's register (latest version unless `version`) rebuilt as a ProposalFile.

    Without `council` the database must hold exactly one council's register.
    """
    engine = open_database(engine)
    with UnitOfWork(engine) as uow:
        names = uow.councils.names()
        if council is None:
            if not names:
                raise NotFound("the database holds no register yet; run: scrutiny import FILE")
            if len(names) > 1:
                raise UsageError(
                    f"the database holds {len(names)} councils ({', '.join(names)}); "
                    "choose one with --council NAME"
                )
            council = names[0]
        elif council not in names:
            known = ", ".join(names) or "none"
            raise NotFound(f"no register for council {council!r} (councils: {known})")
        versions = uow.files.versions(council)
        if version is None:
            stored = versions[-1]
        else:
            found = [v for v in versions if v.number == version]
            if not found:
                raise NotFound(f"{council} has no version {version} (1 to {len(versions)})")
            stored = found[0]
        return uow.files.load(stored.id), stored


def render(pf: ProposalFile, fmt: ExportFormat, monitoring: MonitoringSheet | None = None) -> str:
    """The register as YAML or CSV text (the CSV with the period's columns when given)."""
    if fmt == ExportFormat.yaml:
        return yaml_files.dump(pf.to_data())
    if fmt == ExportFormat.csv:
        return tracker_csv(pf, monitoring)
    raise UsageError("Excel is a binary format: give --out FILE.xlsx")


def export_register(
    fmt: ExportFormat,
    *,
    out: Path | None = None,
    council: str | None = None,
    version: int | None = None,
    engine: Database | None = None,
    period: str | None = None,
) -> tuple[str | None, StoredFile]:
    """Export the register; returns (text when no `out` was given, the version exported).
    The tracker (CSV, Excel) carries the columns of monitoring `period` (default: the latest
    with returns) for a finance officer to fill in."""
    if fmt == ExportFormat.xlsx and out is None:
        raise UsageError("Excel export needs --out FILE.xlsx")
    if out is not None and out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    pf, stored = load_register(council, version=version, engine=engine)
    sheet = None
    if fmt != ExportFormat.yaml:
        sheet = monitoring_sheet(pf, period=period, engine=engine)
    if out is None:
        return render(pf, fmt, sheet), stored
    try:
        if fmt == ExportFormat.xlsx:
            write_tracker(pf, out, monitoring=sheet)
        else:
            text = render(pf, fmt, sheet)

            def write(tmp: Path) -> None:
                tmp.write_text(text, encoding="utf-8")

            write_atomically(out, write)
    except OSError as exc:
        raise OutputError(str(out), f"cannot be written ({exc.strerror or exc})") from None
    return None, stored
