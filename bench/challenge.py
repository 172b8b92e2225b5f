"""Benchmark of the challenge engine: how long the rules, verdicts and wording take.

A synthetic register of N proposals (copies of the two seed councils' proposals with new refs,
so every rule has something to look at, and the cross-proposal rules D9 and I5 compare every
pair), with a simulation summary from a short run. Prints the seconds taken by the engine alone
(the simulation is not timed) and the proposals challenged per second.

    uv run python bench/challenge.py [--proposals 10 100 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path
from typing import Any

from scrutiny import yaml_files
from scrutiny.challenge.engine import challenge
from scrutiny.domain.proposal_file import parse_proposal_file
from scrutiny.workflows.challenge import load_policy
from scrutiny.workflows.simulate import run_simulation

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def register(n: int) -> dict[str, Any]:
    seeds = [
        p
        for name in ("thurrock-2022.yaml", "croydon-2024.yaml")
        for p in yaml_files.read(EXAMPLES / name)["proposals"]
    ]
    proposals = []
    for i in range(n):
        p = dict(seeds[i % len(seeds)])
        p["ref"] = f"BENCH-{i:05d}"
        proposals.append(p)
    return {"council": "Benchshire", "headline": {"savings_total": 1000000}, "proposals": proposals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    policy = load_policy()
    print(f"python {platform.python_version()}, {platform.machine()}")
    print("proposals  seconds (best)  proposals/s  findings")
    for n in args.proposals:
        pf = parse_proposal_file(register(n), "bench")
        summary = run_simulation(pf, iterations=200, seed=0)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            report = challenge(pf, summary, policy)
            best = min(best, time.perf_counter() - start)
        findings = sum(len(r.findings) for p in report.proposals for r in p.questions.values())
        print(f"{n:9d}  {best:14.3f}  {n / best:11.0f}  {findings:8d}")


if __name__ == "__main__":
    main()
