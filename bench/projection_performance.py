"""Speed and memory of the children-looked-after projection.

1. Fit and a two-year (24-month) forecast on synthetic SSDA903 records of about 50,000 children
   over five years (`--paths` simulated paths), timed and with the peak memory the Python
   allocator saw (tracemalloc) in-process.
2. 1,000 simulated paths over 24 months on records with about 5,000 children in care.
3. The aggregate projection of every council from the published figures.

The synthetic records are made first and not timed. Times are CPU seconds of this process
(`time.process_time`, the best of `--repeat` runs, since the machine may be shared); the peak
memory is what the Python allocator saw (tracemalloc) in a separate run, as tracing slows it.

    uv run python bench/projection_performance.py [--paths 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from scrutiny.projection.individual import IndividualSettings, fit, simulate
from scrutiny.projection.synthetic import generate

REPEAT = 3


def _timed(label: str, func):  # type: ignore[no-untyped-def]
    cpu, wall = [], []
    for _ in range(REPEAT):
        t0, w0 = time.process_time(), time.perf_counter()
        out = func()
        cpu.append(time.process_time() - t0)
        wall.append(time.perf_counter() - w0)
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {min(cpu):.2f} s CPU (best of {REPEAT}; worst {max(cpu):.2f} s), "
        f"wall {min(wall):.2f} s, peak {peak / 2**20:.0f} MB"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    global REPEAT
    REPEAT = args.repeat

    big = generate(entries_a_year=7000, burn_in_years=10, seed=1)
    children = len(big.births)
    print(f"records: {children:,} children, {len(big.episodes):,} episodes, 5 years")
    settings = IndividualSettings(paths=args.paths)

    def fit_and_forecast():  # type: ignore[no-untyped-def]
        fitted = fit(big.births, big.episodes, big.data_end, settings, big.data_start)
        return simulate(fitted, 24, settings)

    _timed(f"fit + 24-month forecast, {args.paths} paths", fit_and_forecast)

    mid = generate(entries_a_year=1800, burn_in_years=12, seed=2)
    fitted = fit(mid.births, mid.episodes, mid.data_end, settings, mid.data_start)
    print(f"records: {int(fitted.start.sum()):,} children in care at the origin")
    _timed("1,000 paths x 24 months", lambda: simulate(fitted, 24, IndividualSettings(paths=1000)))

    from scrutiny.projection.aggregate import Settings, pooled_spread, project
    from scrutiny.reference.shipped import shipped
    from scrutiny.workflows.projection import council_histories

    def every_council() -> int:
        histories = council_histories(shipped(), None)
        spread = pooled_spread(list(histories.values()))
        for h in histories.values():
            project(h, 3, Settings(spread=spread))
        return len(histories)

    _timed("aggregate projection of every council, 2,000 paths each", every_council)


if __name__ == "__main__":
    main()
