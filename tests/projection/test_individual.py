"""The individual-level projection on synthetic records with a known truth."""

from __future__ import annotations

import numpy as np
import pytest

from scrutiny.projection.individual import IndividualSettings, ProjectionDataError, fit, simulate
from scrutiny.projection.synthetic import generate


def _run(growth: float, seed: int, paths: int = 300):  # type: ignore[no-untyped-def]
    s = generate(entries_a_year=1000, growth=growth, seed=seed)
    f = fit(s.births, s.episodes, s.data_end, records_from=s.data_start)
    p = simulate(f, 24, IndividualSettings(paths=paths, seed=seed))
    return s, f, p


def test_starting_count_is_the_children_in_care_at_the_origin() -> None:
    s, f, _ = _run(0.0, 1, paths=10)
    open_at_end = sum(1 for e in s.episodes if e.end is None)
    assert f.start.sum() == open_at_end


def test_never_negative_and_states_add_up_to_the_total() -> None:
    _, _, p = _run(0.0, 2, paths=50)
    assert (p.by_state >= 0).all()
    assert np.array_equal(p.by_state.sum(axis=2), p.totals)


def test_synthetic_backtest_errors_and_band_coverage_at_24_months() -> None:
    """12 synthetic councils of about 2,800 children each, steady and with entries growing 5% a
    year (24 in all, 150 paths each; the back-test itself takes about 12 s of CPU).

    - Mean absolute error of the median at 24 months: within 2% steady, 3% growing.
    - The 80% band holds the truth in 17 to 21 of the 24 (70.8% to 87.5%, inside 70-90%), and
      in at least 8 of the 12 of each kind (a count of 12 at a true 80% spreads by about 1.4).
    """
    errors: dict[float, list[float]] = {}
    held: dict[float, int] = {}
    for growth in (0.0, 0.05):
        errors[growth], held[growth] = [], 0
        for seed in range(100, 112):
            s, _, p = _run(growth, seed, paths=150)
            truth = s.truth[p.months[23]]
            at = p.totals[:, 23]
            lo, hi = np.percentile(at, [10, 90])
            errors[growth].append(abs(np.median(at) - truth) / truth)
            held[growth] += int(lo <= truth <= hi)
    assert np.mean(errors[0.0]) <= 0.02
    assert np.mean(errors[0.05]) <= 0.03
    assert 17 <= sum(held.values()) <= 21, held
    assert min(held.values()) >= 8, held


def test_records_shorter_than_a_year_are_refused() -> None:
    s = generate(entries_a_year=100, seed=1, burn_in_years=5)
    with pytest.raises(ProjectionDataError, match="less than a year"):
        fit(s.births, s.episodes, s.data_end, records_from=s.data_end)
