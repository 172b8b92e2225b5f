"""Scale-out on Dask: the only module of the engine that knows about Dask.

A run is split into whole blocks of iterations (see `risk.engine`), one task per range of blocks;
workers return their chunks and the client gathers them in place, so the result is the same as
in one process, whatever the number of workers. A folder of proposal files is spread one file
per task.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from dask.distributed import Client, LocalCluster, as_completed

from scrutiny.domain.delivery import DeliveryPolicy
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import SimulationSummary
from scrutiny.errors import ScrutinyError, UsageError
from scrutiny.parameters.schema import ParameterSet
from scrutiny.risk import engine
from scrutiny.risk.summary import summarise
from scrutiny.risk.track_record import ReferenceRow

CONNECT_TIMEOUT = "10s"
"""How long to wait for a scheduler given with --scheduler before giving up."""


class ClusterError(ScrutinyError):
    """The Dask scheduler cannot be reached or the cluster cannot start (exit 1)."""

    exit_code = 1


@contextmanager
def client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of the scheduler at `scheduler`, or of a local cluster of `workers` processes."""
    if scheduler:
        try:
            c = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except ValueError as exc:
            raise UsageError(
                f"--scheduler {scheduler!r} is not a scheduler address: {exc}"
            ) from None
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with c:
            yield c
        return
    cluster = LocalCluster(
        n_workers=workers or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
    )
    with cluster, Client(cluster) as c:
        yield c


def _blocks_task(
    pf: ProposalFile,
    parameters: ParameterSet,
    seed: int,
    iterations: int,
    first: int,
    stop: int,
    reference: Sequence[ReferenceRow] | None = None,
) -> engine.Chunk:
    plan = engine.build_plan(pf, parameters, reference)
    return engine.run_blocks(plan, seed, iterations, first, stop)


def simulate(
    c: Client,
    pf: ProposalFile,
    parameters: ParameterSet,
    iterations: int,
    seed: int,
    *,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    reference: Sequence[ReferenceRow] | None = None,
) -> engine.Collector:
    """One run with its blocks spread over the cluster's workers."""
    plan = engine.build_plan(pf, parameters, reference)
    workers = max(1, len(c.scheduler_info().get("workers", {})))
    blocks = engine.block_count(iterations)
    if chunk_size is None:
        # Enough tasks to keep every worker busy, each still a bounded chunk.
        per_task = min(engine.DEFAULT_CHUNK_BLOCKS, max(1, -(-blocks // workers)))
    else:
        per_task = engine.block_count(chunk_size)
    ranges = engine.chunk_ranges(iterations, per_task)
    pf_future, params_future = c.scatter([pf, parameters], broadcast=True)
    futures = [
        c.submit(
            _blocks_task, pf_future, params_future, seed, iterations, a, b, reference, pure=False
        )
        for a, b in ranges
    ]
    collected = engine.Collector(plan, iterations)
    done = 0
    for future in as_completed(futures):
        chunk: engine.Chunk = future.result()
        collected.add(chunk)
        done += min(chunk.stop * engine.BLOCK, iterations) - chunk.first * engine.BLOCK
        future.release()
        if progress is not None:
            progress(done, iterations)
    return collected


def _file_task(
    pf: ProposalFile,
    parameters: ParameterSet,
    iterations: int,
    seed: int,
    reference: Sequence[ReferenceRow] | None = None,
    policy: DeliveryPolicy | None = None,
) -> SimulationSummary:
    plan = engine.build_plan(pf, parameters, reference)
    collected = engine.simulate(plan, iterations, seed)
    measure = DeliveryPolicy.from_parameters(parameters) if policy is None else policy
    return summarise(pf, collected, seed, measure)


def simulate_files(
    c: Client,
    files: Sequence[tuple[str, ProposalFile]],
    parameters: ParameterSet,
    iterations: int,
    seed: int,
    reference: Sequence[ReferenceRow] | None = None,
    policy: DeliveryPolicy | None = None,
) -> Iterator[tuple[str, SimulationSummary]]:
    """Each file simulated whole on one worker, measured under `policy` (None → the policy in
    `parameters`); yields (name, summary) as they finish."""
    params_future = c.scatter(parameters, broadcast=True)
    futures = {
        c.submit(
            _file_task, pf, params_future, iterations, seed, reference, policy, pure=False
        ): name
        for name, pf in files
    }
    for future in as_completed(futures):
        yield futures[future], future.result()
