"""`scrutiny project --council`: the contract JSON, plain text, and one line for bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from scrutiny.cli.app import build_app

runner = CliRunner()
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "schemas" / "project.schema.json").read_text()
)


def test_json_follows_the_contract_and_uses_only_data_to_the_year_given() -> None:
    result = runner.invoke(
        build_app(),
        [
            "project",
            "--council",
            "Thurrock",
            "--data-to",
            "2022",
            "--years",
            "3",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["data_to"] == "31 March 2022"
    assert sorted(data["history"]) == ["2019", "2020", "2021", "2022"]
    assert sorted(data["forecasts"]) == ["2023", "2024", "2025"]
    for year in data["forecasts"].values():
        t = year["total"]
        assert 0 <= t["p2_5"] <= t["p10"] <= t["p50"] <= t["p90"] <= t["p97_5"]
        assert set(year["by_placement"]) >= {"foster", "residential"}
    assert sorted(data["cost"]["by_financial_year"]) == ["2022/23", "2023/24", "2024/25"]


def test_text_is_in_plain_words() -> None:
    result = runner.invoke(build_app(), ["project", "--council", "Thurrock"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Thurrock" in text and "31 March 2026" in text and "Foster care" in text
    assert "£" in text and "m (" in text
    # Money as a finance officer writes it: the cost a child is a derived figure, never to the
    # pound (it read £134,681 before).
    assert re.search(r"at £\d+k a child a year", text), text
    assert not re.search(r"£\d{1,3},\d{3}", text), text
    for code in ("p50", "exit_rate", "by_placement", "supported_accommodation"):
        assert code not in text


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--council", "Atlantis"], "unknown council 'Atlantis'"),
        (["--council", "Thurrock", "--data-to", "2019"], "--data-to must be a year from 2021"),
        (["--council", "Thurrock", "--years", "0"], "--years must be 1 to 10"),
    ],
)
def test_bad_input_is_one_line_and_exit_two(args: list[str], needle: str) -> None:
    result = runner.invoke(build_app(), ["project", *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert result.stdout == ""


def test_ssda903_folder_projects_and_follows_the_contract(tmp_path: Path) -> None:
    from scrutiny.ingest.readers.ssda903 import write_folder
    from scrutiny.projection.synthetic import generate

    s = generate(entries_a_year=200, seed=5, burn_in_years=15)
    write_folder(s.births, s.episodes, tmp_path / "903", first_year=2019, last_year=2023)
    result = runner.invoke(
        build_app(), ["project", str(tmp_path / "903"), "--years", "2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["mode"] == "care_records" and data["data_to"] == "31 March 2023"
    assert sorted(data["forecasts"]) == ["2024", "2025"]
    assert "agency_fostering" in data["forecasts"]["2025"]["by_placement"]
    assert sorted(data["cost"]["by_financial_year"]) == ["2023/24", "2024/25"]
    text = runner.invoke(build_app(), ["project", str(tmp_path / "903")]).stdout
    assert "Agency foster care" in text and "agency_fostering" not in text


def test_records_and_council_together_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(build_app(), ["project", str(tmp_path), "--council", "Thurrock"])
    assert result.exit_code == 2
    assert "either a folder of SSDA903 files or --council" in result.stderr


def test_scenario_gives_avoided_cost_per_financial_year(tmp_path: Path) -> None:
    from scrutiny.ingest.readers.ssda903 import write_folder
    from scrutiny.projection.synthetic import generate

    s = generate(entries_a_year=200, seed=6, burn_in_years=15)
    write_folder(s.births, s.episodes, tmp_path / "903", first_year=2019, last_year=2023)
    scenario = tmp_path / "levers.yaml"
    scenario.write_text(
        "levers:\n  inhouse_fostering: {households: 10, children_per_household: 1,"
        " utilisation: 1, ramp_months: 6, attrition_per_year: 0, from: 2023-04-01}\n"
    )
    args = ["project", str(tmp_path / "903"), "--years", "2", "--scenario", str(scenario)]
    result = runner.invoke(build_app(), [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    avoided = data["scenario"]["avoided_cost_by_financial_year"]
    assert sorted(avoided) == ["2023/24", "2024/25"]
    # In-house foster care costs less a week than agency care in the national figures.
    assert avoided["2024/25"]["p50"] > 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("levers:\n  entry_prevention: {share: 2, from: 2024-04-01}\n")
    result = runner.invoke(build_app(), ["project", str(tmp_path / "903"), "--scenario", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "levers.entry_prevention.share: must be from 0 to 1" in result.stderr
    result = runner.invoke(
        build_app(), ["project", "--council", "Thurrock", "--scenario", str(bad)]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "levers.entry_prevention.share: must be from 0 to 1" in result.stderr


LEVERS = """levers:
  inhouse_fostering: {households: 10, children_per_household: 1.4, utilisation: 0.9,
                      ramp_months: 12, attrition_per_year: 0.1, from: 2025-06-01}
  step_down: {children_per_year: 4, lag_months: 3, to: inhouse_fostering, from: 2025-04-01}
  entry_prevention: {share: 0.05, from: 2025-10-01}
