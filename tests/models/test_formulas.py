"""Every formula line of models.md, with fixed inputs, including the boundaries."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scrutiny.models import registry

from .helpers import context, run

# fixed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slippage", "expected"),
    [
        (0.0, [100.0, 150.0, 150.0, 150.0]),
        (12.0, [0.0, 100.0, 150.0, 150.0]),
        (18.0, [0.0, 50.0, 125.0, 150.0]),
        (6.0, [50.0, 125.0, 150.0, 150.0]),
    ],
)
def test_fixed_fraction_of_each_increment(slippage: float, expected: list[float]) -> None:
    ctx = context(targets=[100.0, 50.0, 0.0, 0.0])
    out = run("fixed", {"slippage_months": slippage, "achievement": 1.0, "blocked": 0.0}, ctx)
    assert out.delivered[0].tolist() == pytest.approx(expected)


def test_fixed_achievement_scales_and_blocked_gives_nothing() -> None:
    ctx = context(targets=[100.0, 50.0, 0.0, 0.0])
    half = run("fixed", {"achievement": 0.5, "blocked": 0.0}, ctx)
    assert half.delivered[0].tolist() == pytest.approx([50.0, 75.0, 75.0, 75.0])
    blocked = run("fixed", {"blocked": 1.0}, ctx)
    assert blocked.delivered[0].tolist() == [0.0, 0.0, 0.0, 0.0]


# vacancy_factor ------------------------------------------------------------------------------

STAFF = {
    "establishment_fte": 100.0,
    "cost_per_fte": 50_000.0,
    "vacancy_rate": 0.2,
    "agency_cover": 0.5,
    "agency_premium": 0.6,
    "open_cases": 1_800.0,
    "caseload_threshold": 18.0,
}


def test_vacancy_factor_fte_in_post() -> None:
    out = run("vacancy_factor", STAFF)
    # (1 − 0.2)·100 + 0.5·0.2·100 = 90
    assert out.side["fte_in_post"][0].tolist() == pytest.approx([90.0] * 4)


def test_vacancy_factor_delivered_is_budget_minus_spend_from_the_first_target_year() -> None:
    out = run("vacancy_factor", STAFF, context(start=1))
    # spend = 80·50,000 + 0.5·0.2·100·50,000·1.6 = 4,800,000; E·c = 5,000,000
    assert out.delivered[0].tolist() == pytest.approx([0.0, 200_000.0, 200_000.0, 200_000.0])


def test_vacancy_factor_overspend_is_negative() -> None:
    out = run("vacancy_factor", {**STAFF, "agency_cover": 1.0, "agency_premium": 0.9})
    # spend = 80·50,000 + 20·50,000·1.9 = 5,900,000
    assert out.delivered[0, 0] == pytest.approx(-900_000.0)


@pytest.mark.parametrize(
    ("rate", "cover", "premium", "expected"),
    [
        (0.0, 0.5, 0.6, 0.0),  # nothing vacant: no saving
        (0.2, 0.0, 0.6, 1_000_000.0),  # vacancies left empty: r·E·c
        (0.2, 1.0, 0.0, 0.0),  # all covered at no premium: no saving
        (1.0, 0.0, 0.6, 5_000_000.0),  # everything vacant and empty
    ],
)
def test_vacancy_factor_boundaries(
    rate: float, cover: float, premium: float, expected: float
) -> None:
    values = {**STAFF, "vacancy_rate": rate, "agency_cover": cover, "agency_premium": premium}
    assert run("vacancy_factor", values).delivered[0, 0] == pytest.approx(expected)


def test_vacancy_factor_caseload_and_threshold() -> None:
    out = run("vacancy_factor", STAFF)
    assert out.side["caseload"][0, 0] == pytest.approx(20.0)  # 1,800 / 90
    assert out.side["above_threshold"][0].tolist() == [1.0] * 4
    at = run("vacancy_factor", {**STAFF, "open_cases": 1_620.0})  # exactly 18: not above
    assert at.side["caseload"][0, 0] == pytest.approx(18.0)
    assert at.side["above_threshold"][0, 0] == 0.0


def test_vacancy_factor_nobody_in_post_means_an_infinite_caseload() -> None:
    out = run("vacancy_factor", {**STAFF, "vacancy_rate": 1.0, "agency_cover": 0.0})
    assert math.isinf(out.side["caseload"][0, 0])
    assert out.side["above_threshold"][0, 0] == 1.0


def test_vacancy_factor_target_is_v_e_c_in_the_first_year() -> None:
    model = registry.get("vacancy_factor")
    ctx = context(start=1)
    point = {"vacancy_factor": 0.07, "establishment_fte": 100.0, "cost_per_fte": 50_000.0}
    targets = model.default_targets(point, ctx)
    assert targets is not None
    assert targets.tolist() == pytest.approx([0.0, 350_000.0, 0.0, 0.0])
    without = {"establishment_fte": 100.0, "cost_per_fte": 50_000.0}
    assert model.default_targets(without, ctx) is None


def test_vacancy_factor_side_outputs_are_declared_from_raw_arrays() -> None:
    model = registry.get("vacancy_factor")
    keys = {o.key: (o.source, o.stat) for o in model.outputs}
    assert keys == {
        "caseload_mean": ("caseload", "mean"),
        "caseload_p90": ("caseload", "p90"),
        "p_caseload_above_threshold": ("above_threshold", "mean"),
        "fte_in_post_mean": ("fte_in_post", "mean"),
        "posts_held_vacant_mean": ("posts_held_vacant", "mean"),
        "caseload_without_mean": ("caseload_without", "mean"),
        "p_caseload_above_threshold_without": ("above_threshold_without", "mean"),
        "caseload_change_mean": ("caseload_change", "mean"),
        "caseload_change_p90": ("caseload_change", "p90"),
        "spend_reduction_mean": ("spend_reduction", "mean"),
    }


def test_vacancy_factor_posts_held_are_the_uncovered_vacancies_up_to_the_factor() -> None:
    # uncovered = (1 − 0.5)·0.2·100 = 10 FTE; the 5% factor needs 5 of them held vacant
    out = run("vacancy_factor", {**STAFF, "vacancy_factor": 0.05})
    assert out.side["posts_held_vacant"][0].tolist() == pytest.approx([5.0] * 4)
    # without the saving 90 + 5 = 95 FTE work: 1,800 / 95 = 18.947 against 20 with it
    assert out.side["caseload_without"][0, 0] == pytest.approx(1_800.0 / 95.0)
    assert out.side["caseload_change"][0, 0] == pytest.approx(20.0 - 1_800.0 / 95.0)
    assert out.side["above_threshold_without"][0, 0] == 1.0
    # covering the 5 held posts would cost 5 × £50,000 × 1.6 = £400,000
    assert out.side["spend_reduction"][0, 0] == pytest.approx(400_000.0)


def test_vacancy_factor_posts_held_are_capped_by_the_uncovered_vacancies() -> None:
    # a 15% factor needs 15 FTE held, but only 10 are uncovered: 10 held, 100 FTE without
    out = run("vacancy_factor", {**STAFF, "vacancy_factor": 0.15})
    assert out.side["posts_held_vacant"][0, 0] == pytest.approx(10.0)
    assert out.side["caseload_without"][0, 0] == pytest.approx(18.0)
    assert out.side["above_threshold_without"][0, 0] == 0.0  # exactly 18 is not above


def test_vacancy_factor_gaps_uncovered_without_the_saving_are_not_the_savings() -> None:
    # 10 FTE uncovered, 7 of them uncovered anyway: 3 held for the saving
    values = {**STAFF, "vacancy_factor": 0.05, "uncovered_without_saving": 0.07}
    out = run("vacancy_factor", values)
    assert out.side["posts_held_vacant"][0, 0] == pytest.approx(3.0)
    assert out.side["caseload_without"][0, 0] == pytest.approx(1_800.0 / 93.0)
    # more gaps than uncovered vacancies: nothing is held for the saving
    none = run("vacancy_factor", {**values, "uncovered_without_saving": 0.2})
    assert none.side["posts_held_vacant"][0, 0] == 0.0
    assert none.side["caseload_change"][0, 0] == 0.0


def test_vacancy_factor_posts_needed_from_the_target_when_no_factor_is_given() -> None:
    # a £150,000 first-year target at £50,000 per FTE needs 3 FTE held vacant
    ctx = context(start=1, targets=[0.0, 150_000.0, 0.0, 0.0])
    out = run("vacancy_factor", STAFF, ctx)
    assert out.side["posts_held_vacant"][0].tolist() == pytest.approx([3.0] * 4)
    # no factor and no target: the saving holds nothing
    assert run("vacancy_factor", STAFF).side["caseload_change"][0].tolist() == [0.0] * 4


def test_vacancy_factor_change_when_nobody_would_be_in_post_either_way() -> None:
    values = {**STAFF, "vacancy_rate": 1.0, "agency_cover": 0.0, "vacancy_factor": 0.0}
    out = run("vacancy_factor", values)
    assert math.isinf(out.side["caseload_without"][0, 0])
    assert out.side["caseload_change"][0, 0] == 0.0
    held = run("vacancy_factor", {**values, "vacancy_factor": 0.1})
    assert math.isinf(held.side["caseload_change"][0, 0])  # 10 FTE without it, none with it


# fostering_recruitment -----------------------------------------------------------------------

FOSTER = {
    "children_per_household": 2.0,
    "occupancy": 0.5,
    "ifa_weekly_cost": 900.0,
    "inhouse_weekly_cost": 500.0,
    "weeks_per_year": 52.0,
    "recruitment_cost_per_household": 0.0,
}
D = 2.0 * 0.5 * (900.0 - 500.0) * 52.0  # 20,800 a household a year


@pytest.mark.parametrize("f", [0.0, 0.5, 1.0])
def test_fostering_cohorts_with_part_year_factor(f: float) -> None:
    out = run("fostering_recruitment", {**FOSTER, "net_households": 10.0, "part_year_factor": f})
    expected = [(i * 10 + 10 * f) * D for i in range(4)]
    assert out.delivered[0].tolist() == pytest.approx(expected)


def test_fostering_households_vary_by_year_and_recruitment_cost_is_netted() -> None:
    h = [5.0, 10.0, 0.0, 3.0]
    values = {
        **FOSTER,
        "net_households": h,
        "part_year_factor": 0.5,
        "recruitment_cost_per_household": 1_000.0,
    }
    out = run("fostering_recruitment", values)
    expected = [sum(h[:i]) * D + h[i] * D * 0.5 - h[i] * 1_000.0 for i in range(4)]
    assert out.delivered[0].tolist() == pytest.approx(expected)
    assert out.side["households_cumulative"][0].tolist() == [5.0, 15.0, 15.0, 18.0]
    assert out.side["children_placed"][0].tolist() == pytest.approx([5.0, 15.0, 15.0, 18.0])


def test_fostering_pipeline_gives_households() -> None:
    values = {
        **FOSTER,
        "enquiries": 200.0,
        "conversion_to_application": 0.1,
        "approval_rate": 0.5,
        "deregistrations": 4.0,
        "part_year_factor": 1.0,
    }
    out = run("fostering_recruitment", values)
    assert out.side["households_cumulative"][0].tolist() == pytest.approx([6.0, 12.0, 18.0, 24.0])
    assert out.delivered[0, 0] == pytest.approx(6.0 * D)


def test_fostering_starts_in_the_first_target_year() -> None:
    out = run(
        "fostering_recruitment",
        {**FOSTER, "net_households": 10.0, "part_year_factor": 1.0},
        context(start=2),
    )
    assert out.delivered[0].tolist() == pytest.approx([0.0, 0.0, 10 * D, 20 * D])
    assert out.side["households_cumulative"][0].tolist() == [0.0, 0.0, 10.0, 20.0]


def test_fostering_in_house_dearer_than_agency_loses_money() -> None:
    values = {
        **FOSTER,
        "inhouse_weekly_cost": 1_000.0,
        "net_households": 1.0,
        "part_year_factor": 1.0,
    }
    assert run("fostering_recruitment", values).delivered[0, 0] == pytest.approx(-5_200.0)


# placement_shift ------------------------------------------------------------------------------

SHIFT = {"from_weekly_cost": 5_000.0, "to_weekly_cost": 1_000.0, "weeks_per_year": 52.0}
DS = 4_000.0 * 52.0


@pytest.mark.parametrize("f", [0.0, 0.5, 1.0])
def test_placement_shift_cohorts(f: float) -> None:
    n = [2.0, 3.0, 1.0, 4.0]
    values = {
        **SHIFT,
        "children_per_year": n,
        "part_year_factor": f,
        "transition_cost_per_child": 1_500.0,
    }
    out = run("placement_shift", values)
    expected = [sum(n[:i]) * DS + n[i] * DS * f - n[i] * 1_500.0 for i in range(4)]
    assert out.delivered[0].tolist() == pytest.approx(expected)
    assert out.side["children_moved_cumulative"][0].tolist() == [2.0, 5.0, 6.0, 10.0]


def test_placement_shift_defaults_are_childrens_home_to_in_house_foster_care() -> None:
    model = registry.get("placement_shift")
    assert model.input("from_weekly_cost").parameter == "unit_costs.childrens_home_weekly_cost"
    assert model.input("to_weekly_cost").parameter == "unit_costs.inhouse_foster_weekly_cost"


# restructure -----------------------------------------------------------------------------------

POSTS = {"fte_deleted": 10.0, "cost_per_fte": 40_000.0}


@pytest.mark.parametrize(
    ("delay", "fractions"),
    [
        (0.0, [1.0, 1.0, 1.0, 1.0]),
        (6.0, [0.5, 1.0, 1.0, 1.0]),
        (12.0, [0.0, 1.0, 1.0, 1.0]),
        (18.0, [0.0, 0.5, 1.0, 1.0]),
    ],
)
def test_restructure_delay(delay: float, fractions: list[float]) -> None:
    out = run("restructure", {**POSTS, "delay_months": delay})
    assert out.delivered[0].tolist() == pytest.approx([400_000.0 * x for x in fractions])


def test_restructure_nothing_before_the_first_target_year() -> None:
    out = run("restructure", POSTS, context(start=1))
    assert out.delivered[0].tolist() == pytest.approx([0.0, 400_000.0, 400_000.0, 400_000.0])


def test_restructure_one_off_cost_and_payback() -> None:
    values = {
        **POSTS,
        "redundancies": 3.0,
        "redundancy_cost_per_person": 20_000.0,
        "pension_strain": 10_000.0,
    }
    out = run("restructure", values)
    assert out.side["one_off_cost"][0].tolist() == pytest.approx([70_000.0] * 4)
    # 70,000 / (400,000 / 12) = 2.1 months
    assert out.side["payback_months"][0, 0] == pytest.approx(2.1)
    assert out.side["fte_deleted"][0, 0] == 10.0
    assert out.side["redundancies"][0, 0] == 3.0
    # The one-off cost is reported beside the saving, not netted from it.
    assert out.delivered[0, 0] == pytest.approx(400_000.0)


def test_restructure_payback_without_a_saving() -> None:
    never = run(
        "restructure", {"fte_deleted": 0.0, "cost_per_fte": 40_000.0, "pension_strain": 5.0}
    )
    assert np.isnan(never.side["payback_months"][0, 0])
    free = run("restructure", {"fte_deleted": 0.0, "cost_per_fte": 40_000.0})
    assert free.side["payback_months"][0, 0] == 0.0


def test_restructure_caseloads_with_and_without_it_as_the_structure_comes_in() -> None:
    # 20 case-holding FTE hold 340 cases (17 each); the restructure takes 2 out of work, in
    # place 6 months into the first target year (which is the second horizon year)
    values = {
        **POSTS,
        "delay_months": 6.0,
        "open_cases": 340.0,
        "case_holding_fte": 20.0,
        "case_holding_fte_removed": 2.0,
    }
    out = run("restructure", values, context(start=1))
    assert out.side["caseload_without"][0].tolist() == pytest.approx([17.0] * 4)
    # before the first target year nothing changes; then 19 FTE on average, then 18
    assert out.side["caseload"][0].tolist() == pytest.approx([17.0, 340 / 19, 340 / 18, 340 / 18])
    assert out.side["caseload_change"][0].tolist() == pytest.approx(
        [0.0, 340 / 19 - 17, 340 / 18 - 17, 340 / 18 - 17]
    )
    assert out.side["above_threshold"][0].tolist() == [0.0, 0.0, 1.0, 1.0]  # 18.9 > 18
    assert out.side["above_threshold_without"][0].tolist() == [0.0] * 4


def test_restructure_of_vacant_posts_leaves_caseloads_as_they_are() -> None:
    values = {**POSTS, "open_cases": 340.0, "case_holding_fte": 20.0}
    side = run("restructure", values).side
    assert side["caseload_change"][0].tolist() == [0.0] * 4
    assert side["caseload"][0].tolist() == side["caseload_without"][0].tolist()


def test_restructure_reports_caseloads_only_with_open_cases() -> None:
    assert "caseload" not in run("restructure", POSTS).side
