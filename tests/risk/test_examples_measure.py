"""The delivery measure on the bundled examples, run as `scrutiny simulate` runs them (10,000
iterations, seed 0), and the contract schema against real output, null cases included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scrutiny.domain.results import SimulationSummary
from scrutiny.workflows.simulate import run_simulation, to_json_text
from scrutiny.workflows.validate import load, parse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "simulate.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def thurrock() -> SimulationSummary:
    return run_simulation(load(EXAMPLES / "thurrock-2022.yaml"))


@pytest.fixture(scope="module")
def croydon() -> SimulationSummary:
    return run_simulation(load(EXAMPLES / "croydon-2024.yaml"))


def test_thurrock_business_administration_is_green_or_amber(thurrock: SimulationSummary) -> None:
    [admin] = [p for p in thurrock.proposals if p.ref == "THR-CSC-02"]
    assert {s.rag for s in admin.years.values()} <= {"green", "amber"}


def test_no_saving_near_its_target_is_reported_with_no_chance(
    thurrock: SimulationSummary, croydon: SimulationSummary
) -> None:
    """A proposal-year whose median delivery is within 10% of its cumulative target has a
    chance of meeting it above 0 (the 5% materiality and the chance of being on time)."""
    near = []
    for summary in (thurrock, croydon):
        for p in summary.proposals:
            for year, s in p.years.items():
                goal = s.cumulative_target
                if goal > 0 and abs(s.p50 - goal) <= 0.1 * goal:
                    near.append((p.ref, year, s.p_meet_target))
    assert near, "the examples should have savings near their targets"
    assert all(chance is not None and chance > 0 for _, _, chance in near), near
    refs = {ref for ref, _, _ in near}
    assert {"THR-CSC-01", "THR-CSC-02"} <= refs


def test_thurrock_restructure_is_on_time_about_70_percent_of_the_time(
    thurrock: SimulationSummary,
) -> None:
    """The example's delay is on time with probability 0.7, otherwise 1 to 6 months: the first
    year is met when on time only, so 0.70 ± 0.03 (standard error 0.0046 at 10,000)."""
    [restructure] = [p for p in thurrock.proposals if p.ref == "THR-CSC-01"]
    first = restructure.years["2022/23"].p_meet_target
    assert first is not None and abs(first - 0.70) <= 0.03


def test_croydon_removed_vacancy_saving_has_no_row(croydon: SimulationSummary) -> None:
    assert [p.ref for p in croydon.proposals] == ["2024-28 SAV CYPE 003"]
    assert croydon.portfolio.removed_targets == 1_100_000


@pytest.mark.parametrize("name", ["thurrock-2022.yaml", "croydon-2024.yaml"])
def test_example_output_validates_against_the_contract(name: str) -> None:
    data = json.loads(to_json_text(run_simulation(load(EXAMPLES / name), iterations=2000)))
    jsonschema.validate(data, SCHEMA)


def _validated(pf_data: dict[str, Any]) -> dict[str, Any]:
    pf = parse(pf_data, "test.yaml")
    data = json.loads(to_json_text(run_simulation(pf, iterations=500)))
    jsonschema.validate(data, SCHEMA)
    return data  # type: ignore[no-any-return]


def test_null_cases_validate_and_are_null() -> None:
    """No target: expected share, chance and RAG are null (never 100%); £ at risk is 0. Only
    removed proposals: no rows, a portfolio with no target."""
    no_target = _validated(
        {
            "council": "Testshire",
            "proposals": [
                {
                    "ref": "N-01",
                    "title": "Unquantified review",
                    "model": {"type": "fixed", "inputs": {}},
                }
            ],
        }
    )
    for stats in [
        *no_target["proposals"][0]["years"].values(),
        *no_target["portfolio"]["years"].values(),
    ]:
        assert stats["expected_share"] is None and stats["p_meet_target"] is None
        assert stats["rag"] is None and stats["at_risk"] == 0
    all_removed = _validated(
        {
            "council": "Testshire",
            "proposals": [
                {
                    "ref": "G-01",
                    "title": "Gone",
                    "status": "removed",
                    "savings": {"2024/25": 500},
                }
            ],
        }
    )
    assert all_removed["proposals"] == []
    assert all_removed["portfolio"]["removed_targets"] == 500
    assert all_removed["materiality"] == 0.05
