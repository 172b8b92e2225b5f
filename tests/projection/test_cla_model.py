"""The projection's savings levers as a proposal model (`model.type: cla_projection`)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.domain.proposal import ModelSpec
from scrutiny.models import registry
from scrutiny.models.base import ModelContext

YEARS = ("2025/26", "2026/27", "2027/28")
COSTS = {
    "ifa_weekly_cost": 820.0,
    "inhouse_weekly_cost": 646.0,
    "residential_weekly_cost": 6000.0,
    "step_down_weekly_cost": 1000.0,
    "care_weekly_cost": 1000.0,
    "weeks_per_year": 52.0,
}
DEFAULTS = {
    "households": 0.0,
    "children_per_household": 1.0,
    "utilisation": 1.0,
    "ramp_months": 12.0,
    "attrition_per_year": 0.0,
    "step_down_children_per_year": 0.0,
    "step_down_lag_months": 6.0,
    "step_down_months": 24.0,
    "prevented_entries_per_year": 0.0,
    "prevention_lag_months": 0.0,
    "months_in_care_avoided": 12.0,
}


def _run(values: dict[str, float], start: int = 0) -> np.ndarray:
    model = registry.get("cla_projection")
    inputs = {k: np.array([v]) for k, v in {**DEFAULTS, **COSTS, **values}.items()}
    ctx = ModelContext(years=YEARS, start=start, targets=np.zeros(len(YEARS)))
    return model.run(inputs, ctx).delivered[0]


def test_worked_example_of_the_models_doc() -> None:
    """15 households over 12 months, £820 against £646 a week: £73,515 then £135,720."""
    delivered = _run({"households": 15})
    assert delivered[0] == pytest.approx(73_515.0)
    assert delivered[1] == pytest.approx(135_720.0)
    assert delivered[2] == pytest.approx(135_720.0)


def test_step_down_waits_for_its_lag_and_lasts_its_months() -> None:
    """12 a year from month 7, £5,000 a week saved, each for 24 months: months 7-12 of the
    first year hold 1 to 6 children (21 child-months)."""
    month = 5000.0 * 52 / 12
    delivered = _run({"step_down_children_per_year": 12})
    assert delivered[0] == pytest.approx(21 * month)
    # Year 2: months 13-24 hold 7 to 18; year 3: 19 to 24, then 24 (those from month 7 on stay
    # 24 months, so the stock stops growing at 24 from month 30).
    assert delivered[1] == pytest.approx(sum(range(7, 19)) * month)
    assert delivered[2] == pytest.approx((sum(range(19, 25)) + 24 * 6) * month)


def test_nothing_before_the_first_target_year() -> None:
    delivered = _run({"households": 15, "prevented_entries_per_year": 10}, start=1)
    assert delivered[0] == 0.0
    assert delivered[1] > 0.0


def test_a_proposal_pulling_no_lever_is_refused() -> None:
    model = registry.get("cla_projection")
    with pytest.raises(ValueError, match="households, step_down_children_per_year"):
        model.derive(ModelSpec(type="cla_projection", inputs={"ramp_months": 6}))
    assert "households" in model.derive(ModelSpec(type="cla_projection", inputs={"households": 3}))


@settings(max_examples=40, deadline=None)
@given(
    households=st.floats(0, 100),
    more=st.floats(0, 50),
    attrition=st.floats(0, 1),
    ramp=st.floats(0, 60),
    prevented=st.floats(0, 50),
)
def test_more_households_never_save_less(
    households: float, more: float, attrition: float, ramp: float, prevented: float
) -> None:
    base = {
        "attrition_per_year": attrition,
        "ramp_months": ramp,
        "prevented_entries_per_year": prevented,
    }
    low = _run({**base, "households": households})
    high = _run({**base, "households": households + more})
    assert (high >= low - 1e-6).all()
    assert (low >= -1e-6).all()
