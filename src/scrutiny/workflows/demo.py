"""`scrutiny demo`: the whole workflow on the two bundled example councils, as named steps.

validate → load into the database → simulate → challenge → the minutes' recommendations tracked →
reports (HTML, PDF, Word and the Excel savings tracker per council) → an illustrative monitoring
year (two quarters' returns for Thurrock, with its forecast and monitoring report) → each
council's children looked after projected from the published figures → HTML summary of the
register. Everything is stored in the
configured database (SQLite `scrutiny.db` in the working directory by default), migrated first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrutiny.domain.money import format_gbp_rounded, format_gbp_short
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.errors import NotFound, OutputError, UsageError
from scrutiny.reports.register_html import RegisterEntry, write_register
from scrutiny.store.engine import Database, describe, open_database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.report import ReportJob, council_slug, write_reports
from scrutiny.workflows.simulate import run_simulation
from scrutiny.workflows.transfer import import_proposal_file
from scrutiny.workflows.validate import load

EXAMPLE_FILES = ("thurrock-2022.yaml", "croydon-2024.yaml")
EXAMPLE_RETURNS = ("illustrative-thurrock-2022-23-Q1.csv", "illustrative-thurrock-2022-23-Q2.csv")
"""An illustrative monitoring year (made-up returns for two quarters), imported by the demo."""
REPORT_FORMATS = ("html", "pdf", "docx", "xlsx")
ILLUSTRATIVE_MEETING = datetime.date(2024, 1, 23)
"""Illustrative: the meeting date the recommendations tracker uses for an example file that
gives none (Croydon's minutes are undated); every entry it makes is marked illustrative."""


def examples_dir() -> Path:
    """The bundled examples: inside the installed package, else the source checkout's."""
    packaged = Path(__file__).resolve().parent.parent / "examples"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "examples"
    if checkout.is_dir():
        return checkout
    raise NotFound("the bundled example files are missing from this installation")


@dataclass
class Step:
    """What one step did: `done` or `skipped`, a line for people, the files it wrote."""

    name: str
    status: str
    detail: str
    files: list[Path] = field(default_factory=list)


@dataclass
class CouncilRun:
    pf: ProposalFile
    source: str
    version: int = 0
    file_version_id: int = 0
    summary: SimulationSummary | None = None
    challenge: ChallengeReport | None = None
    files: list[Path] = field(default_factory=list)


@dataclass
class DemoResult:
    out_dir: Path
    database: str
    steps: list[Step]
    index: Path

    @property
    def files(self) -> list[Path]:
        return [f for s in self.steps for f in s.files]


class Demo:
    """The demo's steps, run in order by `run`; each appends a Step."""

    def __init__(
        self,
        out_dir: Path,
        *,
        iterations: int,
        seed: int,
        actor: str | None,
        engine: Database | None,
        examples: list[Path] | None,
        report: Callable[[Step], None] | None,
        formats: tuple[str, ...] = REPORT_FORMATS,
    ) -> None:
        self.out_dir = out_dir
        self.formats = formats
        self.iterations = iterations
        self.seed = seed
        self.actor = actor
        self.engine = engine
        self.example_paths = examples or [examples_dir() / name for name in EXAMPLE_FILES]
        self.report = report
        self.steps: list[Step] = []
        self.councils: list[CouncilRun] = []

    def _done(self, step: Step) -> None:
        self.steps.append(step)
        if self.report:
            self.report(step)

    def validate(self) -> None:
        for path in self.example_paths:
            self.councils.append(CouncilRun(pf=load(path), source=path.name))
        names = ", ".join(
            f"{c.pf.council} ({len(c.pf.proposals)} proposals)" for c in self.councils
        )
        self._done(Step("validate", "done", f"valid: {names}"))

    def load(self) -> None:
        self.engine = open_database(self.engine)
        lines = []
        for c in self.councils:
            result = import_proposal_file(
                c.pf, source=c.source, actor=self.actor, engine=self.engine
            )
            c.version, c.file_version_id = result.version, result.file_version_id
            lines.append(f"{c.pf.council} v{c.version}{'' if result.created else ' (unchanged)'}")
        self._done(Step("load", "done", f"{describe(self.engine)}: " + ", ".join(lines)))

    def _store_run(self, c: CouncilRun, kind: str, result: dict[str, Any]) -> None:
        with UnitOfWork(self.engine, actor=self.actor) as uow:
            uow.runs.add(
                c.file_version_id,
                kind,
                result,
                actor=uow.actor,
                iterations=self.iterations if kind == "simulation" else None,
                seed=self.seed if kind == "simulation" else None,
            )

    def simulate(self) -> None:
        for c in self.councils:
            c.summary = run_simulation(c.pf, iterations=self.iterations, seed=self.seed)
            self._store_run(c, "simulation", c.summary.to_json())
        detail = f"{self.iterations:,} iterations, seed {self.seed}; " + ", ".join(
            f"{c.pf.council}: {_portfolio_line(c.summary)}" for c in self.councils if c.summary
        )
        self._done(Step("simulate", "done", detail))

    def challenge(self) -> None:
        for c in self.councils:
            with UnitOfWork(self.engine) as uow:
                overrides = uow.overrides.for_file_version(c.file_version_id)
            c.challenge = run_challenge(c.pf, c.summary, overrides=overrides or None)
            self._store_run(c, "challenge", c.challenge.to_json())
        answered = [
            p for c in self.councils if c.challenge for p in c.challenge.proposals if p.questions
        ]
        removed = sum(len(c.challenge.proposals) for c in self.councils if c.challenge)
        removed -= len(answered)
        text = f"three questions answered for {len(answered)} proposals"
        if removed:
            text += f"; {removed} removed from the plan, counted as savings still to be found"
        self._done(Step("challenge", "done", text))

    def recommendations(self) -> None:
        """Track the recommendations each council's minutes record (a file without a meeting
        date gets an illustrative one, and its entries are marked illustrative)."""
        from scrutiny.workflows.recommendations import track_minuted

        assert self.engine is not None  # opened by `load`
        lines = []
        for c in self.councils:
            meeting = c.pf.meeting_date or ILLUSTRATIVE_MEETING
            added, items = track_minuted(
                self.engine,
                c.pf,
                meeting_date=meeting,
                actor=self.actor,
                illustrative=c.pf.meeting_date is None,
            )
            if added or items:
                dated = "" if c.pf.meeting_date else " (meeting date illustrative)"
                lines.append(
                    f"{c.pf.council}: {added} from the minutes, {items} work programme "
                    f"item{'' if items == 1 else 's'}{dated}"
                )
        self._done(
            Step(
                "recommendations", "done", "; ".join(lines) or "none in the minutes, or all tracked"
            )
        )

    def monitoring(self) -> None:
        """Import the illustrative monitoring year of the councils loaded, write its report."""
        from scrutiny.workflows.forecast import forecast_council
        from scrutiny.workflows.monitoring import import_returns
        from scrutiny.workflows.monitoring_report import write_report

        folder = self.example_paths[0].parent if self.example_paths else examples_dir()
        loaded = {c.pf.council for c in self.councils}
        files, lines = [], []
        for name in EXAMPLE_RETURNS:
            path = folder / name
            if path.is_file() and "Thurrock" in loaded:
                with UnitOfWork(self.engine) as uow:
                    done = path.name in {
                        s.source
                        for y in uow.monitoring.years("Thurrock")
                        for s in uow.monitoring.history("Thurrock", y)
                    }
                if not done:
                    import_returns(path, actor=self.actor, engine=self.engine)
        with UnitOfWork(self.engine) as uow:
            monitored = [c for c in sorted(loaded) if uow.monitoring.periods(c)]
        for council in monitored:
            (self.out_dir / "monitoring").mkdir(parents=True, exist_ok=True)
            result = forecast_council(council, engine=self.engine)
            f = result.forecast
            lines.append(
                f"{council} {f.period.label if f.period else f.year} (illustrative): year-end "
                f"forecast {format_gbp_rounded(f.plan.forecast.p50)} of "
                f"{format_gbp_short(f.plan.target)}"
            )
            files.append(
                write_report(council, "html", out=self.out_dir / "monitoring", engine=self.engine)
            )
        if not lines:
            self._done(Step("monitoring", "skipped", "no monitoring returns to import"))
            return
        self._done(Step("monitoring", "done", "; ".join(lines), files))

    def projection(self) -> None:
        """Project each loaded council's children looked after from the published figures."""
        import json

        from scrutiny.reports.atomic import write_text_atomically
        from scrutiny.workflows.projection import run_projection

        files, lines = [], []
        for c in self.councils:
            try:
                result = run_projection(c.pf.council, years=3)
            except UsageError:
                continue  # not a council the published figures know
            p = result.projection
            _, low, mid, high, _ = p.fan(len(p.years) - 1)
            lines.append(
                f"{c.pf.council}: {round(p.start_stock):,} children looked after on 31 March "
                f"{p.start_year} (published), about {round(mid):,} on 31 March {p.years[-1]} "
                f"(estimate, 8 in 10 between {round(low):,} and {round(high):,})"
            )
            path = self.out_dir / "projection" / f"{council_slug(c.pf.council)}-projection.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(path, json.dumps(result.to_json(), indent=2) + "\n")
            files.append(path)
        if not lines:
            self._done(Step("projection", "skipped", "no council with published figures"))
            return
        self._done(Step("projection", "done", "; ".join(lines), files))

    def reports(self) -> None:
        jobs = [
            ReportJob(c.pf, c.summary, c.challenge, fmt, self.out_dir / council_slug(c.pf.council))
            for c in self.councils
            for fmt in self.formats
        ]
        files = write_reports(jobs)
        for n, c in enumerate(self.councils):
            c.files = files[n * len(self.formats) : (n + 1) * len(self.formats)]
        names = {"html": "HTML", "pdf": "PDF", "docx": "Word", "xlsx": "Excel"}
        what = f"scrutiny reports ({', '.join(names[f] for f in self.formats)})"
        self._done(Step("reports", "done", f"{what} for {len(self.councils)} councils", files))

    def summary(self) -> Path:
        index = self.out_dir / "index.html"
        entries = [
            RegisterEntry(
                pf=c.pf,
                version=c.version,
                summary=c.summary,
                challenge=c.challenge,
                files=[(f.name, f.relative_to(self.out_dir).as_posix()) for f in c.files],
            )
            for c in self.councils
        ]
        write_register(entries, index, generated=datetime.datetime.now(datetime.UTC))
        self._done(Step("summary", "done", "HTML summary of the register", [index]))
        return index


def _portfolio_line(summary: SimulationSummary) -> str:
    if not summary.years:
        return "no targets"
    last = summary.years[-1]
    stats = summary.portfolio.years.get(last)
    removed = summary.portfolio.removed_targets
    still = f"; {format_gbp_short(removed)} from removed proposals still to find" if removed else ""
    if stats is None or stats.cumulative_target <= 0:
        return "no savings target in the plan" + still
    return (
        f"expected {format_gbp_rounded(stats.mean)} of the {last} target of "
        f"{format_gbp_short(stats.cumulative_target)}, {format_gbp_rounded(stats.at_risk)} at "
        f"risk, rated {stats.rag}" + still
    )


def run_demo(
    out_dir: Path = Path("scrutiny-demo"),
    *,
    iterations: int = 10_000,
    seed: int = 0,
    actor: str | None = None,
    engine: Database | None = None,
    examples: list[Path] | None = None,
    report: Callable[[Step], None] | None = None,
    formats: tuple[str, ...] = REPORT_FORMATS,
) -> DemoResult:
    """Run every step; `report` is told about each step as it finishes. `formats` are the report
    formats written for each council (all four by default)."""
    demo = Demo(
        out_dir,
        iterations=iterations,
        seed=seed,
        actor=actor,
        engine=engine,
        examples=examples,
        report=report,
        formats=formats,
    )
    demo.validate()
    demo.load()
    demo.simulate()
    demo.challenge()
    demo.recommendations()
    try:
        demo.reports()
        demo.monitoring()
        demo.projection()
        index = demo.summary()
    except OSError as exc:
        where = str(exc.filename or out_dir)
        raise OutputError(where, f"cannot be written ({exc.strerror or exc})") from None
    assert demo.engine is not None
    return DemoResult(
        out_dir=out_dir, database=describe(demo.engine), steps=demo.steps, index=index
    )
