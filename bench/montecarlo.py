"""Benchmark of the Monte Carlo engine against the random-draw floor.

A synthetic register of 50 proposals over 4 financial years, mixing every registered service
model with random inputs and a few correlations, simulated for 200,000 iterations. Prints the
seconds taken, proposal-iterations per second, peak resident memory, and the ratio to the time
numpy alone needs to draw the same random variates with the Generator's own methods (beta for
PERT, triangular, normal, lognormal, uniform, and uniforms for events and mixtures): the floor
no engine can beat.

    uv run python bench/montecarlo.py [--iterations 200000] [--proposals 50] [--workers K]
        [--repeat N] [--cli] [--mixtures]

With `--cli` the engine is timed as a user runs it: `scrutiny simulate FILE --format json` in a
fresh process (JSON printed and discarded), less the same command at one iteration (start-up:
imports, reading and validating the file, building the plan). Wall and processor time of the
child process, and its peak resident memory, are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from scrutiny.domain.distributions import (
    Lognormal,
    Mixture,
    Normal,
    Pert,
    Triangular,
    Uniform,
    is_random,
)
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


def on_time_or_late(p_on_time: float, lo: float, mode: float, hi: float) -> dict[str, Any]:
    """On time with probability `p_on_time`, otherwise a PERT delay [months]."""
    return {
        "dist": "mixture",
        "components": [
            {"weight": p_on_time, "dist": "constant", "value": 0},
            {"weight": 1 - p_on_time, "dist": "pert", "min": lo, "mode": mode, "max": hi},
        ],
    }


MIXTURES: dict[str, dict[str, Any]] = {
    "fixed": {"slippage_months": on_time_or_late(0.6, 1, 3, 9)},
    "restructure": {"delay_months": on_time_or_late(0.7, 1, 3, 6)},
}
"""With --mixtures: delays that are on time with a stated chance, otherwise late."""


def synthetic_register(
    proposals: int, seed: int = 1, *, mixtures: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """A register mixing every model that is registered, round robin, with a few correlations
    (and, with `mixtures`, delays that may be exactly on time)."""
    models = [m for m in INPUTS if m in registry.names()]
    inputs = {m: {**INPUTS[m], **(MIXTURES.get(m, {}) if mixtures else {})} for m in INPUTS}
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
                "model": {"type": model, "inputs": inputs[model]},
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


def variate_kind(spec: Any) -> str:
    """The Generator method an independent draw of `spec` uses (risk.sampling)."""
    kind = {
        Pert: "beta",
        Triangular: "triangular",
        Normal: "normal",
        Lognormal: "lognormal",
        Uniform: "uniform",
    }.get(type(spec), "uniform")
    if isinstance(spec, Normal) and (spec.min is not None or spec.max is not None):
        # Drawn by redrawing out-of-bounds normals when most of the mass is kept, else as one
        # uniform through the inverse distribution function (risk.sampling).
        lo, hi = sampling.normal_bounds(spec)
        kind = "normal" if hi - lo >= sampling.REJECTION_FROM else "uniform"
    return kind


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
            if isinstance(spec.value, Mixture):
                # One uniform picks the component; each random component draws its share.
                counts["uniform"] += size
                for weight, part in spec.value.ordered():
                    if is_random(part):
                        counts[variate_kind(part)] += round(weight * size)
                continue
            counts[variate_kind(spec.value)] += size
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


def cli_run(path: Path, iterations: int) -> tuple[float, float, float]:
    """`scrutiny simulate PATH --format json -n ITERATIONS` in a fresh process: wall seconds,
    processor seconds (user + system) and peak resident memory [MB] of that process."""
    command = [sys.executable, "-m", "scrutiny", "simulate", str(path)]
    command += ["--format", "json", "-n", str(iterations)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def spread(values: list[float]) -> str:
    return f"best {min(values):.2f}, median {sorted(values)[len(values) // 2]:.2f}, worst {max(values):.2f}"


def main_cli(args: argparse.Namespace, data: dict[str, Any], counts: Counter[str]) -> None:
    """End to end through the command line, start-up subtracted, against the floor."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        walls, cpus, starts, start_cpus, floors, floor_cpus, peaks = [], [], [], [], [], [], []
        for _ in range(args.repeat):  # interleaved, so all three see the same load
            wall, cpu, _peak = cli_run(path, 1)
            starts.append(wall)
            start_cpus.append(cpu)
            wall, cpu, peak = cli_run(path, args.iterations)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            cpu0, started = time.process_time(), time.perf_counter()
            floor_seconds(counts)
            floors.append(time.perf_counter() - started)
            floor_cpus.append(time.process_time() - cpu0)
    wall_ratios = [(w - s) / f for w, s, f in zip(walls, starts, floors, strict=True)]
    cpu_ratios = [(c - s) / f for c, s, f in zip(cpus, start_cpus, floor_cpus, strict=True)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"random variates: {sum(counts.values()):,}")
    print(f"simulate, wall s: {spread(walls)}; start-up (1 iteration): {spread(starts)}")
    print(f"simulate, processor s: {spread(cpus)}; start-up: {spread(start_cpus)}")
    print(f"floor, wall s: {spread(floors)}; processor s: {spread(floor_cpus)}")
    print(f"ratio to floor, wall (per run): {', '.join(f'{r:.2f}' for r in wall_ratios)}")
    print(f"ratio to floor, processor (per run): {', '.join(f'{r:.2f}' for r in cpu_ratios)}")
    print(f"peak resident memory of simulate: {max(peaks):,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200_000)
    parser.add_argument("--proposals", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (and N floors)")
    parser.add_argument(
        "--cli", action="store_true", help="time `scrutiny simulate --format json` end to end"
    )
    parser.add_argument(
        "--mixtures", action="store_true", help="delays on time with a stated chance, else late"
    )
    args = parser.parse_args()

    data, models = synthetic_register(args.proposals, mixtures=args.mixtures)
    pf = parse(data, "synthetic register")
    parameters = load_defaults()
    plan = engine.build_plan(pf, parameters)
    counts = variate_counts(plan, args.iterations)
    if args.cli:
        main_cli(args, data, counts)
        return
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
