"""restructure — deleting posts (models.md).

The saving is the annual cost of the posts deleted, from the month the new structure is in place;
redundancy and pension strain are one-off costs reported beside it, not netted from it.

- delivered[i] = F·c·clamp(((i + 1)·12 − m)/12, 0, 1)
- one_off_cost = n_r·R_c + P_s
- payback_months = one_off_cost / (F·c/12)

Instead of F and c a proposal may list its posts (`model.posts: [{fte, annual_cost, vacant}]`):
F·c = Σ fte·annual_cost and n_r defaults to the number of filled posts.

With the open cases N of the teams it changes and their case-holding FTE E_h, the model compares
caseloads with the restructure against caseloads without it; F_h is the filled case-holding FTE
it takes out of work (0 when it deletes vacant or non-case-holding posts):

- caseload_without = N / E_h
- caseload[i] = N / (E_h − F_h·clamp(((i + 1)·12 − m)/12, 0, 1)) (the year's average FTE)
- caseload_change = caseload − caseload_without
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scrutiny.domain.distributions import InputValue
from scrutiny.domain.proposal import ModelSpec
from scrutiny.domain.vocab import Unit
from scrutiny.models.base import (
    CASELOAD_THRESHOLD,
    Array,
    InputSpec,
    ModelContext,
    ModelRun,
    OutputSpec,
    ServiceModel,
    caseload_change,
    every_year,
    per_fte,
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
        InputSpec(
            "open_cases",
            Unit.cases,
            "Open cases N held by the teams the restructure changes (give with "
            "case_holding_fte to compare caseloads with and without it)",
            label="Open cases held by the teams it changes",
            lower=0.0,
        ),
        InputSpec(
            "case_holding_fte",
            Unit.fte,
            "Case-holding FTE E_h working in those teams without the restructure",
            label="Case-holding staff in those teams without it (FTE)",
            lower=0.0,
        ),
        InputSpec(
            "case_holding_fte_removed",
            Unit.fte,
            "Filled case-holding FTE F_h the restructure takes out of work",
            label="Filled case-holding posts it takes out (FTE)",
            default=0.0,
            rationale=(
                "None: deleting vacant or non-case-holding posts leaves caseloads as they are"
            ),
            lower=0.0,
        ),
        CASELOAD_THRESHOLD,
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
        OutputSpec(
            "caseload_mean",
            Unit.cases_per_fte,
            "Mean caseload per case-holding FTE with the restructure (the year's average)",
            "caseload",
        ),
        OutputSpec(
            "p_caseload_above_threshold",
            Unit.probability,
            "Probability that the caseload with the restructure is above the threshold",
            "above_threshold",
        ),
        OutputSpec(
            "caseload_without_mean",
            Unit.cases_per_fte,
            "Mean caseload per case-holding FTE without the restructure",
            "caseload_without",
        ),
        OutputSpec(
            "p_caseload_above_threshold_without",
            Unit.probability,
            "Probability that the caseload would be above the threshold without the restructure",
            "above_threshold_without",
        ),
        OutputSpec(
            "caseload_change_mean",
            Unit.cases_per_fte,
            "Mean rise in caseload per case-holding FTE the restructure causes",
            "caseload_change",
        ),
    )

    def derive(self, spec: ModelSpec) -> dict[str, InputValue]:
        """Expands `posts` into fte_deleted, cost_per_fte and (unless given) redundancies;
        refuses open cases without the case-holding FTE, or the other way round."""
        inputs = dict(spec.inputs)
        if ("open_cases" in inputs) != ("case_holding_fte" in inputs):
            raise ValueError("give open_cases and case_holding_fte together, or neither")
        if spec.posts is None:
            return inputs
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
        pension_strain [GBP], each (n,), and optionally open_cases [cases], case_holding_fte and
        case_holding_fte_removed [FTE]. Side arrays (n, H): fte_deleted, redundancies,
        one_off_cost [GBP], payback_months [months; NaN when the saving is zero but the cost
        is not] and, with open cases, caseload, caseload_without, caseload_change [cases per
        FTE] and above_threshold, above_threshold_without [0/1]."""
        annual = inputs["fte_deleted"] * inputs["cost_per_fte"]
        index = ctx.index().astype(np.float64)[None, :]
        delivered = annual[:, None] * year_fraction(index, inputs["delay_months"][:, None])
        one_off = (
            inputs["redundancies"] * inputs["redundancy_cost_per_person"] + inputs["pension_strain"]
        )
        monthly = annual / 12.0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            payback = np.where(monthly > 0, one_off / monthly, np.where(one_off > 0, np.nan, 0.0))
        side = {
            "fte_deleted": every_year(inputs["fte_deleted"], ctx.horizon),
            "redundancies": every_year(inputs["redundancies"], ctx.horizon),
            "one_off_cost": every_year(one_off, ctx.horizon),
            "payback_months": every_year(payback, ctx.horizon),
        }
        if "open_cases" in inputs and "case_holding_fte" in inputs:
            side.update(caseloads(inputs, index))
        return ModelRun(delivered=delivered, side=side)


def caseloads(inputs: Mapping[str, Array], index: Array) -> dict[str, Array]:
    """Caseloads per case-holding FTE with and without the restructure (n, H): the FTE it
    takes out of work leave as the new structure comes in, so a year's caseload uses the year's
    average FTE."""
    cases = inputs["open_cases"][:, None]
    before = inputs["case_holding_fte"][:, None]
    removed = inputs.get("case_holding_fte_removed", np.zeros_like(inputs["open_cases"]))
    in_place = year_fraction(index, inputs["delay_months"][:, None])
    threshold = inputs["caseload_threshold"][:, None]
    with_it = per_fte(cases, before - removed[:, None] * in_place)
    without = per_fte(cases, np.broadcast_to(before, in_place.shape))
    return {
        "caseload": with_it,
        "above_threshold": (with_it > threshold).astype(np.float64),
        "caseload_without": without,
        "above_threshold_without": (without > threshold).astype(np.float64),
        "caseload_change": caseload_change(with_it, without),
    }