"""


def test_a_scenario_runs_on_the_published_figures_of_any_council(tmp_path: Path) -> None:
    scenario = tmp_path / "levers.yaml"
    scenario.write_text(LEVERS)
    args = ["project", "--council", "Thurrock", "--scenario", str(scenario)]
    result = runner.invoke(build_app(), [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    avoided = data["scenario"]["avoided_cost_by_financial_year"]
    assert sorted(avoided) == ["2025/26", "2026/27", "2027/28"]
    # The levers build up: each year avoids more than the one before, and all of it is positive.
    means = [avoided[fy]["mean"] for fy in sorted(avoided)]
    assert 0 < means[0] < means[1] < means[2]
    # Prevention keeps children out of care: fewer looked after than the baseline's middle.
    for year, f in data["scenario"]["forecasts"].items():
        assert f["total"]["p50"] < data["forecasts"][year]["total"]["p50"]
    text = runner.invoke(build_app(), args).stdout
    assert "With the savings levers" in text and "Cost avoided against the baseline" in text
    assert "inhouse_fostering" not in text and "p50" not in text


def test_a_step_down_to_a_placement_with_no_national_cost_is_one_line(tmp_path: Path) -> None:
    scenario = tmp_path / "levers.yaml"
    scenario.write_text(
        "levers:\n  step_down: {children_per_year: 4, lag_months: 3, to: placed_with_parents,"
        " from: 2025-04-01}\n"
    )
    result = runner.invoke(
        build_app(), ["project", "--council", "Thurrock", "--scenario", str(scenario)]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "levers.step_down.to" in result.stderr and "no national weekly cost" in result.stderr


def test_inflation_raises_each_years_cost_from_the_price_year_of_its_figure(tmp_path: Path) -> None:
    scenario = tmp_path / "levers.yaml"
    scenario.write_text(LEVERS)
    base = ["project", "--council", "Thurrock", "--scenario", str(scenario), "--format", "json"]
    flat = json.loads(runner.invoke(build_app(), base).stdout)
    risen = runner.invoke(build_app(), [*base, "--inflation", "0.05"])
    assert risen.exit_code == 0, risen.output
    data = json.loads(risen.stdout)
    jsonschema.validate(data, SCHEMA)
    basis = data["cost"]["basis"]
    assert basis["inflation_per_year"] == 0.05 and "raised by 5.0% a year" in basis["note"]
    # The same paths: each financial year's cost is the flat one times 1.05 for each year from
    # the price year of the spending figure (2024/25) to its own.
    price_start = int(basis["financial_year"][:4])
    for fy, band in data["cost"]["by_financial_year"].items():
        factor = 1.05 ** (int(fy[:4]) - price_start)
        assert band["p50"] == pytest.approx(flat["cost"]["by_financial_year"][fy]["p50"] * factor)
    # The levers' weekly costs come from different years (in-house foster care from 2017/18,
    # agency care from 2021/22): raising each from its own year changes the avoided cost by
    # something other than one common factor.
    ratios = [
        data["scenario"]["avoided_cost_by_financial_year"][fy]["mean"]
        / flat["scenario"]["avoided_cost_by_financial_year"][fy]["mean"]
        for fy in sorted(data["scenario"]["avoided_cost_by_financial_year"])
    ]
    assert ratios[2] > ratios[1] > 1.0
    assert "held at its year's prices (no inflation)" in flat["scenario"]["basis"]["note"]
    assert "£820 a week in 2021/22" in flat["scenario"]["basis"]["note"]


def test_inflation_outside_its_range_is_one_line() -> None:
    result = runner.invoke(build_app(), ["project", "--council", "Thurrock", "--inflation", "2"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "error: --inflation must be a share from 0 to 0.5 a year, not 2"


def test_records_costs_rise_with_inflation(tmp_path: Path) -> None:
    from scrutiny.ingest.readers.ssda903 import write_folder
    from scrutiny.projection.synthetic import generate

    s = generate(entries_a_year=200, seed=6, burn_in_years=15)
    write_folder(s.births, s.episodes, tmp_path / "903", first_year=2019, last_year=2023)
    args = ["project", str(tmp_path / "903"), "--years", "2", "--format", "json"]
    flat = json.loads(runner.invoke(build_app(), args).stdout)
    risen = json.loads(runner.invoke(build_app(), [*args, "--inflation", "0.1"]).stdout)
    jsonschema.validate(risen, SCHEMA)
    later = "2024/25"
    assert risen["cost"]["by_financial_year"][later]["p50"] > (
        1.1 * flat["cost"]["by_financial_year"][later]["p50"]
    )


def test_levers_already_read_give_what_their_scenario_file_gives(tmp_path: Path) -> None:
    from datetime import date

    from scrutiny.errors import InvalidInput, UsageError
    from scrutiny.projection.levers import Levers, StepDown
    from scrutiny.workflows.projection import read_scenario, run_projection

    scenario = tmp_path / "levers.yaml"
    scenario.write_text(LEVERS)
    from_file = run_projection("Thurrock", years=2, scenario=scenario).to_json()
    read = run_projection("Thurrock", years=2, levers=read_scenario(scenario)).to_json()
    assert read["scenario"] == from_file["scenario"] and "scenario" in read
    with pytest.raises(UsageError, match="not both"):
        run_projection("Thurrock", scenario=scenario, levers=read_scenario(scenario))
    kinship = Levers(step_down=StepDown(4, 3, "kinship", date(2025, 4, 1)))
    with pytest.raises(InvalidInput, match="no national weekly cost"):
        run_projection("Thurrock", years=1, levers=kinship)
