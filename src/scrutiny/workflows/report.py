"""Write the scrutiny report (HTML, PDF, Word) or the savings tracker (Excel) for a proposal file.

`write_report` renders results already computed; `write_reports` renders several files at once,
laying out PDFs in other processes while this one writes the rest; `report_file` runs the whole
chain for one file (validate, simulate, challenge, render) as the `report` command does.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from multiprocessing.queues import Queue
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.errors import UsageError
from scrutiny.national.section import BenchmarkSection
from scrutiny.parameters.schema import ParameterSet

if TYPE_CHECKING:
    from scrutiny.reports import pdf_parts
    from scrutiny.reports.view import MemberConclusion, ReportContext

T = TypeVar("T")

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
    member_conclusions: Mapping[str, Sequence[MemberConclusion]] | None = None,
    out_of_date: str | None = None,
) -> Path:
    """Write one format into `out_dir` (temporary name, renamed into place); return its path.
    `member_conclusions` by ref and `out_of_date` (why the results are older than the file) are
    printed when given."""
    return ReportJob(
        pf,
        summary,
        challenge,
        fmt,
        out_dir,
        parameters,
        member_conclusions=member_conclusions,
        out_of_date=out_of_date,
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
        )

    def context(self) -> ReportContext:
        """The report's view-model (not used by the Excel tracker)."""
        from scrutiny.reports.context import build_context

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


def write_reports(jobs: Sequence[ReportJob], *, processes: int | None = None) -> list[Path]:
    """Write every job's file; the paths in the order of the jobs.

    Laying out a PDF takes longer than the other formats together, so PDFs are written by other
    processes (at most `processes`, by default one per core) while this one writes the rest. A
    long report's PDF is laid out in parts, one per process, and joined here (`pdf_parts`); the
    charts those processes draw are reused for the HTML and Word files of the same results.
    Each file is still written under a temporary name and renamed into place; the first error
    is raised once the other processes have stopped. Work whose process cannot start or dies is
    done in this one instead.
    """
    for job in jobs:
        check_format(job.fmt)
    workers = _cores() if processes is None else processes
    if workers < 1 or not any(job.fmt == "pdf" for job in jobs):
        return [job.write() for job in jobs]
    from scrutiny.reports.pdf_parts import SPLIT_FROM

    if len(jobs) == 1 and len(jobs[0].pf.proposals) < SPLIT_FROM:  # nothing to share out
        return [jobs[0].write()]
    with _Pool(workers) as pool:
        return _Schedule(jobs, pool, workers).run()


class _Task(Generic[T]):
    """Work started in another process; `result` waits for it, and does it here instead if that
    process could not start or died."""

    def __init__(self, future: Future[T], fn: Callable[..., T], *args: Any, **kwargs: Any):
        self.future, self.fn, self.args, self.kwargs = future, fn, args, kwargs

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> T:
        try:
            return self.future.result()
        except BrokenProcessPool:
            return self.fn(*self.args, **self.kwargs)


class _Here(Generic[T]):
    """Work this process has done, looked at as a `_Task`."""

    def __init__(self, value: T) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> T:
        return self.value


class _Pool:
    """Other processes, forked when that is safe and spawned otherwise, each sending what it
    knows of the PDF parts it lays out to `early` before they are done."""

    def __init__(self, workers: int) -> None:
        from scrutiny.reports import pdf_parts

        context = _start_method()
        self.early: Queue[Any] = context.Queue()
        self.executor = ProcessPoolExecutor(
            workers, mp_context=context, initializer=pdf_parts.listen, initargs=(self.early,)
        )

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.early.close()

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> _Task[T]:
        return _Task(self.executor.submit(fn, *args, **kwargs), fn, *args, **kwargs)


@dataclass
class _Split:
    """A PDF laid out in parts elsewhere."""

    ctx: ReportContext
    parts: list[_Task[pdf_parts.PartResult] | _Here[pdf_parts.PartResult]]


