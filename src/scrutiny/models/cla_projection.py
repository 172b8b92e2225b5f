"""cla_projection — the projection's savings levers for children looked after (models.md).

The levers of `scrutiny project --scenario` as a proposal model, month by month from the start
of the proposal's first target year, in expectation (the risk engine draws the inputs):

- extra in-house foster care: households recruited evenly over a ramp, lost at an attrition
  rate; each open place (households × children a household × utilisation) takes a child from
  agency foster care, saving the difference in weekly cost while it is open;
- step-down from residential: after a lag, children a year move from children's homes to a
  cheaper placement, each saving the difference for the months they would otherwise have
  stayed;
- entry prevention: after a lag, children a year who would have started to be looked after do
  not, each avoiding the weekly cost of care for the months they would have stayed.

delivered[i] = Σ over the months of year i of (open places × (u_ifa − u_in) + stepped down ×
(u_res − u_to) + prevented in care × u_care) × W / 12.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scrutiny.domain.distributions import InputValue
from scrutiny.domain.proposal import ModelSpec
from scrutiny.domain.vocab import Unit
from scrutiny.models.base import (
    CHILDREN_PER_HOUSEHOLD,
    WEEKS_PER_YEAR,
    Array,
    InputSpec,
    ModelContext,
    ModelRun,
    OutputSpec,
    ServiceModel,
)
from scrutiny.projection.levers import open_places

LEVERS = ("households", "step_down_children_per_year", "prevented_entries_per_year")


def _in_place(arrivals_a_month: Array, since: Array, lag: Array, stay: Array) -> Array:
    """Children in place each month (n, M) when `arrivals_a_month` (n,) arrive from `lag` (n,)
    months after the start and each stays `stay` (n,) months; `since` (M,) counts the months
    from the start (1 for the first)."""
    months_arriving = np.clip(since[None, :] - lag[:, None], 0.0, None)
    return arrivals_a_month[:, None] * np.minimum(months_arriving, stay[:, None])


class ClaProjection(ServiceModel):
    name = "cla_projection"
    title = "Children looked after: placement levers"
    summary = (
        "More of the council's own foster carers taking children who would otherwise be placed "
        "with agencies, children stepping down from children's homes, and fewer children "
        "starting to be looked after: the savings levers of the children looked after "
        "projection, costed month by month from weekly placement costs."
    )
    inputs = (
        InputSpec(
            "households",
            Unit.households,
            "Extra in-house fostering households recruited in all, evenly over the ramp (give "
            "this, step-downs or prevented entries, or more than one)",
            label="Extra in-house fostering households",
            lower=0.0,
        ),
        CHILDREN_PER_HOUSEHOLD,
        InputSpec(
            "utilisation",
            Unit.share,
            "Share o of the new places filled",
            label="Share of the new places filled",
            default=1.0,
            rationale="Places always filled; lower it where carers wait between placements",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "ramp_months",
            Unit.months,
            "Months r over which the households are recruited, evenly",
            label="Months over which the households are recruited",
            default=12.0,
            rationale="Recruited evenly through the first year (an assumption)",
            lower=0.0,
            upper=120.0,
        ),
        InputSpec(
            "attrition_per_year",
            Unit.share,
            "Share a of the new households lost a year",
            label="Share of the new households lost a year",
            default=0.0,
            rationale="No households lost unless the papers say so",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "ifa_weekly_cost",
            Unit.gbp_per_week,
            "Weekly price u_ifa of an agency foster placement avoided",
            label="Weekly price of an agency foster placement avoided",
            parameter="unit_costs.ifa_weekly_cost",
            lower=0.0,
        ),
        InputSpec(
            "inhouse_weekly_cost",
            Unit.gbp_per_week,
            "Weekly cost u_in of an in-house foster placement",
            label="Weekly cost of an in-house foster placement",
            parameter="unit_costs.inhouse_foster_weekly_cost",
            lower=0.0,
        ),
        InputSpec(
            "step_down_children_per_year",
            Unit.children_per_year,
            "Children s a year stepping down from children's homes",
            label="Children a year stepping down from children's homes",
            default=0.0,
            rationale="No step-downs unless the proposal gives them",
            lower=0.0,
        ),
        InputSpec(
            "step_down_lag_months",
            Unit.months,
            "Months l_s from the start before the first child steps down",
            label="Months before the first child steps down",
            default=6.0,
            rationale="Six months to find and match the new placements (an assumption)",
            lower=0.0,
            upper=120.0,
        ),
        InputSpec(
            "step_down_months",
            Unit.months,
            "Months d_s a child who steps down would otherwise have stayed in the children's home",
            label="Months a child would otherwise have stayed in the children's home",
            default=24.0,
            rationale="Two years (an assumption: give the council's own figure)",
            lower=0.0,
        ),
        InputSpec(
            "residential_weekly_cost",
            Unit.gbp_per_week,
            "Weekly cost u_res of the children's home place left",
            label="Weekly cost of a children's home place",
            parameter="unit_costs.childrens_home_weekly_cost",
            lower=0.0,
        ),
        InputSpec(
            "step_down_weekly_cost",
            Unit.gbp_per_week,
            "Weekly cost u_to of the placement a child steps down to",
            label="Weekly cost of the placement stepped down to",
            parameter="unit_costs.inhouse_foster_weekly_cost",
            lower=0.0,
        ),
        InputSpec(
            "prevented_entries_per_year",
            Unit.children_per_year,
            "Children p a year who would have started to be looked after and do not",
            label="Children a year kept from coming into care",
            default=0.0,
            rationale="No entries prevented unless the proposal gives them",
            lower=0.0,
        ),
        InputSpec(
            "prevention_lag_months",
            Unit.months,
            "Months l_p from the start before entries are prevented",
            label="Months before entries are prevented",
            default=0.0,
            rationale="From the start of the first target year unless the papers say otherwise",
            lower=0.0,
            upper=120.0,
        ),
        InputSpec(
            "months_in_care_avoided",
            Unit.months,
            "Months d_p of care each prevented entry avoids",
            label="Months of care each prevented entry avoids",
            default=12.0,
            rationale="A year (an assumption: give the council's own figure)",
            lower=0.0,
        ),
        InputSpec(
            "care_weekly_cost",
            Unit.gbp_per_week,
            "Weekly cost u_care of the care a prevented entry avoids",
            label="Weekly cost of the care avoided",
            parameter="unit_costs.inhouse_foster_weekly_cost",
            lower=0.0,
        ),
        WEEKS_PER_YEAR,
    )
    outputs = (
        OutputSpec(
            "inhouse_places_mean",
            Unit.children,
            "Mean new in-house foster places open at the end of the year",
            "inhouse_places",
        ),
        OutputSpec(
            "stepped_down_mean",
            Unit.children,
            "Mean children stepped down and still saving at the end of the year",
            "stepped_down",
        ),
        OutputSpec(
            "prevented_in_care_mean",
            Unit.children,
            "Mean children who would have been looked after at the end of the year",
            "prevented_in_care",
        ),
    )

    def derive(self, spec: ModelSpec) -> dict[str, InputValue]:
        """Refuses a proposal that pulls none of the levers."""
        inputs = super().derive(spec)
        if not any(name in inputs for name in LEVERS):
            raise ValueError(
                "households, step_down_children_per_year or prevented_entries_per_year required"
            )
        return inputs

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        """delivered [GBP] (n, H) from households [households], children_per_household,
        utilisation and attrition_per_year [shares], ramp_months, step_down_lag_months,
        step_down_months, prevention_lag_months and months_in_care_avoided [months],
        step_down_children_per_year and prevented_entries_per_year [children a year], the
        weekly costs [GBP a week] and weeks_per_year, each (n,)."""
        n, years = len(inputs["weeks_per_year"]), ctx.horizon
        # Months from the start of the first target year: 1 for its first month.
        since = np.arange(1, 12 * years + 1, dtype=np.float64) - 12.0 * ctx.start
        started = since >= 1
        places = (
            open_places(
                inputs.get("households", np.zeros(n))[:, None],
                (inputs["children_per_household"] * inputs["utilisation"])[:, None],
                inputs["ramp_months"][:, None],
                inputs["attrition_per_year"][:, None],
                since[None, :],
            )
            * started[None, :]
        )
        stepped = _in_place(
            inputs["step_down_children_per_year"] / 12.0,
            since,
            inputs["step_down_lag_months"],
            inputs["step_down_months"],
        )
        prevented = _in_place(
            inputs["prevented_entries_per_year"] / 12.0,
            since,
            inputs["prevention_lag_months"],
            inputs["months_in_care_avoided"],
        )
        weekly = (
            places * (inputs["ifa_weekly_cost"] - inputs["inhouse_weekly_cost"])[:, None]
            + stepped
            * (inputs["residential_weekly_cost"] - inputs["step_down_weekly_cost"])[:, None]
            + prevented * inputs["care_weekly_cost"][:, None]
        )
        monthly = weekly * (inputs["weeks_per_year"] / 12.0)[:, None]
        delivered = monthly.reshape(n, years, 12).sum(axis=2)
        year_end = np.arange(12 * years)[11::12]
        return ModelRun(
            delivered=delivered,
            side={
                "inhouse_places": places[:, year_end],
                "stepped_down": stepped[:, year_end],
                "prevented_in_care": prevented[:, year_end],
            },
        )
