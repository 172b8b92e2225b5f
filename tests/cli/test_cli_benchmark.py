"""`scrutiny benchmark`: JSON and text, and one clear line for a council or year it cannot find."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from scrutiny.cli.app import build_app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def test_json_thurrock_2024() -> None:
    result = runner.invoke(
        build_app(), ["benchmark", "Thurrock", "--year", "2024", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["council"] == {
        "name": "Thurrock",
        "la_code": "883",
        "ons_code": "E06000034",
        "region": "East of England",
    }
    rows = {r["measure"]: r for r in data["indicators"]}
    rate = rows["cla_rate_per_10k"]
    assert (rate["council"]["value"], rate["england"]["value"]) == (64, 69)
    assert rate["council"]["source"] == "cla25" and rate["council"]["year"] == 2024
    assert len(data["similar_councils"]["councils"]) == 10
    assert rows["total_childrens_social_care:net_current_expenditure"]["council"]["value"] is None


def test_text_croydon_workforce_shows_england_and_sources() -> None:
    result = runner.invoke(build_app(), ["benchmark", "306", "--year", "2024"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Croydon (E09000008, LA 306), London" in out
    assert "Social work workforce, 30 September 2024" in out
    vacancy = next(line for line in out.splitlines() if "Vacancy rate" in line)
    assert "32.4%" in vacancy and "17.3%" in vacancy and "csww25" in vacancy
    assert "csww25: DfE, Children's social work workforce" in out


def test_missing_is_printed_not_zero() -> None:
    result = runner.invoke(build_app(), ["benchmark", "Thurrock", "--year", "2024"])
    line = next(line for line in result.stdout.splitlines() if "Net children's social" in line)
    assert "missing (not available)" in line
    assert "£0" not in line


def test_proposals_option_adds_assumption_checks(examples: Path) -> None:
    result = runner.invoke(
        build_app(),
        [
            "benchmark",
            "Croydon",
            "--year",
            "2024",
            "--format",
            "json",
            "--proposals",
            str(examples / "croydon-2024.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    checks = {c["input"]: c for c in json.loads(result.stdout)["assumptions"]}
    assert checks["open_cases"]["status"] == "above"
    assert checks["vacancy_rate"]["council"]["value"] == 32.4


def test_unknown_council_is_one_line_with_close_matches() -> None:
    result = runner.invoke(build_app(), ["benchmark", "Croydn"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "unknown council 'Croydn'" in lines[0] and "Croydon" in lines[0]


def test_year_without_figures_is_refused() -> None:
    result = runner.invoke(build_app(), ["benchmark", "Thurrock", "--year", "2010"])
    assert result.exit_code == 2
    assert (
        "no published figures for Thurrock in 2010; years available: 2019 to 2025" in result.stderr
    )


def test_default_year_is_the_latest() -> None:
    result = runner.invoke(build_app(), ["benchmark", "E06000034", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["year"] == 2025


def test_empty_council_and_missing_proposal_file_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(build_app(), ["benchmark", "  "])
    assert result.exit_code == 2
    assert "give the DfE name, ONS code or LA number" in result.stderr
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(build_app(), ["benchmark", "Croydon", "--proposals", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nope.yaml" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("council", "year"),
    [("Thurrock", "2024"), ("Kingston upon Thames", "2025"), ("Dorset", "2020")],
)
def test_json_validates_against_the_schema(examples: Path, council: str, year: str) -> None:
    schema = json.loads((ROOT / "docs" / "schemas" / "benchmark.schema.json").read_text("utf-8"))
    args = ["benchmark", council, "--year", year, "--format", "json"]
    args += ["--proposals", str(examples / "croydon-2024.yaml")]
    result = runner.invoke(build_app(), args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert data["assumptions"]


def test_the_schema_refuses_a_blank_value_without_a_reason() -> None:
    schema = json.loads((ROOT / "docs" / "schemas" / "benchmark.schema.json").read_text("utf-8"))
    result = runner.invoke(build_app(), ["benchmark", "883", "--year", "2024", "--format", "json"])
    data = json.loads(result.stdout)
    data["indicators"][0]["council"]["value"] = None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
