"""How long `scrutiny benchmark` takes, end to end and by stage.

    uv run python bench/benchmark.py [--runs N]

Prints the wall-clock and CPU time of the command as a user runs it (a fresh process each time,
text and JSON; CPU time shows the work itself when the machine is busy), then, in one process, the time to read the shipped dataset and to compute one benchmark.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time


def _command(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run of the command."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "scrutiny", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def _line(label: str, times: list[float]) -> None:
    print(
        f"{label:<56} median {statistics.median(times):6.3f} s   "
        f"min {min(times):6.3f} s   max {max(times):6.3f} s   ({len(times)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"load average {load}"
    )
    for label, command in (
        ("scrutiny benchmark Thurrock --year 2024", ["benchmark", "Thurrock", "--year", "2024"]),
        ("scrutiny benchmark Croydon --format json", ["benchmark", "Croydon", "--format", "json"]),
    ):
        walls, cpus = _command(command, args.runs)
        _line(f"{label} (wall)", walls)
        _line(f"{label} (CPU)", cpus)

    from scrutiny.national.compare import benchmark
    from scrutiny.national.lookup import find_council
    from scrutiny.reference.shipped import read

    reads = []
    for _ in range(args.runs):
        start = time.perf_counter()
        data = read()
        reads.append(time.perf_counter() - start)
    _line("read the shipped dataset (in process)", reads)
    area = find_council(data, "Croydon")
    assert area is not None
    computes = []
    for _ in range(args.runs):
        start = time.perf_counter()
        benchmark(data, area, 2024)
        computes.append(time.perf_counter() - start)
    _line("compare one council, 24 indicators (in process)", computes)


if __name__ == "__main__":
    main()
