"""restructure — deleting posts (models.md).

The saving is the annual cost of the posts deleted, from the month the new structure is in place;
redundancy and pension strain are one-off costs reported beside it, not netted from it.

- delivered[i] = F·c·clamp(((i + 1)·12 − m)/12, 0, 1)
- one_off_cost = n_r·R_c + P_s
- payback_months = one_off_cost / (F·c/12)

Instead of F and c a proposal may list its posts (`model.posts: [{fte, annual_cost, vacant}]`):
F·c = Σ fte·annual_cost and n_r defaults to the number of filled posts.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scrutiny.domain.distributions import InputValue
from scrutiny.domain.proposal import ModelSpec
from scrutiny.domain.vocab import Unit
from scrutiny.models.base import (
    Array,
    InputSpec,
    ModelContext,
    ModelRun,
    OutputSpec,
    ServiceModel,
    year_fraction,
)


class Restructure(ServiceModel):
    name = "restructure"
    title = "Restructure"
    summary = (
        "Posts are deleted. The saving is their annual cost from the month the new structure is "
        "in place; redundancy payments and pension strain are one-off costs shown beside it, "
        "with the months they take to pay back."
    )
    inputs = (
        InputSpec(
            "fte_deleted",
            Unit.fte,
            "FTE F deleted (or list the posts)",
            label="Posts deleted (FTE)",
            required=True,
            lower=0.0,
        ),
        InputSpec(
            "cost_per_fte",
            Unit.gbp_per_fte_year,
            "Annual cost c of a deleted FTE with on-costs (or list the posts)",
            label="Annual cost of each post deleted, with on-costs",
            required=True,
            lower=0.0,
        ),
        InputSpec(
            "delay_months",
            Unit.months,
            "Months m from the start of the first target year until the structure is in place",
            label="Months until the new structure is in place",
            default=0.0,
            rationale="In place on the first day of the first target year, as proposals assume",
            lower=0.0,
        ),
        InputSpec(
            "redundancies",
            Unit.people,
            "Redundancies n_r",
            label="Redundancies",
            default=0.0,
            rationale="None unless the papers give a number; with posts, the filled posts",
            lower=0.0,
        ),
        InputSpec(
            "redundancy_cost_per_person",
            Unit.gbp_per_person,
            "One-off cost R_c of each redundancy",
            label="One-off cost of each redundancy",
            default=0.0,
            rationale="No figure unless the papers give one; the one-off cost is then understated",
            lower=0.0,
        ),
        InputSpec(
            "pension_strain",
            Unit.gbp,
            "Total pension strain P_s",
            label="Pension strain",
            default=0.0,
            rationale="None unless the papers give it",
            lower=0.0,
        ),
    )
    outputs = (
        OutputSpec("fte_deleted", Unit.fte, "FTE deleted", "fte_deleted"),
        OutputSpec("redundancies_mean", Unit.people, "Mean redundancies", "redundancies"),
        OutputSpec(
            "one_off_cost_mean",
            Unit.gbp,
            "Mean one-off cost (redundancy and pension strain)",
            "one_off_cost",
        ),
        OutputSpec(
            "payback_months_mean",
            Unit.months,
            "Mean months for the annual saving to repay the one-off cost (empty when it never does)",
            "payback_months",
        ),
    )

    def derive(self, spec: ModelSpec) -> dict[str, InputValue]:
        """Expands `posts` into fte_deleted, cost_per_fte and (unless given) redundancies."""
        if spec.posts is None:
            return dict(spec.inputs)
        inputs = dict(spec.inputs)
        clash = [name for name in ("fte_deleted", "cost_per_fte") if name in inputs]
        if clash:
            raise ValueError(f"give posts or {', '.join(clash)}, not both")
        fte = sum(post.fte for post in spec.posts)
        if fte <= 0:
            raise ValueError("posts: the posts listed add up to no FTE")
        inputs["fte_deleted"] = fte
        inputs["cost_per_fte"] = sum(post.fte * post.annual_cost for post in spec.posts) / fte
        inputs.setdefault("redundancies", float(sum(not post.vacant for post in spec.posts)))
        return inputs

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        """delivered [GBP] (n, H) from fte_deleted [FTE], cost_per_fte [GBP per FTE a year],
        delay_months [months], redundancies [people], redundancy_cost_per_person [GBP] and
        pension_strain [GBP], each (n,). Side arrays (n, H): fte_deleted, redundancies,
        one_off_cost [GBP], payback_months [months; NaN when the saving is zero but the cost
        is not]."""
        annual = inputs["fte_deleted"] * inputs["cost_per_fte"]
        index = ctx.index().astype(np.float64)[None, :]
        delivered = annual[:, None] * year_fraction(index, inputs["delay_months"][:, None])
        one_off = (
            inputs["redundancies"] * inputs["redundancy_cost_per_person"] + inputs["pension_strain"]
        )
        monthly = annual / 12.0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            payback = np.where(monthly > 0, one_off / monthly, np.where(one_off > 0, np.nan, 0.0))
        every_year = np.ones((1, ctx.horizon), dtype=np.float64)
        return ModelRun(
            delivered=delivered,
            side={
                "fte_deleted": inputs["fte_deleted"][:, None] * every_year,
                "redundancies": inputs["redundancies"][:, None] * every_year,
                "one_off_cost": one_off[:, None] * every_year,
                "payback_months": payback[:, None] * every_year,
            },
        )
