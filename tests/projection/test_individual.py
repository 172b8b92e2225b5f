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


@pytest.mark.parametrize(("growth", "tolerance"), [(0.0, 0.02), (0.05, 0.03)])
def test_error_at_24_months_on_synthetic_records(growth: float, tolerance: float) -> None:
    """Mean absolute error of the median at 24 months over 6 synthetic councils of about 2,800
    children. Steady demand: within 2%; entries growing 5% a year: within 3%."""
    errors = []
    for seed in range(6):
        s, _, p = _run(growth, 100 + seed)
        truth = s.truth[p.months[23]]
        errors.append(abs(np.median(p.totals[:, 23]) - truth) / truth)
    assert np.mean(errors) <= tolerance


def test_records_shorter_than_a_year_are_refused() -> None:
    s = generate(entries_a_year=100, seed=1, burn_in_years=5)
    with pytest.raises(ProjectionDataError, match="less than a year"):
        fit(s.births, s.episodes, s.data_end, records_from=s.data_end)
