"""`scrutiny benchmark`: JSON and text, and one clear line for a council or year it cannot find."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from scrutiny.cli.app import build_app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (ROOT / "docs" / "schemas" / "benchmark.schema.json").read_text("utf-8")
    )
    return schema


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
    assert len(data["neighbours"]["councils"]) == 10
    assert data["neighbours"]["set"] == "dfe"
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
    # Open cases are Croydon's own published count, so within its range.
    assert checks["open_cases"]["status"] == "within"
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
    schema = _schema()
    args = ["benchmark", council, "--year", year, "--format", "json"]
    args += ["--proposals", str(examples / "croydon-2024.yaml")]
    result = runner.invoke(build_app(), args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert data["assumptions"]


def test_the_schema_refuses_a_blank_value_without_a_reason() -> None:
    schema = _schema()
    result = runner.invoke(build_app(), ["benchmark", "883", "--year", "2024", "--format", "json"])
    data = json.loads(result.stdout)
    data["indicators"][0]["council"]["value"] = None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


THURROCK_SN_2021 = [
    "Medway",
    "Bexley",
    "Havering",
    "Swindon",
    "Dudley",
    "Southend-on-Sea",
    "West Northamptonshire",
    "Telford and Wrekin",
    "Milton Keynes",
    "Peterborough",
]


def test_as_at_a_2021_meeting_json_uses_periods_before_it_and_the_2021_neighbours() -> None:
    schema = _schema()
    args = ["benchmark", "Thurrock", "--as-at", "2021-10-12", "--format", "json"]
    result = runner.invoke(build_app(), args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert data["as_at"] == "2021-10-12"
    assert data["years"] == {"cla": 2021, "workforce": 2021, "cin": 2021, "spend": 2021}
    assert data["periods"]["cla"] == "31 March 2021"
    assert data["periods"]["workforce"] == "30 September 2021"
    # Every figure shown belongs to a period that ended before the meeting.
    for row in data["indicators"]:
        for who in ("council", "england", "region"):
            assert row[who]["year"] <= 2021, row["measure"]
    group = data["neighbours"]
    assert group["set"] == "dfe" and group["in_force_from"] == "2021-04-01"
    assert group["source"] == "sn2021" and "April 2021" in group["publication"]
    assert [c["name"] for c in group["councils"]] == THURROCK_SN_2021
    assert [c["rank"] for c in group["councils"]] == list(range(1, 11))
    rate = {r["measure"]: r for r in data["indicators"]}["cla_rate_per_10k"]
    assert (rate["council"]["value"], rate["council"]["period"]) == (67, "31 March 2021")


def test_as_at_a_2021_meeting_text_names_the_periods_and_the_neighbours() -> None:
    result = runner.invoke(build_app(), ["benchmark", "Thurrock", "--as-at", "2021-10-12"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "published figures as at 12 October 2021" in out
    assert "Children looked after: 31 March 2021" in out
    assert "Social work workforce: 30 September 2021" in out
    assert "DfE statistical neighbours (April 2021 grouping): " + ", ".join(THURROCK_SN_2021) in out
    assert "Source: DfE, Children's services statistical neighbour benchmarking tool" in out
    assert "2025" not in out.split("Source:")[0]


def test_a_meeting_before_the_workforce_census_uses_the_year_before() -> None:
    args = ["benchmark", "Thurrock", "--as-at", "2021-09-30", "--format", "json"]
    data = json.loads(runner.invoke(build_app(), args).stdout)
    assert data["years"]["workforce"] == 2020 and data["years"]["cla"] == 2021
    assert data["periods"]["workforce"] == "30 September 2020"


def test_the_may_2025_grouping_applies_after_may_2025() -> None:
    args = ["benchmark", "Croydon", "--as-at", "2025-12-01", "--format", "json"]
    data = json.loads(runner.invoke(build_app(), args).stdout)
    group = data["neighbours"]
    assert group["in_force_from"] == "2025-05-01" and group["source"] == "sn2025"
    assert [c["la_code"] for c in group["councils"]][:3] == ["209", "320", "383"]
    assert data["years"]["cla"] == 2025 and data["years"]["workforce"] == 2025


def test_similar_councils_stay_available() -> None:
    schema = _schema()
    args = ["benchmark", "Thurrock", "--as-at", "2021-10-12", "--neighbours", "similar"]
    data = json.loads(runner.invoke(build_app(), [*args, "--format", "json"]).stdout)
    jsonschema.validate(data, schema)
    group = data["neighbours"]
    assert group["set"] == "similar" and group["source"] is None
    assert len(group["councils"]) == 10 and all("distance" in c for c in group["councils"])
    assert "31 March 2021" in group["method"]


def test_the_proposal_file_meeting_date_is_the_default_as_at(examples: Path) -> None:
    args = ["benchmark", "Thurrock", "--format", "json"]
    args += ["--proposals", str(examples / "thurrock-2022.yaml")]
    data = json.loads(runner.invoke(build_app(), args).stdout)
    assert data["as_at"] == "2021-10-12" and data["years"]["cla"] == 2021
    hindsight = json.loads(runner.invoke(build_app(), [*args, "--as-at", "2025-12-01"]).stdout)
    assert hindsight["as_at"] == "2025-12-01" and hindsight["years"]["cla"] == 2025


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-at", "12/10/2021"], "--as-at '12/10/2021' is not a date (YYYY-MM-DD)"),
        (["--as-at", "2021-10-12", "--year", "2021"], "give a year or a date to compare as at"),
        (["--neighbours", "nearest"], "unknown neighbours 'nearest'; use dfe or similar"),
        (["--as-at", "2010-01-01"], "no published figures for Thurrock for a period ending before"),
    ],
)
def test_bad_as_at_or_neighbours_is_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(build_app(), ["benchmark", "Thurrock", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_the_schema_refuses_dfe_neighbours_without_their_source() -> None:
    args = ["benchmark", "883", "--as-at", "2021-10-12", "--format", "json"]
    data = json.loads(runner.invoke(build_app(), args).stdout)
    jsonschema.validate(data, _schema())
    data["neighbours"]["source"] = None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema())
