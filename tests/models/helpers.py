"""Evaluate a model directly with numpy arrays, the way the risk engine hands them over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np

from scrutiny.models import registry
from scrutiny.models.base import Array, ModelContext, ModelRun, ServiceModel
from scrutiny.parameters.loader import load_defaults
from scrutiny.parameters.schema import ParameterSet

YEARS = ("2022/23", "2023/24", "2024/25", "2025/26")


@cache
def defaults() -> ParameterSet:
    return load_defaults()


def context(
    years: Sequence[str] = YEARS, start: int = 0, targets: Sequence[float] | None = None
) -> ModelContext:
    t = np.zeros(len(years)) if targets is None else np.asarray(targets, dtype=np.float64)
    return ModelContext(years=tuple(years), start=start, targets=t)


def arrays(
    model: ServiceModel,
    values: Mapping[str, float | Sequence[float] | Array],
    ctx: ModelContext,
    n: int = 1,
) -> dict[str, Array]:
    """Every input the model declares as an array: given values, else its default or parameter.

    A scalar becomes (n,) or, for a per-year input, (n, H); a sequence for a per-year input is
    one value per horizon year; an array is passed as it is. Inputs with no value and no
    default are left out, as the engine leaves them out."""
    out: dict[str, Array] = {}
    first_year = ctx.years[max(ctx.start, 0)]
    for spec in model.inputs:
        if spec.event is not None:
            # The engine draws the event as Bernoulli(input); here it is given directly (0 or 1).
            given = values.get(spec.event, 0.0)
            out[spec.event] = (
                given if isinstance(given, np.ndarray) else np.full(n, float(given))  # type: ignore[arg-type]
            )
        if spec.name in values:
            raw = values[spec.name]
        elif spec.parameter is not None:
            raw = defaults().value(spec.parameter, first_year)
        elif spec.default is not None:
            raw = spec.default
        else:
            continue
        if isinstance(raw, np.ndarray):
            out[spec.name] = raw.astype(np.float64)
            continue
        if spec.per_year:
            row = np.broadcast_to(np.asarray(raw, dtype=np.float64), (ctx.horizon,))
            out[spec.name] = np.tile(row, (n, 1))
        else:
            out[spec.name] = np.full(n, float(raw))  # type: ignore[arg-type]
    return out


def run(
    name: str,
    values: Mapping[str, float | Sequence[float] | Array],
    ctx: ModelContext | None = None,
    n: int = 1,
) -> ModelRun:
    model = registry.get(name)
    ctx = ctx or context()
    return model.run(arrays(model, values, ctx, n), ctx)
