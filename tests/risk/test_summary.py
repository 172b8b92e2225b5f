"""The summary's order statistics and rank correlations against their plain definitions: a full
sort, `np.quantile`, and Pearson's correlation of average ranks in iteration order."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.risk.summary import (
    QUANTILES,
    average_ranks,
    centred_ranks,
    order_statistics,
    quantile,
    quantiles,
    spearman,
)

# Few distinct values as well as many, so that ties are common.
values = st.lists(
    st.one_of(
        st.sampled_from([0.0, -0.0, 1.0, 2.5, -3.0]),
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    ),
    min_size=1,
    max_size=300,
)


def sorted_definition(x: np.ndarray) -> list[float]:
    """P10, P50, P90 as the summary defines them, from a full sort."""
    ordered, n = np.sort(x), x.shape[0]
    out = []
    for q in QUANTILES.values():
        h = (n - 1) * q
        lo = math.floor(h)
        hi = min(lo + 1, n - 1)
        out.append(float(ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])))
    return out


def spearman_definition(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of the two variables' centred average ranks, in iteration order."""
    xc, yc = centred_ranks(x), centred_ranks(y)
    denominator = math.sqrt(float(np.sum(xc * xc)) * float(np.sum(yc * yc)))
    if denominator == 0:
        return 0.0
    return max(-1.0, min(1.0, float(np.sum(xc * yc)) / denominator))


@settings(max_examples=200, deadline=None)
@given(values, st.data())
def test_order_statistics_are_the_sorted_values_at_those_positions(
    xs: list[float], data: st.DataObject
) -> None:
    x = np.array(xs)
    positions = sorted(
        data.draw(st.sets(st.integers(0, len(xs) - 1), min_size=1, max_size=len(xs)))
    )
    before = x.copy()
    got = order_statistics(x, positions)
    assert got == {k: float(np.sort(x)[k]) for k in positions}
    assert np.array_equal(x, before)  # the column itself is left alone


@settings(max_examples=200, deadline=None)
@given(values)
def test_percentiles_from_partitions_equal_the_sorted_definition_to_the_bit(
    xs: list[float],
) -> None:
    x = np.array(xs)
    assert quantiles(x) == sorted_definition(x)
    for q in QUANTILES.values():
        assert quantile(x, q) == float(np.quantile(x, q))


@pytest.mark.slow  # about 30 s: 200 examples of up to 800 drawn values each
@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(1, 400))
def test_spearman_equals_the_correlation_of_ranks_in_iteration_order(
    data: st.DataObject, n: int
) -> None:
    pool = st.sampled_from([0.0, 1.0, 1.0, 2.0]) | st.floats(-1e6, 1e6, allow_nan=False)
    x = np.array(data.draw(st.lists(pool, min_size=n, max_size=n)))
    y = np.array(data.draw(st.lists(pool, min_size=n, max_size=n)))
    assert spearman(x, centred_ranks(y)) == spearman_definition(x, y)


def test_spearman_is_exact_at_the_driver_sample_size() -> None:
    rng = np.random.default_rng(5)
    x = rng.lognormal(0, 1, 65_536)
    y = x + rng.normal(0, 2, 65_536)
    ties = rng.integers(0, 4, 65_536).astype(np.float64)
    assert spearman(x, centred_ranks(y)) == spearman_definition(x, y)
    assert spearman(ties, centred_ranks(y)) == spearman_definition(ties, y)
    assert 0.3 < spearman(x, centred_ranks(y)) < 0.9


def test_average_ranks_of_a_sorted_array_are_positions() -> None:
    assert average_ranks(np.array([1.0, 2.0, 2.0, 7.0])).tolist() == [0.0, 1.5, 1.5, 3.0]


def test_order_statistics_put_nan_last_like_a_sort() -> None:
    x = np.array([np.nan, 3.0, -np.inf, 1.0, np.nan, 2.0, np.inf, np.nan, 0.5])
    got = order_statistics(x, list(range(x.shape[0])))
    expected = np.sort(x)
    assert np.array_equal(np.array([got[k] for k in range(x.shape[0])]), expected, equal_nan=True)
    assert order_statistics(x, [4, 5]) == {4: 3.0, 5: np.inf}
    got = order_statistics(x, [5, 6])
    assert got[5] == np.inf and np.isnan(got[6])
