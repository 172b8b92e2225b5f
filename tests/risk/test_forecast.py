"""The year-end forecast conditioned on the returns to date (risk/forecast.py).

Tolerances: percentiles of 4,000 draws; a P50 "within 5% of target" is |P50 − T| ≤ 0.05 T.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.domain.monitoring import MonitoringReturn, Period
from scrutiny.risk.forecast import forecast_year, year_end_draws
from scrutiny.workflows.forecast import simulated_shares
from scrutiny.workflows.monitoring import year_targets
from scrutiny.workflows.validate import load

YEAR = "2022/23"
N = 4_000
ON = datetime.date(2022, 7, 1)


def _shares(seed: int = 1, median: float = 0.85) -> np.ndarray:
    """A skewed simulated share of target delivered: most years short of target, a few over."""
    rng = np.random.default_rng(seed)
    return np.clip(rng.beta(6, 2, N) * median / 0.77, 0, 1.2)


def _ret(ref: str, q: int, delivered: float, forecast: float, rag: str = "green",
         evidence: str | None = "ledger", replacement: float | None = None) -> MonitoringReturn:  # fmt: skip
    return MonitoringReturn(ref, Period.parse(f"{YEAR} Q{q}"), delivered, forecast, rag,  # type: ignore[arg-type]
                            "officer", ON, evidence=evidence, replacement=replacement)  # fmt: skip


def _history(
    *quarters: dict[str, MonitoringReturn],
) -> list[tuple[Period, dict[str, MonitoringReturn]]]:
    return [(next(iter(q.values())).period, q) for q in quarters]


def test_at_the_planned_rate_p50_is_within_5_percent_and_the_band_narrows() -> None:
    t = 1_000_000.0
    shares = {"A": _shares()}
    q0 = forecast_year(YEAR, {"A": t}, shares, [])
    q1 = {"A": _ret("A", 1, 0.25 * t, t)}
    q2 = {"A": _ret("A", 2, 0.50 * t, t)}
    after = forecast_year(YEAR, {"A": t}, shares, _history(q1, q2))
    a = after.proposals[0]
    assert abs(a.forecast.p50 - t) <= 0.05 * t
    assert a.forecast.width < q0.proposals[0].forecast.width
    assert q0.period is None and after.period == Period.parse(f"{YEAR} Q2")


def test_the_planned_rate_holds_on_the_real_simulation_of_an_example(examples: Path) -> None:
    pf = load(examples / "thurrock-2022.yaml")
    targets = year_targets(pf, YEAR)
    shares = simulated_shares(pf, YEAR, iterations=2_000)
    q1 = {r: _ret(r, 1, 0.25 * t, t) for r, t in targets.items()}
    q2 = {r: _ret(r, 2, 0.5 * t, t) for r, t in targets.items()}
    before = forecast_year(YEAR, targets, shares, [])
    after = forecast_year(YEAR, targets, shares, _history(q1, q2))
    at_q0 = {p.ref: p for p in before.proposals}
    for p in after.proposals:
        p0 = at_q0[p.ref]
        assert abs(p.forecast.p50 - p.target) <= 0.05 * p.target, p.ref
        assert p.forecast.width <= p0.forecast.width + 1e-6, p.ref
    assert after.plan.forecast.width < before.plan.forecast.width


def test_a_proposal_reported_lost_keeps_p90_below_half_its_target() -> None:
    targets = {"A": 1_000_000.0, "B": 300_000.0}
    shares = {"A": _shares(1), "B": _shares(2)}
    q1 = {"A": _ret("A", 1, 250_000, 1_000_000), "B": _ret("B", 1, 0, 0, "red")}
    result = forecast_year(YEAR, targets, shares, _history(q1))
    lost = next(p for p in result.proposals if p.ref == "B")
    assert lost.forecast.p90 < 0.5 * lost.target
    assert lost.rag == "red" and result.proposals[0].ref == "B"  # red first
    assert lost.slippage == 0 and lost.carried_forward == pytest.approx(300_000)


def test_a_year_run_exactly_to_plan_converges_on_its_target() -> None:
    t = 600_000.0
    shares = {"A": _shares(3)}
    widths = [forecast_year(YEAR, {"A": t}, shares, []).proposals[0].forecast.width]
    history = []
    for q in (1, 2, 3, 4):
        history.append({"A": _ret("A", q, t * q / 4, t)})
        band = forecast_year(YEAR, {"A": t}, shares, _history(*history)).proposals[0].forecast
        widths.append(band.width)
        assert abs(band.p50 - t) <= 0.05 * t
    assert widths == sorted(widths, reverse=True) and widths[-1] == 0
    assert band.p10 == band.p50 == band.p90 == t


def test_red_stays_red_unless_the_evidence_changes() -> None:
    t = 400_000.0
    shares = {"A": _shares(4)}
    q1 = {"A": _ret("A", 1, 0, 100_000, "red", evidence="Recruitment paused")}
    q2 = {"A": _ret("A", 2, 50_000, 400_000, "green", evidence="Recruitment paused")}
    q3 = {"A": _ret("A", 3, 250_000, 400_000, "green", evidence="Eight carers approved in Q3")}
    held = forecast_year(YEAR, {"A": t}, shares, _history(q1, q2)).proposals[0]
    assert held.rag == "red" and held.held_red
    moved = forecast_year(YEAR, {"A": t}, shares, _history(q1, q2, q3)).proposals[0]
    assert moved.rag == "green" and not moved.held_red
    no_evidence = {"A": _ret("A", 2, 50_000, 400_000, "amber", evidence=None)}
    q1_bare = {"A": _ret("A", 1, 0, 100_000, "red", evidence=None)}
    kept = forecast_year(YEAR, {"A": t}, shares, _history(q1_bare, no_evidence)).proposals[0]
    assert kept.rag == "red"


def test_movement_and_carried_forward_add_up() -> None:
    targets = {"A": 1_000_000.0, "B": 500_000.0}
    shares = {"A": _shares(5), "B": _shares(6)}
    q1 = {"A": _ret("A", 1, 250_000, 1_000_000), "B": _ret("B", 1, 100_000, 500_000)}
    q2 = {"A": _ret("A", 2, 400_000, 800_000, "amber", replacement=50_000),
          "B": _ret("B", 2, 250_000, 500_000)}  # fmt: skip
    one = forecast_year(YEAR, targets, shares, _history(q1))
    two = forecast_year(YEAR, targets, shares, _history(q1, q2))
    a1 = next(p for p in one.proposals if p.ref == "A")
    a2 = next(p for p in two.proposals if p.ref == "A")
    assert a2.movement == pytest.approx(a2.forecast.p50 - a1.forecast.p50)
    assert a2.forecast.p50 == pytest.approx(800_000)
    assert a2.carried_forward == pytest.approx(150_000)  # 200k short, 50k replaced
    assert a2.slippage == pytest.approx(150_000)  # amber: late rather than lost
    assert two.plan.carried_forward == pytest.approx(sum(p.carried_forward for p in two.proposals))
    assert two.plan.movement == pytest.approx(
        two.plan.forecast.p50 - one.plan.forecast.p50, rel=0.02
    )


@settings(max_examples=60, deadline=None)
@given(
    target=st.floats(1_000, 1e8),
    delivered=st.floats(0, 1),
    forecast=st.floats(0, 1.5),
    months=st.integers(1, 12),
)
def test_a_forecast_never_falls_below_what_is_delivered(
    target: float, delivered: float, forecast: float, months: int
) -> None:
    d = delivered * target
    ret = MonitoringReturn("A", Period.parse(f"2022-{(months + 2) % 12 + 1:02d}"), d,
                           forecast * target, "amber", "officer", ON)  # fmt: skip
    draws = year_end_draws(target, _shares(7)[:500], ret)
    assert draws.min() >= d - 1e-6
    if ret.period.is_year_end:
        assert np.all(draws == d)
