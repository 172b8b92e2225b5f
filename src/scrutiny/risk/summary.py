"""From whole-run arrays to the contract's summary (contracts.md §4).

Percentiles are exact (linear interpolation between order statistics, numpy's default) over every
iteration; `p_meet_target` is the share of iterations where delivered ≥ cumulative target ×
(1 − 1e-9); drivers are Spearman rank correlations (average ranks for ties) over the first
`engine.DRIVER_ITERATIONS` iterations. Figures are rounded
deterministically — money to pennies, probabilities and correlations to 4 decimals — so the JSON
is byte-identical for the same file, seed and iteration count.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import (
    Driver,
    Histogram,
    PortfolioSimulation,
    ProposalSimulation,
    SimulationSummary,
    YearStats,
)
from scrutiny.risk.engine import Collector, Plan

Array = npt.NDArray[np.float64]

MEET_TOLERANCE = 1e-9
"""Relative slack when comparing delivered with the target (contracts.md §4)."""

QUANTILES = {"p10": 0.10, "p50": 0.50, "p90": 0.90}
MONEY_DECIMALS = 2
SHARE_DECIMALS = 4


def _round(x: float, decimals: int) -> float:
    return round(float(x), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


def average_ranks(x: Array) -> Array:
    """Ranks 0..n−1 of `x`, ties sharing their average rank."""
    n = x.shape[0]
    order = np.argsort(x)
    ordered = x[order]
    ranks = np.empty(n, dtype=np.float64)
    starts_mask = np.empty(n, dtype=bool)
    starts_mask[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_mask[1:])
    if starts_mask.all():
        ranks[order] = np.arange(n, dtype=np.float64)
        return ranks
    starts = np.flatnonzero(starts_mask)
    counts = np.diff(np.append(starts, n))
    average = starts + (counts - 1) / 2.0
    ranks[order] = np.repeat(average, counts)
    return ranks


def centred_ranks(x: Array) -> Array:
    """Average ranks minus their mean (the form Spearman's correlation multiplies)."""
    ranks = average_ranks(x)
    return ranks - ranks.mean()


def spearman(x: Array, y_centred_ranks: Array) -> float:
    """Spearman rank correlation of `x` with a variable given by its centred ranks (0 if either
    is constant). Products are summed without BLAS so the result is the same on every machine."""
    xc = centred_ranks(x)
    yc = y_centred_ranks
    denominator = math.sqrt(float(np.sum(xc * xc)) * float(np.sum(yc * yc)))
    if denominator == 0:
        return 0.0
    return max(-1.0, min(1.0, float(np.sum(xc * yc)) / denominator))


def _quantiles_of_sorted(ordered: Array) -> list[float]:
    n = ordered.shape[0]
    out = []
    for q in QUANTILES.values():
        h = (n - 1) * q
        lo = math.floor(h)
        hi = min(lo + 1, n - 1)
        out.append(float(ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])))
    return out


def quantiles(column: Array) -> list[float]:
    """P10, P50, P90 of one column, exact: linear interpolation between order statistics
    (numpy's default method), from one sort."""
    return _quantiles_of_sorted(np.sort(column))


def year_stats(delivered: Array, targets: Array, cumulative: Array) -> list[YearStats]:
    """One YearStats per column of `delivered` (n, Y) against targets (Y,) and cumulative (Y,).

    Each column is sorted once; the mean, the percentiles and the share meeting the target all
    come from the sorted copy."""
    stats = []
    n = delivered.shape[0]
    for j in range(delivered.shape[1]):
        ordered = np.sort(delivered[:, j])
        p10, p50, p90 = _quantiles_of_sorted(ordered)
        threshold = cumulative[j] * (1.0 - MEET_TOLERANCE)
        meet = (n - int(np.searchsorted(ordered, threshold, side="left"))) / n
        stats.append(
            YearStats(
                target=_round(targets[j], MONEY_DECIMALS),
                cumulative_target=_round(cumulative[j], MONEY_DECIMALS),
                mean=_round(float(ordered.sum()) / n, MONEY_DECIMALS),
                p10=_round(p10, MONEY_DECIMALS),
                p50=_round(p50, MONEY_DECIMALS),
                p90=_round(p90, MONEY_DECIMALS),
                p_meet_target=_round(meet, SHARE_DECIMALS),
            )
        )
    return stats


