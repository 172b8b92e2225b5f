"""placement_shift — moving children from one type of placement to a cheaper one (models.md).

Every child moved saves the difference in weekly cost for every week of the following years, and
part of a year in the year of the move.

- n children moved a year (drawn independently every year); d = (u_a − u_b)·W
- delivered[i] = Σ_{j<i} n_j·d + n_i·d·f − n_i·R
"""

from __future__ import annotations

from collections.abc import Mapping

from scrutiny.domain.vocab import Unit
from scrutiny.models.base import (
    WEEKS_PER_YEAR,
    Array,
    InputSpec,
    ModelContext,
    ModelRun,
    OutputSpec,
    ServiceModel,
    running_total,
)
from scrutiny.models.cohorts import active, cohort_saving


class PlacementShift(ServiceModel):
    name = "placement_shift"
    title = "Placement shift"
    summary = (
        "Children are moved from one type of placement (for example a children's home) to a "
        "cheaper one (for example foster care or supported accommodation). Each move saves the "
        "difference in weekly cost for as long as the child stays."
    )
    inputs = (
        InputSpec(
            "children_per_year",
            Unit.children_per_year,
            "Children n moved a year",
            label="Children moved a year",
            required=True,
            per_year=True,
            lower=0.0,
        ),
        InputSpec(
            "from_weekly_cost",
            Unit.gbp_per_week,
            "Weekly cost u_a of the placement a child leaves",
            label="Weekly cost of the placement a child leaves",
            parameter="unit_costs.childrens_home_weekly_cost",
            lower=0.0,
        ),
        InputSpec(
            "to_weekly_cost",
            Unit.gbp_per_week,
            "Weekly cost u_b of the placement a child moves to",
            label="Weekly cost of the placement a child moves to",
            parameter="unit_costs.inhouse_foster_weekly_cost",
            lower=0.0,
        ),
        WEEKS_PER_YEAR,
        InputSpec(
            "part_year_factor",
            Unit.share,
            "Share f of a full year's saving made in the year of the move",
            label="Share of a full year's saving made in the year of the move",
            default=0.5,
            rationale="Moves spread evenly through the year, so on average half a year",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "transition_cost_per_child",
            Unit.gbp_per_child,
            "One-off cost R of each move (matching, overlap, support), in the year of the move",
            label="One-off cost of each move",
            default=0.0,
            rationale="No transition cost unless the papers give one",
            lower=0.0,
        ),
    )
    outputs = (
        OutputSpec(
            "children_moved_cumulative_mean",
            Unit.children,
            "Mean children moved so far",
            "children_moved_cumulative",
        ),
    )

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        """delivered [GBP] (n, H) from children_per_year [children a year] (n, H),
        from_weekly_cost and to_weekly_cost [GBP a week], weeks_per_year, part_year_factor
        [share] and transition_cost_per_child [GBP], each (n,)."""
        moved = active(inputs["children_per_year"], ctx)
        saving = (inputs["from_weekly_cost"] - inputs["to_weekly_cost"]) * inputs["weeks_per_year"]
        delivered = cohort_saving(
            moved, saving, inputs["part_year_factor"], inputs["transition_cost_per_child"]
        )
        return ModelRun(
            delivered=delivered,
            side={"children_moved_cumulative": running_total(moved)},
        )
