"""vacancy_factor — holding posts vacant in a staffing budget (models.md).

The budget is cut by a share v of the establishment's cost. Whether that is a saving depends on
what really happens to the posts: a share r is vacant and a share a of those is filled by agency
workers who cost (1 + p) times a permanent worker.

- target (first year) = v·E·c unless the proposal's `savings` gives it
- fte_in_post = (1 − r)·E + a·r·E
- spend = (1 − r)·E·c + a·r·E·c·(1 + p)
- delivered[t] = E·c − spend (same every year from the first target year; negative = overspend)
- caseload = N / fte_in_post

The saving's own effect compares the service with the saving against the service without it.
The posts held vacant for the saving are the uncovered vacancies, less the gaps left uncovered
even without it, and no more than the posts the saving needs (v·E, or the first-year target ÷ c
when v is not given); without the saving they would be filled or covered as today:

- posts_held = clamp((1 − a)·r·E − g·E, 0, planned)
- caseload_without = N / (fte_in_post + posts_held)
- caseload_change = caseload − caseload_without (never negative)
- spend_reduction = posts_held·c·(1 + p): what covering the held posts would cost without the
  saving, the reduction in spend the saving itself causes (delivered, by contrast, is measured
  against the establishment budget E·c and so includes the service's own over- or underspend)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

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
            "uncovered_without_saving",
            Unit.share,
            "Share g of the establishment vacant and uncovered even without the saving (gaps "
            "between leavers and starters)",
            label="Share of posts vacant and uncovered even without the saving",
            default=0.0,
            rationale=(
                "Every uncovered vacancy, up to the posts the saving needs, is taken as held for "
                "it; give the share left uncovered today to attribute less to the saving"
            ),
            lower=0.0,
            upper=1.0,
        ),
        CASELOAD_THRESHOLD,
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
        OutputSpec(
            "posts_held_vacant_mean",
            Unit.fte,
            "Mean FTE held vacant and uncovered because of the saving",
            "posts_held_vacant",
        ),
        OutputSpec(
            "caseload_without_mean",
            Unit.cases_per_fte,
            "Mean caseload per FTE without the saving: the posts held vacant filled or covered "
            "as today",
            "caseload_without",
        ),
        OutputSpec(
            "p_caseload_above_threshold_without",
            Unit.probability,
            "Probability that the caseload would be above the threshold without the saving",
            "above_threshold_without",
        ),
        OutputSpec(
            "caseload_change_mean",
            Unit.cases_per_fte,
            "Mean rise in caseload per FTE the saving causes (with the saving less without it)",
            "caseload_change",
        ),
        OutputSpec(
            "caseload_change_p90",
            Unit.cases_per_fte,
            "Rise in caseload per FTE the saving causes, exceeded in one iteration in ten",
            "caseload_change",
            stat="p90",
        ),
        OutputSpec(
            "spend_reduction_mean",
            Unit.gbp,
            "Mean reduction in spend the saving itself causes: the posts held vacant, at the "
            "agency cost that would cover them without it",
            "spend_reduction",
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
        vacancy_factor (optional), vacancy_rate, agency_cover, agency_premium,
        uncovered_without_saving [shares], open_cases [cases] and caseload_threshold [cases per
        FTE], each (n,). Side arrays (n, H), the same every year: caseload and caseload_without
        [cases per FTE; infinite when nobody is in post], above_threshold and
        above_threshold_without [0/1], caseload_change [cases per FTE], fte_in_post and
        posts_held_vacant [FTE], spend_reduction [GBP]."""
        e = inputs["establishment_fte"]
        c = inputs["cost_per_fte"]
        r = inputs["vacancy_rate"]
        a = inputs["agency_cover"]
        p = inputs["agency_premium"]
        n, t = inputs["open_cases"], inputs["caseload_threshold"]
        in_post = (1.0 - r) * e + a * r * e
        spend = (1.0 - r) * e * c + a * r * e * c * (1.0 + p)
        saving = e * c - spend
        held = posts_held_vacant(inputs, ctx, e, c, (1.0 - a) * r * e)
        caseload = per_fte(n, in_post)
        without = per_fte(n, in_post + held)
        change = caseload_change(caseload, without)
        live = (ctx.index() >= 0).astype(np.float64)[None, :]
        side = {
            "caseload": caseload,
            "above_threshold": (caseload > t).astype(np.float64),
            "fte_in_post": in_post,
            "posts_held_vacant": held,
            "caseload_without": without,
            "above_threshold_without": (without > t).astype(np.float64),
            "caseload_change": change,
            "spend_reduction": held * c * (1.0 + p),
        }
        return ModelRun(
            delivered=saving[:, None] * live,
            side={k: every_year(v, ctx.horizon) for k, v in side.items()},
        )


def posts_held_vacant(
    inputs: Mapping[str, Array], ctx: ModelContext, e: Array, c: Array, uncovered: Array
) -> Array:
    """FTE held vacant and uncovered because of the saving (n,): the uncovered vacancies less the
    gaps left uncovered without it (g·E), at least 0 and at most the posts the saving needs.

    The posts needed are v·E when the vacancy factor v is given, else the first-year target ÷ c
    (the FTE whose cost the target removes); none when there is neither."""
    if "vacancy_factor" in inputs:
        planned = inputs["vacancy_factor"] * e
    else:
        target = float(ctx.targets[ctx.start]) if ctx.horizon else 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            planned = np.where(c > 0, max(target, 0.0) / c, 0.0)
    gaps = inputs.get("uncovered_without_saving", np.zeros_like(e)) * e
    return np.clip(np.minimum(uncovered - gaps, planned), 0.0, None)
