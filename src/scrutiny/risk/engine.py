"""The Monte Carlo engine: every proposal's model over many iterations, pure and seeded.

How randomness is laid out, so that results do not depend on chunk size or on how many workers
share the work (models.md, "Monte Carlo rules"):

- iterations are cut into fixed blocks of `BLOCK` iterations; block b draws from its own stream,
  ``Generator(PCG64(SeedSequence(seed, spawn_key=(b,))))``;
- inside a block the draws come in a fixed order: the correlated drivers (Gaussian copula) first,
  then every other input by proposal order and input name, then the Bernoulli events;
- a chunk is a whole number of blocks, and a worker is handed whole blocks, so chunking and
  scaling out only regroup blocks;
- the track-record share that scales proposals stating no uncertainty comes from a second stream
  per block (`track_record.share_rng`), so it leaves every other draw where it was.

`run_blocks` draws and evaluates a range of blocks, one block at a time, and returns a `Chunk`;
`Collector` keeps chunks (arriving in any order) per block and reads them back in block order;
`simulate` does both in one process. Memory: each proposal's delivered saving is kept for every
iteration (exact percentiles need it); inputs are kept only for the iterations that rank the
drivers; side outputs reported as means are kept as per-block sums.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from scrutiny.domain.distributions import InputValue, is_random
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.models import registry
from scrutiny.models.base import ModelContext, ServiceModel
from scrutiny.parameters.schema import ParameterSet
from scrutiny.risk import copula
from scrutiny.risk.sampling import draw, from_normal_scores, point_value
from scrutiny.risk.track_record import (
    ReferenceRow,
    ShareDistribution,
    share_distribution,
    share_rng,
)

Array = npt.NDArray[np.float64]

BLOCK = 8192
"""Iterations per random stream [iterations]; fixed, so results never depend on chunking."""

DRIVER_ITERATIONS = 4 * BLOCK
"""Iterations whose inputs rank the drivers [iterations]: the first 32,768 (fixed blocks, so the
same whatever the chunking). A Spearman correlation from that many draws has a standard error
below 0.006, ample to rank drivers (reports show two decimals), and ranking every iteration
would cost more than drawing it: a sort per uncertain input."""

DEFAULT_CHUNK_BLOCKS = 8
"""Blocks evaluated together in one process (8 × 8,192 = 65,536 iterations)."""


@dataclass(frozen=True)
class InputPlan:
    """One input as the engine will sample it."""

    name: str
    value: InputValue
    per_year: bool
    event: str | None
    random: bool
    corr_index: int | None = None


@dataclass(frozen=True)
class ProposalPlan:
    ref: str
    status: str
    removed: bool
    model: ServiceModel
    ctx: ModelContext
    inputs: tuple[InputPlan, ...]
    cumulative: Array
    """Cumulative target per horizon year [GBP] (H,)."""
    full_sources: tuple[str, ...]
    """Side arrays kept whole because a percentile of them is reported."""
    mean_sources: tuple[str, ...]
    """Side arrays whose mean is reported (kept as block sums)."""
    certain: bool = False
    """Every input a plain number: the delivered saving is scaled by the plan's track-record
    share (track_record.py), not taken as certain."""

    @property
    def driver_inputs(self) -> tuple[InputPlan, ...]:
        return tuple(i for i in self.inputs if i.random)


@dataclass(frozen=True)
class Plan:
    """Everything needed to draw and evaluate any block: built once from a file."""

    years: tuple[str, ...]
    proposals: tuple[ProposalPlan, ...]
    corr_addresses: tuple[str, ...]
    corr_factor: Array | None
    corr_per_year: bool
    track_record: ShareDistribution | None = None
    """The plan's share delivered from its track record and the reference class (None when
    built without a reference class)."""
    removed: tuple[ProposalPlan, ...] = ()
    """Proposals removed from the plan: never drawn or evaluated; their targets are money still
    to be found (the summary's `removed_targets`)."""

    @property
    def horizon(self) -> int:
        return len(self.years)


def _resolve_inputs(
    model: ServiceModel, derived: Mapping[str, InputValue], parameters: ParameterSet, year: str
) -> dict[str, InputValue]:
    """The file's inputs, then each missing one from the ParameterSet or its plain default."""
    values: dict[str, InputValue] = dict(derived)
    for spec in model.inputs:
        if spec.name in values:
            continue
        if spec.parameter is not None and spec.parameter in parameters:
            values[spec.name] = parameters.value(spec.parameter, year)
        elif spec.default is not None:
            values[spec.name] = spec.default
    return values


def build_plan(
    pf: ProposalFile, parameters: ParameterSet, reference: Sequence[ReferenceRow] | None = None
) -> Plan:
    """Resolve models, inputs, targets and correlations for a validated file; with the
    `reference` class, the plan's track-record share too (proposals stating no uncertainty
    follow it)."""
    years = tuple(pf.horizon())
    corr_addresses = tuple(sorted({a for c in pf.correlations for a in c.between}))
    corr_index = {a: i for i, a in enumerate(corr_addresses)}
    proposals: list[ProposalPlan] = []
    removed: list[ProposalPlan] = []
    corr_per_year = False
    for p in pf.proposals:
        model = registry.get(p.model_type)
        derived = model.derive(p.model) if p.model else {}
        first = p.target_years()[0] if p.savings else (years[0] if years else "2000/01")
        values = _resolve_inputs(model, derived, parameters, first)
        targets = np.array([float(p.savings.get(y, 0.0)) for y in years], dtype=np.float64)
        start = years.index(first) if p.savings else 0
        if not p.savings:
            ctx0 = ModelContext(years=years, start=0, targets=targets)
            implied = model.default_targets({k: point_value(v) for k, v in values.items()}, ctx0)
            if implied is not None:
                targets = np.asarray(implied, dtype=np.float64)
        ctx = ModelContext(years=years, start=start, targets=targets)
        specs = {s.name: s for s in model.inputs}
        plans = []
        for name in sorted(values):
            spec = specs.get(name)
            index = corr_index.get(f"{p.ref}.{name}")
            per_year = bool(spec and spec.per_year)
            corr_per_year |= per_year and index is not None
            plans.append(
                InputPlan(
                    name=name,
                    value=values[name],
                    per_year=per_year,
                    event=spec.event if spec else None,
                    random=is_random(values[name]),
                    corr_index=index,
                )
            )
        full = tuple(sorted({o.source for o in model.outputs if o.stat != "mean"}))
        means = tuple(sorted({o.source for o in model.outputs if o.stat == "mean"}))
        (removed if p.is_removed else proposals).append(
            ProposalPlan(
                ref=p.ref,
                status=p.status.value,
                removed=p.is_removed,
                model=model,
                ctx=ctx,
                inputs=tuple(plans),
                cumulative=np.cumsum(targets),
                full_sources=full,
                mean_sources=means,
                certain=not any(i.random for i in plans),
            )
        )
    factor = None
    if corr_addresses:
        pairs = [(c.between[0], c.between[1], c.rho) for c in pf.correlations]
        rank = copula.correlation_matrix(list(corr_addresses), pairs)
        factor = copula.factor(copula.normal_correlation(rank))
    share = share_distribution(pf.track_record, reference) if reference else None
    return Plan(
        years,
        tuple(proposals),
        corr_addresses,
        factor,
        corr_per_year,
        share,
        removed=tuple(removed),
    )


# ---------------------------------------------------------------------------------------------
# Drawing and evaluating blocks.


def block_count(iterations: int) -> int:
    return -(-iterations // BLOCK)


def block_rng(seed: int, block: int) -> np.random.Generator:
    """The random stream of one block of iterations."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))


@dataclass
class BlockResult:
    """One block's results for one proposal."""

    delivered: Array
    """Delivered cumulative saving [GBP] (m, H)."""
    drivers: dict[str, Array]
    """Each random input (per-year inputs averaged over the proposal's years), (m,); only for
    blocks inside the first DRIVER_ITERATIONS iterations, else empty."""
    side_full: dict[str, Array]
    side_sums: dict[str, Array]
    """Per mean-reported side array: the sum over the block's iterations per year (H,)."""


@dataclass
class Chunk:
    """The results of blocks [first, stop): per block, per proposal."""

    first: int
    stop: int
    iterations: int
    blocks: list[list[BlockResult]]


def _draw_block(plan: Plan, rng: np.random.Generator, m: int) -> list[dict[str, Array]]:
    """One block's inputs for every proposal, drawn in the fixed order."""
    horizon = plan.horizon
    scores = None
    if plan.corr_factor is not None:
        shape = (m, horizon) if plan.corr_per_year else (m, 1)
        scores = copula.correlated_normals(rng, plan.corr_factor, shape)
    out: list[dict[str, Array]] = []
    for p in plan.proposals:
        fields: dict[str, Array] = {}
        for spec in p.inputs:
            size: tuple[int, ...] = (m, horizon) if spec.per_year else (m,)
            if spec.corr_index is not None and scores is not None:
                z = (
                    scores[:, :, spec.corr_index]
                    if spec.per_year
                    else scores[:, 0, spec.corr_index]
                )
                fields[spec.name] = from_normal_scores(spec.value, z)  # type: ignore[arg-type]
            else:
                fields[spec.name] = draw(spec.value, rng, size)
        out.append(fields)
    for p, fields in zip(plan.proposals, out, strict=True):
        for spec in p.inputs:
            if spec.event is not None:
                chance = fields[spec.name]
                fields[spec.event] = (rng.random(chance.shape) < chance).astype(np.float64)
    return out


def _year_mean(values: Array, start: int) -> Array:
    """Mean over years `start`.. of an (m, H) array, one column at a time (narrow rows make
    numpy's row-wise reduction slow)."""
    columns = [values[:, j] for j in range(start, values.shape[1])]
    total = columns[0].copy()
    for column in columns[1:]:
        total += column
    return total / len(columns)


def _column_sums(values: Array) -> Array:
    """Sum over iterations of an (m, H) array, per year (H,)."""
    return np.array([float(values[:, j].sum()) for j in range(values.shape[1])])


def _evaluate(
    p: ProposalPlan,
    inputs: dict[str, Array],
    m: int,
    keep_drivers: bool,
    share: Array | None = None,
) -> BlockResult:
    horizon = len(p.ctx.years)
    run = p.model.run(inputs, p.ctx)
    delivered = np.ascontiguousarray(run.delivered, dtype=np.float64).reshape(m, horizon)
    if share is not None and p.certain:
        delivered = delivered * share[:, None]
    drivers: dict[str, Array] = {}
    if keep_drivers:
        first = min(p.ctx.start, horizon - 1)
        for s in p.driver_inputs:
            values = inputs[s.name]
            drivers[s.name] = _year_mean(values, first) if s.per_year else values
    side = {
        k: np.broadcast_to(np.asarray(v, dtype=np.float64).reshape(m, -1), (m, horizon))
        for k, v in run.side.items()
    }
    return BlockResult(
        delivered=delivered,
        drivers=drivers,
        side_full={s: np.array(side[s]) for s in p.full_sources if s in side},
        side_sums={s: _column_sums(side[s]) for s in p.mean_sources if s in side},
    )


def run_blocks(plan: Plan, seed: int, iterations: int, first: int, stop: int) -> Chunk:
    """Draw and evaluate blocks [first, stop) of a run of `iterations`, block by block."""
    chunk = Chunk(first, stop, iterations, [])
    for b in range(first, stop):
        lo, hi = b * BLOCK, min((b + 1) * BLOCK, iterations)
        inputs = _draw_block(plan, block_rng(seed, b), hi - lo)
        keep = lo < DRIVER_ITERATIONS
        share = None
        if plan.track_record is not None and any(p.certain for p in plan.proposals):
            share = plan.track_record.draw(share_rng(seed, b), hi - lo)
        chunk.blocks.append(
            [
                _evaluate(p, x, hi - lo, keep, share)
                for p, x in zip(plan.proposals, inputs, strict=True)
            ]
        )
    return chunk


# ---------------------------------------------------------------------------------------------
# Gathering chunks into whole-run results.


@dataclass
class Collector:
    """Whole-run results, gathered chunk by chunk in any order and read back in block order."""

    plan: Plan
    iterations: int
    blocks: dict[int, list[BlockResult]] = field(default_factory=dict)
    portfolio: dict[int, Array] = field(default_factory=dict)
    """Per block: delivered summed over the proposals (m, H), in proposal order."""

    @property
    def driver_rows(self) -> int:
        return min(self.iterations, DRIVER_ITERATIONS)

    def add(self, chunk: Chunk) -> None:
        for b, results in zip(range(chunk.first, chunk.stop), chunk.blocks, strict=True):
            self.blocks[b] = results
            total = np.zeros_like(results[0].delivered) if results else None
            for r in results:
                if total is not None:
                    total += r.delivered
            if total is not None:
                self.portfolio[b] = total

    def _ordered(self) -> list[list[BlockResult]]:
        count = block_count(self.iterations)
        if sorted(self.blocks) != list(range(count)):
            raise RuntimeError("the run is incomplete: some blocks of iterations are missing")
        return [self.blocks[b] for b in range(count)]

    def delivered(self, k: int) -> Array:
        """Proposal k's delivered cumulative saving [GBP], (n, H)."""
        return np.concatenate([r[k].delivered for r in self._ordered()])

    def delivered_column(
        self, k: int, year: int, *, rows: int | None = None, out: Array | None = None
    ) -> Array:
        """Proposal k's delivered cumulative saving in horizon year `year` [GBP], (n,), or over
        the first `rows` iterations: gathered straight from the blocks into `out` (n,) if given,
        else into a new contiguous array."""
        blocks = self._ordered()
        if rows is not None:
            column = np.concatenate([r[k].delivered[:, year] for r in blocks[: block_count(rows)]])
            return column[:rows].copy()
        return np.concatenate([r[k].delivered[:, year] for r in blocks], out=out)

    def portfolio_column(self, year: int, *, out: Array | None = None) -> Array:
        """Delivered summed over proposals not removed in horizon year `year` [GBP], (n,),
        gathered into `out` if given, else into a new contiguous array."""
        count = block_count(self.iterations)
        return np.concatenate([self.portfolio[b][:, year] for b in range(count)], out=out)

    def side_column(
        self, k: int, name: str, year: int, *, out: Array | None = None
    ) -> Array | None:
        """Side array `name` of proposal k in horizon year `year`, (n,), if the model gave it,
        gathered into `out` if given, else into a new contiguous array."""
        blocks = self._ordered()
        if not blocks or name not in blocks[0][k].side_full:
            return None
        return np.concatenate([r[k].side_full[name][:, year] for r in blocks], out=out)

    def portfolio_delivered(self) -> Array:
        """Delivered summed over proposals not removed [GBP], (n, H)."""
        count = block_count(self.iterations)
        return np.concatenate([self.portfolio[b] for b in range(count)])

    def drivers(self, k: int) -> dict[str, Array]:
        """Each random input of proposal k over the first `driver_rows` iterations."""
        kept = [r[k].drivers for r in self._ordered() if r[k].drivers]
        names = self.plan.proposals[k].driver_inputs
        return {s.name: np.concatenate([d[s.name] for d in kept]) for s in names} if kept else {}

    def side_means(self, k: int) -> dict[str, Array]:
        """Mean of each mean-reported side array per year (H,), block sums added in order."""
        blocks = self._ordered()
        names = blocks[0][k].side_sums if blocks else {}
        return {
            n: np.stack([r[k].side_sums[n] for r in blocks]).sum(axis=0) / self.iterations
            for n in names
        }


def chunk_ranges(iterations: int, chunk_blocks: int) -> list[tuple[int, int]]:
    """Consecutive block ranges of `chunk_blocks` blocks covering every iteration."""
    blocks = block_count(iterations)
    step = max(1, chunk_blocks)
    return [(b, min(b + step, blocks)) for b in range(0, blocks, step)]


def simulate(
    plan: Plan,
    iterations: int,
    seed: int,
    *,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Collector:
    """Every block in one process, `chunk_size` iterations (rounded up to whole blocks) at a time."""
    chunk_blocks = DEFAULT_CHUNK_BLOCKS if chunk_size is None else block_count(chunk_size)
    collected = Collector(plan, iterations)
    for first, stop in chunk_ranges(iterations, chunk_blocks):
        collected.add(run_blocks(plan, seed, iterations, first, stop))
        if progress is not None:
            progress(min(stop * BLOCK, iterations), iterations)
    return collected
