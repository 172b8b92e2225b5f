"""fostering_recruitment — more in-house foster carers instead of agency placements (models.md).

Each new in-house fostering household takes h·o children who would otherwise be placed with an
independent fostering agency, saving the difference in weekly cost. Households are given as a
net number a year, or built from the recruitment pipeline.

- H = net_households, or H = Q·k1·k2 − D (drawn independently every year)
- per-household annual saving d = h·o·(u_ifa − u_in)·W
- delivered[i] = Σ_{j<i} H_j·d + H_i·d·f − H_i·R
"""

from __future__ import annotations

from collections.abc import Mapping

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
    running_total,
)
from scrutiny.models.cohorts import active, cohort_saving

PIPELINE = ("enquiries", "deregistrations")


class FosteringRecruitment(ServiceModel):
    name = "fostering_recruitment"
    title = "Fostering recruitment"
    summary = (
        "The council recruits more of its own foster carers so that fewer children are placed "
        "with independent fostering agencies. Each extra household saves the difference between "
        "the agency's weekly price and the in-house cost, for every week it is used."
    )
    inputs = (
        InputSpec(
            "net_households",
            Unit.households_per_year,
            "New in-house fostering households H a year, net of de-registrations (give this or "
            "the pipeline: enquiries and deregistrations)",
            label="New fostering households a year, net of those leaving",
            per_year=True,
        ),
        InputSpec(
            "enquiries",
            Unit.enquiries_per_year,
            "Initial fostering enquiries Q a year (pipeline)",
            label="Fostering enquiries a year",
            per_year=True,
            lower=0.0,
        ),
        InputSpec(
            "conversion_to_application",
            Unit.share,
            "Share k1 of enquiries that become applications (pipeline)",
            label="Enquiries that become applications",
            parameter="national.fostering_conversion_la",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "approval_rate",
            Unit.share,
            "Share k2 of applications approved (pipeline)",
            label="Applications approved",
            parameter="national.fostering_approval_rate",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "deregistrations",
            Unit.households_per_year,
            "In-house households D leaving a year (pipeline)",
            label="Fostering households leaving a year",
            per_year=True,
            lower=0.0,
        ),
        CHILDREN_PER_HOUSEHOLD,
        InputSpec(
            "occupancy",
            Unit.share,
            "Share o of the year a new household's places are used",
            label="Share of the year a new household's places are used",
            default=1.0,
            rationale="Places always filled; lower it where carers wait between placements",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "ifa_weekly_cost",
            Unit.gbp_per_week,
            "Weekly price u_ifa of an independent fostering agency placement avoided",
            label="Weekly price of an agency foster placement avoided",
            parameter="unit_costs.ifa_weekly_cost",
            lower=0.0,
        ),
        InputSpec(
            "inhouse_weekly_cost",
            Unit.gbp_per_week,
            "Weekly cost u_in of an in-house placement (allowances, fees, supervising social work)",
            label="Weekly cost of an in-house foster placement",
            parameter="unit_costs.inhouse_foster_weekly_cost",
            lower=0.0,
        ),
        WEEKS_PER_YEAR,
        InputSpec(
            "part_year_factor",
            Unit.share,
            "Share f of a full year's saving made in the year a household is approved",
            label="Share of a full year's saving made in the year a household is approved",
            default=0.5,
            rationale="Approvals spread evenly through the year, so on average half a year",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "recruitment_cost_per_household",
            Unit.gbp_per_household,
            "One-off cost R of recruiting and approving a household, in its first year",
            label="One-off cost of recruiting and approving a household",
            default=0.0,
            rationale="No recruitment cost unless the papers give one",
            lower=0.0,
        ),
    )
    outputs = (
        OutputSpec(
            "households_cumulative_mean",
            Unit.households,
            "Mean new households recruited so far",
            "households_cumulative",
        ),
        OutputSpec(
            "children_placed_mean",
            Unit.children,
            "Mean children placed in new households (h·o per household)",
            "children_placed",
        ),
    )

    def derive(self, spec: ModelSpec) -> dict[str, InputValue]:
        """Refuses a file that gives both ways of counting households, or neither in full."""
        inputs = super().derive(spec)
        pipeline = [name for name in PIPELINE if name in inputs]
        if "net_households" in inputs and pipeline:
            raise ValueError(
                "give net_households or the pipeline (enquiries, deregistrations), not both"
            )
        if "net_households" not in inputs and len(pipeline) < len(PIPELINE):
            if not pipeline:
                raise ValueError(
                    "net_households required [households per year], or the pipeline "
                    "(enquiries, deregistrations)"
                )
            missing = ", ".join(name for name in PIPELINE if name not in inputs)
            raise ValueError(f"{missing} required for the recruitment pipeline")
        return inputs

    def households(self, inputs: Mapping[str, Array]) -> Array:
        """H (n, H) [households a year]: net_households, else Q·k1·k2 − D."""
        if "net_households" in inputs:
            return inputs["net_households"]
        k = inputs["conversion_to_application"] * inputs["approval_rate"]
        return inputs["enquiries"] * k[:, None] - inputs["deregistrations"]

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        """delivered [GBP] (n, H) from net_households [households a year] (n, H) or the pipeline
        (enquiries, deregistrations (n, H); conversion_to_application, approval_rate [shares]
        (n,)), children_per_household, occupancy [share], ifa_weekly_cost and
        inhouse_weekly_cost [GBP a week], weeks_per_year, part_year_factor [share] and
        recruitment_cost_per_household [GBP], each (n,)."""
        households = active(self.households(inputs), ctx)
        children = inputs["children_per_household"] * inputs["occupancy"]
        saving = (
            children
            * (inputs["ifa_weekly_cost"] - inputs["inhouse_weekly_cost"])
            * inputs["weeks_per_year"]
        )
        delivered = cohort_saving(
            households,
            saving,
            inputs["part_year_factor"],
            inputs["recruitment_cost_per_household"],
        )
        cumulative = running_total(households)
        return ModelRun(
            delivered=delivered,
            side={
                "households_cumulative": cumulative,
                "children_placed": cumulative * children[:, None],
            },
        )
