"""`scrutiny simulate` as a user runs it: JSON on stdout, a table otherwise, one line and exit 2
for a bad file or option, a folder written one JSON per file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scrutiny.cli.app import build_app
from scrutiny.workflows.simulate import run_simulation, to_json_text
from scrutiny.workflows.validate import load

REGISTER = """\
council: Testshire
mtfs: {funding_gap: {"2024/25": 900000}}
proposals:
  - ref: T-01
    title: Fewer agency placements
    savings: {"2024/25": 300000, "2025/26": 200000}
    model:
      type: fixed
      inputs:
        achievement: {dist: pert, min: 0.4, mode: 0.9, max: 1}
        slippage_months: {dist: triangular, min: 0, mode: 2, max: 9}
  - ref: T-02
    title: Deleted posts
    status: removed
    savings: {"2024/25": 150000}
"""


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "testshire.yaml"
    path.write_text(REGISTER, encoding="utf-8")
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(build_app(), ["simulate", *args])


def test_json_is_the_workflows_summary(register: Path) -> None:
    result = invoke(str(register), "--iterations", "3000", "--seed", "4", "--format", "json")
    assert result.exit_code == 0, result.output
    expected = run_simulation(load(register), iterations=3000, seed=4)
    assert result.stdout == to_json_text(expected)
    data = json.loads(result.stdout)
    assert data["portfolio"]["removed_targets"] == 150000
    assert data["proposals"][0]["drivers"][0]["input"] in {"achievement", "slippage_months"}


def test_text_is_a_table_per_proposal_and_year(register: Path) -> None:
    result = invoke(str(register), "--iterations", "2000")
    assert result.exit_code == 0, result.output
    for text in ("T-01", "2024/25", "2025/26", "portfolio", "£500k"):
        assert text in result.stdout
    assert "£150k of targets to be found elsewhere" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--iterations", "0"], "--iterations must be between 1"),
        (["--seed", "-3"], "--seed must be zero or more"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "not both"),
        (["--scheduler", "no port here"], "is not a scheduler address"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(
    register: Path, args: list[str], message: str
) -> None:
    result = invoke(str(register), *args)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert result.stdout == ""


def test_a_bad_file_gives_one_line_naming_the_field_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        REGISTER.replace("min: 0.4, mode: 0.9", "min: 0.95, mode: 0.9"), encoding="utf-8"
    )
    result = invoke(str(bad), "--format", "json")
    assert result.exit_code == 2
    assert "[T-01] proposals[0].model.inputs.achievement" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = invoke(str(tmp_path / "nowhere.yaml"))
    assert result.exit_code == 2 and "nowhere.yaml" in result.stderr


def test_a_folder_writes_one_json_per_file(register: Path, tmp_path: Path) -> None:
    other = register.parent / "otherton.yaml"
    other.write_text(REGISTER.replace("Testshire", "Otherton"), encoding="utf-8")
    out = tmp_path / "results"
    result = invoke(
        str(register.parent), "--iterations", "1000", "--out", str(out), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [Path(r["output"]).name for r in listed] == [
        "otherton.simulation.json",
        "testshire.simulation.json",
    ]
    expected = to_json_text(run_simulation(load(register), iterations=1000))
    assert (out / "testshire.simulation.json").read_text(encoding="utf-8") == expected


def test_a_folder_with_a_bad_file_writes_nothing(register: Path, tmp_path: Path) -> None:
    (register.parent / "broken.yaml").write_text(
        "council: X\nproposals: [{ref: A}]\n", encoding="utf-8"
    )
    out = tmp_path / "results"
    result = invoke(str(register.parent), "--iterations", "100", "--out", str(out))
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr
    assert not out.exists()


def test_the_table_has_no_row_for_a_removed_saving_and_no_chance_without_a_target(
    examples: Path,
) -> None:
    result = CliRunner().invoke(
        build_app(),
        ["simulate", str(examples / "croydon-2024.yaml"), "-n", "500"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "2024/25" in line]
    placements, portfolio = rows  # the removed vacancy saving is not simulated
    assert "CYPE 001" not in result.stdout
    assert "no target" in placements and "no target" in portfolio
    assert "100%" not in placements
    assert "Removed proposals leave £1.1m of targets to be found elsewhere." in result.stderr


def test_money_in_the_table_is_written_as_committee_papers_write_it(examples: Path) -> None:
    result = CliRunner().invoke(
        build_app(),
        ["simulate", str(examples / "thurrock-2022.yaml"), "-n", "200"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.stderr
    amounts = re.findall(r"−?£[\d.,]+[km]?", result.stdout)
    assert amounts, result.stdout
    # The house formatter: at most three significant figures (£1.26m, £480k, £4.8k), never a
    # figure to the pound beside the rounded ones.
    for amount in amounts:
        assert re.fullmatch(r"−?£(\d{1,3}(\.\d{1,2})?[km]|\d{1,3})", amount), amount


def test_text_table_keeps_refs_and_model_names_whole(examples: Path) -> None:
    result = CliRunner().invoke(
        build_app(), ["simulate", str(examples / "thurrock-2022.yaml"), "-n", "200"]
    )
    assert result.exit_code == 0, result.stderr
    assert "…" not in result.stdout
    for text in ("THR-CSC-01", "THR-CSC-04", "fostering_recruitment", "restructure"):
        assert text in result.stdout


def test_a_folder_with_a_bad_file_is_one_error_line_when_piped(register: Path) -> None:
    (register.parent / "broken.yaml").write_text("council: [\n", encoding="utf-8")
    result = invoke(str(register.parent), "--iterations", "100")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        line for line in result.stderr.splitlines() if line.startswith("error: ")
    ]
    assert len(result.stderr.splitlines()) == 1 and "broken.yaml" in result.stderr


def _policy_file(path: Path, name: str, value: float, unit: str = "share") -> Path:
    path.write_text(
        f"parameters:\n  {name}:\n    description: Local threshold\n    unit: {unit}\n"
        "    as_of: 2026-11-01\n"
        f'    values: {{"2020/21": {{value: {value}, source: {{title: t, publisher: p}}}}}}\n',
        encoding="utf-8",
    )
    return path


def test_a_councils_policy_file_sets_the_materiality_of_the_measure(
    register: Path, tmp_path: Path
) -> None:
    """T-01's achievement is PERT(0.4, 0.9, 1): a 40% materiality counts far more iterations as
    meeting the target than the default 5%."""
    policy = _policy_file(tmp_path / "policy.yaml", "policy.materiality", 0.4)
    default = json.loads(invoke(str(register), "-n", "2000", "--format", "json").stdout)
    local = invoke(str(register), "-n", "2000", "--format", "json", "--policy", str(policy))
    assert local.exit_code == 0, local.output
    data = json.loads(local.stdout)
    assert default["materiality"] == 0.05 and data["materiality"] == 0.4
    p_default = default["proposals"][0]["years"]["2024/25"]["p_meet_target"]
    p_local = data["proposals"][0]["years"]["2024/25"]["p_meet_target"]
    assert p_local > p_default + 0.2
    # Everything else is the same draws.
    assert (
        data["proposals"][0]["years"]["2024/25"]["mean"]
        == (default["proposals"][0]["years"]["2024/25"]["mean"])
    )


@pytest.mark.parametrize("kind", ["not_policy", "out_of_range", "missing"])
def test_a_bad_policy_file_is_one_line_before_any_work(
    register: Path, tmp_path: Path, kind: str
) -> None:
    policy = tmp_path / "policy.yaml"
    if kind == "not_policy":
        _policy_file(policy, "workforce.agency_premium", 0.5)
    elif kind == "out_of_range":
        _policy_file(policy, "policy.materiality", 1.5)
    out = tmp_path / "results"
    for target in (str(register), str(register.parent)):
        result = invoke(target, "-n", "100", "--policy", str(policy), "--out", str(out))
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), lines
        assert str(policy) in lines[0] or "policy" in lines[0]
        assert not out.exists()
