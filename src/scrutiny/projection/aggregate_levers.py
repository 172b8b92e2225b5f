"""Savings levers on the projection from published figures (pure).

The published figures give the total looked after and the placement mix, not the children one
by one, so the levers of a scenario (`scrutiny.projection.levers`) are followed month by month
as three small groups beside each simulated path:

- **kept out of care** (entry prevention): each month a share of the entries the projection
  expects does not happen; those children would have left care at the path's exit rate;
- **stepped down** from children's homes and other residential care: children a year, after a
  lag, move to the chosen placement and leave care at the path's exit rate; never more than the
  path's children in residential care that year;
- **in the new in-house foster places**: the places open (households × children a household ×
  utilisation, ramped and worn down by attrition), each taking a child who would otherwise be
  with an agency carer; never more than the path's children in foster care that year.

Only the first group changes how many children are looked after; the other two change where
they live and so what their care costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from scrutiny.projection.aggregate import Projection
from scrutiny.projection.levers import Levers, monthly_flows


@dataclass(frozen=True, slots=True)
class LeverPaths:
    """Per path and month from the 1 April after the last published 31 March."""

    kept_out: np.ndarray  # [paths, months] children not looked after because of prevention
    stepped_down: np.ndarray  # [paths, months] children moved from residential care
    in_house: np.ndarray  # [paths, months] children in the new in-house foster places
    totals: np.ndarray  # [paths, years] children looked after on each 31 March with the levers


def lever_paths(projection: Projection, levers: Levers) -> LeverPaths:
    """The levers' groups on each of the projection's paths (see the module's notes)."""
    paths, years = projection.totals.shape
    months = 12 * years
    flows = monthly_flows(levers, date(projection.start_year, 3, 31), months)
    exit_rate = np.clip(projection.exit_rates, 0.0, 0.999)
    staying = (1.0 - exit_rate) ** (1.0 / 12.0)  # [paths] share still in care a month on
    entries = projection.expected_entries / 12.0  # [years] a month
    year_of = np.arange(months) // 12
    prevented = (1.0 - flows.entries_kept) * entries[year_of]  # [months]
    open_places = np.cumsum(flows.places_opening)
    residential = projection.by_category.get("residential")
    foster = projection.by_category.get("foster")
    kept_out = np.zeros((paths, months))
    stepped = np.zeros((paths, months))
    in_house = np.zeros((paths, months))
    k = np.zeros(paths)
    d = np.zeros(paths)
    for m in range(months):
        y = year_of[m]
        k = np.minimum(k * staying + prevented[m], projection.totals[:, y])
        d = d * staying + flows.step_downs[m]
        if residential is not None:
            d = np.minimum(d, residential[:, y])
        kept_out[:, m] = k
        stepped[:, m] = d
        in_house[:, m] = np.clip(
            open_places[m], 0.0, foster[:, y] if foster is not None else np.inf
        )
    year_ends = kept_out[:, 11::12]
    return LeverPaths(
        kept_out=kept_out,
        stepped_down=stepped,
        in_house=in_house,
        totals=np.maximum(projection.totals - year_ends, 0.0),
    )


def avoided_cost(
    levers: LeverPaths,
    *,
    per_child_a_year: np.ndarray | None,
    step_down_saving_a_week: np.ndarray,
    in_house_saving_a_week: np.ndarray,
    weeks_per_year: float,
) -> np.ndarray:
    """Cost avoided against the baseline in each financial year of the projection, per path
    [paths, years]: the children kept out at the cost of a child looked after, the children
    stepped down and in the new places at the difference in weekly cost. Each cost is given for
    each financial year [years] (at that year's prices). Without a cost of a child looked after,
    prevention counts nothing."""
    paths, months = levers.kept_out.shape
    years = months // 12

    def by_year(group: np.ndarray) -> np.ndarray:
        return group.reshape(paths, years, 12).sum(axis=2) / 12.0  # child-years in each year

    kept = by_year(levers.kept_out) * (per_child_a_year if per_child_a_year is not None else 0.0)
    stepped = by_year(levers.stepped_down) * step_down_saving_a_week * weeks_per_year
    in_house = by_year(levers.in_house) * in_house_saving_a_week * weeks_per_year
    return kept + stepped + in_house
