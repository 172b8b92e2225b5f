"""The engine against the model contract: copula, portfolio, per-year draws, events, side
outputs, parameters, drivers, and results that do not depend on how iterations are chunked."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
from engine_models import proposal

from scrutiny.domain.results import SimulationSummary
from scrutiny.errors import InvalidInput, UsageError
from scrutiny.parameters.schema import Parameter, ParameterSet, Source, Value
from scrutiny.risk import engine
from scrutiny.risk.summary import average_ranks, centred_ranks, quantiles, spearman, summarise
from scrutiny.workflows.simulate import run_simulation, to_json_text

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
NO_PARAMETERS = ParameterSet()


def run(pf: Any, **kw: Any) -> SimulationSummary:
    kw.setdefault("parameters", NO_PARAMETERS)
    return run_simulation(pf, **kw)


def exact(pf: Any, iterations: int, parameters: ParameterSet = NO_PARAMETERS) -> SimulationSummary:
    """A run without the reference class, where a saving stating no uncertainty is taken at its
    word (the engine's arithmetic, apart from the track record)."""
    return summarise(pf, engine.simulate(engine.build_plan(pf, parameters), iterations, 0), 0)


def collected(pf: Any, iterations: int, seed: int = 0) -> engine.Collector:
    return engine.simulate(engine.build_plan(pf, NO_PARAMETERS), iterations, seed)


def normal(mean: float, sd: float) -> dict[str, Any]:
    return {"dist": "normal", "mean": mean, "sd": sd}


@pytest.mark.slow
@pytest.mark.parametrize("rho", [0.8, -0.5])
def test_copula_gives_the_files_rank_correlation(make_file: Any, rho: float) -> None:
    pf = make_file(
        proposal("A", "test_echo", {"amount": {"dist": "lognormal", "median": 100, "p90": 300}}),
        proposal("B", "test_echo", {"amount": {"dist": "pert", "min": 0, "mode": 10, "max": 50}}),
        correlations=[{"between": ["A.amount", "B.amount"], "rho": rho}],
    )
    c = collected(pf, 1_000_000)
    a, b = c.delivered(0)[:, 0], c.delivered(1)[:, 0]  # delivered = amount, every iteration
    assert spearman(a, centred_ranks(b)) == pytest.approx(rho, abs=0.02)
    # The marginals are untouched by the copula.
    assert np.median(a) == pytest.approx(100, rel=0.01)
    assert a.mean() == pytest.approx(
        100 * math.exp((math.log(3) / 1.2815515655446004) ** 2 / 2), rel=0.01
    )


def test_correlated_per_year_inputs_correlate_every_year(make_file: Any) -> None:
    pf = make_file(
        proposal(
            "A", "test_yearly", {"per_year_amount": normal(0, 1)}, {"2024/25": 1, "2025/26": 1}
        ),
        proposal(
            "B", "test_yearly", {"per_year_amount": normal(0, 1)}, {"2024/25": 1, "2025/26": 1}
        ),
        correlations=[{"between": ["A.per_year_amount", "B.per_year_amount"], "rho": 0.6}],
    )
    c = collected(pf, 100_000)
    for year in range(2):
        r = spearman(c.delivered(0)[:, year], centred_ranks(c.delivered(1)[:, year]))
        assert r == pytest.approx(0.6, abs=0.02)
    # …while each input's years stay independent of one another.
    assert abs(np.corrcoef(c.delivered(0)[:, 0], c.delivered(0)[:, 1])[0, 1]) < 0.02


def test_non_positive_semi_definite_correlations_are_refused_naming_the_pair(
    make_file: Any,
) -> None:
    amounts = [proposal(r, "test_echo", {"amount": normal(10, 1)}) for r in "ABC"]
    with pytest.raises(InvalidInput) as err:
        make_file(
            *amounts,
            correlations=[
                {"between": ["A.amount", "B.amount"], "rho": 0.9},
                {"between": ["B.amount", "C.amount"], "rho": 0.9},
                {"between": ["A.amount", "C.amount"], "rho": -0.9},
            ],
        )
    assert "correlations[2]" in str(err.value) and "A.amount and C.amount" in str(err.value)


@pytest.mark.slow
def test_portfolio_of_independent_normal_savings_has_analytic_mean_and_sd(make_file: Any) -> None:
    means, sds = [100_000.0, 250_000.0, 40_000.0], [20_000.0, 50_000.0, 5_000.0]
    pf = make_file(
        *[
            proposal(f"P{i}", "test_echo", {"amount": normal(m, s)}, {"2024/25": m})
            for i, (m, s) in enumerate(zip(means, sds, strict=True))
        ]
    )
    c = collected(pf, 1_000_000)
    total = c.portfolio_delivered()
    assert total.shape == (1_000_000, 1)
    sd = math.sqrt(sum(s * s for s in sds))
    assert total.mean() == pytest.approx(sum(means), abs=5 * sd / 1000)
    assert total.std() == pytest.approx(sd, rel=0.01)
    summary = run(pf, iterations=200_000)
    year = summary.portfolio.years["2024/25"]
    assert year.p50 == pytest.approx(sum(means), abs=0.02 * sd)
    assert year.p90 == pytest.approx(sum(means) + 1.2815515655 * sd, abs=0.02 * sd)
    # Meeting the target means delivering at least (1 − materiality) of it: P(Z ≥ −0.05·μ/σ).
    z = -summary.materiality * sum(means) / sd
    expected = 0.5 * math.erfc(z / math.sqrt(2))
    assert year.p_meet_target == pytest.approx(expected, abs=0.01)
    # £ at risk is the expected shortfall below the target: σ·φ(0) for a normal centred on it.
    assert year.at_risk == pytest.approx(sd / math.sqrt(2 * math.pi), rel=0.02)
    assert year.expected_share == pytest.approx(1.0, abs=0.005)


def test_same_seed_gives_byte_identical_json_whatever_the_chunk_size(make_file: Any) -> None:
    pf = make_file(
        proposal(
            "A",
            "test_echo",
            {
                "amount": normal(100, 30),
                "p_fail": 0.2,
                "yearly": {"dist": "uniform", "low": 0, "high": 5},
            },
            {"2024/25": 50, "2025/26": 50},
        ),
        proposal(
            "B",
            "fixed",
            {
                "achievement": {"dist": "pert", "min": 0.2, "mode": 0.9, "max": 1},
                "slippage_months": {"dist": "triangular", "min": 0, "mode": 3, "max": 12},
            },
            {"2025/26": 1000},
        ),
        correlations=[{"between": ["A.amount", "B.achievement"], "rho": 0.5}],
    )
    iterations = 3 * engine.BLOCK + 123  # a partial last block
    texts = {
        to_json_text(run(pf, iterations=iterations, seed=7, chunk_size=size))
        for size in (None, 1, engine.BLOCK, 2 * engine.BLOCK + 5, 10 * engine.BLOCK)
    }
    assert len(texts) == 1
    assert to_json_text(run(pf, iterations=iterations, seed=8)) not in texts


def test_per_year_inputs_are_drawn_independently_each_year(make_file: Any) -> None:
    pf = make_file(
        proposal(
            "Y",
            "test_yearly",
            {"per_year_amount": {"dist": "uniform", "low": 0, "high": 1}},
            {"2024/25": 1, "2025/26": 1, "2026/27": 1},
        )
    )
    d = collected(pf, 50_000).delivered(0)
    assert d.shape == (50_000, 3)
    corr = np.corrcoef(d.T)
    assert np.all(np.abs(corr[np.triu_indices(3, 1)]) < 0.03)
    assert np.allclose(d.mean(axis=0), 0.5, atol=0.01)


def test_events_side_outputs_and_meeting_the_target(make_file: Any) -> None:
    pf = make_file(
        proposal(
            "E",
            "test_echo",
            {"amount": {"dist": "uniform", "low": 0, "high": 200}, "p_fail": 0.25},
            {"2024/25": 100},
        ),
    )
    summary = run(pf, iterations=100_000)
    p = summary.proposals[0]
    # Meets the target when not failed (0.75) and amount ≥ 95, the target less 5% materiality
    # (105/200): 0.39375.
    year = p.years["2024/25"]
    assert year.p_meet_target == pytest.approx(0.75 * 105 / 200, abs=0.01)
    assert year.mean == pytest.approx(75.0, rel=0.02)
    # Shortfall: 100 when failed (0.25); else (100 − amount) when below, mean 25 over half.
    assert year.at_risk == pytest.approx(0.25 * 100 + 0.75 * 0.5 * 50, rel=0.02)
    assert year.expected_share == pytest.approx(0.75, rel=0.02)
    assert year.rag == "amber"
    out = p.outputs["2024/25"]
    assert out["amount_mean"] == pytest.approx(100.0, rel=0.01)
    assert out["amount_p90"] == pytest.approx(180.0, rel=0.01)
    assert out["missing_mean"] is None
    assert [d.input for d in p.drivers] == ["amount"]  # a plain p_fail is not a driver


def test_a_saving_delivered_exactly_meets_its_target(make_file: Any) -> None:
    pf = make_file(proposal("F", "fixed", {}, {"2024/25": 0.1, "2025/26": 0.2}))
    years = exact(pf, iterations=10).proposals[0].years
    assert [y.p_meet_target for y in years.values()] == [1.0, 1.0]
    assert [y.cumulative_target for y in years.values()] == [0.1, 0.3]


def test_drivers_are_ranked_by_absolute_rank_correlation(make_file: Any) -> None:
    pf = make_file(
        proposal(
            "D",
            "test_echo",
            {
                "amount": normal(100, 30),
                "noise": normal(0, 20),
                "yearly": {"dist": "uniform", "low": -60, "high": 0},
            },
            {"2024/25": 1, "2025/26": 1},
        ),
    )
    drivers = run(pf, iterations=50_000).proposals[0].drivers
    assert [d.input for d in drivers] == ["amount", "noise", "yearly"]
    by_name = {d.input: d.rank_correlation for d in drivers}
    assert by_name["amount"] > 0.7 and 0.1 < by_name["noise"] < by_name["amount"]
    assert 0 < by_name["yearly"] < by_name["noise"]


def test_years_removed_targets_and_default_targets(make_file: Any) -> None:
    pf = make_file(
        proposal("LATE", "fixed", {}, {"2025/26": 300}),
        proposal("GONE", "fixed", {}, {"2024/25": 500}, status="removed"),
        proposal("NONE", "test_echo", {"amount": 40}, {}),
    )
    summary = exact(pf, iterations=100)
    assert summary.years == ["2024/25", "2025/26"]
    late, none = summary.proposals  # a removed proposal is not simulated: no row
    assert "GONE" not in {p.ref for p in summary.proposals}
    assert list(late.years) == ["2025/26"]
    assert list(none.years) == ["2024/25", "2025/26"]  # no savings: the whole horizon
    assert none.years["2024/25"].target == 40  # from the model's default_targets
    assert summary.portfolio.removed_targets == 500
    first, second = summary.portfolio.years.values()
    assert (first.target, first.cumulative_target, first.mean) == (40, 40, 40)
    assert (second.target, second.cumulative_target, second.mean) == (300, 340, 340)


def test_missing_inputs_come_from_the_parameter_set(make_file: Any) -> None:
    source = Source(title="Test figures", publisher="Tests")
    rate = Parameter(
        description="A share",
        unit="share",
        as_of=datetime.date(2026, 1, 1),
        values={
            "2023/24": Value(value=0.5, source=source),
            "2025/26": Value(value=0.25, source=source),
        },
    )
    params = ParameterSet({"test.rate": rate})
    early = make_file(proposal("R", "test_echo", {"amount": 80}, {"2024/25": 80}))
    late = make_file(proposal("R", "test_echo", {"amount": 80}, {"2025/26": 80}))
    assert exact(early, 10, params).proposals[0].years["2024/25"].mean == 40
    assert exact(late, 10, params).proposals[0].years["2025/26"].mean == 20
    assert exact(late, 10).proposals[0].years["2025/26"].mean == 80  # not in the set


def test_json_validates_against_the_contract_schema(make_file: Any) -> None:
    pf = make_file(
        proposal(
            "A",
            "fixed",
            {"achievement": {"dist": "pert", "min": 0.5, "mode": 0.9, "max": 1}},
            {"2024/25": 1000, "2025/26": 500},
        ),
        proposal(
            "B",
            "fixed",
            {"p_blocked": {"dist": "uniform", "low": 0, "high": 0.4}},
            {"2025/26": 200},
        ),
    )
    data = json.loads(to_json_text(run(pf, iterations=2000)))
    schema = json.loads((SCHEMAS / "simulate.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["iterations"] == 2000 and data["seed"] == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"iterations": 0}, "--iterations"),
        ({"seed": -1}, "--seed"),
        ({"workers": 0}, "--workers"),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:1"}, "either --workers or --scheduler"),
        ({"chunk_size": 0}, "--chunk-size"),
    ],
)
def test_bad_options_are_refused_with_one_line(
    make_file: Any, options: dict[str, Any], message: str
) -> None:
    pf = make_file(proposal("A", "fixed", {}))
    with pytest.raises(UsageError) as err:
        run(pf, **options)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert err.value.exit_code == 2


def test_average_ranks_share_ties() -> None:
    assert average_ranks(np.array([3.0, 1.0, 3.0, 0.0])).tolist() == [2.5, 1.0, 2.5, 0.0]
    assert spearman(np.array([1.0, 2.0, 3.0]), centred_ranks(np.array([5.0, 5.0, 5.0]))) == 0.0


def test_quantiles_are_numpys_linear_interpolation() -> None:
    x = np.random.default_rng(2).lognormal(0, 1, 10_001)
    assert quantiles(x) == pytest.approx(np.quantile(x, [0.1, 0.5, 0.9]).tolist(), rel=1e-12)
    assert quantiles(np.array([4.0])) == [4.0, 4.0, 4.0]
