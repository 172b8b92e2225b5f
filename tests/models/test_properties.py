"""Properties of the models (hypothesis): monotone where they should be, and the same answer
whether iterations are evaluated together or one at a time."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays as np_arrays

from scrutiny.models import registry

from .helpers import arrays, context, run

H = 4
money = st.floats(min_value=0.0, max_value=20_000.0, allow_nan=False)
share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
count = st.floats(min_value=0.0, max_value=200.0, allow_nan=False)
months = st.floats(min_value=0.0, max_value=60.0, allow_nan=False)
per_year = np_arrays(np.float64, (H,), elements=count)
extra = np_arrays(np.float64, (H,), elements=st.floats(min_value=0.0, max_value=50.0))
start = st.integers(min_value=0, max_value=H - 1)
TOL = 1e-6


@st.composite
def cohort_costs(draw: st.DrawFn, cheaper: str, dearer: str) -> dict[str, float]:
    """Unit costs with a non-negative saving per arrival, and a one-off cost no larger than the
    part-year saving: the conditions under which more arrivals can never cost money."""
    low = draw(money)
    high = low + draw(money)
    f = draw(share)
    weeks = draw(st.floats(min_value=0.0, max_value=53.0))
    saving = (high - low) * weeks
    return {
        cheaper: low,
        dearer: high,
        "weeks_per_year": weeks,
        "part_year_factor": f,
        "one_off": draw(share) * saving * f,
    }


@settings(max_examples=60, deadline=None)
@given(cohort_costs("inhouse_weekly_cost", "ifa_weekly_cost"), per_year, extra, start)
def test_more_households_never_deliver_less(
    costs: dict[str, float], h: np.ndarray, more: np.ndarray, first: int
) -> None:
    # The one-off bound above is for one child a household at full occupancy (the defaults).
    base = {**costs, "recruitment_cost_per_household": costs.pop("one_off")}
    ctx = context(start=first)
    low = run("fostering_recruitment", {**base, "net_households": h}, ctx).delivered
    high = run("fostering_recruitment", {**base, "net_households": h + more}, ctx).delivered
    assert np.all(high >= low - TOL * (1 + np.abs(low)))


@settings(max_examples=60, deadline=None)
@given(cohort_costs("to_weekly_cost", "from_weekly_cost"), per_year, extra, start)
def test_more_children_moved_never_deliver_less(
    costs: dict[str, float], n: np.ndarray, more: np.ndarray, first: int
) -> None:
    base = {**costs, "transition_cost_per_child": costs.pop("one_off")}
    ctx = context(start=first)
    low = run("placement_shift", {**base, "children_per_year": n}, ctx).delivered
    high = run("placement_shift", {**base, "children_per_year": n + more}, ctx).delivered
    assert np.all(high >= low - TOL * (1 + np.abs(low)))


@settings(max_examples=60, deadline=None)
@given(count, count, money, months, months, start)
def test_restructure_monotone_in_fte_and_delay(
    fte: float, more_fte: float, cost: float, delay: float, more_delay: float, first: int
) -> None:
    ctx = context(start=first)
    base = {"fte_deleted": fte, "cost_per_fte": cost * 5, "delay_months": delay}
    out = run("restructure", base, ctx).delivered
    more = run("restructure", {**base, "fte_deleted": fte + more_fte}, ctx).delivered
    later = run("restructure", {**base, "delay_months": delay + more_delay}, ctx).delivered
    assert np.all(more >= out - TOL * (1 + np.abs(out)))
    assert np.all(later <= out + TOL * (1 + np.abs(out)))


@settings(max_examples=60, deadline=None)
@given(np_arrays(np.float64, (H,), elements=money), share, months, months, start)
def test_fixed_never_delivers_more_with_more_slippage(
    targets: np.ndarray, achievement: float, delay: float, more: float, first: int
) -> None:
    ctx = context(start=first, targets=list(targets))
    base = {"achievement": achievement, "slippage_months": delay}
    out = run("fixed", base, ctx).delivered
    later = run("fixed", {**base, "slippage_months": delay + more}, ctx).delivered
    assert np.all(later <= out + TOL * (1 + np.abs(out)))


@settings(max_examples=60, deadline=None)
@given(count, money, share, share, st.floats(0.0, 3.0), st.floats(0.0, 3.0), count)
def test_vacancy_factor_never_delivers_more_with_a_larger_agency_premium(
    fte: float, cost: float, rate: float, cover: float, premium: float, more: float, cases: float
) -> None:
    base = {
        "establishment_fte": fte,
        "cost_per_fte": cost * 5,
        "vacancy_rate": rate,
        "agency_cover": cover,
        "agency_premium": premium,
        "open_cases": cases,
    }
    out = run("vacancy_factor", base).delivered
    dearer = run("vacancy_factor", {**base, "agency_premium": premium + more}).delivered
    assert np.all(dearer <= out + TOL * (1 + np.abs(out)))


@st.composite
def staffing(draw: st.DrawFn) -> dict[str, float]:
    """Vacancy factor inputs, with some posts in work (the caseload is finite)."""
    return {
        "establishment_fte": draw(st.floats(min_value=1.0, max_value=500.0)),
        "cost_per_fte": draw(st.floats(min_value=1_000.0, max_value=100_000.0)),
        "vacancy_rate": draw(st.floats(min_value=0.0, max_value=0.9)),
        "agency_cover": draw(share),
        "agency_premium": draw(st.floats(0.0, 3.0)),
        "open_cases": draw(st.just(0.0) | st.floats(min_value=1.0, max_value=10_000.0)),
        "vacancy_factor": draw(share),
        "uncovered_without_saving": draw(share),
    }


@settings(max_examples=100, deadline=None)
@given(staffing())
def test_vacancy_factor_caseload_with_the_saving_is_never_below_without_it(
    values: dict[str, float],
) -> None:
    side = run("vacancy_factor", values).side
    with_it, without = side["caseload"][0], side["caseload_without"][0]
    assert np.all(with_it >= without - TOL * (1 + without))
    np.testing.assert_allclose(side["caseload_change"][0], with_it - without, rtol=1e-12)
    assert np.all(side["caseload_change"][0] >= 0.0)
    held = side["posts_held_vacant"][0]
    e = values["establishment_fte"]
    assert np.all(held >= 0.0)
    assert np.all(held <= values["vacancy_factor"] * e * (1 + TOL))
    uncovered = (1 - values["agency_cover"]) * values["vacancy_rate"] * e
    assert np.all(held <= uncovered * (1 + TOL) + TOL)
    # the posts held vacant are all that separates the two worlds
    np.testing.assert_allclose(
        side["caseload_without"][0], values["open_cases"] / (side["fte_in_post"][0] + held)
    )
    if values["open_cases"] > 0 and held[0] > TOL:
        assert side["caseload_change"][0, 0] > 0.0


@settings(max_examples=100, deadline=None)
@given(staffing(), st.sampled_from(["vacancy_factor", "agency_cover", "vacancy_rate"]))
def test_vacancy_factor_no_posts_held_means_no_change(values: dict[str, float], zero: str) -> None:
    """No factor, every vacancy covered, or no vacancies: the saving changes no caseload."""
    values = {**values, zero: 1.0 if zero == "agency_cover" else 0.0}
    side = run("vacancy_factor", values).side
    assert side["posts_held_vacant"][0].tolist() == [0.0] * H
    assert side["caseload_change"][0].tolist() == [0.0] * H
    assert side["spend_reduction"][0].tolist() == [0.0] * H
    np.testing.assert_array_equal(side["caseload"][0], side["caseload_without"][0])
    np.testing.assert_array_equal(side["above_threshold"][0], side["above_threshold_without"][0])


@settings(max_examples=60, deadline=None)
@given(staffing(), share)
def test_vacancy_factor_a_larger_factor_never_lowers_the_change(
    values: dict[str, float], more: float
) -> None:
    low = run("vacancy_factor", values).side["caseload_change"][0]
    larger = {**values, "vacancy_factor": min(1.0, values["vacancy_factor"] + more)}
    high = run("vacancy_factor", larger).side["caseload_change"][0]
    assert np.all(high >= low - TOL * (1 + low))


@settings(max_examples=100, deadline=None)
@given(count, st.floats(1.0, 200.0), share, months, start)
def test_restructure_taking_case_holders_out_never_lowers_caseloads(
    cases: float, before: float, removed_share: float, delay: float, first: int
) -> None:
    """Caseloads with the restructure are at least those without it, and equal them before the
    structure is in place or when no case-holding FTE leave."""
    values = {
        "fte_deleted": 1.0,
        "cost_per_fte": 40_000.0,
        "delay_months": delay,
        "open_cases": cases,
        "case_holding_fte": before,
        "case_holding_fte_removed": removed_share * before * 0.99,
    }
    ctx = context(start=first)
    side = run("restructure", values, ctx).side
    change = side["caseload_change"][0]
    assert np.all(change >= 0.0)
    assert np.all(side["caseload"][0] >= side["caseload_without"][0] - TOL)
    assert np.all(change[:first] == 0.0)
    none = run("restructure", {**values, "case_holding_fte_removed": 0.0}, ctx).side
    assert none["caseload_change"][0].tolist() == [0.0] * H


N = 6


def _batch(
    elements: st.SearchStrategy[float], shape: tuple[int, ...] = (N,)
) -> st.SearchStrategy[np.ndarray]:
    return np_arrays(np.float64, shape, elements=elements)


BATCHES: dict[str, dict[str, st.SearchStrategy[np.ndarray]]] = {
    "fixed": {
        "achievement": _batch(share),
        "slippage_months": _batch(months),
        "blocked": _batch(st.sampled_from([0.0, 1.0])),
    },
    "vacancy_factor": {
        "establishment_fte": _batch(count),
        "cost_per_fte": _batch(money),
        "vacancy_rate": _batch(share),
        "agency_cover": _batch(share),
        "agency_premium": _batch(share),
        "open_cases": _batch(count),
        "vacancy_factor": _batch(share),
        "uncovered_without_saving": _batch(share),
    },
    "fostering_recruitment": {
        "net_households": _batch(count, (N, H)),
        "ifa_weekly_cost": _batch(money),
        "inhouse_weekly_cost": _batch(money),
        "part_year_factor": _batch(share),
        "occupancy": _batch(share),
    },
    "placement_shift": {
        "children_per_year": _batch(count, (N, H)),
        "from_weekly_cost": _batch(money),
        "to_weekly_cost": _batch(money),
        "transition_cost_per_child": _batch(money),
    },
    "restructure": {
        "fte_deleted": _batch(count),
        "cost_per_fte": _batch(money),
        "delay_months": _batch(months),
        "redundancies": _batch(count),
        "redundancy_cost_per_person": _batch(money),
        "open_cases": _batch(count),
        "case_holding_fte": _batch(count),
        "case_holding_fte_removed": _batch(count),
    },
}


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(sorted(BATCHES)), st.data(), start)
def test_vectorised_and_one_at_a_time_agree(name: str, data: st.DataObject, first: int) -> None:
    model = registry.get(name)
    values = {key: data.draw(strategy, label=key) for key, strategy in BATCHES[name].items()}
    ctx = context(start=first, targets=[100.0, 50.0, 25.0, 0.0])
    batch_inputs = arrays(model, values, ctx, N)
    together = model.run(batch_inputs, ctx)
    for i in range(N):
        single = model.run({k: v[i : i + 1] for k, v in batch_inputs.items()}, ctx)
        np.testing.assert_allclose(single.delivered[0], together.delivered[i], rtol=1e-12)
        for key, side in single.side.items():
            np.testing.assert_allclose(side[0], together.side[key][i], rtol=1e-12)
