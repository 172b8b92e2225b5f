"""How fast each service model evaluates a batch of iterations (arrays in, arrays out).

Run: ``uv run python bench/models.py [--iterations N] [--years H] [--repeat R]``.
Prints, for each model, the best of R timings and the iterations per second. The inputs are the
models' defaults with uncertain inputs drawn from simple ranges, so the figures measure the
arithmetic, not the sampling (which the Monte Carlo benchmark covers).
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from scrutiny.models import registry
from scrutiny.models.base import Array, ModelContext
from scrutiny.parameters.loader import load_defaults

RANGES: dict[str, tuple[float, float]] = {
    "achievement": (0.6, 1.0),
    "slippage_months": (0.0, 12.0),
    "establishment_fte": (200.0, 300.0),
    "vacancy_rate": (0.1, 0.35),
    "agency_cover": (0.7, 1.0),
    "agency_premium": (0.3, 0.9),
    "open_cases": (4_000.0, 5_000.0),
    "net_households": (5.0, 17.0),
    "children_per_year": (2.0, 8.0),
    "fte_deleted": (10.0, 20.0),
    "cost_per_fte": (40_000.0, 70_000.0),
    "delay_months": (0.0, 6.0),
    "redundancies": (0.0, 13.0),
}


def inputs_for(name: str, n: int, ctx: ModelContext, rng: np.random.Generator) -> dict[str, Array]:
    model = registry.get(name)
    params = load_defaults()
    out: dict[str, Array] = {}
    for spec in model.inputs:
        shape = (n, ctx.horizon) if spec.per_year else (n,)
        if spec.name in RANGES:
            low, high = RANGES[spec.name]
            out[spec.name] = rng.uniform(low, high, shape)
        elif spec.parameter is not None:
            out[spec.name] = np.full(shape, params.value(spec.parameter))
        elif spec.default is not None:
            out[spec.name] = np.full(shape, spec.default)
        if spec.event is not None:
            out[spec.event] = np.zeros(shape)  # the engine's Bernoulli draw; never blocked here
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    years = tuple(f"{2024 + i}/{(25 + i) % 100:02d}" for i in range(args.years))
    ctx = ModelContext(years=years, start=0, targets=np.full(args.years, 100_000.0))
    rng = np.random.default_rng(0)
    print(f"{platform.processor() or platform.machine()}, numpy {np.__version__}")
    print(f"{args.iterations:,} iterations × {args.years} years, best of {args.repeat}")
    for name in registry.names():
        model = registry.get(name)
        inputs = inputs_for(name, args.iterations, ctx, rng)
        best = float("inf")
        for _ in range(args.repeat):
            began = time.perf_counter()
            model.run(inputs, ctx)
            best = min(best, time.perf_counter() - began)
        rate = args.iterations / best
        print(f"{name:<24} {best * 1000:8.1f} ms   {rate / 1e6:6.2f} million iterations/s")


if __name__ == "__main__":
    main()
