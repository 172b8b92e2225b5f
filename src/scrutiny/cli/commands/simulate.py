"""`scrutiny simulate FILE|DIR`: Monte Carlo over every proposal and the portfolio."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scrutiny.cli.output import (
    Format,
    command,
    emit_json,
    parameters_option,
    say,
    stderr,
    stdout,
)
from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.results import SimulationSummary, YearStats

PROGRESS_FROM = 100_000
"""Runs of at least this many iterations [iterations] show a progress bar (on stderr)."""


@contextmanager
def _progress(enabled: bool, what: str) -> Iterator[Callable[[int, int], None] | None]:
    console = stderr()
    if not enabled or not console.is_terminal:  # piped or logged: no bar, no stray blank line
        yield None
        return
    with Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _chance(s: YearStats) -> str:
    """The probability of meeting the target, or "no target" where there is none to meet."""
    return "no target" if s.p_meet_target is None else f"{s.p_meet_target:.0%}"


def _row(s: YearStats) -> list[str]:
    """target, expected, P10, P90, at risk, P(meet), RAG."""
    money = [format_gbp_rounded(x) for x in (s.cumulative_target, s.mean, s.p10, s.p90, s.at_risk)]
    return [*money, _chance(s), s.rag or ""]


def _table(summary: SimulationSummary, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for name, justify in [
        ("proposal", "left"),
        ("model", "left"),
        ("year", "left"),
        ("target", "right"),
        ("expected", "right"),
        ("P10", "right"),
        ("P90", "right"),
        ("at risk", "right"),
        ("P(meet)", "right"),
        ("RAG", "left"),
    ]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in summary.proposals:
        for i, (year, s) in enumerate(p.years.items()):
            table.add_row(p.ref if i == 0 else "", p.model if i == 0 else "", year, *_row(s))
        table.add_section()
    for year, s in summary.portfolio.years.items():
        table.add_row("portfolio", "", year, *_row(s))
    return table


@command
def simulate(
    path: Path = typer.Argument(
        ..., help="Proposal file (YAML or JSON), or a folder of them.", show_default=False
    ),
    iterations: int = typer.Option(10_000, "--iterations", "-n", help="Monte Carlo iterations."),
    seed: int = typer.Option(0, "--seed", "-s", help="Random seed (0 or more)."),
    fmt: Format = typer.Option(Format.text, "--format", help="text (a table) or json."),
    workers: int | None = typer.Option(
        None, "--workers", help="Spread the work over a local Dask cluster of K processes."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Spread the work over the Dask scheduler at ADDRESS."
    ),
    chunk_size: int | None = typer.Option(
        None, "--chunk-size", help="Iterations evaluated together (bounds memory only)."
    ),
    out: Path = typer.Option(
        Path("simulations"), "--out", help="For a folder: where to write one JSON per file."
    ),
    parameters_file: Path | None = parameters_option(),
    policy_file: Path | None = typer.Option(
        None,
        "--policy",
        help="A council's own thresholds (parameter override format, policy.* names): "
        "materiality and the RAG rating.",
        show_default=False,
    ),
) -> None:
    """Monte Carlo over every proposal and the portfolio: expected delivery per year, its range
    (P10–P90), money at risk, the probability of delivering the target less the materiality
    margin, and a RAG rating. For a folder, every proposal file in it is simulated and written
    to --out as NAME.simulation.json."""
    from scrutiny.parameters.loader import load_defaults
    from scrutiny.workflows.challenge import load_policy
    from scrutiny.workflows.simulate import check_options, run_simulation, simulate_folder
    from scrutiny.workflows.validate import load

    check_options(iterations, seed, workers, scheduler, chunk_size)
    parameters = load_defaults(parameters_file) if parameters_file else None
    measure = load_policy(policy_file).delivery if policy_file else None
    if path.is_dir():
        with _progress(fmt == Format.text, "files") as progress:
            results = simulate_folder(
                path,
                out,
                iterations=iterations,
                seed=seed,
                parameters=parameters,
                workers=workers,
                scheduler=scheduler,
                progress=progress,
                policy=measure,
            )
        if fmt == Format.json:
            emit_json([{"file": str(r.source), "output": str(r.output)} for r in results])
        for r in results:
            say(f"{r.source} → {r.output}")
        return
    pf = load(path)
    with _progress(fmt == Format.text and iterations >= PROGRESS_FROM, "iterations") as progress:
        summary = run_simulation(
            pf,
            iterations=iterations,
            seed=seed,
            parameters=parameters,
            workers=workers,
            scheduler=scheduler,
            chunk_size=chunk_size,
            progress=progress,
            policy=measure,
        )
    if fmt == Format.json:
        emit_json(summary.to_json())
        return
    title = f"{pf.council}: {iterations:,} iterations, seed {seed}"
    table = _table(summary, title)
    console = stdout()
    # A table cut to an 80-column pipe would hide the refs and model names: widen to fit.
    wanted = console.measure(table, options=console.options.update_width(1_000)).maximum
    console.width = max(console.width, wanted)
    console.print(table)
    removed = summary.portfolio.removed_targets
    if removed:
        say(
            f"Removed proposals leave {format_gbp_rounded(removed)} of targets to be found elsewhere."
        )


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate)
