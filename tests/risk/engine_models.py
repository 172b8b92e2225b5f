"""Small service models registered for the engine's tests (imported by conftest.py), through the same registry as the
built-ins, so the engine is tested against the model contract rather than one model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from scrutiny.domain.vocab import Unit
from scrutiny.models.base import Array, InputSpec, ModelContext, ModelRun, OutputSpec, ServiceModel


class Echo(ServiceModel):
    """delivered = amount (+ the mean of `yearly` over the years) from the first target year on,
    zero when `failed`; side outputs `amount` per year."""

    name = "test_echo"
    title = "Echo (tests only)"
    summary = "Delivers its `amount` input, so tests can see exactly what the engine drew."
    inputs = (
        InputSpec("amount", Unit.gbp, "The saving delivered", required=True),
        InputSpec("yearly", Unit.gbp, "An amount drawn every year", default=0.0, per_year=True),
        InputSpec("noise", Unit.gbp, "A small addition", default=0.0),
        InputSpec("p_fail", Unit.probability, "Chance of no saving", default=0.0, event="failed"),
        InputSpec("rate", Unit.share, "Taken from the parameters", parameter="test.rate"),
    )
    outputs = (
        OutputSpec("amount_mean", Unit.gbp, "Mean amount", source="amount", stat="mean"),
        OutputSpec("amount_p90", Unit.gbp, "P90 of amount", source="amount", stat="p90"),
        OutputSpec("missing_mean", Unit.gbp, "A side array never produced", source="nope"),
    )

    def default_targets(self, point: Mapping[str, float], ctx: ModelContext) -> Array | None:
        targets = np.zeros(ctx.horizon)
        targets[0] = point["amount"]
        return targets

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        n = inputs["amount"].shape[0]
        active = (ctx.index() >= 0).astype(np.float64)
        value = inputs["amount"] + inputs["noise"] + inputs["yearly"].mean(axis=1)
        if "rate" in inputs:
            value = value * inputs["rate"]
        delivered = (value * (1.0 - inputs["failed"]))[:, None] * active[None, :]
        amount = np.repeat(inputs["amount"][:, None], ctx.horizon, axis=1)
        assert delivered.shape == (n, ctx.horizon)
        return ModelRun(delivered=delivered, side={"amount": amount})


class Yearly(ServiceModel):
    """delivered[t] = the year's own draw of `per_year_amount` (to see per-year independence)."""

    name = "test_yearly"
    title = "Yearly (tests only)"
    summary = "Delivers each year's own draw."
    inputs = (
        InputSpec("per_year_amount", Unit.gbp, "Drawn every year", required=True, per_year=True),
    )

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        return ModelRun(delivered=np.array(inputs["per_year_amount"], dtype=np.float64))


TEST_MODELS = (Echo(), Yearly())


def proposal(
    ref: str,
    model: str,
    inputs: dict[str, Any],
    savings: dict[str, float] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "ref": ref,
        "title": f"Proposal {ref}",
        "savings": {"2024/25": 100.0} if savings is None else savings,
        "model": {"type": model, "inputs": inputs},
        **extra,
    }
