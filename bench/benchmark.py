"""How long `scrutiny benchmark` takes, end to end and by stage.

    uv run python bench/benchmark.py [--runs N]

Prints the wall time of the command as a user runs it (a fresh process each time, text and
JSON), then, in one process, the time to read the shipped dataset and to compute one benchmark.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time


def _command(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "scrutiny", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return times


def _line(label: str, times: list[float]) -> None:
    print(
        f"{label:<52} median {statistics.median(times):6.3f} s   "
        f"min {min(times):6.3f} s   max {max(times):6.3f} s   ({len(times)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
    _line(
        "scrutiny benchmark Thurrock --year 2024",
        _command(["benchmark", "Thurrock", "--year", "2024"], args.runs),
    )
    _line(
        "scrutiny benchmark Croydon --format json",
        _command(["benchmark", "Croydon", "--format", "json"], args.runs),
    )

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
