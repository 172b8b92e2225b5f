"""Every distribution of contracts.md §2, drawn 10^6 times, against its analytic moments and
percentiles (scipy.stats gives the analytic values), both through the Generator's own methods
and through the inverse distribution function the copula uses."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from scipy import stats

from scrutiny.domain.distributions import Distribution, Spec
from scrutiny.risk.sampling import draw, pert_alpha_beta, point_value, ppf

N = 1_000_000
SPEC = TypeAdapter(Distribution)


def spec(data: dict[str, object]) -> Spec:
    return SPEC.validate_python(data)  # type: ignore[no-any-return]


def frozen(s: Spec) -> stats.rv_continuous | stats.rv_discrete:
    """The same distribution in scipy.stats, the reference for the analytic values."""
    d = s.model_dump()
    match d["dist"]:
        case "uniform":
            return stats.uniform(d["low"], d["high"] - d["low"])
        case "triangular":
            span = d["max"] - d["min"]
            return stats.triang((d["mode"] - d["min"]) / span, d["min"], span)
        case "pert":
            a, b = pert_alpha_beta(s)  # type: ignore[arg-type]
            return stats.beta(a, b, d["min"], d["max"] - d["min"])
        case "normal":
            lo = -np.inf if d["min"] is None else (d["min"] - d["mean"]) / d["sd"]
            hi = np.inf if d["max"] is None else (d["max"] - d["mean"]) / d["sd"]
            return stats.truncnorm(lo, hi, d["mean"], d["sd"])
        case "lognormal":
            return stats.lognorm(s.sigma, scale=d["median"])  # type: ignore[union-attr]
        case "bernoulli":
            return stats.bernoulli(d["p"])
        case "discrete":
            probs = s.probabilities()  # type: ignore[union-attr]
            return stats.rv_discrete(values=(d["values"], probs))
    raise AssertionError(d)


CASES = [
    {"dist": "uniform", "low": 2.0, "high": 7.0},
    {"dist": "triangular", "min": 0.0, "mode": 2.0, "max": 9.0},
    {"dist": "pert", "min": 10.0, "mode": 12.0, "max": 30.0},
    {"dist": "pert", "min": 0.5, "mode": 0.9, "max": 1.0},
    {"dist": "normal", "mean": 15.0, "sd": 4.0},
    {"dist": "normal", "mean": 0.8, "sd": 0.2, "min": 0.0, "max": 1.0},
    {"dist": "normal", "mean": 5.0, "sd": 3.0, "min": 4.0},
    {"dist": "normal", "mean": 0.0, "sd": 1.0, "min": 3.0, "max": 4.0},
    {"dist": "lognormal", "median": 300.0, "p90": 450.0},
    {"dist": "bernoulli", "p": 0.3},
    {"dist": "discrete", "values": [10.0, 20.0, 40.0], "weights": [1.0, 2.0, 1.0]},
]


def check_sample(x: np.ndarray, s: Spec) -> None:
    ref = frozen(s)
    mean, var = float(ref.mean()), float(ref.var())
    sd = math.sqrt(var)
    assert x.shape == (N,)
    assert abs(x.mean() - mean) <= 5 * sd / math.sqrt(N) + 1e-12
    assert x.var() == pytest.approx(var, rel=0.01)
    # The engine's own analytic mean agrees with scipy's.
    assert point_value(s) == pytest.approx(mean, rel=1e-9, abs=1e-12)
    lo, hi = s.support()
    assert x.min() >= lo and x.max() <= hi
    for q in (0.1, 0.5, 0.9):
        expected = float(ref.ppf(q))
        got = float(np.quantile(x, q))
        if s.dist in ("bernoulli", "discrete"):
            assert got == expected
        else:
            assert got == pytest.approx(expected, abs=0.01 * sd)


@pytest.mark.slow
@pytest.mark.parametrize("data", CASES, ids=lambda d: f"{d['dist']}-{sorted(d.items())[0][1]}")
def test_generator_draws_match_analytic_moments_and_percentiles(data: dict[str, object]) -> None:
    s = spec(data)
    check_sample(draw(s, np.random.default_rng(11), N), s)


@pytest.mark.slow
@pytest.mark.parametrize("data", CASES, ids=lambda d: f"{d['dist']}-{sorted(d.items())[0][1]}")
def test_inverse_cdf_of_uniforms_matches_analytic_moments(data: dict[str, object]) -> None:
    s = spec(data)
    check_sample(ppf(s, np.random.default_rng(12).random(N)), s)


def test_pert_mean_is_min_plus_four_modes_plus_max_over_six() -> None:
    s = spec({"dist": "pert", "min": 10.0, "mode": 12.0, "max": 30.0})
    x = draw(s, np.random.default_rng(3), N)
    assert x.mean() == pytest.approx((10 + 4 * 12 + 30) / 6, abs=0.02)


def test_lognormal_median_and_p90_are_the_files_figures() -> None:
    s = spec({"dist": "lognormal", "median": 300.0, "p90": 450.0})
    x = draw(s, np.random.default_rng(4), N)
    assert np.quantile(x, 0.5) == pytest.approx(300.0, rel=0.005)
    assert np.quantile(x, 0.9) == pytest.approx(450.0, rel=0.005)


def test_a_plain_number_and_a_fixed_distribution_repeat_their_value() -> None:
    rng = np.random.default_rng(0)
    assert np.array_equal(draw(7.5, rng, (3, 2)), np.full((3, 2), 7.5))
    fixed = spec({"dist": "fixed", "value": 2.0})
    assert np.array_equal(ppf(fixed, np.array([0.1, 0.9])), [2.0, 2.0])


def test_degenerate_three_point_and_zero_sd_normal_give_the_single_value() -> None:
    rng = np.random.default_rng(0)
    for data in (
        {"dist": "pert", "min": 3.0, "mode": 3.0, "max": 3.0},
        {"dist": "triangular", "min": 3.0, "mode": 3.0, "max": 3.0},
        {"dist": "normal", "mean": 3.0, "sd": 0.0, "min": 0.0},
    ):
        s = spec(data)
        assert np.array_equal(draw(s, rng, 4), np.full(4, 3.0))
        assert np.array_equal(ppf(s, np.array([0.0, 0.5, 1.0])), np.full(3, 3.0))


three_points = st.tuples(st.floats(-1e6, 1e6), st.floats(0, 1e6), st.floats(0, 1e6)).map(
    lambda t: (t[0], t[0] + t[1], t[0] + t[1] + t[2])
)


@settings(max_examples=60, deadline=None)
@given(points=three_points, kind=st.sampled_from(["pert", "triangular"]))
def test_three_point_inverse_cdf_is_monotone_and_within_bounds(
    points: tuple[float, float, float], kind: str
) -> None:
    lo, mode, hi = points
    s = spec({"dist": kind, "min": lo, "mode": mode, "max": hi})
    u = np.linspace(0.0, 1.0, 201)
    x = ppf(s, u)
    assert np.all(np.diff(x) >= -1e-9 * max(1.0, abs(hi)))
    assert x.min() >= lo - 1e-9 * max(1.0, abs(lo)) and x.max() <= hi + 1e-9 * max(1.0, abs(hi))


@settings(max_examples=60, deadline=None)
@given(
    mean=st.floats(-100, 100),
    sd=st.floats(0.01, 50),
    low=st.floats(-10, 10),
    width=st.floats(0.001, 20),
)
def test_truncated_normal_stays_within_its_bounds(
    mean: float, sd: float, low: float, width: float
) -> None:
    s = spec({"dist": "normal", "mean": mean, "sd": sd, "min": low, "max": low + width})
    x = draw(s, np.random.default_rng(0), 2000)
    assert np.all(np.isfinite(x))
    assert x.min() >= low and x.max() <= low + width


@settings(max_examples=12, deadline=None)
@given(mode=st.floats(0.0, 1.0))
def test_tabulated_pert_inverse_cdf_is_within_1e_5_of_the_exact_one(mode: float) -> None:
    from scipy import special

    from scrutiny.risk.sampling import beta_ppf

    s = spec({"dist": "pert", "min": 0.0, "mode": mode, "max": 1.0})
    alpha, beta = pert_alpha_beta(s)  # type: ignore[arg-type]
    u = np.concatenate([np.random.default_rng(1).random(5_000), [0.0, 1e-9, 0.5, 1 - 1e-9, 1.0]])
    exact = special.betaincinv(alpha, beta, u)
    assert np.abs(beta_ppf(alpha, beta, u) - exact).max() < 1e-5


@pytest.mark.parametrize("data", CASES, ids=lambda d: f"{d['dist']}-{sorted(d.items())[0][1]}")
def test_values_from_normal_scores_equal_the_inverse_cdf_of_their_probability(
    data: dict[str, object],
) -> None:
    from scipy import special

    from scrutiny.risk.sampling import from_normal_scores

    s = spec(data)
    z = np.random.default_rng(5).standard_normal(5_000)
    x = from_normal_scores(s, z)
    np.testing.assert_allclose(
        x, ppf(s, special.ndtr(z)), rtol=1e-6, atol=1e-6 * max(1.0, abs(point_value(s)))
    )
