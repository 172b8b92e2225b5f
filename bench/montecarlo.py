"""Benchmark of the Monte Carlo engine against the random-draw floor.

A synthetic register of 50 proposals over 4 financial years, mixing every registered service
model with random inputs and a few correlations, simulated for 200,000 iterations. Prints the
seconds taken, proposal-iterations per second, peak resident memory, and the ratio to the time
numpy alone needs to draw the same random variates with the Generator's own methods (beta for
PERT, triangular, normal, lognormal, uniform, and uniforms for events): the floor no engine
can beat.

    uv run python bench/montecarlo.py [--iterations 200000] [--proposals 50] [--workers K]
        [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
from collections import Counter
from typing import Any

import numpy as np

from scrutiny.domain.distributions import Lognormal, Normal, Pert, Triangular, Uniform, is_random
from scrutiny.models import registry
from scrutiny.parameters.loader import load_defaults
from scrutiny.risk import engine, sampling
from scrutiny.workflows.simulate import run_simulation
from scrutiny.workflows.validate import parse

YEARS = ["2024/25", "2025/26", "2026/27", "2027/28"]


def pert(lo: float, mode: float, hi: float) -> dict[str, Any]:
    return {"dist": "pert", "min": lo, "mode": mode, "max": hi}


def tri(lo: float, mode: float, hi: float) -> dict[str, Any]:
    return {"dist": "triangular", "min": lo, "mode": mode, "max": hi}


def normal(mean: float, sd: float, lo: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"dist": "normal", "mean": mean, "sd": sd}
    if lo is not None:
        out["min"] = lo
    return out


def uniform(lo: float, hi: float) -> dict[str, Any]:
    return {"dist": "uniform", "low": lo, "high": hi}


def lognormal(median: float, p90: float) -> dict[str, Any]:
    return {"dist": "lognormal", "median": median, "p90": p90}


# Inputs as models.md names them; the first input of each is the one correlations use.
INPUTS: dict[str, dict[str, Any]] = {
    "fixed": {
        "achievement": pert(0.4, 0.9, 1.0),
        "slippage_months": tri(0, 2, 9),
        "p_blocked": uniform(0.0, 0.2),
    },
    "vacancy_factor": {
        "vacancy_rate": pert(0.05, 0.12, 0.25),
        "establishment_fte": normal(220, 10, 150),
        "cost_per_fte": pert(55_000, 60_000, 70_000),
        "vacancy_factor": 0.07,
        "agency_cover": uniform(0.3, 0.9),
        "agency_premium": tri(0.2, 0.4, 0.8),
        "open_cases": lognormal(1_500, 1_900),
    },
    "fostering_recruitment": {
        "net_households": normal(15, 5, 0),
        "ifa_weekly_cost": pert(900, 1_000, 1_300),
        "inhouse_weekly_cost": pert(500, 600, 750),
        "occupancy": uniform(0.8, 1.0),
    },
    "placement_shift": {
        "children_per_year": normal(6, 2, 0),
        "from_weekly_cost": lognormal(5_000, 6_500),
        "to_weekly_cost": pert(800, 1_000, 1_500),
        "transition_cost_per_child": uniform(2_000, 8_000),
    },
    "restructure": {
        "delay_months": pert(0, 2, 9),
        "fte_deleted": tri(8, 12, 15),
        "cost_per_fte": normal(55_000, 3_000, 30_000),
        "redundancies": {"dist": "discrete", "values": [3, 4, 5, 6]},
        "redundancy_cost_per_person": uniform(15_000, 40_000),
    },
}


def synthetic_register(proposals: int, seed: int = 1) -> tuple[dict[str, Any], list[str]]:
    """A register mixing every model that is registered, round robin, with a few correlations."""
    models = [m for m in INPUTS if m in registry.names()]
    rng = np.random.default_rng(seed)
    items = []
    for i in range(proposals):
        model = models[i % len(models)]
        start = int(rng.integers(0, 3))
        savings = {YEARS[start + k]: float(rng.integers(1, 20)) * 50_000 for k in range(2)}
        items.append(
            {
                "ref": f"SYN-{i:03d}",
                "title": f"Synthetic proposal {i}",
                "savings": savings,
                "model": {"type": model, "inputs": INPUTS[model]},
            }
        )
    correlations = []
    for a in range(0, proposals - 5, 12):  # disjoint pairs: always positive semi-definite
        b = a + 5
        first = lambda k: next(iter(INPUTS[items[k]["model"]["type"]]))  # noqa: E731
        correlations.append(
            {
                "between": [f"SYN-{a:03d}.{first(a)}", f"SYN-{b:03d}.{first(b)}"],
                "rho": 0.5,
            }
        )
    data = {"council": "Synthetic", "proposals": items, "correlations": correlations}
    return data, models


def variate_counts(plan: engine.Plan, iterations: int) -> Counter[str]:
    """How many variates of each kind the engine draws for `iterations`."""
    counts: Counter[str] = Counter()
    horizon = plan.horizon
    for p in plan.proposals:
        for spec in p.inputs:
            size = iterations * (horizon if spec.per_year else 1)
            if spec.event is not None:
                counts["uniform"] += size
            if not is_random(spec.value):
                continue
            if spec.corr_index is not None:
                continue  # counted with the copula's normals below
            kind = {
                Pert: "beta",
                Triangular: "triangular",
                Normal: "normal",
                Lognormal: "lognormal",
                Uniform: "uniform",
            }.get(type(spec.value), "uniform")
            if isinstance(spec.value, Normal) and (
                spec.value.min is not None or spec.value.max is not None
            ):
                # Drawn by redrawing out-of-bounds normals when most of the mass is kept, else
                # as one uniform through the inverse distribution function (risk.sampling).
                lo, hi = sampling.normal_bounds(spec.value)
                kind = "normal" if hi - lo >= sampling.REJECTION_FROM else "uniform"
            counts[kind] += size
    if plan.corr_factor is not None:
        years = horizon if plan.corr_per_year else 1
        counts["normal"] += iterations * years * len(plan.corr_addresses)
    return counts


def floor_seconds(counts: Counter[str], seed: int = 0) -> float:
    """Time numpy needs to draw the same variates, in chunks of 65,536 like the engine."""
    rng = np.random.default_rng(seed)
    draws = {
        "beta": lambda n: rng.beta(2.0, 3.0, n),
        "triangular": lambda n: rng.triangular(0.0, 1.0, 3.0, n),
        "normal": lambda n: rng.normal(0.0, 1.0, n),
        "lognormal": lambda n: rng.lognormal(0.0, 0.3, n),
        "uniform": lambda n: rng.uniform(0.0, 1.0, n),
    }
    chunk = engine.BLOCK * engine.DEFAULT_CHUNK_BLOCKS
    started = time.perf_counter()
    for kind, total in counts.items():
        for lo in range(0, total, chunk):
            draws[kind](min(chunk, total - lo))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200_000)
    parser.add_argument("--proposals", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (and N floors)")
    args = parser.parse_args()

    data, models = synthetic_register(args.proposals)
    pf = parse(data, "synthetic register")
    parameters = load_defaults()
    plan = engine.build_plan(pf, parameters)
    counts = variate_counts(plan, args.iterations)
    runs, floors, run_cpu, floor_cpu = [], [], [], []
    for _ in range(args.repeat):  # interleaved, so both see the same load on a shared machine
        started, cpu = time.perf_counter(), time.process_time()
        summary = run_simulation(
            pf, iterations=args.iterations, seed=0, parameters=parameters, workers=args.workers
        )
        runs.append(time.perf_counter() - started)
        run_cpu.append(time.process_time() - cpu)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cpu = time.process_time()
        floors.append(floor_seconds(counts))
        floor_cpu.append(time.process_time() - cpu)
    seconds, floor = min(runs), min(floors)
    total_variates = sum(counts.values())

    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    )
    print(f"models: {', '.join(models)}")
    print(
        f"portfolio: {len(pf.proposals)} proposals x {args.iterations:,} iterations x "
        f"{len(summary.years)} years, {len(pf.correlations)} correlations"
    )
    print(
        f"random variates: {total_variates:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))})"
    )
    print(f"seconds: {seconds:.2f} (best of {args.repeat}: {', '.join(f'{r:.2f}' for r in runs)})")
    print(f"proposal-iterations per second: {len(pf.proposals) * args.iterations / seconds:,.0f}")
    print(f"peak resident memory: {peak_mb:,.0f} MB")
    print(
        f"random-draw floor: {floor:.2f} s (best of {args.repeat}: {', '.join(f'{r:.2f}' for r in floors)})"
    )
    print(f"ratio to floor: {seconds / floor:.2f}")
    # Processor time of this process: far less disturbed by other work on a shared machine.
    print(f"processor seconds: {min(run_cpu):.2f}, floor {min(floor_cpu):.2f}")
    print(f"ratio to floor in processor time: {min(run_cpu) / min(floor_cpu):.2f}")


if __name__ == "__main__":
    main()
