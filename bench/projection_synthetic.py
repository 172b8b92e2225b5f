"""Back-test of the care-records projection on synthetic councils with a known truth.

For each seed, synthetic SSDA903-like records (about 1,000 entries a year, five years of
records) with steady entries or entries growing 5% a year; the projection from 31 March of the
last record year is scored against the true number looked after 24 months later: the error of
the median and whether the 80% and 95% bands hold the truth.

    uv run python bench/projection_synthetic.py [--seeds 12] [--paths 300]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from scrutiny.projection.individual import IndividualSettings, fit, simulate
from scrutiny.projection.synthetic import generate


def score(growth: float, seed: int, paths: int, months: int = 24) -> tuple[float, bool, bool]:
    """Relative error of the median, and whether the 80% and 95% bands hold the truth."""
    s = generate(entries_a_year=1000, growth=growth, seed=seed)
    f = fit(s.births, s.episodes, s.data_end, records_from=s.data_start)
    p = simulate(f, months, IndividualSettings(paths=paths, seed=seed))
    truth = s.truth[p.months[months - 1]]
    at = p.totals[:, months - 1]
    lo10, hi90, lo2, hi97 = np.percentile(at, [10, 90, 2.5, 97.5])
    return (
        float((np.median(at) - truth) / truth),
        bool(lo10 <= truth <= hi90),
        bool(lo2 <= truth <= hi97),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=12)
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--paths", type=int, default=300)
    args = parser.parse_args()
    print(
        "| Demand | Councils | Mean abs. error | Median abs. error | Mean error | 80% band holds | 95% band holds |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, growth in (("Steady", 0.0), ("Entries growing 5% a year", 0.05)):
        t0 = time.process_time()
        rows = [score(growth, args.first_seed + k, args.paths) for k in range(args.seeds)]
        err = np.array([r[0] for r in rows])
        in80 = sum(r[1] for r in rows)
        in95 = sum(r[2] for r in rows)
        n = len(rows)
        print(
            f"| {label} | {n} | {np.abs(err).mean():.1%} | {np.median(np.abs(err)):.1%} | "
            f"{err.mean():+.1%} | {in80 / n:.0%} ({in80} of {n}) | {in95 / n:.0%} ({in95} of {n}) |"
            f"  <!-- {time.process_time() - t0:.0f} s CPU -->"
        )


if __name__ == "__main__":
    main()
