"""Savings levers: scenario parsing, monthly flows, and their effect on coupled paths."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from scrutiny.projection.episodes import STATES
from scrutiny.projection.individual import IndividualSettings, fit, simulate, simulate_levers
from scrutiny.projection.levers import (
    EntryPrevention,
    FosteringCapacity,
    LeverError,
    Levers,
    StepDown,
    monthly_flows,
    parse_levers,
)
from scrutiny.projection.synthetic import generate

ORIGIN = date(2023, 3, 31)


@pytest.fixture(scope="module")
def fitted():  # type: ignore[no-untyped-def]
    s = generate(entries_a_year=600, seed=8, burn_in_years=15)
    return fit(s.births, s.episodes, s.data_end, records_from=s.data_start)


def test_fostering_places_open_over_the_ramp_and_close_with_attrition() -> None:
    lever = FosteringCapacity(10, 1.5, 0.8, 12, 0.0, date(2023, 4, 1))
    flows = monthly_flows(Levers(fostering=lever), ORIGIN, 24)
    assert flows.places_opening[:12] == pytest.approx([1.0] * 12)  # 10 × 1.5 × 0.8 / 12
    assert flows.places_opening[12:] == pytest.approx([0.0] * 12)
    with_loss = monthly_flows(
        Levers(fostering=FosteringCapacity(10, 1, 1, 1, 0.5, date(2023, 4, 1))), ORIGIN, 13
    )
    assert np.cumsum(with_loss.places_opening)[12] == pytest.approx(10 * 0.5 ** (12 / 12))


def test_step_down_waits_for_its_lag_and_prevention_for_its_date() -> None:
    levers = Levers(
        step_down=StepDown(12, 6, "agency_fostering", date(2023, 4, 1)),
        prevention=EntryPrevention(0.1, date(2023, 10, 1)),
    )
    flows = monthly_flows(levers, ORIGIN, 12)
    assert list(flows.step_downs) == [0.0] * 6 + [1.0] * 6
    assert flows.step_down_to == STATES.index("agency_fostering")
    assert list(flows.entries_kept) == [1.0] * 6 + [0.9] * 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "levers: a mapping"),
        ({"levers": {"magic": {}}}, "levers.magic: not a lever"),
        (
            {"levers": {"entry_prevention": {"share": 1.5, "from": "2024-04-01"}}},
            "share: must be from 0 to 1",
        ),
        ({"levers": {"entry_prevention": {"share": 0.1, "from": "soon"}}}, "from: a date"),
        (
            {
                "levers": {
                    "step_down": {
                        "children_per_year": 3,
                        "lag_months": 1,
                        "to": "moon",
                        "from": "2024-04-01",
                    }
                }
            },
            "to: not a placement state",
        ),
        (
            {"levers": {"inhouse_fostering": {"households": "ten"}}},
            "households: a number is needed",
        ),
    ],
)
def test_bad_scenarios_name_the_lever_and_field(data: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(LeverError, match=message):
        parse_levers(data)


def test_levers_change_the_right_states_and_only_them(fitted) -> None:  # type: ignore[no-untyped-def]
    settings = IndividualSettings(paths=200, seed=3)
    levers = Levers(fostering=FosteringCapacity(20, 1, 1, 6, 0, date(2023, 4, 1)))
    base, lever = simulate_levers(fitted, 12, settings, levers)
    agency, inhouse = STATES.index("agency_fostering"), STATES.index("inhouse_fostering")
    # The baseline of a coupled run is the plain projection drawn again: the same mean at a year
    # within 1% (200 paths of about 1,700 children; the mean's own error is about 0.2%).
    plain = simulate(fitted, 12, settings).totals[:, 11].mean()
    assert base.totals[:, 11].mean() == pytest.approx(plain, rel=0.01)
    # Children move from agency to in-house foster care: about 20 more in-house at six months.
    moved = (lever.by_state[:, 5, inhouse] - base.by_state[:, 5, inhouse]).mean()
    assert 14 <= moved <= 22
    assert (lever.by_state[:, 5, agency] - base.by_state[:, 5, agency]).mean() < -14
    # Moving placement does not change how many are looked after (within process noise).
    assert abs((lever.totals[:, 11] - base.totals[:, 11]).mean()) < 3


def test_prevention_lowers_the_number_looked_after(fitted) -> None:  # type: ignore[no-untyped-def]
    settings = IndividualSettings(paths=200, seed=4)
    levers = Levers(prevention=EntryPrevention(0.2, date(2023, 4, 1)))
    base, lever = simulate_levers(fitted, 12, settings, levers)
    assert (lever.totals <= base.totals + 1e-9).mean() > 0.95
    assert (base.totals[:, 11] - lever.totals[:, 11]).mean() > 0
