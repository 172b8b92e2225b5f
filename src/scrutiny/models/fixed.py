"""fixed — a saving taken at face value, with achievement, slippage and a chance of being blocked.

An increment targeted in year s, delayed by m months, contributes in year t the fraction
clamp(((t − s + 1)·12 − m)/12, 0, 1) of itself; delivered[t] = (blocked ? 0 : achievement ·
Σ_s target[s] · fraction(s, t)) (models.md).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scrutiny.domain.vocab import Unit
from scrutiny.models.base import Array, InputSpec, ModelContext, ModelRun, ServiceModel, clamp01


class Fixed(ServiceModel):
    name = "fixed"
    title = "Fixed saving"
    summary = (
        "The saving as the papers state it, year by year, scaled by how much of it is achieved, "
        "delayed by any slippage, and lost entirely if the proposal is blocked."
    )
    inputs = (
        InputSpec(
            "achievement",
            Unit.share,
            "Share of each year's target that is achieved",
            label="Share of each year's target achieved",
            default=1.0,
            rationale="The papers' own figure, taken at face value",
            lower=0.0,
        ),
        InputSpec(
            "slippage_months",
            Unit.months,
            "Delay before the saving starts",
            label="Delay before the saving starts",
            default=0.0,
            rationale="No delay unless the papers or officers say otherwise",
            lower=0.0,
        ),
        InputSpec(
            "p_blocked",
            Unit.probability,
            "Probability that the saving is not made at all",
            label="Chance the saving is not made at all",
            default=0.0,
            rationale="Assume the decision is taken unless told otherwise",
            lower=0.0,
            upper=1.0,
            event="blocked",
        ),
    )

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        """delivered [GBP] (n, H) from achievement [share] (n,), slippage_months [months] (n,),
        blocked [0/1] (n,) and the targets [GBP] (H,)."""
        horizon = ctx.horizon
        delay = inputs["slippage_months"]
        n = delay.shape[0]
        delivered = np.zeros((n, horizon))
        # The fraction depends only on the gap g = t − s: clamp(((g + 1)·12 − m)/12, 0, 1). It is
        # zero for g < 0 unless a delay is negative, so those gaps are skipped when none is.
        lowest_gap = -(horizon - 1) if n and float(delay.min()) < 0 else 0
        for gap in range(lowest_gap, horizon):
            fraction = clamp01(((gap + 1) * 12.0 - delay) / 12.0)  # (n,)
            if gap >= 0:
                delivered[:, gap:] += fraction[:, None] * ctx.targets[None, : horizon - gap]
            else:
                delivered[:, : horizon + gap] += fraction[:, None] * ctx.targets[None, -gap:]
        delivered *= (inputs["achievement"] * (1.0 - inputs["blocked"]))[:, None]
        return ModelRun(delivered=delivered)
