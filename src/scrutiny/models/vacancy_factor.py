"""vacancy_factor — holding posts vacant in a staffing budget (models.md).

The budget is cut by a share v of the establishment's cost. Whether that is a saving depends on
what really happens to the posts: a share r is vacant and a share a of those is filled by agency
workers who cost (1 + p) times a permanent worker.

- target (first year) = v·E·c unless the proposal's `savings` gives it
- fte_in_post = (1 − r)·E + a·r·E
- spend = (1 − r)·E·c + a·r·E·c·(1 + p)
- delivered[t] = E·c − spend (same every year from the first target year; negative = overspend)
- caseload = N / fte_in_post
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scrutiny.domain.vocab import Unit
from scrutiny.models.base import (
    Array,
    InputSpec,
    ModelContext,
    ModelRun,
    OutputSpec,
    ServiceModel,
)


class VacancyFactor(ServiceModel):
    name = "vacancy_factor"
    title = "Vacancy factor"
    summary = (
        "Part of a staffing budget is removed on the expectation that posts will be vacant. The "
        "saving is real only if the posts stay empty: vacancies filled by agency workers cost "
        "more than the permanent posts, and vacancies left empty raise every worker's caseload."
    )
    inputs = (
        InputSpec(
            "establishment_fte",
            Unit.fte,
            "Budgeted establishment E of the staffing budget",
            label="Budgeted establishment (FTE)",
            required=True,
            lower=0.0,
        ),
        InputSpec(
            "cost_per_fte",
            Unit.gbp_per_fte_year,
            "Annual cost c of a permanent FTE with on-costs",
            label="Annual cost of a permanent post, with on-costs",
            parameter="workforce.social_worker_cost_per_fte",
            lower=0.0,
        ),
        InputSpec(
            "vacancy_factor",
            Unit.share,
            "Share v of the establishment budget removed; sets the first-year target when the "
            "proposal gives no savings",
            label="Share of the establishment budget removed",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "vacancy_rate",
            Unit.share,
            "Share r of the establishment actually vacant",
            label="Share of the establishment vacant",
            parameter="workforce.vacancy_rate",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "agency_cover",
            Unit.share,
            "Share a of vacant posts filled by agency workers",
            label="Share of vacant posts covered by agency workers",
            parameter="workforce.agency_cover_rate",
            lower=0.0,
            upper=1.0,
        ),
        InputSpec(
            "agency_premium",
            Unit.share,
            "Extra cost p of an agency worker over a permanent one (agency cost c·(1 + p))",
            label="Extra cost of an agency worker over a permanent one",
            parameter="workforce.agency_premium",
            lower=0.0,
        ),
        InputSpec(
            "open_cases",
            Unit.cases,
            "Open cases N held by the staff of this budget",
            label="Open cases held by these staff",
            required=True,
            lower=0.0,
        ),
        InputSpec(
            "caseload_threshold",
            Unit.cases_per_fte,
            "Caseload T per FTE above which caseloads are unsafe",
            label="Cases for each FTE above which caseloads are unsafe",
            parameter="workforce.caseload_threshold",
            lower=0.0,
        ),
    )
    outputs = (
        OutputSpec(
            "caseload_mean", Unit.cases_per_fte, "Mean caseload per FTE in post", "caseload"
        ),
        OutputSpec(
            "caseload_p90",
            Unit.cases_per_fte,
            "Caseload per FTE in post exceeded in one iteration in ten",
            "caseload",
            stat="p90",
        ),
        OutputSpec(
            "p_caseload_above_threshold",
            Unit.probability,
            "Probability that the caseload is above the threshold",
            "above_threshold",
        ),
        OutputSpec(
            "fte_in_post_mean", Unit.fte, "Mean FTE working (permanent and agency)", "fte_in_post"
        ),
    )

    def default_targets(self, point: Mapping[str, float], ctx: ModelContext) -> Array | None:
        """v·E·c [GBP] in the first target year, when v, E and c are known."""
        try:
            saving = point["vacancy_factor"] * point["establishment_fte"] * point["cost_per_fte"]
        except KeyError:
            return None
        targets = np.zeros(ctx.horizon, dtype=np.float64)
        targets[ctx.start] = saving
        return targets

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        """delivered [GBP] (n, H) from establishment_fte [FTE], cost_per_fte [GBP per FTE a year],
        vacancy_rate, agency_cover, agency_premium [shares], open_cases [cases] and
        caseload_threshold [cases per FTE], each (n,). Side arrays (n, H): caseload [cases per
        FTE; infinite when nobody is in post], above_threshold [0/1], fte_in_post [FTE]."""
        e = inputs["establishment_fte"]
        c = inputs["cost_per_fte"]
        r = inputs["vacancy_rate"]
        a = inputs["agency_cover"]
        p = inputs["agency_premium"]
        in_post = (1.0 - r) * e + a * r * e
        spend = (1.0 - r) * e * c + a * r * e * c * (1.0 + p)
        saving = e * c - spend
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            caseload = np.where(in_post > 0, inputs["open_cases"] / in_post, np.inf)
        caseload = np.where((in_post <= 0) & (inputs["open_cases"] <= 0), 0.0, caseload)
        above = (caseload > inputs["caseload_threshold"]).astype(np.float64)
        live = (ctx.index() >= 0).astype(np.float64)[None, :]
        every_year = np.ones((1, ctx.horizon), dtype=np.float64)
        return ModelRun(
            delivered=saving[:, None] * live,
            side={
                "caseload": caseload[:, None] * every_year,
                "above_threshold": above[:, None] * every_year,
                "fte_in_post": in_post[:, None] * every_year,
            },
        )
