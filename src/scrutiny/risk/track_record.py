"""The reference-class view: how much of its plan a council delivers, from its own record and
the national reference class (simulation.md, "Track record and reference class").

The share of a year's planned savings delivered is modelled as a beta distribution:

1. **The reference class** (the published year-end figures shipped in `reference/data`) gives an
   empirical prior Beta(α₀, β₀), fitted by the method of moments to the rows' shares, every row
   weighted alike: with mean m and variance v, κ₀ = m(1 − m)/v − 1, α₀ = mκ₀, β₀ = (1 − m)κ₀.
2. **The council's own record** — the outturn years of one scope in the file's `track_record`
   (the scope with most outturn years; the first listed on a tie) — adds each year's share s
   (capped at 1) as `YEAR_WEIGHT` pseudo-observations: α = α₀ + wΣs, β = β₀ + wΣ(1 − s).
   In-year points (forecasts, quarters) are not outturns and are left out, as they are from the
   reference class.

The source is `reference_class` without council years, `council` when the council's years carry
at least `COUNCIL_WEIGHT` of the total weight wk/(κ₀ + wk), else `blend`.

The plan's reference-class view multiplies the cumulative target by that share: the adjusted
delivered saving in a year is share × cumulative target, and the recommended contingency is the
shortfall at the 80th percentile, (1 − q₀.₂₀(share)) × cumulative target. Both are exact beta
quantiles, so they cost nothing at any iteration count. A proposal that states no uncertainty
(every input a plain number) has its delivered saving multiplied by a share drawn from the same
distribution, one per iteration, from its own random stream per block (`share_rng`) so the other
draws, and results at any chunking, are unchanged.

Pure: the reference rows and the file come in as values; nothing is read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from scrutiny.domain.proposal_file import TrackRecordYear

Array = npt.NDArray[np.float64]
Source = Literal["council", "reference_class", "blend"]

YEAR_WEIGHT = 1.0
"""Pseudo-observations each outturn year of the council's own record adds to the prior
[observations per year]. One year counts as one more council-year of the reference class; the
leave-one-council-out back-test (bench/track_record_backtest.py) keeps the 80% interval's
coverage inside 70–90% at this weight (docs/performance.md)."""

COUNCIL_WEIGHT = 0.8
"""Share of the weight from the council's own years at or above which the source is `council`."""

CONTINGENCY_QUANTILE = 0.8
"""The percentile of the shortfall held as the recommended savings-delivery reserve: what
finance teams hold against savings not delivered."""

SHARE_STREAM = 0x7EC0
"""First spawn-key entry of the per-block random streams of the track-record share, so they
never coincide with the engine's own block streams (spawn key (block,))."""


@dataclass(frozen=True)
class ReferenceRow:
    """One published year-end figure of the reference class."""

    council: str
    year: str
    scope: str
    share: float
    """Delivered ÷ planned, as published (may exceed 1)."""


@dataclass(frozen=True)
class ShareDistribution:
    """The plan's share of its planned savings delivered: Beta(alpha, beta)."""

    alpha: float
    beta: float
    source: Source
    years: int
    """Outturn years of the council's own record used."""

    def quantile(self, q: float) -> float:
        return float(stats.beta.ppf(q, self.alpha, self.beta))

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    def draw(self, rng: np.random.Generator, size: int) -> Array:
        return rng.beta(self.alpha, self.beta, size)


def share_rng(seed: int, block: int) -> np.random.Generator:
    """The random stream of the track-record share in one block of iterations."""
    sequence = np.random.SeedSequence(seed, spawn_key=(SHARE_STREAM, block))
    return np.random.Generator(np.random.PCG64(sequence))


def fit_prior(shares: Sequence[float]) -> tuple[float, float]:
    """(α₀, β₀) of the beta with the shares' mean and variance (method of moments); shares are
    capped at 1. Needs at least two different shares."""
    x = np.minimum(np.asarray(shares, dtype=np.float64), 1.0)
    if x.size < 2:
        raise ValueError("the reference class needs at least two shares")
    m = float(x.mean())
    v = float(((x - m) ** 2).mean())
    if v <= 1e-12 or not 0 < m < 1:
        raise ValueError("the reference class shares do not vary, or all are 0 or 1")
    kappa = m * (1 - m) / v - 1
    if kappa <= 0:
        raise ValueError("the reference class shares vary more than any beta distribution can")
    return m * kappa, (1 - m) * kappa


def council_shares(record: Sequence[TrackRecordYear]) -> list[float]:
    """The outturn shares of the scope with most outturn years (first listed on a tie)."""
    by_scope: dict[str, list[float]] = {}
    for row in record:
        if row.point == "outturn":
            by_scope.setdefault(row.scope.strip().casefold(), []).append(row.share)
    if not by_scope:
        return []
    return max(by_scope.values(), key=len)  # max keeps the first of equal lengths


def share_distribution(
    record: Sequence[TrackRecordYear],
    reference: Sequence[ReferenceRow],
    *,
    year_weight: float = YEAR_WEIGHT,
) -> ShareDistribution:
    """The plan's share delivered: the reference prior updated by the council's outturn years,
    each counting as `year_weight` pseudo-observations."""
    alpha, beta = fit_prior([r.share for r in reference])
    shares = [min(s, 1.0) for s in council_shares(record)]
    weight = year_weight * len(shares)
    own = weight / (alpha + beta + weight)
    source: Source = (
        "reference_class" if not shares else "council" if own >= COUNCIL_WEIGHT else "blend"
    )
    return ShareDistribution(
        alpha=alpha + year_weight * sum(shares),
        beta=beta + year_weight * sum(1 - s for s in shares),
        source=source,
        years=len(shares),
    )


@dataclass(frozen=True)
class AdjustedYear:
    """One plan year's reference-class view [GBP]."""

    mean: float
    p10: float
    p50: float
    p90: float
    contingency: float


def adjusted_year(share: ShareDistribution, cumulative_target: float) -> AdjustedYear:
    """Delivered cumulative saving when the share delivered follows `share`, and the shortfall
    at the `CONTINGENCY_QUANTILE` percentile [GBP]."""
    t = cumulative_target
    return AdjustedYear(
        mean=share.mean * t,
        p10=share.quantile(0.10) * t,
        p50=share.quantile(0.50) * t,
        p90=share.quantile(0.90) * t,
        contingency=(1 - share.quantile(1 - CONTINGENCY_QUANTILE)) * t,
    )
