"""From whole-run arrays to the contract's summary (contracts.md §4).

Percentiles are exact (linear interpolation between order statistics, numpy's default) over every
iteration; `p_meet_target` is the share of iterations where delivered ≥ cumulative target ×
(1 − materiality) (a policy parameter, 5% by default), `at_risk` the mean shortfall below the
cumulative target, `expected_share` the mean over the cumulative target and `rag` the rating those
give under the policy (`domain.delivery`); the three are None for a year with no target. Drivers are Spearman rank correlations (average ranks for ties) over the first
`engine.DRIVER_ITERATIONS` iterations. Figures are rounded
deterministically — money to pennies, probabilities and correlations to 4 decimals — so the JSON
is byte-identical for the same file, seed and iteration count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from scrutiny.domain.delivery import DEFAULT, DeliveryPolicy
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import (
    Driver,
    Histogram,
    PortfolioSimulation,
    PortfolioYearStats,
    ProposalSimulation,
    SimulationSummary,
    Spread,
    TrackRecordView,
    YearStats,
)
from scrutiny.risk.engine import Collector, Plan
from scrutiny.risk.track_record import ShareDistribution, adjusted_year

Array = npt.NDArray[np.float64]

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


def _sorted_average_ranks(ordered: Array) -> Array:
    """Average ranks of an already sorted array, in its own (sorted) order."""
    n = ordered.shape[0]
    starts_mask = np.empty(n, dtype=bool)
    starts_mask[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_mask[1:])
    if starts_mask.all():
        return np.arange(n, dtype=np.float64)
    starts = np.flatnonzero(starts_mask)
    counts = np.diff(np.append(starts, n))
    return np.repeat(starts + (counts - 1) / 2.0, counts)


def spearman(x: Array, y_centred_ranks: Array) -> float:
    """Spearman rank correlation of `x` with a variable given by its centred ranks (0 if either
    is constant). Products are summed without BLAS so the result is the same on every machine.

    The ranks of `x` stay in sorted order and `y`'s centred ranks are gathered into that order
    (one argsort and one gather, no scatter). Centred average ranks are multiples of ½ no larger
    than n/2 in size, so every product is a multiple of ¼ and, for n up to 2¹⁷, every partial sum
    is exact in float64: the result does not depend on the order of summation and is the same as
    correlating the ranks in iteration order."""
    order = np.argsort(x)
    ranks = _sorted_average_ranks(x[order])
    xc = ranks - ranks.mean()
    yc = y_centred_ranks
    denominator = math.sqrt(float(np.sum(xc * xc)) * float(np.sum(yc * yc)))
    if denominator == 0:
        return 0.0
    return max(-1.0, min(1.0, float(np.sum(xc * yc[order])) / denominator))


def _interpolate(at: dict[int, float], n: int) -> list[float]:
    out = []
    for q in QUANTILES.values():
        h = (n - 1) * q
        lo = math.floor(h)
        hi = min(lo + 1, n - 1)
        out.append(float(at[lo] + (h - lo) * (at[hi] - at[lo])))
    return out


def _positions(n: int) -> list[int]:
    """The order statistics (0-based positions in sorted order) the percentiles interpolate."""
    wanted = set()
    for q in QUANTILES.values():
        lo = math.floor((n - 1) * q)
        wanted |= {lo, min(lo + 1, n - 1)}
    return sorted(wanted)


def order_statistics(
    column: Array, positions: list[int], *, in_place: bool = False
) -> dict[int, float]:
    """The values at `positions` (sorted, distinct) of `column` once sorted, without sorting.

    A copy is partitioned in place at the middle position, then each side at the positions
    below and above it, recursively: O(n) in all, where a sort is O(n log n) (numpy's partition
    at several positions at once is much slower than one position at a time). A position just
    after one already partitioned is the smallest value of the stretch up to the next
    partitioned position (NaN, which sorts last, only if the whole stretch is NaN), found
    with one pass of `fmin` instead of another partition. With `in_place` the column itself
    (contiguous float64) is reordered instead of a copy."""
    work = column if in_place else np.array(column, dtype=np.float64, copy=True)
    values: dict[int, float] = {}
    pivots: list[int] = []
    following: list[int] = []
    for k in positions:
        (following if pivots and pivots[-1] == k - 1 else pivots).append(k)

    def select(lo: int, hi: int, wanted: list[int]) -> None:
        # work[lo:hi] holds exactly the values of sorted positions lo..hi-1, in some order.
        if not wanted:
            return
        middle = wanted[len(wanted) // 2]
        work[lo:hi].partition(middle - lo)
        values[middle] = float(work[middle])
        select(lo, middle, [k for k in wanted if k < middle])
        select(middle + 1, hi, [k for k in wanted if k > middle])

    select(0, work.shape[0], pivots)
    for k in following:
        stop = next((p for p in pivots if p > k), work.shape[0])
        values[k] = float(np.fmin.reduce(work[k:stop]))
    return values


def quantiles(column: Array) -> list[float]:
    """P10, P50, P90 of one column, exact: linear interpolation between order statistics
    (numpy's default method), from partitions rather than a sort."""
    n = column.shape[0]
    return _interpolate(order_statistics(column, _positions(n)), n)


def _numpy_lerp(a: float, b: float, t: float) -> float:
    """numpy's own interpolation between neighbouring order statistics (`np.quantile`, method
    "linear"): from below when t < ½, from above otherwise."""
    diff = b - a
    return float(b - diff * (1.0 - t)) if t >= 0.5 else float(a + diff * t)


def quantile(column: Array, q: float, *, in_place: bool = False) -> float:
    """`np.quantile(column, q)` to the last bit, from two order statistics found by partition
    (`np.quantile` partitions at both positions at once, which numpy does slowly)."""
    n = column.shape[0]
    h = (n - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    at = order_statistics(column, sorted({lo, hi}), in_place=in_place)
    return _numpy_lerp(at[lo], at[hi], h - lo)


def year_stats(
    columns: Iterable[Array],
    targets: Array,
    cumulative: Array,
    policy: DeliveryPolicy = DEFAULT,
    *,
    kind: type[YearStats] = YearStats,
) -> list[YearStats]:
    """One YearStats per year from that year's column (n,) of delivered saving [GBP], against
    targets (Y,) and cumulative targets (Y,) [GBP]. Each column is the caller's working copy
    (it is reordered in place; the next one may reuse its memory), taken one at a time.

    The percentiles come from partitions (the same order statistics a sort would give), the
    mean from the column in iteration order, the share meeting the target from one count, the
    money at risk from one pass over the shortfall."""
    stats = []
    for j, column in enumerate(columns):
        n = column.shape[0]
        goal = float(cumulative[j])
        mean = float(column.sum()) / n
        at_risk = expected_shortfall(column, goal)
        share = meet = None
        if goal > 0:
            share = mean / goal
            meet = (n - int(np.count_nonzero(column < policy.threshold(goal)))) / n
        p10, p50, p90 = _interpolate(order_statistics(column, _positions(n), in_place=True), n)
        stats.append(
            kind(
                target=_round(targets[j], MONEY_DECIMALS),
                cumulative_target=_round(goal, MONEY_DECIMALS),
                mean=_round(mean, MONEY_DECIMALS),
                p10=_round(p10, MONEY_DECIMALS),
                p50=_round(p50, MONEY_DECIMALS),
                p90=_round(p90, MONEY_DECIMALS),
                expected_share=None if share is None else _round(share, SHARE_DECIMALS),
                at_risk=_round(at_risk, MONEY_DECIMALS),
                p_meet_target=None if meet is None else _round(meet, SHARE_DECIMALS),
                rag=policy.rag(share, meet),
            )
        )
    return stats


def expected_shortfall(column: Array, goal: float) -> float:
    """Mean of max(goal − delivered, 0) over iterations [GBP]; 0 when there is no goal."""
    if goal <= 0:
        return 0.0
    short = goal - column
    np.maximum(short, 0.0, out=short)
    return float(short.sum()) / column.shape[0]


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


def summarise(
    pf: ProposalFile, collected: Collector, seed: int, policy: DeliveryPolicy = DEFAULT
) -> SimulationSummary:
    """The contract's summary of a whole run, measured under `policy`."""
    plan: Plan = collected.plan
    years = list(plan.years)
    work = np.empty(collected.iterations)  # one working column (n,), reused throughout
    proposals = []
    for k, p in enumerate(plan.proposals):
        start = p.ctx.start
        covered = years[start:]
        columns = (collected.delivered_column(k, j, out=work) for j in range(start, plan.horizon))
        stats = year_stats(columns, p.ctx.targets[start:], p.cumulative[start:], policy)
        drivers: list[Driver] = []
        drivers_in = collected.drivers(k)
        if covered and drivers_in:
            last = collected.delivered_column(k, plan.horizon - 1, rows=collected.driver_rows)
            last_ranks = centred_ranks(last)
            rhos = {n: spearman(v, last_ranks) for n, v in drivers_in.items()}
            ordered = sorted(rhos.items(), key=lambda kv: (-abs(_round(kv[1], 4)), kv[0]))
            drivers = [
                Driver(input=n, rank_correlation=_round(r, SHARE_DECIMALS)) for n, r in ordered
            ]
        # `work` still holds the last year's column from the figures above (reordered, which
        # a histogram does not mind).
        last_year = histogram(work, years[-1]) if covered else None
        means = collected.side_means(k)
        outputs: dict[str, dict[str, float | None]] = {}
        for j, year in enumerate(covered, start=start):
            row: dict[str, float | None] = {}
            for o in p.model.outputs:
                if o.stat == "mean":
                    value = means[o.source][j] if o.source in means else math.nan
                else:
                    column = collected.side_column(k, o.source, j, out=work)
                    value = (
                        math.nan
                        if column is None
                        else quantile(column, QUANTILES[o.stat], in_place=True)
                    )
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
                histogram=last_year,
            )
        )
    return SimulationSummary(
        iterations=collected.iterations,
        seed=seed,
        materiality=policy.materiality,
        years=years,
        proposals=proposals,
        portfolio=_portfolio(pf, collected, policy),
    )


