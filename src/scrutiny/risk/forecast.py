"""The year-end forecast from monitoring returns: what is delivered is known, only the rest of
the year is uncertain (docs/monitoring.md, "How the forecast is made").

For each proposal with a target T in the year [GBP], the simulation of the plan gives draws of
the share of its target delivered, r₁…rₙ (the same iterations for every proposal, so the plan's
total keeps the correlations the simulation drew).

- **Before any return** (the budget, "Q0") the year-end delivery is T × rᵢ.
- **After a return** with delivered to date D and the officer's forecast for the year F, the
  year-end delivery is D + max((F − D)⁺ × mᵢ, 0), where mᵢ = 1 + rᵢ − median(r): the
  simulation's spread of the share around its median, applied only to what is still to come.
  D is not uncertain. At the year end (Q4 or March) the delivered to date is the outturn, and
  the forecast is D.

A year that runs exactly to plan (D reaching T, F = T) converges on T; the band narrows as D
grows, because only F − D carries uncertainty: its width is (F − D)/T of the budget's. A proposal reported lost (D = 0, F = 0) forecasts 0.

The RAG is the officer's, except that **red stays red unless the evidence changes**: a proposal
reported red in a period keeps red in later periods until a return gives different evidence.
Without a return the RAG is measured from the draws with the delivery policy (delivery.py).

The movement is the change of the P50 since the previous period (since the budget for the
first). The shortfall T − P50 (when positive) less any replacement savings found is *carried
forward* into next year's plan; it is *slippage* (late, still expected) when the proposal is not
red.

Pure: the draws and the returns come in as values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scrutiny.domain.delivery import DEFAULT, RAGS, DeliveryPolicy, Rag
from scrutiny.domain.monitoring import MonitoringReturn, Period

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Band:
    """P10, P50 and P90 of a year-end delivery [GBP]."""

    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, draws: Array) -> Band:
        p10, p50, p90 = np.quantile(draws, [0.1, 0.5, 0.9])
        return cls(float(p10), float(p50), float(p90))

    @property
    def width(self) -> float:
        return self.p90 - self.p10


@dataclass(frozen=True)
class ProposalForecast:
    ref: str
    target: float
    delivered_to_date: float
    forecast: Band
    rag: Rag
    movement: float
    """Change of the P50 since the previous period [GBP]."""
    slippage: float
    carried_forward: float
    reported: MonitoringReturn | None
    """The return the forecast rests on (None: no return yet)."""
    held_red: bool = False
    """Reported better than red with unchanged evidence after a red period: kept red."""


@dataclass(frozen=True)
class PlanForecast:
    target: float
    forecast: Band
    delivered_to_date: float
    slippage: float
    carried_forward: float
    movement: float


@dataclass(frozen=True)
class YearForecast:
    year: str
    period: Period | None
    """The latest period with returns (None: the budget alone)."""
    proposals: list[ProposalForecast]
    plan: PlanForecast
    draws: Array
    """The plan's year-end delivery per iteration [GBP], for charts."""


@dataclass(frozen=True)
class _Position:
    draws: Array
    rag: Rag
    held_red: bool
    reported: MonitoringReturn | None


def _spread(shares: Array) -> Array:
    """The shares moved to a median of 1: the simulation's spread around its centre."""
    return 1.0 + shares - float(np.median(shares))


def year_end_draws(target: float, shares: Array, ret: MonitoringReturn | None) -> Array:
    """Year-end delivery draws [GBP] for one proposal: from the simulation alone before any
    return, else the delivered to date plus the rest of the officer's forecast, spread."""
    if ret is None:
        return target * shares
    if ret.period.is_year_end:
        return np.full_like(shares, ret.delivered_to_date)
    rest = max(ret.forecast - ret.delivered_to_date, 0.0)
    return ret.delivered_to_date + np.maximum(rest * _spread(shares), 0.0)


def measured_rag(target: float, draws: Array, policy: DeliveryPolicy) -> Rag:
    share = float(draws.mean()) / target if target > 0 else 1.0
    p_meet = float((draws >= policy.threshold(target)).mean())
    return policy.rag(share, p_meet) or "green"


def _positions(
    ref: str,
    target: float,
    shares: Array,
    history: Sequence[Mapping[str, MonitoringReturn]],
    policy: DeliveryPolicy,
) -> list[_Position]:
    """The proposal's position at the budget and after each period, in order."""
    start = target * shares
    out = [_Position(start, measured_rag(target, start, policy), False, None)]
    red_evidence: str | None = None
    red = False
    for returns in history:
        ret = returns.get(ref)
        if ret is None:
            out.append(out[-1])
            continue
        rag: Rag = ret.rag
        held = False
        if red and rag != "red" and (ret.evidence or None) == red_evidence:
            rag, held = "red", True
        if rag == "red" and not held:
            red, red_evidence = True, ret.evidence or None
        elif rag != "red":
            red = False
        out.append(_Position(year_end_draws(target, shares, ret), rag, held, ret))
    return out


def forecast_year(
    year: str,
    targets: Mapping[str, float],
    shares: Mapping[str, Array],
    history: Sequence[tuple[Period, Mapping[str, MonitoringReturn]]],
    policy: DeliveryPolicy = DEFAULT,
) -> YearForecast:
    """The year-end forecast after the last period of `history` (periods in time order, each
    with its returns by ref). `targets`: each proposal's saving planned in `year` [GBP];
    `shares`: its simulated share of target delivered, the same n iterations for each."""
    returns = [r for _, r in history]
    period = history[-1][0] if history else None
    proposals = []
    total_now: Array | None = None
    total_before: Array | None = None
    for ref, target in targets.items():
        positions = _positions(ref, target, shares[ref], returns, policy)
        now, before = positions[-1], positions[-2] if len(positions) > 1 else positions[-1]
        band = Band.of(now.draws)
        shortfall = max(target - band.p50, 0.0)
        replacement = (now.reported.replacement or 0.0) if now.reported else 0.0
        carried = max(shortfall - replacement, 0.0)
        proposals.append(
            ProposalForecast(
                ref=ref,
                target=target,
                delivered_to_date=now.reported.delivered_to_date if now.reported else 0.0,
                forecast=band,
                rag=now.rag,
                movement=band.p50 - float(np.median(before.draws)),
                slippage=0.0 if now.rag == "red" else carried,
                carried_forward=carried,
                reported=now.reported,
                held_red=now.held_red,
            )
        )
        total_now = now.draws.copy() if total_now is None else total_now + now.draws
        total_before = before.draws.copy() if total_before is None else total_before + before.draws
    draws = total_now if total_now is not None else np.zeros(1)
    previous = total_before if total_before is not None else np.zeros(1)
    band = Band.of(draws)
    plan = PlanForecast(
        target=float(sum(targets.values())),
        forecast=band,
        delivered_to_date=sum(p.delivered_to_date for p in proposals),
        slippage=sum(p.slippage for p in proposals),
        carried_forward=sum(p.carried_forward for p in proposals),
        movement=band.p50 - float(np.median(previous)),
    )
    proposals.sort(key=lambda p: (-RAGS.index(p.rag), p.ref))
    return YearForecast(year=year, period=period, proposals=proposals, plan=plan, draws=draws)
