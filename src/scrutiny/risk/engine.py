"""The Monte Carlo engine: every proposal's model over many iterations, pure and seeded.

How randomness is laid out, so that results do not depend on chunk size or on how many workers
share the work (models.md, "Monte Carlo rules"):

- iterations are cut into fixed blocks of `BLOCK` iterations; block b draws from its own stream,
  ``Generator(PCG64(SeedSequence(seed, spawn_key=(b,))))``;
- inside a block the draws come in a fixed order: the correlated drivers (Gaussian copula) first,
  then every other input by proposal order and input name, then the Bernoulli events;
- a chunk is a whole number of blocks, and a worker is handed whole blocks, so chunking and
  scaling out only regroup blocks.

`run_blocks` evaluates a range of blocks and returns a `Chunk`; `Collector` gathers chunks (in
any order) into full arrays; `simulate` does both in one process with bounded chunks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from scrutiny.domain.distributions import InputValue, is_random
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.models import registry
from scrutiny.models.base import ModelContext, ServiceModel
from scrutiny.parameters.schema import ParameterSet
from scrutiny.risk import copula
from scrutiny.risk.sampling import draw, point_value, ppf

Array = npt.NDArray[np.float64]

BLOCK = 8192
"""Iterations per random stream [iterations]; fixed, so results never depend on chunking."""

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


def build_plan(pf: ProposalFile, parameters: ParameterSet) -> Plan:
    """Resolve models, inputs, targets and correlations for a validated file."""
    years = tuple(pf.horizon())
    corr_addresses = tuple(sorted({a for c in pf.correlations for a in c.between}))
    corr_index = {a: i for i, a in enumerate(corr_addresses)}
    proposals = []
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
        proposals.append(
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
            )
        )
    factor = None
    if corr_addresses:
        pairs = [(c.between[0], c.between[1], c.rho) for c in pf.correlations]
        rank = copula.correlation_matrix(list(corr_addresses), pairs)
        factor = copula.factor(copula.normal_correlation(rank))
    return Plan(years, tuple(proposals), corr_addresses, factor, corr_per_year)


# ---------------------------------------------------------------------------------------------
# Drawing and evaluating blocks.


def block_count(iterations: int) -> int:
    return -(-iterations // BLOCK)


def block_rng(seed: int, block: int) -> np.random.Generator:
    """The random stream of one block of iterations."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))


@dataclass
class Chunk:
    """The results of blocks [first, stop): iterations [start, end)."""

    first: int
    stop: int
    start: int
    end: int
    delivered: list[Array]
    drivers: list[dict[str, Array]]
    side_full: list[dict[str, Array]]
    side_block_sums: list[dict[str, Array]]
    """Per proposal and source: (blocks, H) sums over each block's iterations."""


def _draw_block(
    plan: Plan, rng: np.random.Generator, m: int, out: list[dict[str, Array]], rows: slice
) -> None:
    """Fill `out[proposal][input]` at `rows` with one block's draws, in the fixed order."""
    horizon = plan.horizon
    uniforms = None
    if plan.corr_factor is not None:
        shape = (m, horizon) if plan.corr_per_year else (m, 1)
        uniforms = copula.correlated_uniforms(rng, plan.corr_factor, shape)
    for k, p in enumerate(plan.proposals):
        for spec in p.inputs:
            size: tuple[int, ...] = (m, horizon) if spec.per_year else (m,)
            if spec.corr_index is not None and uniforms is not None:
                u = uniforms[:, :, spec.corr_index]
                values = ppf(spec.value, u if spec.per_year else u[:, 0])  # type: ignore[arg-type]
            else:
                values = draw(spec.value, rng, size)
            out[k][spec.name][rows] = values
    for k, p in enumerate(plan.proposals):
        for spec in p.inputs:
            if spec.event is not None:
                chance = out[k][spec.name][rows]
                out[k][spec.event][rows] = rng.random(chance.shape) < chance