def _output_value(x: float) -> float | None:
    return _round(x, SHARE_DECIMALS) if math.isfinite(x) else None


HISTOGRAM_BINS = 40
"""Bins of the last year's delivered saving kept for the reports' distribution chart."""


def histogram(delivered: Array, year: str) -> Histogram:
    """The delivered saving [GBP] in `year` across iterations, in equal-width bins."""
    counts, edges = np.histogram(delivered, bins=HISTOGRAM_BINS)
    return Histogram(
        year=year,
        edges=[_round(e, MONEY_DECIMALS) for e in edges],
        counts=[int(c) for c in counts],
    )


def summarise(pf: ProposalFile, collected: Collector, seed: int) -> SimulationSummary:
    """The contract's summary of a whole run."""
    plan: Plan = collected.plan
    years = list(plan.years)
    proposals = []
    for k, p in enumerate(plan.proposals):
        delivered = collected.delivered(k)
        start = p.ctx.start
        covered = years[start:]
        stats = year_stats(delivered[:, start:], p.ctx.targets[start:], p.cumulative[start:])
        drivers: list[Driver] = []
        drivers_in = collected.drivers(k)
        if covered and drivers_in:
            last_ranks = centred_ranks(delivered[: collected.driver_rows, -1])
            rhos = {n: spearman(v, last_ranks) for n, v in drivers_in.items()}
            ordered = sorted(rhos.items(), key=lambda kv: (-abs(_round(kv[1], 4)), kv[0]))
            drivers = [
                Driver(input=n, rank_correlation=_round(r, SHARE_DECIMALS)) for n, r in ordered
            ]
        means = collected.side_means(k)
        full = collected.side_full(k)
        outputs: dict[str, dict[str, float | None]] = {}
        for j, year in enumerate(covered, start=start):
            row: dict[str, float | None] = {}
            for o in p.model.outputs:
                if o.stat == "mean":
                    value = means[o.source][j] if o.source in means else math.nan
                else:
                    column = full[o.source][:, j] if o.source in full else None
                    value = math.nan if column is None else np.quantile(column, QUANTILES[o.stat])
                row[o.key] = _output_value(float(value))
            if row:
                outputs[year] = row
        proposals.append(
            ProposalSimulation(
                ref=p.ref,
                model=p.model.name,
                years=dict(zip(covered, stats, strict=True)),
                drivers=drivers,
                outputs=outputs,
                status=p.status,
                histogram=histogram(delivered[:, -1], years[-1]) if covered else None,
            )
        )
    return SimulationSummary(
        iterations=collected.iterations,
        seed=seed,
        years=years,
        proposals=proposals,
        portfolio=_portfolio(pf, collected),
    )


def _portfolio(pf: ProposalFile, collected: Collector) -> PortfolioSimulation:
    plan = collected.plan
    horizon = plan.horizon
    targets = np.zeros(horizon)
    removed = 0.0
    for p in plan.proposals:
        if p.removed:
            removed += float(p.ctx.targets.sum())
        else:
            targets += p.ctx.targets
    total = collected.portfolio_delivered() if plan.proposals else np.zeros((1, horizon))
    stats = year_stats(total, targets, np.cumsum(targets)) if horizon else []
    gap = pf.mtfs.funding_gap if pf.mtfs else {}
    return PortfolioSimulation(
        years=dict(zip(plan.years, stats, strict=True)),
        removed_targets=_round(removed, MONEY_DECIMALS),
        funding_gap={y: _round(v, MONEY_DECIMALS) for y, v in gap.items()},
    )
