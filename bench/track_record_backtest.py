"""Back-test of the reference-class view: leave one council out of the reference rows.

For every council in the shipped reference class (the published year-end figures), the prior is
fitted to the other councils' rows only, and each of the council's own rows is predicted twice:
from the reference class alone, and blended with the council's rows from its other years (as a
proposal file's `track_record` would give them; rows of the same year are left out, so a
directorate and its whole council never inform each other). The 80% interval (P10–P90) of the
share delivered should hold the published outcome 70–90% of the time. Prints, per weight a
council year carries, the coverage and the error of the median in percentage points.

    uv run python bench/track_record_backtest.py [--weights 0.5,1,2,4]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence

from scrutiny.domain.proposal_file import TrackRecordYear
from scrutiny.reference.shipped import savings_delivery
from scrutiny.risk.track_record import YEAR_WEIGHT, ReferenceRow, share_distribution


def _record(rows: Sequence[ReferenceRow], year: str) -> list[TrackRecordYear]:
    """The council's rows from other years, as outturn years of a track record."""
    return [
        TrackRecordYear(year=r.year.split()[0], planned=1.0, delivered=r.share, scope=r.scope)
        for r in rows
        if r.year != year
    ]


def backtest(
    reference: Sequence[ReferenceRow], year_weight: float, own_record: bool
) -> tuple[int, int, list[float]]:
    """(outcomes inside the 80% interval, outcomes, |median − outcome| per outcome)."""
    hits = 0
    errors: list[float] = []
    for council in sorted({r.council for r in reference}):
        others = [r for r in reference if r.council != council]
        own = [r for r in reference if r.council == council]
        for row in own:
            record = _record(own, row.year) if own_record else []
            share = share_distribution(record, others, year_weight=year_weight)
            low, median, high = (share.quantile(q) for q in (0.1, 0.5, 0.9))
            hits += low <= row.share <= high
            errors.append(abs(median - row.share))
    return hits, len(errors), errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--weights", default=f"0.5,{YEAR_WEIGHT:g},2,4")
    args = parser.parse_args(argv)
    reference = savings_delivery()
    councils = len({r.council for r in reference})
    print(f"reference class: {len(reference)} year-end rows from {councils} councils")
    print("view              weight  coverage of P10-P90   median error (pp): mean  median")
    views = [("reference class", 0.0, False)] + [
        ("with own years", float(w), True) for w in args.weights.split(",")
    ]
    for name, weight, own in views:
        hits, n, errors = backtest(reference, weight, own)
        marker = "  (shipped)" if own and weight == YEAR_WEIGHT else ""
        print(
            f"{name:<17} {weight:>6g}  {hits:>2}/{n} = {hits / n:.0%}"
            f"{100 * statistics.mean(errors):>26.1f} {100 * statistics.median(errors):>7.1f}"
            f"{marker}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
