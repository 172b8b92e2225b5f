"""The seed checks of models.md, reproduced from the example files' own model inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scrutiny.domain.distributions import Mixture, Pert, is_random
from scrutiny.domain.proposal import Proposal
from scrutiny.models import registry
from scrutiny.workflows.validate import load

from .helpers import arrays, context

THURROCK_YEARS = ("2022/23", "2023/24")
CROYDON_YEARS = ("2024/25",)


def proposal(examples: Path, file: str, ref: str) -> Proposal:
    pf = load(examples / file)
    return next(p for p in pf.proposals if p.ref == ref)


def fixed_inputs(p: Proposal) -> dict[str, float]:
    """The proposal's model inputs that are plain numbers."""
    assert p.model is not None
    return {k: float(v) for k, v in p.model.inputs.items() if isinstance(v, int | float)}


def mode(p: Proposal, name: str) -> float:
    """The most likely value: a PERT's mode, or a mixture's heaviest single value."""
    assert p.model is not None
    spec = p.model.inputs[name]
    if isinstance(spec, Mixture):
        weight, heaviest = max(spec.ordered(), key=lambda wc: wc[0])
        assert not is_random(heaviest) and weight >= 0.5
        return heaviest.analytic_mean()
    assert isinstance(spec, Pert)
    return spec.mode


@pytest.fixture
def fostering(examples: Path) -> dict[str, float]:
    p = proposal(examples, "thurrock-2022.yaml", "THR-CSC-03")
    assert p.model is not None and p.model.type == "fostering_recruitment"
    values = fixed_inputs(p)
    # u_ifa − u_in ≈ £384.62 a week: £300,000 ÷ 15 households ÷ 52 weeks.
    assert values["ifa_weekly_cost"] - values["inhouse_weekly_cost"] == pytest.approx(384.62)
    return {**values, "net_households": 15.0}


def test_thurrock_fostering_full_year_effect(fostering: dict[str, float]) -> None:
    ctx = context(THURROCK_YEARS)
    model = registry.get("fostering_recruitment")
    out = model.run(arrays(model, {**fostering, "part_year_factor": 1.0}, ctx), ctx)
    first, second = out.delivered[0]
    assert abs(first - 300_000) <= 10
    assert abs(second - 600_000) <= 10


def test_thurrock_fostering_approvals_through_the_year(fostering: dict[str, float]) -> None:
    ctx = context(THURROCK_YEARS)
    model = registry.get("fostering_recruitment")
    out = model.run(arrays(model, fostering, ctx), ctx)  # default part_year_factor 0.5
    assert model.input("part_year_factor").default == 0.5
    assert abs(out.delivered[0, 0] - 150_000) <= 10
    assert abs(out.delivered[0, 1] - 450_000) <= 10


def test_thurrock_restructure(examples: Path) -> None:
    p = proposal(examples, "thurrock-2022.yaml", "THR-CSC-01")
    assert p.model is not None and p.model.type == "restructure"
    values = fixed_inputs(p)
    assert values["fte_deleted"] == 15.4
    assert values["redundancies"] == 13
    assert p.staffing is not None and p.staffing.redundancies_max == 13
    ctx = context(THURROCK_YEARS)
    model = registry.get("restructure")
    # In place by 1 April 2022: m = 0 for 2022/23, the delay's most likely value (on time).
    assert mode(p, "delay_months") == 0
    out = model.run(arrays(model, {**values, "delay_months": 0.0}, ctx), ctx)
    assert out.delivered[0].tolist() == pytest.approx([1_000_000.0, 1_000_000.0], abs=1.0)
    assert out.side["redundancies"][0, 0] == 13


@pytest.fixture
def croydon(examples: Path) -> Proposal:
    p = proposal(examples, "croydon-2024.yaml", "2024-28 SAV CYPE 001")
    assert p.model is not None and p.model.type == "vacancy_factor"
    return p


def test_croydon_seven_percent_is_the_1_1m(croydon: Proposal) -> None:
    values = fixed_inputs(croydon)
    assert values["vacancy_factor"] == 0.07
    establishment = values["establishment_fte"] * values["cost_per_fte"]
    assert round(establishment / 1e4) / 100 == pytest.approx(15.72, abs=0.01)  # about £15.71m
    targets = registry.get("vacancy_factor").default_targets(values, context(CROYDON_YEARS))
    assert targets is not None
    assert round(targets[0] / 1e5) / 10 == 1.1
    assert croydon.savings == {"2024/25": 1_100_000}


def test_croydon_covered_vacancies_overspend_and_caseloads_rise(croydon: Proposal) -> None:
    values = {
        **fixed_inputs(croydon),
        "vacancy_rate": 0.18,
        "agency_cover": 0.90,
        "agency_premium": 0.60,
        "open_cases": mode(croydon, "open_cases"),
    }
    ctx = context(CROYDON_YEARS)
    model = registry.get("vacancy_factor")
    out = model.run(arrays(model, values, ctx), ctx)
    budget = values["establishment_fte"] * values["cost_per_fte"]
    reduced = (1 - values["vacancy_factor"]) * budget
    spend = budget - out.delivered[0, 0]
    assert spend > reduced
    assert out.delivered[0, 0] < 1_100_000
    threshold = model.input("caseload_threshold").parameter
    assert threshold == "workforce.caseload_threshold"
    assert out.side["caseload"][0, 0] > 18.0
    assert out.side["above_threshold"][0, 0] == 1.0


def _pert(spec: Pert, rng: np.random.Generator, n: int) -> np.ndarray:
    span = spec.max - spec.min
    a = 1 + 4 * (spec.mode - spec.min) / span
    b = 1 + 4 * (spec.max - spec.mode) / span
    return spec.min + span * rng.beta(a, b, n)


def test_croydon_example_is_an_unacceptable_risk(croydon: Proposal) -> None:
    """Over the example's own distributions the saving is not delivered and the chance of unsafe
    caseloads is well above the 0.2 the challenge rule D3 looks for."""
    assert croydon.model is not None
    rng = np.random.default_rng(7)
    n = 20_000
    values: dict[str, np.ndarray] = {}
    for name, spec in croydon.model.inputs.items():
        values[name] = _pert(spec, rng, n) if isinstance(spec, Pert) else np.full(n, float(spec))
    ctx = context(CROYDON_YEARS)
    model = registry.get("vacancy_factor")
    out = model.run(arrays(model, values, ctx, n), ctx)
    assert out.delivered.mean() < 0.5 * 1_100_000
    assert out.side["above_threshold"].mean() > 0.4
    assert out.side["caseload"].mean() > 18.0
