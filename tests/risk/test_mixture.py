"""`constant` and `mixture` distributions: validation, words, draws (independent and through the
copula) and what they do to a saving's chance of meeting its target."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from scipy import special, stats

from scrutiny.challenge.figures import describe_input
from scrutiny.domain.distributions import Distribution, Mixture, is_random
from scrutiny.errors import InvalidInput
from scrutiny.reports.wording import describe_input as report_words
from scrutiny.risk.sampling import draw, from_normal_scores, pert_alpha_beta, point_value, ppf
from scrutiny.workflows.simulate import run_simulation

SPEC = TypeAdapter(Distribution)
ON_TIME = {
    "dist": "mixture",
    "components": [
        {"weight": 0.7, "dist": "constant", "value": 0},
        {"weight": 0.3, "dist": "pert", "min": 1, "mode": 3, "max": 6},
    ],
}


def spec(data: dict[str, Any]) -> Any:
    return SPEC.validate_python(data)


def test_constant_is_one_value() -> None:
    c = spec({"dist": "constant", "value": 2.5})
    assert not is_random(c)
    assert c.support() == (2.5, 2.5) and point_value(c) == 2.5
    x = draw(c, np.random.default_rng(0), 1000)
    assert x.shape == (1000,) and np.all(x == 2.5)
    assert np.all(ppf(c, np.array([0.0, 0.5, 1.0])) == 2.5)
    assert describe_input(c) == "2.5" and report_words(c) == "2.5"


def test_mixture_mean_support_and_randomness() -> None:
    m = spec(ON_TIME)
    assert isinstance(m, Mixture) and is_random(m)
    assert m.support() == (0.0, 6.0)
    assert m.analytic_mean() == pytest.approx(0.3 * (1 + 4 * 3 + 6) / 6, abs=1e-12)
    two_constants = spec(
        {
            "dist": "mixture",
            "components": [
                {"weight": 0.5, "dist": "constant", "value": 1},
                {"weight": 0.5, "dist": "constant", "value": 1},
            ],
        }
    )
    assert not is_random(two_constants)


N = 1_000_000


@pytest.mark.parametrize("how", ["draw", "normal_scores"])
def test_mixture_draws_follow_the_weights_and_components(how: str) -> None:
    """10^6 draws: the share on time within 0.003 of 0.7 (binomial standard error 0.00046, so
    6.5 standard errors), and the delays, when late, against the PERT's own distribution by a
    Kolmogorov–Smirnov distance below 0.003 (the 1% critical value at 300,000 draws is 0.003)."""
    m = spec(ON_TIME)
    rng = np.random.default_rng(11)
    x = draw(m, rng, N) if how == "draw" else from_normal_scores(m, rng.standard_normal(N))
    on_time = float(np.mean(x == 0.0))
    assert abs(on_time - 0.7) < 0.003
    late = x[x > 0]
    assert late.min() >= 1.0 and late.max() <= 6.0
    a, b = pert_alpha_beta(m.components[1])
    ks = stats.kstest(late, stats.beta(a, b, 1.0, 5.0).cdf).statistic
    assert ks < 0.003
    sd = math.sqrt(float(np.var(x)) / N)
    assert abs(float(x.mean()) - m.analytic_mean()) < 5 * sd


def test_mixture_ppf_is_the_inverse_distribution_function_when_ranges_do_not_overlap() -> None:
    """Non-decreasing in u, so a correlated mixture keeps its rank correlation; at u the share
    of draws below the value is u (to 1e-9 on the continuous part)."""
    m = spec(ON_TIME)
    u = np.linspace(0.0, 1.0, 10_001)
    x = ppf(m, u)
    assert np.all(np.diff(x) >= 0)
    assert np.all(x[u < 0.7] == 0.0) and np.all(x[u >= 0.7] >= 1.0)
    a, b = pert_alpha_beta(m.components[1])
    late = u > 0.7 + 1e-6
    cdf = 0.7 + 0.3 * special.betainc(a, b, (x[late] - 1.0) / 5.0)
    assert np.max(np.abs(cdf - u[late])) < 1e-5


def test_component_order_does_not_change_the_draws() -> None:
    flipped = {"dist": "mixture", "components": list(reversed(ON_TIME["components"]))}
    u = np.random.default_rng(3).random(10_000)
    assert np.array_equal(ppf(spec(ON_TIME), u), ppf(spec(flipped), u))


def test_mixture_in_words() -> None:
    m = spec(ON_TIME)
    expected = "on time with probability 70%, otherwise 1 to 6 months, most likely 3"
    assert describe_input(m, unit="months") == expected
    assert report_words(m, "months") == expected
    three = spec(
        {
            "dist": "mixture",
            "components": [
                {"weight": 0.5, "dist": "constant", "value": 1},
                {"weight": 0.25, "dist": "uniform", "low": 2, "high": 4},
                {"weight": 0.25, "dist": "constant", "value": 9},
            ],
        }
    )
    assert describe_input(three) == (
        "1 with probability 50%, between 2 and 4 with probability 25%, otherwise 9"
    )


components = st.lists(
    st.one_of(
        st.builds(
            lambda v: {"dist": "constant", "value": v},
            st.floats(-1e6, 1e6, allow_nan=False),
        ),
        st.builds(
            lambda a, w: {"dist": "uniform", "low": a, "high": a + w},
            st.floats(-1e6, 1e6, allow_nan=False),
            st.floats(0, 1e3, allow_nan=False),
        ),
        st.builds(
            lambda a, p, q: {"dist": "pert", "min": a, "mode": a + p, "max": a + p + q},
            st.floats(-1e3, 1e3, allow_nan=False),
            st.floats(0, 100, allow_nan=False),
            st.floats(0.01, 100, allow_nan=False),
        ),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(components, st.lists(st.floats(0.01, 1.0), min_size=5, max_size=5), st.integers(0, 2**32))
def test_any_mixture_draws_inside_its_support_with_its_mean(
    parts: list[dict[str, Any]], raw: list[float], seed: int
) -> None:
    """Weights normalised to add up to 1: draws stay inside the support, and the mean of 20,000
    draws is within 6 standard errors (plus rounding) of the analytic mean."""
    total = sum(raw[: len(parts)])
    weighted = [{**c, "weight": w / total} for c, w in zip(parts, raw, strict=False)]
    m = spec({"dist": "mixture", "components": weighted})
    x = draw(m, np.random.default_rng(seed), 20_000)
    lo, hi = m.support()
    assert np.all(x >= lo) and np.all(x <= hi)
    se = float(np.std(x)) / math.sqrt(x.size)
    scale = max(abs(lo), abs(hi), 1.0)
    assert abs(float(x.mean()) - m.analytic_mean()) <= 6 * se + 1e-9 * scale


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=4))
def test_weights_must_add_up_to_one(weights: list[float]) -> None:
    data = {
        "dist": "mixture",
        "components": [
            {"weight": w, "dist": "constant", "value": i} for i, w in enumerate(weights)
        ],
    }
    if abs(math.fsum(weights) - 1.0) <= 1e-9:
        assert isinstance(spec(data), Mixture)
    else:
        with pytest.raises(ValidationError, match="add up to"):
            spec(data)


def _file(delay: Any) -> dict[str, Any]:
    return {
        "council": "Testshire",
        "proposals": [
            {
                "ref": "R-01",
                "title": "Deleted posts",
                "savings": {"2024/25": 100_000},
                "model": {
                    "type": "restructure",
                    "inputs": {"fte_deleted": 2, "cost_per_fte": 50_000, "delay_months": delay},
                },
            }
        ],
    }


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    from scrutiny.workflows.validate import parse

    with pytest.raises(InvalidInput) as caught:
        parse(data, "test.yaml")
    return [(p.path, p.message) for p in caught.value.problems]


def test_a_bad_mixture_is_one_clear_line_naming_the_field() -> None:
    short = {
        **ON_TIME,
        "components": [dict(ON_TIME["components"][0], weight=0.6), ON_TIME["components"][1]],
    }
    [(path, message)] = _problems(_file(short))
    assert path == "proposals[0].model.inputs.delay_months.components"
    assert message == "the weights of the components add up to 0.9, not 1"

    upside_down = {
        **ON_TIME,
        "components": [ON_TIME["components"][0], dict(ON_TIME["components"][1], min=4)],
    }
    [(path, message)] = _problems(_file(upside_down))
    assert path == "proposals[0].model.inputs.delay_months.components[1].min"
    assert "min (4.0) is greater than mode (3.0)" in message

    nested = {"dist": "mixture", "components": [{"weight": 1.0, **ON_TIME}]}
    [(path, message)] = _problems(_file(nested))
    assert path == "proposals[0].model.inputs.delay_months.components[0]"
    assert "cannot hold another mixture" in message

    unweighted = {"dist": "mixture", "components": [{"dist": "constant", "value": 0}]}
    [(path, message)] = _problems(_file(unweighted))
    assert path == "proposals[0].model.inputs.delay_months.components[0].weight"


def test_on_time_with_probability_0_7_meets_its_first_year_target_70_percent_of_the_time() -> None:
    """A late structure (at least a month) delivers at most 11/12 of the year, below the 95%
    that counts as met; on time it delivers all of it. So P(meet) in the first year is the
    chance of being on time: 0.70, to within 0.03 (the binomial standard error at 10,000
    iterations is 0.0046)."""
    from scrutiny.workflows.validate import parse

    pf = parse(_file(ON_TIME), "test.yaml")
    summary = run_simulation(pf, iterations=10_000, seed=0)
    first = summary.proposals[0].years["2024/25"]
    assert first.p_meet_target is not None
    assert abs(first.p_meet_target - 0.70) <= 0.03
    # Expected delivery: on time 70%, else (12 − m)/12 of £100k with m's mean 19/6 months.
    expected = 100_000 * (0.7 + 0.3 * (12 - 19 / 6) / 12)
    assert first.mean == pytest.approx(expected, rel=0.01)
