"""Write the scrutiny report (HTML, PDF, Word) or the savings tracker (Excel) for a proposal file.

`write_report` renders results already computed; `write_reports` renders several files from the
same view-model; `report_file` runs the whole chain for one file (validate, simulate, challenge,
render) as the `report` command does.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.errors import UsageError
from scrutiny.national.section import BenchmarkSection
from scrutiny.parameters.schema import ParameterSet

if TYPE_CHECKING:
    from scrutiny.reports.monitoring_sheet import MonitoringSheet
    from scrutiny.reports.view import MemberConclusion, ReportContext

FORMATS = ("html", "pdf", "docx", "xlsx")


def check_format(fmt: str) -> None:
    """Refuse a format there is no writer for, before anything is written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


APPENDICES = ("none", "summary", "full")


def check_appendices(appendices: str) -> None:
    """Refuse an unknown appendices setting before anything is written."""
    if appendices not in APPENDICES:
        raise UsageError(
            f"unknown appendices {appendices!r}; choose one of {', '.join(APPENDICES)}"
        )


def council_slug(council: str) -> str:
    """A council's name as the start of a file name: ``Kingston upon Thames`` →
    ``kingston-upon-thames`` (``council`` when nothing is left)."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in council.lower()).split()) or (
        "council"
    )


def report_name(pf: ProposalFile, fmt: str) -> str:
    """``thurrock-scrutiny-report.pdf``; the Excel file is the savings tracker."""
    kind = "savings-tracker" if fmt == "xlsx" else "scrutiny-report"
    return f"{council_slug(pf.council)}-{kind}.{fmt}"


def write_report(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    challenge: ChallengeReport | None,
    fmt: str,
    out_dir: Path,
    *,
    parameters: ParameterSet | None = None,
    member_conclusions: Mapping[str, Sequence[MemberConclusion]] | None = None,
    out_of_date: str | None = None,
    appendices: str = "summary",
    monitoring: MonitoringSheet | None = None,
) -> Path:
    """Write one format into `out_dir` (temporary name, renamed into place); return its path.
    `member_conclusions` by ref and `out_of_date` (why the results are older than the file) are
    printed when given; `appendices` says how much follows the briefing (none, summary, full);
    `monitoring` is the period's sheet of returns the Excel tracker carries."""
    return ReportJob(
        pf,
        summary,
        challenge,
        fmt,
        out_dir,
        parameters,
        member_conclusions=member_conclusions,
        out_of_date=out_of_date,
        appendices=appendices,
        monitoring=monitoring,
    ).write()


@dataclass(frozen=True)
class ReportJob:
    """One file to write: the results of one proposal file in one format, into a folder."""

    pf: ProposalFile
    summary: SimulationSummary | None
    challenge: ChallengeReport | None
    fmt: str
    out_dir: Path
    parameters: ParameterSet | None = None
    member_conclusions: Mapping[str, Sequence[MemberConclusion]] | None = None
    out_of_date: str | None = None
    as_at: datetime.date | None = None  # benchmarks as at this date (None: the meeting date)
    appendices: str = "summary"  # none, summary or full (`reports.view.APPENDICES`)
    monitoring: MonitoringSheet | None = None  # the Excel tracker's sheet of a period's returns

    @property
    def path(self) -> Path:
        return self.out_dir / report_name(self.pf, self.fmt)

    @property
    def results(self) -> tuple[int, ...]:
        """Which results the job reports on: jobs with the same results share one view-model."""
        return (
            id(self.pf),
            id(self.summary),
            id(self.challenge),
            id(self.parameters),
            id(self.member_conclusions),
            id(self.out_of_date),
            id(self.as_at),
            hash(self.appendices),
        )

    def context(self) -> ReportContext:
        """The report's view-model (not used by the Excel tracker)."""
        from scrutiny.reports.context import build_context
        from scrutiny.workflows.projection import council_outlook, levers_baseline

        parameters = self._parameters()
        return build_context(
            self.pf,
            self.summary,
            self.challenge,
            parameters,
            benchmark=_comparison(self.pf, parameters, self.as_at),
            benchmarked=True,
            member_conclusions=self.member_conclusions,
            out_of_date=self.out_of_date,
            appendices=self.appendices,
            outlook=council_outlook(self.pf.council) if self.appendices != "none" else None,
            baseline=levers_baseline(self.pf),
        )

    def write(self, ctx: ReportContext | None = None) -> Path:
        """Write the file, from `ctx` when the view-model is already built."""
        check_format(self.fmt)
        if self.fmt == "xlsx":
            from scrutiny.reports.xlsx import write_tracker

            return write_tracker(
                self.pf,
                self.path,
                self.summary,
                self.challenge,
                parameters=self._parameters(),
                out_of_date=self.out_of_date,
                monitoring=self.monitoring,
            )
        ctx = ctx or self.context()
        if self.fmt == "html":
            from scrutiny.reports.html import write_html

            return write_html(ctx, self.path)
        if self.fmt == "pdf":
            from scrutiny.reports.pdf import write_pdf

            return write_pdf(ctx, self.path)
        from scrutiny.reports.docx import write_docx

        return write_docx(ctx, self.path)

    def _parameters(self) -> ParameterSet:
        if self.parameters is not None:
            return self.parameters
        from scrutiny.parameters.loader import load_defaults

        return load_defaults()