class _Schedule:
    """The order `write_reports` works in:

    1. start every PDF elsewhere: a long one as parts, one per process;
    2. write the Excel files; lay out the summary part of each PDF in parts; write the HTML and
       Word files of results with no PDF in parts;
    3. for each PDF in parts: write its HTML and Word files as soon as the parts have sent the
       charts they drew; lay out its front as soon as they have sent their marks (while they are
       painted); join the parts to the front once they are done;
    4. collect the files written elsewhere.
    """

    def __init__(self, jobs: Sequence[ReportJob], pool: _Pool, workers: int) -> None:
        self.jobs, self.pool, self.workers = jobs, pool, workers
        self.contexts: dict[tuple[int, ...], ReportContext] = {}
        self.written: dict[int, _Task[Path] | _Here[Path]] = {}
        self.early: dict[tuple[int, int, str], Any] = {}

    def context(self, job: ReportJob) -> ReportContext:
        if job.results not in self.contexts:
            self.contexts[job.results] = job.context()
        return self.contexts[job.results]

    def run(self) -> list[Path]:
        from scrutiny.reports import pdf_parts

        split: dict[int, _Split] = {}
        for i, job in enumerate(self.jobs):
            if job.fmt != "pdf":
                continue
            ctx = self.context(job)
            plan = pdf_parts.plan(ctx, self.workers)
            if plan:
                png = any(o.fmt == "docx" and o.results == job.results for o in self.jobs)
                tasks = [
                    self.pool.submit(pdf_parts.render_part, ctx, part, png=png, tag=(i, j + 1))
                    for j, part in enumerate(plan)
                ]
                split[i] = _Split(ctx, [*tasks])  # the summary goes first, below
            else:
                self.written[i] = self.pool.submit(job.write)
        waiting = {self.jobs[i].results for i in split}
        for i, job in enumerate(self.jobs):
            if job.fmt == "xlsx":
                self.written[i] = _Here(job.write())
        for pdf in split.values():  # the summaries, here, while the other parts are laid out
            pdf.parts.insert(0, _Here(pdf_parts.render_part(pdf.ctx, pdf_parts.SUMMARY)))
        for i, job in enumerate(self.jobs):
            if i not in self.written and i not in split and job.results not in waiting:
                self.written[i] = _Here(job.write(self.context(job)))
        for i, pdf in split.items():
            self._finish(i, pdf)
        return [self.written[i].result() for i in range(len(self.jobs))]

    def _finish(self, i: int, pdf: _Split) -> None:
        from scrutiny.reports import pdf_parts

        for drawn in self._early(i, pdf, "charts"):
            pdf_parts.prime_charts(drawn)
        same = [k for k, job in enumerate(self.jobs) if job.results == self.jobs[i].results]
        for k in same:
            if k not in self.written and k != i:
                self.written[k] = _Here(self.jobs[k].write(pdf.ctx))
        front, own = pdf_parts.render_front(pdf.ctx, self._early(i, pdf, "marks"))
        results = [part.result() for part in pdf.parts]
        self.written[i] = _Here(pdf_parts.join(front, own, results, self.jobs[i].path))

    def _early(self, i: int, pdf: _Split, kind: str) -> list[Any]:
        """What each part of PDF `i` sends of `kind` before it is done (see
        `pdf_parts.listen`), as soon as every part has sent it or ended."""
        got: dict[int, Any] = {}
        while True:
            for j, part in enumerate(pdf.parts):
                if j in got:
                    continue
                if (i, j, kind) in self.early:
                    got[j] = self.early.pop((i, j, kind))
                elif part.done():
                    result = part.result()
                    got[j] = result.pages if kind == "marks" else result.charts
            if len(got) == len(pdf.parts):
                return [got[j] for j in range(len(pdf.parts))]
            try:
                (ii, jj), what, payload = self.pool.early.get(timeout=0.05)
            except queue.Empty:
                continue
            self.early[(ii, jj, what)] = payload


def _start_method() -> BaseContext:
    """Fork, when this process runs a single thread: the children then share what it has loaded
    instead of importing it again (about 2 s each). With other threads running (a web server, a
    progress bar, a database pool), a forked child would inherit their locks in an unknown state,
    so the children are spawned: fresh interpreters, which need the caller's top-level work under
    ``if __name__ == "__main__":``."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _cores() -> int:
    """The cores this process may run on (a container or CI limit, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
) -> list[Path]:
    """Validate, simulate and challenge one proposal file, then write the report in each format
    (once each, in the order given); the paths written. Published figures are compared as at the
    file's meeting date, or as at `as_at` when given (hindsight).

    `parameters_file` holds a council's own figures in place of the shipped defaults: they drive
    the simulation and are the ones the report's appendix lists. Options are checked before any
    work starts; nothing is written unless the results are.
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
            ReportJob(shown, summary, challenge, fmt, out_dir, parameters, as_at=as_at)
            for fmt in wanted
        ]
    )
