"""The aggregate projection: never negative, totals consistent, calibrated on known truths."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.projection.aggregate import (
    CATEGORIES,
    History,
    ProjectionInputError,
    Settings,
    all_councils,
    central_path,
    implied_exit_rates,
    pooled_drift,
    project,
)

MIX = {
    "foster": 0.7,
    "residential": 0.1,
    "supported_accommodation": 0.08,
    "placed_with_parents": 0.06,
    "placed_for_adoption": 0.03,
    "other": 0.03,
}


def _steady(stock: float = 500.0, entries: float = 250.0, years: int = 5) -> History:
    return History(
        years=tuple(range(2019, 2019 + years)),
        looked_after=(stock,) * years,
        started=(entries,) * years,
        population=(100_000.0,) * years,
        mix={2019 + k: MIX for k in range(years)},
    )


def test_implied_exit_rate_reproduces_the_published_stocks() -> None:
    h = History((2019, 2020, 2021), (100.0, 110.0, 105.0), (40.0, 50.0, 30.0), (1e4,) * 3)
    rates = implied_exit_rates(h)
    n, s = np.array(h.looked_after), np.array(h.started)
    exits = rates * (n[:-1] + s[1:] / 2)
    assert np.allclose(n[:-1] + s[1:] - exits, n[1:])


def test_steady_demand_stays_steady_within_two_percent() -> None:
    # Equilibrium: exits each year equal entries, so the median should stay at 500.
    p = project(_steady(), 3, Settings(paths=4000, seed=1))
    for i in range(3):
        assert p.fan(i)[2] == pytest.approx(500, rel=0.02)


def test_bands_are_ordered_and_widen_with_the_horizon() -> None:
    p = project(_steady(), 4, Settings(paths=4000, seed=2))
    widths = []
    for i in range(4):
        fan = p.fan(i)
        assert list(fan) == sorted(fan)
        widths.append(fan[3] - fan[1])
    assert widths[-1] > widths[0]


def test_growing_entries_give_a_growing_projection_when_the_trend_is_carried() -> None:
    years = 5
    entries = tuple(250.0 * 1.05**k for k in range(years))
    h = History(tuple(range(2019, 2024)), (500.0,) * years, entries, (1e5,) * years)
    flat = project(h, 3, Settings(paths=3000, seed=3, damping=0.0))
    carried = project(h, 3, Settings(paths=3000, seed=3, damping=1.0))
    assert carried.fan(2)[2] > flat.fan(2)[2] * 1.05


def test_the_same_seed_gives_the_same_paths() -> None:
    a = project(_steady(), 2, Settings(paths=500, seed=9))
    b = project(_steady(), 2, Settings(paths=500, seed=9))
    assert np.array_equal(a.totals, b.totals)


@pytest.mark.parametrize(
    ("history", "message"),
    [
        (lambda: History((2019, 2020), (1.0, 1.0), (1.0, 1.0), (1.0, 1.0)), "three"),
        (lambda: History((2019, 2020, 2022), (1.0,) * 3, (1.0,) * 3, (1.0,) * 3), "consecutive"),
        (lambda: History((2019, 2020, 2021), (1.0, -1.0, 1.0), (1.0,) * 3, (1.0,) * 3), "negative"),
        (
            lambda: History((2019, 2020, 2021), (1.0,) * 3, (1.0,) * 3, (1.0, 0.0, 1.0)),
            "population",
        ),
    ],
)
def test_histories_that_cannot_be_projected_are_refused(history, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProjectionInputError, match=message):
        history()


def test_horizon_outside_one_to_ten_is_refused() -> None:
    with pytest.raises(ProjectionInputError, match="1 to 10"):
        project(_steady(), 11)


counts = st.floats(min_value=0, max_value=5000, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    stocks=st.lists(counts, min_size=3, max_size=7),
    data=st.data(),
)
def test_never_negative_and_categories_add_up_to_the_total(
    stocks: list[float], data: st.DataObject
) -> None:
    n = len(stocks)
    started = data.draw(st.lists(counts, min_size=n, max_size=n))
    floor = [max(a, b, 1.0) for a, b in zip(stocks, started, strict=True)]
    pops = [f * data.draw(st.floats(min_value=1.0, max_value=200.0)) for f in floor]
    h = History(
        tuple(range(2019, 2019 + n)),
        tuple(stocks),
        tuple(started),
        tuple(pops),
        {2019 + n - 1: MIX},
    )
    p = project(h, 3, Settings(paths=200, seed=0))
    assert np.all(p.totals >= 0)
    assert np.all(np.isfinite(p.totals))
    summed = sum(p.by_category[c] for c in CATEGORIES)
    assert np.allclose(summed, p.totals)
    for c in CATEGORIES:
        assert np.all(p.by_category[c] >= 0)


def test_eighty_percent_band_covers_a_simulated_truth_70_to_90_percent_of_the_time() -> None:
    """Truth drawn from the same stock-flow process with rates of the kind councils show.

    Tolerance: 200 synthetic councils, so the coverage is known to about ±3 points; the band
    must hold the truth between 70% and 90% of the time at two years ahead.
    """
    rng = np.random.default_rng(11)
    hits = 0
    trials = 200
    for t in range(trials):
        exit_rate = rng.uniform(0.35, 0.55)
        entry = rng.uniform(100, 600)
        stock = entry * (1 - exit_rate / 2) / exit_rate
        stocks, started = [stock], [entry]
        for _ in range(6):
            e = rng.poisson(entry * np.exp(rng.normal(0, 0.1)))
            h = np.clip(exit_rate + rng.normal(0, 0.035), 0, 1)
            x = rng.binomial(int(stock + e), h * (stock + e / 2) / (stock + e))
            stock = stock + e - x
            stocks.append(stock)
            started.append(float(e))
        hist = History(tuple(range(2019, 2023)), tuple(stocks[:4]), tuple(started[:4]), (1e5,) * 4)
        p = project(hist, 2, Settings(paths=600, seed=t))
        _, low, _, high, _ = p.fan(1)
        hits += low <= stocks[5] <= high
    assert 0.70 <= hits / trials <= 0.90


def _rising() -> History:
    # Fewer children leaving each year for the same entries: the council's own rates project a
    # stock still rising towards about 620.
    years = 4
    return History(
        years=tuple(range(2019, 2019 + years)),
        looked_after=(400.0, 450.0, 500.0, 550.0),
        started=(250.0,) * years,
        population=(100_000.0,) * years,
    )


def test_the_centre_keeps_its_share_of_the_councils_own_change() -> None:
    # All councils together are projected flat (drift 0): the centre keeps `own_drift` of the
    # council's own projected change in logs. Tolerance: 1.5% of the stock (4,000 paths).
    h = _rising()
    own = central_path(h, 3, Settings())
    assert own[2] > 550 * 1.05  # the council's own rates rise
    for kept in (0.0, 0.3, 1.0):
        p = project(h, 3, Settings(paths=4000, seed=4, pooled_drift=(0.0,) * 3, own_drift=kept))
        expected = 550 * np.exp(kept * np.log(own / 550))
        for i in range(3):
            assert p.fan(i)[2] == pytest.approx(expected[i], rel=0.015)
        assert p.rates.own_drift == kept


def test_without_a_pooled_drift_or_keeping_all_the_paths_are_the_councils_own() -> None:
    h = _rising()
    alone = project(h, 2, Settings(paths=500, seed=9))
    kept = project(h, 2, Settings(paths=500, seed=9, pooled_drift=(0.2, 0.4), own_drift=1.0))
    assert np.array_equal(alone.totals, kept.totals)
    assert alone.rates.own_drift == 1.0


def test_all_councils_add_up_the_councils_with_the_longest_run() -> None:
    a, b = _steady(500.0, 250.0), _steady(100.0, 50.0)
    short = History((2021, 2022, 2023), (9e3,) * 3, (9e3,) * 3, (1e5,) * 3)
    together = all_councils([a, b, short])
    assert together.years == a.years
    assert together.looked_after == (600.0,) * 5 and together.started == (300.0,) * 5
    # Steady councils together stay steady: no drift to pull towards.
    assert np.allclose(pooled_drift([a, b], horizon=4), 0.0, atol=1e-9)
    assert len(pooled_drift([a, _rising()], horizon=3)) == 3
    with pytest.raises(ProjectionInputError):
        all_councils([])
