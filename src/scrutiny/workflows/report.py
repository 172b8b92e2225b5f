"""Write the scrutiny report (HTML, PDF, Word) or the savings tracker (Excel) for a proposal file.

`write_report` renders results already computed; `write_reports` renders several files at once,
laying out PDFs in other processes while this one writes the rest; `report_file` runs the whole
chain for one file (validate, simulate, challenge, render) as the `report` command does.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.errors import UsageError
from scrutiny.national.section import BenchmarkSection
from scrutiny.parameters.schema import ParameterSet

FORMATS = ("html", "pdf", "docx", "xlsx")


def check_format(fmt: str) -> None:
    """Refuse a format there is no writer for, before anything is written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def report_name(pf: ProposalFile, fmt: str) -> str:
    """``thurrock-scrutiny-report.pdf``; the Excel file is the savings tracker."""
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in pf.council.lower()).split())
    kind = "savings-tracker" if fmt == "xlsx" else "scrutiny-report"
    return f"{slug or 'council'}-{kind}.{fmt}"


def write_report(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    challenge: ChallengeReport | None,
    fmt: str,
    out_dir: Path,
    *,
    parameters: ParameterSet | None = None,
) -> Path:
    """Write one format into `out_dir` (temporary name, renamed into place); return its path."""
    check_format(fmt)
    if parameters is None:
        from scrutiny.parameters.loader import load_defaults

        parameters = load_defaults()
    path = out_dir / report_name(pf, fmt)
    if fmt == "xlsx":
        from scrutiny.reports.xlsx import write_tracker

        return write_tracker(pf, path, summary, challenge, parameters=parameters)
    from scrutiny.reports.context import build_context

    ctx = build_context(
        pf,
        summary,
        challenge,
        parameters,
        benchmark=_comparison(pf, parameters),
        benchmarked=True,
    )
    if fmt == "html":
        from scrutiny.reports.html import write_html

        return write_html(ctx, path)
    if fmt == "pdf":
        from scrutiny.reports.pdf import write_pdf

        return write_pdf(ctx, path)
    from scrutiny.reports.docx import write_docx

    return write_docx(ctx, path)


@dataclass(frozen=True)
class ReportJob:
    """One file to write: the results of one proposal file in one format, into a folder."""

    pf: ProposalFile
    summary: SimulationSummary | None
    challenge: ChallengeReport | None
    fmt: str
    out_dir: Path
    parameters: ParameterSet | None = None

    def write(self) -> Path:
        return write_report(
            self.pf,
            self.summary,
            self.challenge,
            self.fmt,
            self.out_dir,
            parameters=self.parameters,
        )


def write_reports(jobs: Sequence[ReportJob], *, processes: int | None = None) -> list[Path]:
    """Write every job's file; the paths in the order of the jobs.

    Laying out a PDF takes longer than the other three formats together, so when there is more
    than one job and more than one core, PDFs are written by other processes (at most
    `processes`, by default one fewer than the cores) while this one writes the rest. Each file
    is still written under a temporary name and renamed into place; the first error is raised
    once the other processes have stopped. A process that cannot start or dies leaves its file
    to this one. (Processes are spawned, so a script calling this must keep its top-level work
    under ``if __name__ == "__main__":``, as for any use of `multiprocessing`.)
    """
    for job in jobs:
        check_format(job.fmt)
    apart = [i for i, job in enumerate(jobs) if job.fmt == "pdf"]
    spare = _cores() - 1 if processes is None else processes
    if not apart or len(jobs) < 2 or spare < 1:
        return [job.write() for job in jobs]
    written: dict[int, Path] = {}
    # A fresh interpreter, not a fork: the caller may hold threads (a progress bar, a database
    # pool) that a forked child would inherit in an unknown state.
    pool = ProcessPoolExecutor(
        min(spare, len(apart)), mp_context=multiprocessing.get_context("spawn")
    )
    try:
        elsewhere: dict[int, Future[Path]] = {i: pool.submit(jobs[i].write) for i in apart}
        for i, job in enumerate(jobs):
            if i not in elsewhere:
                written[i] = job.write()
        for i, future in elsewhere.items():
            try:
                written[i] = future.result()
            except BrokenProcessPool:
                written[i] = jobs[i].write()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [written[i] for i in range(len(jobs))]


def _cores() -> int:
    """The cores this process may run on (a container or CI limit, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _comparison(pf: ProposalFile, parameters: ParameterSet) -> BenchmarkSection | None:
    """The national comparison for the file's council; None when it is not in the data."""
    from scrutiny.workflows.benchmark import report_section

    try:
        return report_section(pf, parameters=parameters)
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
) -> list[Path]:
    """Validate, simulate and challenge one proposal file, then write the report in each format
    (once each, in the order given); the paths written.

    `parameters_file` holds a council's own figures in place of the shipped defaults: they drive
    the simulation and are the ones the report's appendix lists. Options are checked before any
    work starts; nothing is written unless the results are.
    """
    from scrutiny.parameters.loader import load_defaults
    from scrutiny.workflows.challenge import load_policy, overrides_in_database, run_challenge
    from scrutiny.workflows.simulate import check_options, run_simulation
    from scrutiny.workflows.validate import load

    wanted = list(dict.fromkeys(formats))
    for fmt in wanted:
        check_format(fmt)
    check_options(iterations, seed)
    parameters = load_defaults(parameters_file)
    load_policy(policy_file)
    pf = load(path)
    members = overrides_in_database(pf.council) if with_overrides else None
    summary = run_simulation(pf, iterations=iterations, seed=seed, parameters=parameters)
    challenge = run_challenge(pf, summary, policy_file=policy_file, overrides=members)
    return write_reports(
        [ReportJob(pf, summary, challenge, fmt, out_dir, parameters) for fmt in wanted]
    )
