"""How long the four report formats take for a large register.

A synthetic register of N proposals (default 40) over three financial years, mixing the fixed,
restructure and fostering models with uncertain inputs, is simulated and challenged with the real
engines (timed separately), then written twice:

- all four formats together, as `scrutiny demo` and `scrutiny report` with several `--format`
  options write them (`write_reports`: one process, one view-model, the PDF laid out as one
  document); this is the figure the target is about;
- each format on its own, one after the other in this process, with the chart cache emptied
  first (each chart is drawn once per run, so the first format to need a chart pays for it).

The shipped parameters are read once and given to every step, as `scrutiny report` does.

Prints wall-clock seconds, and CPU seconds of this process for the one-by-one run (on a machine
shared with other work the CPU figure is the steadier one).

    uv run python bench/reports.py [--proposals 40] [--iterations 10000] [--appendices summary]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.parameters.loader import load_defaults
from scrutiny.reports import charts
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.report import (
    APPENDICES,
    FORMATS,
    ReportJob,
    write_report,
    write_reports,
)
from scrutiny.workflows.simulate import run_simulation
from scrutiny.workflows.validate import parse

YEARS = ["2025/26", "2026/27", "2027/28"]


def _proposal(i: int) -> dict[str, Any]:
    savings = {YEARS[j]: 40_000 * (2 + (i + j) % 9) for j in range(1 + i % 3)}
    kind = i % 3
    model: dict[str, Any]
    if kind == 0:
        model = {
            "type": "fixed",
            "inputs": {"achievement": {"dist": "pert", "min": 0.5, "mode": 0.9, "max": 1.0}},
        }
    elif kind == 1:
        fte = round(sum(savings.values()) / 55_000, 1)
        model = {
            "type": "restructure",
            "inputs": {
                "fte_deleted": fte,
                "cost_per_fte": 55_000,
                "delay_months": {"dist": "pert", "min": 0, "mode": 2, "max": 9},
                "redundancies": max(1, int(fte // 2)),
            },
        }
    else:
        model = {
            "type": "fostering_recruitment",
            "inputs": {
                "net_households": {"dist": "pert", "min": 2, "mode": 6, "max": 10},
                "ifa_weekly_cost": 900,
                "inhouse_weekly_cost": 520,
            },
        }
    return {
        "ref": f"BEN-{i + 1:03d}",
        "title": f"Benchmark proposal {i + 1}: "
        + ["service review", "team restructure", "in-house fostering"][kind],
        "service": ["Early Help", "Children's Social Care", "Children Looked After"][kind],
        "category": ["service_redesign", "staffing", "placements"][kind],
        "status": "removed" if i % 17 == 9 else "proposed",
        "savings": savings,
        "model": model,
        "eqia": {"status": ["complete", "planned", "not_started"][i % 3]},
        "risks": [{"description": "Delivery slips", "likelihood": 1 + i % 5, "impact": 3}],
        "assumptions": [
            {
                "field": "savings",
                "rationale": "Synthetic profile for the benchmark.",
                "source": "bench",
            }
        ],
        "evidence": [{"source": "bench.txt", "locator": f"para {i + 1}", "quote": "A saving."}],
    }


def register(count: int) -> ProposalFile:
    data = {
        "council": "Benchmark Borough",
        "committee": "Children and Young People Scrutiny Committee",
        "title": "Budget scrutiny benchmark",
        "mtfs": {"funding_gap": {y: 12_000_000 for y in YEARS}},
        "proposals": [_proposal(i) for i in range(count)],
    }
    return parse(data, "benchmark register")


def _pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=40)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--appendices", choices=APPENDICES, default="summary")
    args = parser.parse_args()

    pf = register(args.proposals)
    parameters = load_defaults()  # read once, as `scrutiny report` does
    start = time.perf_counter()
    summary = run_simulation(pf, iterations=args.iterations, seed=0, parameters=parameters)
    simulated = time.perf_counter() - start
    start = time.perf_counter()
    challenge = run_challenge(pf, summary, parameters=parameters)
    challenged = time.perf_counter() - start
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (1, 5, 15 min)")
    print(f"register: {args.proposals} proposals, {len(YEARS)} years")
    print(f"simulate ({args.iterations:,} iterations): {simulated:.2f} s (not counted below)")
    print(f"challenge: {challenged:.2f} s (not counted below)")
    print(f"appendices: {args.appendices}")
    with tempfile.TemporaryDirectory() as out:
        start, cpu = time.perf_counter(), time.process_time()
        paths = write_reports(
            [
                ReportJob(
                    pf,
                    summary,
                    challenge,
                    fmt,
                    Path(out),
                    parameters,
                    appendices=args.appendices,
                )
                for fmt in FORMATS
            ]
        )
        together, together_cpu = time.perf_counter() - start, time.process_time() - cpu
        pdf = next(p for p in paths if p.suffix == ".pdf")
        pages = _pages(pdf)
    print(
        f"all four formats together, in this process: {together:.2f} s wall, "
        f"{together_cpu:.2f} s CPU (PDF: {pages} pages)"
    )
    charts.clear_caches()
    total = cpu_total = 0.0
    print("one by one, in this process:")
    print("format   wall s    CPU s     size")
    with tempfile.TemporaryDirectory() as out:
        for fmt in FORMATS:
            start, cpu = time.perf_counter(), time.process_time()
            path = write_report(
                pf,
                summary,
                challenge,
                fmt,
                Path(out),
                parameters=parameters,
                appendices=args.appendices,
            )
            seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
            total += seconds
            cpu_total += cpu_seconds
            size = path.stat().st_size / 1024
            print(f"{fmt:6} {seconds:8.2f} {cpu_seconds:8.2f} {size:7.0f} KiB")
    print(f"all four formats one by one: {total:.2f} s wall, {cpu_total:.2f} s CPU")


if __name__ == "__main__":
    main()