def _portfolio(
    pf: ProposalFile, collected: Collector, policy: DeliveryPolicy
) -> PortfolioSimulation:
    plan = collected.plan
    horizon = plan.horizon
    targets = np.zeros(horizon)
    for p in plan.proposals:
        targets += p.ctx.targets
    removed = sum(float(p.ctx.targets.sum()) for p in plan.removed)
    work = np.empty(collected.iterations)
    columns = (
        collected.portfolio_column(j, out=work) if plan.proposals else np.zeros(1)
        for j in range(horizon)
    )
    stats = year_stats(columns, targets, np.cumsum(targets), policy, kind=PortfolioYearStats)
    gap = pf.mtfs.funding_gap if pf.mtfs else {}
    view = None
    if plan.track_record is not None:
        stats, view = _reference_class_view(plan.track_record, stats)
    return PortfolioSimulation(
        years=dict(zip(plan.years, stats, strict=True)),
        removed_targets=_round(removed, MONEY_DECIMALS),
        funding_gap={y: _round(v, MONEY_DECIMALS) for y, v in gap.items()},
        track_record=view,
    )


def _reference_class_view(
    share: ShareDistribution, stats: list[YearStats]
) -> tuple[list[YearStats], TrackRecordView]:
    """Each plan year with its reference-class view (`adjusted`, `contingency`) added, for the
    years with a cumulative target, and where the share delivered comes from
    (track_record.py)."""
    out: list[YearStats] = []
    for s in stats:
        if s.cumulative_target > 0:
            a = adjusted_year(share, s.cumulative_target)
            spread = Spread(
                **{k: _round(getattr(a, k), MONEY_DECIMALS) for k in ("mean", "p10", "p50", "p90")}
            )
            s = s.model_copy(
                update={"adjusted": spread, "contingency": _round(a.contingency, MONEY_DECIMALS)}
            )
        out.append(s)
    view = TrackRecordView(
        source=share.source,
        years=share.years,
        share_p10=_round(share.quantile(0.10), SHARE_DECIMALS),
        share_p50=_round(share.quantile(0.50), SHARE_DECIMALS),
        share_p90=_round(share.quantile(0.90), SHARE_DECIMALS),
    )
    return out, view
