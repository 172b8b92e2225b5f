"""The reference-class view: the share delivered from the council's record and the national
reference class, the plan's adjusted view and contingency, and proposals stating no uncertainty."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
from engine_models import proposal
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.proposal_file import TrackRecordYear
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reference.shipped import savings_delivery
from scrutiny.risk import engine, track_record
from scrutiny.risk.track_record import (
    ReferenceRow,
    ShareDistribution,
    adjusted_year,
    fit_prior,
    share_distribution,
)
from scrutiny.workflows.simulate import run_simulation, to_json_text
from scrutiny.workflows.validate import parse

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
NO_PARAMETERS = ParameterSet()


def record(*shares: float, scope: str = "children's services", point: str = "outturn") -> list:
    return [
        {
            "year": f"{2015 + i}/{16 + i}",
            "planned": 4_000_000,
            "delivered": 4_000_000 * s,
            "scope": scope,
            "point": point,
        }
        for i, s in enumerate(shares)
    ]


def plan_file(*proposals: dict[str, Any], track: list | None = None) -> Any:
    data: dict[str, Any] = {"council": "Testshire", "proposals": list(proposals)}
    if track is not None:
        data["track_record"] = track
    return parse(data, "test.yaml")


def fixed_million() -> dict[str, Any]:
    return proposal("FIX", "fixed", {}, {"2025/26": 1_000_000})


def rows(*shares: float) -> list[ReferenceRow]:
    return [ReferenceRow(f"C{i}", "2020/21", "whole council", s) for i, s in enumerate(shares)]


def test_a_fixed_saving_follows_a_track_record_of_70_75_and_80_percent() -> None:
    # Done when: a fixed £1m saving with no stated uncertainty, in a file whose track record is
    # 70%, 75% and 80%, has a reference-class median share within 0.65–0.85.
    pf = plan_file(fixed_million(), track=record(0.70, 0.75, 0.80))
    summary = run_simulation(pf, iterations=40_000, parameters=NO_PARAMETERS)
    view = summary.portfolio.track_record
    assert view is not None and (view.source, view.years) == ("blend", 3)
    assert 0.65 <= view.share_p50 <= 0.85
    # The saving itself is scaled by a share drawn from that distribution: its simulated median
    # share matches the distribution's within 0.01 (the median of 40,000 draws has a standard
    # error near 0.002 here).
    own = summary.proposals[0].years["2025/26"]
    assert own.p50 / 1_000_000 == pytest.approx(view.share_p50, abs=0.01)
    assert own.p_meet_target is not None and own.p_meet_target < 0.5


def test_without_a_track_record_the_reference_class_alone_is_used() -> None:
    pf = plan_file(fixed_million())
    summary = run_simulation(pf, iterations=20_000, parameters=NO_PARAMETERS)
    view = summary.portfolio.track_record
    assert view is not None and (view.source, view.years) == ("reference_class", 0)
    alpha, beta = fit_prior([r.share for r in savings_delivery()])
    prior = ShareDistribution(alpha, beta, "reference_class", 0)
    assert view.share_p50 == round(prior.quantile(0.5), 4)
    # The published year-end figures put typical delivery around 75–92%.
    assert 0.75 <= view.share_p50 <= 0.92
    assert view.share_p10 < view.share_p50 < view.share_p90 <= 1


def test_in_year_points_do_not_count_as_outturns() -> None:
    pf = plan_file(fixed_million(), track=record(0.3, 0.4, point="q2"))
    view = run_simulation(pf, iterations=100, parameters=NO_PARAMETERS).portfolio.track_record
    assert view is not None and (view.source, view.years) == ("reference_class", 0)


def test_the_scope_with_most_outturn_years_is_used() -> None:
    years = [
        TrackRecordYear(year="2021/22", planned=10, delivered=5, scope="whole council"),
        TrackRecordYear(year="2021/22", planned=10, delivered=9, scope="Children"),
        TrackRecordYear(year="2022/23", planned=10, delivered=12, scope="children "),
    ]
    # "Children" and "children " are one scope; delivered above planned counts as 1.
    assert track_record.council_shares(years) == [0.9, 1.2]
    share = share_distribution(years, rows(0.5, 0.7, 0.9))
    alpha, beta = fit_prior([0.5, 0.7, 0.9])
    assert share.years == 2
    assert share.alpha == pytest.approx(alpha + 0.9 + 1.0)
    assert share.beta == pytest.approx(beta + 0.1 + 0.0)


def test_a_long_record_makes_the_council_the_source() -> None:
    reference = rows(0.6, 0.8, 0.9, 0.95)
    long = [
        TrackRecordYear(
            year=f"{2000 + i}/{str(1 + i).zfill(2)}", planned=1, delivered=0.6, scope="s"
        )
        for i in range(30)
    ]
    share = share_distribution(long, reference)
    assert share.source == "council"
    # Thirty years at 60% outweigh the prior: the mean is the precision-weighted average of the
    # prior's mean and the record's, and the median is within 0.01 of it (a narrow beta).
    alpha, beta = fit_prior([0.6, 0.8, 0.9, 0.95])
    kappa = alpha + beta
    expected = (alpha + 30 * 0.6) / (kappa + 30)
    assert share.mean == pytest.approx(expected, rel=1e-12)
    assert 0.6 < share.mean < alpha / kappa
    assert share.quantile(0.5) == pytest.approx(expected, abs=0.01)


def test_the_prior_recovers_a_known_beta() -> None:
    # 200,000 draws from Beta(3, 1): the method of moments is within 3% of each parameter.
    x = np.random.default_rng(5).beta(3.0, 1.0, 200_000)
    alpha, beta = fit_prior(x.tolist())
    assert alpha == pytest.approx(3.0, rel=0.03)
    assert beta == pytest.approx(1.0, rel=0.03)


@given(
    st.lists(st.floats(0.01, 1.2, allow_nan=False), min_size=2, max_size=30).filter(
        lambda xs: np.var(np.minimum(xs, 1)) > 1e-4
    )
)
def test_the_prior_keeps_the_shares_mean(shares: list[float]) -> None:
    try:
        alpha, beta = fit_prior(shares)
    except ValueError:
        # Only shares spread wider than any beta (variance ≥ m(1 − m)) are refused.
        x = np.minimum(shares, 1)
        assert np.var(x) >= np.mean(x) * (1 - np.mean(x)) - 1e-12
        return
    assert alpha > 0 and beta > 0
    assert alpha / (alpha + beta) == pytest.approx(float(np.mean(np.minimum(shares, 1))), abs=1e-9)


def test_the_prior_refuses_shares_that_do_not_vary() -> None:
    with pytest.raises(ValueError, match="do not vary"):
        fit_prior([0.8, 0.8, 0.8])
    with pytest.raises(ValueError, match="at least two"):
        fit_prior([0.8])


def test_adjusted_view_and_contingency_match_draws_of_the_share() -> None:
    share = ShareDistribution(4.0, 1.2, "blend", 3)
    target = 2_500_000.0
    a = adjusted_year(share, target)
    draws = np.random.default_rng(11).beta(4.0, 1.2, 400_000) * target
    # 400,000 draws: percentiles and the mean agree within 0.5% of the target.
    tolerance = 0.005 * target
    assert a.mean == pytest.approx(draws.mean(), abs=tolerance)
    for q, value in ((0.1, a.p10), (0.5, a.p50), (0.9, a.p90)):
        assert value == pytest.approx(np.quantile(draws, q), abs=tolerance)
    assert a.contingency == pytest.approx(np.quantile(target - draws, 0.8), abs=tolerance)
    assert 0 < a.contingency < target


def test_plan_years_carry_the_adjusted_view_and_the_contingency() -> None:
    pf = plan_file(
        proposal("A", "fixed", {}, {"2024/25": 600_000, "2025/26": 400_000}),
        proposal(
            "B",
            "fixed",
            {"achievement": {"dist": "pert", "min": 0.5, "mode": 0.9, "max": 1}},
            {"2025/26": 1_000_000},
        ),
        track=record(0.85, 0.9),
    )
    summary = run_simulation(pf, iterations=5000, parameters=NO_PARAMETERS)
    view = summary.portfolio.track_record
    assert view is not None
    for year, cumulative in (("2024/25", 600_000), ("2025/26", 2_000_000)):
        stats = summary.portfolio.years[year]
        assert stats.cumulative_target == cumulative
        assert stats.adjusted is not None and stats.contingency is not None
        # The adjusted median is the median share times the cumulative target, to the penny
        # apart from rounding the share to 4 decimals (at most £0.00005 per £ of target).
        assert stats.adjusted.p50 == pytest.approx(
            view.share_p50 * cumulative, abs=0.5e-4 * cumulative
        )
        assert stats.adjusted.p10 <= stats.adjusted.p50 <= stats.adjusted.p90 <= cumulative
        assert cumulative - stats.adjusted.p50 < stats.contingency < cumulative - stats.adjusted.p10


def test_a_proposal_stating_its_uncertainty_is_not_scaled() -> None:
    stated = proposal(
        "B",
        "fixed",
        {"achievement": {"dist": "pert", "min": 0.5, "mode": 0.9, "max": 1}},
        {"2025/26": 1_000_000},
    )
    with_record = run_simulation(
        plan_file(stated, fixed_million(), track=record(0.2, 0.3)), iterations=9000
    )
    without = run_simulation(plan_file(stated, fixed_million()), iterations=9000)
    # Its draws come from the engine's own streams: byte-identical whatever the track record.
    assert with_record.proposals[0].years == without.proposals[0].years
    # The certain saving follows the (much poorer) record.
    assert (
        with_record.proposals[1].years["2025/26"].mean < without.proposals[1].years["2025/26"].mean
    )


def test_results_do_not_depend_on_chunking_and_repeat_exactly() -> None:
    pf = plan_file(fixed_million(), track=record(0.7, 0.75, 0.8))
    whole = to_json_text(run_simulation(pf, iterations=20_000, seed=3))
    again = to_json_text(run_simulation(pf, iterations=20_000, seed=3))
    chunked = to_json_text(run_simulation(pf, iterations=20_000, seed=3, chunk_size=8192))
    assert whole == again == chunked
    other_seed = to_json_text(run_simulation(pf, iterations=20_000, seed=4))
    assert other_seed != whole


def test_without_a_reference_class_the_engine_takes_plain_numbers_at_their_word() -> None:
    pf = plan_file(fixed_million(), track=record(0.7))
    plan = engine.build_plan(pf, NO_PARAMETERS)
    assert plan.track_record is None
    assert plan.proposals[0].certain
    collected = engine.simulate(plan, 100, 0)
    assert np.all(collected.delivered(0) == 1_000_000)


def test_json_with_the_reference_class_view_validates_against_the_schema() -> None:
    pf = plan_file(
        fixed_million(),
        proposal("Z", "fixed", {}, {}),  # no target: no adjusted view for it
        track=record(0.7, 0.75, 0.8),
    )
    data = json.loads(to_json_text(run_simulation(pf, iterations=2000)))
    schema = json.loads((SCHEMAS / "simulate.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["portfolio"]["track_record"]["source"] == "blend"
    assert data["portfolio"]["years"]["2025/26"]["contingency"] > 0


def test_the_back_test_keeps_coverage_inside_the_band(bench_module) -> None:  # type: ignore[no-untyped-def]
    # Leave one council out (bench/track_record_backtest.py): the 80% interval holds the
    # published outcome 70–90% of the time, with the reference class alone and at the shipped
    # weight of a council year.
    bench = bench_module("track_record_backtest")
    for own_record in (False, True):
        hits, n, errors = bench.backtest(savings_delivery(), track_record.YEAR_WEIGHT, own_record)
        assert n == 15
        assert 0.7 <= hits / n <= 0.9
        assert float(np.median(errors)) < 0.10  # the median misses by under 10 points typically