def write_reports(jobs: Sequence[ReportJob]) -> list[Path]:
    """Write every job's file, in this process; the paths in the order of the jobs.

    Jobs on the same results share one view-model, and the charts drawn for one format are
    reused by the next (`reports.charts` keeps them). Each file is written under a temporary
    name and renamed into place; every format is checked before anything is written.
    """
    for job in jobs:
        check_format(job.fmt)
        check_appendices(job.appendices)
    contexts: dict[tuple[int, ...], ReportContext] = {}
    paths = []
    for job in jobs:
        if job.fmt == "xlsx":
            paths.append(job.write())
            continue
        if job.results not in contexts:
            contexts[job.results] = job.context()
        paths.append(job.write(contexts[job.results]))
    return paths


def _comparison(
    pf: ProposalFile, parameters: ParameterSet, as_at: datetime.date | None = None
) -> BenchmarkSection | None:
    """The national comparison for the file's council as at its meeting (or `as_at`); None when
    it is not in the data."""
    from scrutiny.workflows.benchmark import report_section

    try:
        return report_section(pf, parameters=parameters, as_at=as_at)
    except UsageError:  # the council is known but has no published figures
        return None


def report_file(
    path: Path,
    formats: Sequence[str],
    out_dir: Path,
    *,
    iterations: int = 10_000,
    seed: int = 0,
    policy_file: Path | None = None,
    parameters_file: Path | None = None,
    with_overrides: bool = False,
    as_at: datetime.date | None = None,
    appendices: str = "summary",
) -> list[Path]:
    """Validate, simulate and challenge one proposal file, then write the report in each format
    (once each, in the order given); the paths written. Published figures are compared as at the
    file's meeting date, or as at `as_at` when given (hindsight).

    `parameters_file` holds a council's own figures in place of the shipped defaults: they drive
    the simulation and are the ones the report's appendix lists; `appendices` says how much
    follows the briefing (none, summary, full). Options are checked before any work starts;
    nothing is written unless the results are.
    """
    from scrutiny.challenge.hindsight import read_as_at
    from scrutiny.parameters.loader import load_defaults
    from scrutiny.workflows.challenge import load_policy, run_analysis
    from scrutiny.workflows.members import overrides_in_database
    from scrutiny.workflows.simulate import check_options
    from scrutiny.workflows.validate import load

    wanted = list(dict.fromkeys(formats))
    for fmt in wanted:
        check_format(fmt)
    check_appendices(appendices)
    check_options(iterations, seed)
    parameters = load_defaults(parameters_file)
    policy = load_policy(policy_file) if policy_file else None
    pf = load(path)
    members = overrides_in_database(pf.council) if with_overrides else None
    summary, challenge = run_analysis(
        pf,
        parameters=parameters,
        policy=policy,
        overrides=members,
        as_at=as_at,
        iterations=iterations,
        seed=seed,
    )
    shown = read_as_at(pf, as_at)  # its figures graded as the challenge read them
    return write_reports(
        [
            ReportJob(
                shown,
                summary,
                challenge,
                fmt,
                out_dir,
                parameters,
                as_at=as_at,
                appendices=appendices,
            )
            for fmt in wanted
        ]
    )