def run_blocks(plan: Plan, seed: int, iterations: int, first: int, stop: int) -> Chunk:
    """Draw and evaluate blocks [first, stop) of a run of `iterations`."""
    start, end = first * BLOCK, min(stop * BLOCK, iterations)
    m, horizon = end - start, plan.horizon
    arrays: list[dict[str, Array]] = []
    for p in plan.proposals:
        fields: dict[str, Array] = {}
        for spec in p.inputs:
            shape = (m, horizon) if spec.per_year else (m,)
            fields[spec.name] = np.empty(shape)
            if spec.event is not None:
                fields[spec.event] = np.empty(shape)
        arrays.append(fields)
    for b in range(first, stop):
        lo, hi = b * BLOCK, min((b + 1) * BLOCK, iterations)
        _draw_block(plan, block_rng(seed, b), hi - lo, arrays, slice(lo - start, hi - start))
    chunk = Chunk(first, stop, start, end, [], [], [], [])
    edges = [b * BLOCK - start for b in range(first, stop)]
    for p, inputs in zip(plan.proposals, arrays, strict=True):
        run = p.model.run(inputs, p.ctx)
        delivered = np.asarray(run.delivered, dtype=np.float64).reshape(m, horizon)
        chunk.delivered.append(delivered)
        chunk.drivers.append(
            {
                s.name: inputs[s.name][:, p.ctx.start :].mean(axis=1)
                if s.per_year
                else inputs[s.name]
                for s in p.driver_inputs
            }
        )
        side = {
            k: np.broadcast_to(np.asarray(v, dtype=np.float64).reshape(m, -1), (m, horizon))
            for k, v in run.side.items()
        }
        chunk.side_full.append({s: np.array(side[s]) for s in p.full_sources if s in side})
        chunk.side_block_sums.append(
            {s: np.add.reduceat(side[s], edges, axis=0) for s in p.mean_sources if s in side}
        )
    return chunk


# ---------------------------------------------------------------------------------------------
# Gathering chunks into whole arrays.


@dataclass
class Collector:
    """Whole-run arrays, filled chunk by chunk in any order."""

    plan: Plan
    iterations: int
    delivered: list[Array] = field(init=False)
    drivers: list[dict[str, Array]] = field(init=False)
    side_full: list[dict[str, Array]] = field(init=False)
    side_block_sums: list[dict[str, Array]] = field(init=False)

    def __post_init__(self) -> None:
        n, h, blocks = self.iterations, self.plan.horizon, block_count(self.iterations)
        ps = self.plan.proposals
        self.delivered = [np.zeros((n, h)) for _ in ps]
        self.drivers = [{s.name: np.zeros(n) for s in p.driver_inputs} for p in ps]
        self.side_full = [{} for _ in ps]
        self.side_block_sums = [{} for _ in ps]
        self._blocks = blocks
        self._n = n
        self._h = h

    def add(self, chunk: Chunk) -> None:
        rows = slice(chunk.start, chunk.end)
        blocks = slice(chunk.first, chunk.stop)
        for k in range(len(self.plan.proposals)):
            self.delivered[k][rows] = chunk.delivered[k]
            for name, values in chunk.drivers[k].items():
                self.drivers[k][name][rows] = values
            for name, values in chunk.side_full[k].items():
                self.side_full[k].setdefault(name, np.full((self._n, self._h), np.nan))[rows] = (
                    values
                )
            for name, values in chunk.side_block_sums[k].items():
                target = self.side_block_sums[k].setdefault(
                    name, np.full((self._blocks, self._h), np.nan)
                )
                target[blocks] = values

    def side_means(self, k: int) -> dict[str, Array]:
        """Mean of each mean-reported side array per year (H,), summing block sums in order."""
        return {
            name: sums.sum(axis=0) / self.iterations
            for name, sums in self.side_block_sums[k].items()
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
        chunk = run_blocks(plan, seed, iterations, first, stop)
        collected.add(chunk)
        if progress is not None:
            progress(chunk.end, iterations)
    return collected
