"""Simulate a proposal file (or a folder of them): parameters in, SimulationSummary out.

`run_simulation` is what the command line, the web app and the other workflows call. With
`workers` or `scheduler` the iterations are spread over a Dask cluster; the result is identical
to a run in one process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scrutiny.domain.delivery import DeliveryPolicy
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import SimulationSummary
from scrutiny.errors import NotFound, UsageError
from scrutiny.parameters.loader import load_defaults
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reference.shipped import savings_delivery
from scrutiny.reports.atomic import write_text_atomically
from scrutiny.risk import engine
from scrutiny.risk.summary import summarise
from scrutiny.workflows.validate import load

PROPOSAL_SUFFIXES = (".yaml", ".yml", ".json")
RESULT_SUFFIX = ".simulation.json"
MAX_ITERATIONS = 100_000_000


def check_options(
    iterations: int,
    seed: int,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
) -> None:
    """Refuse options no run could honour, with one line naming the option."""
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise UsageError(
            f"--iterations must be between 1 and {MAX_ITERATIONS:,} (got {iterations})"
        )
    if seed < 0:
        raise UsageError(f"--seed must be zero or more (got {seed})")
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1 (got {workers})")
    if workers is not None and scheduler:
        raise UsageError("give either --workers or --scheduler, not both")
    if chunk_size is not None and chunk_size < 1:
        raise UsageError(f"--chunk-size must be at least 1 (got {chunk_size})")


def run_simulation(
    pf: ProposalFile,
    *,
    iterations: int = 10_000,
    seed: int = 0,
    parameters: ParameterSet | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    policy: DeliveryPolicy | None = None,
) -> SimulationSummary:
    """Monte Carlo over every proposal and the portfolio (contracts.md §4).

    parameters: None → the shipped defaults. workers/scheduler: run on a local Dask cluster of
    that many processes, or on the scheduler at that address. chunk_size [iterations]: how many
    iterations are evaluated together (rounded up to whole blocks); it bounds memory and never
    changes the result. policy: the delivery measure's thresholds; None → those in
    `parameters` (the `policy.*` entries).
    """
    check_options(iterations, seed, workers, scheduler, chunk_size)
    params = load_defaults() if parameters is None else parameters
    measure = DeliveryPolicy.from_parameters(params) if policy is None else policy
    if workers is None and not scheduler:
        plan = engine.build_plan(pf, params, savings_delivery())
        collected = engine.simulate(
            plan, iterations, seed, chunk_size=chunk_size, progress=progress
        )
        return summarise(pf, collected, seed, measure)
    from scrutiny.risk import parallel

    with parallel.client(workers, scheduler) as c:
        collected = parallel.simulate(
            c,
            pf,
            params,
            iterations,
            seed,
            chunk_size=chunk_size,
            progress=progress,
            reference=savings_delivery(),
        )
    return summarise(pf, collected, seed, measure)


def to_json_text(summary: SimulationSummary) -> str:
    """The contract JSON as text, exactly as `scrutiny simulate --format json` prints it."""
    return json.dumps(summary.to_json(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def proposal_files(folder: Path) -> list[Path]:
    """The proposal files directly inside `folder` (YAML or JSON, not earlier results), by name."""
    if not folder.is_dir():
        raise NotFound(f"{folder}: no such folder")
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in PROPOSAL_SUFFIXES
        and not p.name.endswith(RESULT_SUFFIX)
    )


@dataclass(frozen=True)
class FolderResult:
    source: Path
    output: Path
    summary: SimulationSummary


def simulate_folder(
    folder: Path,
    out_dir: Path,
    *,
    iterations: int = 10_000,
    seed: int = 0,
    parameters: ParameterSet | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    policy: DeliveryPolicy | None = None,
) -> list[FolderResult]:
    """Simulate every proposal file in `folder`, writing `<name>.simulation.json` into `out_dir`.

    Every file is validated before any is simulated, so a bad file stops the run with nothing
    written. On a cluster each file is one task.
    """
    check_options(iterations, seed, workers, scheduler)
    paths = proposal_files(folder)
    if not paths:
        raise NotFound(f"{folder}: no proposal files (.yaml, .yml, .json) in this folder")
    stems = [p.stem for p in paths]
    clash = sorted({s for s in stems if stems.count(s) > 1})
    if clash:
        raise UsageError(
            f"{folder}: more than one proposal file is named {clash[0]!r}; "
            "their results would overwrite each other"
        )
    files = [(p, load(p)) for p in paths]
    params = load_defaults() if parameters is None else parameters
    measure = DeliveryPolicy.from_parameters(params) if policy is None else policy
    summaries: dict[Path, SimulationSummary] = {}
    if workers is None and not scheduler:
        for done, (path, pf) in enumerate(files, start=1):
            plan = engine.build_plan(pf, params, savings_delivery())
            collected = engine.simulate(plan, iterations, seed)
            summaries[path] = summarise(pf, collected, seed, measure)
            if progress is not None:
                progress(done, len(files))
    else:
        from scrutiny.risk import parallel

        by_name = {str(p): pf for p, pf in files}
        with parallel.client(workers, scheduler) as c:
            finished = parallel.simulate_files(
                c, list(by_name.items()), params, iterations, seed, savings_delivery(), measure
            )
            for done, (name, summary) in enumerate(finished, start=1):
                summaries[Path(name)] = summary
                if progress is not None:
                    progress(done, len(files))
    results = []
    for path, _ in files:
        output = out_dir / (path.stem + RESULT_SUFFIX)
        write_text_atomically(output, to_json_text(summaries[path]))
        results.append(FolderResult(path, output, summaries[path]))
    return results
