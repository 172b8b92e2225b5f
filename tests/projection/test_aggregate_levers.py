"""Savings levers on the projection from published figures: who is kept out, stepped down or
placed in house on each path, never more than the path has, and the cost that avoids."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.projection.aggregate import History, Settings, project
from scrutiny.projection.aggregate_levers import LeverPaths, avoided_cost, lever_paths
from scrutiny.projection.levers import EntryPrevention, FosteringCapacity, Levers, StepDown

from .test_aggregate import MIX


def _history(stock: float = 500.0, entries: float = 250.0) -> History:
    years = 5
    return History(
        years=tuple(range(2021, 2021 + years)),
        looked_after=(stock,) * years,
        started=(entries,) * years,
        population=(100_000.0,) * years,
        mix={2021 + k: MIX for k in range(years)},
    )


def _projection(stock: float = 500.0, entries: float = 250.0, years: int = 3):  # type: ignore[no-untyped-def]
    return project(_history(stock, entries), years, Settings(paths=800, seed=5))


def test_fostering_places_move_children_without_changing_how_many_are_looked_after() -> None:
    p = _projection()
    levers = Levers(fostering=FosteringCapacity(10, 1.5, 1.0, 12, 0.0, date(2025, 4, 1)))
    found = lever_paths(p, levers)
    assert np.array_equal(found.totals, p.totals)
    assert not found.kept_out.any() and not found.stepped_down.any()
    # Fully recruited after the twelve-month ramp: 10 households x 1.5 children, all filled.
    assert found.in_house[:, 11:] == pytest.approx(15.0)
    assert found.in_house[:, 0] == pytest.approx(15.0 / 12)


def test_places_never_exceed_the_paths_children_in_foster_care() -> None:
    p = _projection(stock=20.0, entries=10.0)
    levers = Levers(fostering=FosteringCapacity(100, 2.0, 1.0, 1, 0.0, date(2025, 4, 1)))
    found = lever_paths(p, levers)
    for y in range(3):
        assert (found.in_house[:, 12 * y : 12 * y + 12] <= p.by_category["foster"][:, [y]]).all()


def test_step_downs_build_up_after_the_lag_and_are_capped_by_residential_care() -> None:
    p = _projection()
    levers = Levers(step_down=StepDown(6.0, 3, "inhouse_fostering", date(2025, 4, 1)))
    found = lever_paths(p, levers)
    assert not found.stepped_down[:, :3].any()
    assert (found.stepped_down[:, 3] > 0).all()
    assert (np.diff(found.stepped_down[:, 3:12], axis=1) > 0).all()
    greedy = lever_paths(
        p, Levers(step_down=StepDown(5000.0, 0, "inhouse_fostering", date(2025, 4, 1)))
    )
    for y in range(3):
        block = greedy.stepped_down[:, 12 * y : 12 * y + 12]
        assert (block <= p.by_category["residential"][:, [y]] + 1e-9).all()


def test_prevention_keeps_children_out_from_its_start_and_they_leave_at_the_exit_rate() -> None:
    p = _projection()
    found = lever_paths(p, Levers(prevention=EntryPrevention(0.1, date(2025, 10, 1))))
    assert not found.kept_out[:, :6].any()  # April to September 2025: not started
    assert (found.kept_out[:, 6] > 0).all()
    # In steady state the children kept out settle where the projection's own stock and flow
    # would hold them: entries x (1 - exit rate / 2) / exit rate, with 10% of 250 entries a year
    # (tolerance 5%: monthly steps against the yearly formula, and the paths' exit rates).
    x = p.rates.exit_rate
    settled = 25.0 * (1 - x / 2) / x
    late = lever_paths(
        project(_history(), 10, Settings(paths=800, seed=5)),
        Levers(prevention=EntryPrevention(0.1, date(2025, 4, 1))),
    )
    assert np.median(late.kept_out[:, -1]) == pytest.approx(settled, rel=0.05)
    assert (found.totals <= p.totals).all() and (found.totals >= 0).all()


def test_avoided_cost_adds_up_each_financial_year() -> None:
    months = 24
    ones = np.ones((2, months))
    paths = LeverPaths(kept_out=ones, stepped_down=2 * ones, in_house=3 * ones, totals=ones[:, :2])
    avoided = avoided_cost(
        paths,
        per_child_a_year=np.array([120_000.0, 132_000.0]),
        step_down_saving_a_week=np.array([1_000.0, 1_100.0]),
        in_house_saving_a_week=np.array([100.0, 110.0]),
        weeks_per_year=52.0,
    )
    # A child kept out all year at £120,000, two stepped down at £52,000 each, three in house at
    # £5,200 each; 10% more the second year.
    assert avoided.shape == (2, 2)
    assert avoided[:, 0] == pytest.approx(120_000 + 2 * 52_000 + 3 * 5_200)
    assert avoided[:, 1] == pytest.approx(1.1 * (120_000 + 2 * 52_000 + 3 * 5_200))
    without = avoided_cost(
        paths,
        per_child_a_year=None,
        step_down_saving_a_week=np.zeros(2),
        in_house_saving_a_week=np.zeros(2),
        weeks_per_year=52.0,
    )
    assert not without.any()


@settings(max_examples=40, deadline=None)
@given(
    share=st.floats(0.0, 1.0),
    households=st.floats(0.0, 200.0),
    per_year=st.floats(0.0, 500.0),
    lag=st.integers(0, 40),
    stock=st.floats(0.0, 2_000.0),
)
def test_levers_never_give_more_children_than_the_baseline_or_fewer_than_none(
    share: float, households: float, per_year: float, lag: int, stock: float
) -> None:
    p = project(_history(stock, stock / 2), 2, Settings(paths=50, seed=1))
    levers = Levers(
        fostering=FosteringCapacity(households, 1.0, 1.0, 6, 0.2, date(2025, 5, 1)),
        step_down=StepDown(per_year, lag, "agency_fostering", date(2025, 4, 1)),
        prevention=EntryPrevention(share, date(2025, 4, 1)),
    )
    found = lever_paths(p, levers)
    assert (found.totals >= 0).all() and (found.totals <= p.totals).all()
    for group in (found.kept_out, found.stepped_down, found.in_house):
        assert np.isfinite(group).all() and (group >= 0).all()
