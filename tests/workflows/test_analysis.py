"""The one simulate-then-challenge chain: a council's own parameters reach rule D12 (national
unit costs), and a council's policy file is read once, by the command line and the workflow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scrutiny.challenge.policy import Policy
from scrutiny.cli.app import build_app
from scrutiny.domain.proposal_file import ProposalFile, parse_proposal_file
from scrutiny.domain.results import ChallengeReport
from scrutiny.parameters.loader import load_defaults
from scrutiny.workflows.challenge import run_analysis

SOURCE = "{title: Our own contract prices, publisher: Testshire Council}"


def _file_data(ifa_weekly_cost: float) -> dict[str, Any]:
    """Thurrock fostering in 2021/22 with an agency price of `ifa_weekly_cost` [GBP/week]: the
    shipped national figure that year is £820, so the default margin (a quarter) allows £615 to
    £1,025."""
    return {
        "council": "Thurrock",
        "proposals": [
            {
                "ref": "P-1",
                "title": "Recruit more of our own foster carers",
                "service": "Children looked after",
                "category": "commissioning",
                "savings": {"2021/22": 1000},
                "stated_total": 1000,
                "service_users_affected": "children in foster care",
                "eqia": {"status": "complete"},
                "consultation": {"staff": "complete", "service_users": "complete"},
                "alternatives": [
                    {"title": "Do nothing", "reason_rejected": "The gap remains", "cost": 0},
                    {"title": "Phase it", "reason_rejected": "Too slow", "cost": 400},
                ],
                "model": {
                    "type": "fostering_recruitment",
                    "inputs": {
                        "net_households": 10,
                        "ifa_weekly_cost": ifa_weekly_cost,
                        "inhouse_weekly_cost": 600,
                    },
                },
            }
        ],
    }


def _parameters(path: Path, ifa_national: float) -> Path:
    """A council's own parameters: the agency price in both years the shipped figures cover."""
    path.write_text(
        "parameters:\n"
        "  unit_costs.ifa_weekly_cost:\n"
        "    description: Our own agency prices\n"
        "    unit: gbp_per_week\n"
        "    as_of: 2026-11-01\n"
        "    values:\n"
        f'      "2018/19": {{value: {ifa_national}, source: {SOURCE}}}\n'
        f'      "2021/22": {{value: {ifa_national}, source: {SOURCE}}}\n',
        encoding="utf-8",
    )
    return path


def _agency_findings(report: ChallengeReport | dict[str, Any]) -> list[str]:
    data = report.to_json() if isinstance(report, ChallengeReport) else report
    (proposal,) = data["proposals"]
    return [
        f["message"]
        for q in proposal["questions"].values()
        for f in q["findings"]
        if f["rule"] == "D12" and "agency" in f["message"]
    ]


def _pf(ifa_weekly_cost: float) -> ProposalFile:
    return parse_proposal_file(_file_data(ifa_weekly_cost), "test.yaml")


def test_the_chain_compares_unit_costs_with_the_councils_own_parameters(tmp_path: Path) -> None:
    pf = _pf(500)
    shipped = run_analysis(pf, iterations=200)
    assert _agency_findings(shipped.challenge)  # £500 is below £615
    own = load_defaults(_parameters(tmp_path / "own.yaml", 500))
    local = run_analysis(pf, parameters=own, iterations=200)
    assert _agency_findings(local.challenge) == []  # £500 is the council's own price
    # The simulation ran on the same figures as the challenge read.
    assert local.summary.iterations == 200 and local.summary.seed == 0


def test_the_challenge_command_passes_parameters_to_d12(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "thurrock.json"
    file.write_text(json.dumps(_file_data(500)), encoding="utf-8")
    parameters = _parameters(tmp_path / "own.yaml", 500)
    app, runner = build_app(), CliRunner()

    def challenge(*extra: str) -> dict[str, Any]:
        args = ["challenge", str(file), "-n", "200", "--format", "json", *extra]
        result = runner.invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    assert _agency_findings(challenge())
    assert _agency_findings(challenge("--parameters", str(parameters))) == []


def test_a_policy_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command reads the council's thresholds once and the chain uses them for both the
    delivery measure and the rules (no second reading of the shipped thresholds)."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "parameters:\n"
        "  policy.d12_unit_cost_margin:\n"
        "    description: Our own margin\n    unit: share\n    as_of: 2026-11-01\n"
        f'    values: {{"2020/21": {{value: 0.5, source: {SOURCE}}}}}\n',
        encoding="utf-8",
    )
    file = tmp_path / "thurrock.json"
    file.write_text(json.dumps(_file_data(500)), encoding="utf-8")
    made: list[Policy] = []
    original = Policy.from_parameters.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Policy], *args: Any, **kwargs: Any) -> Policy:
        made.append(original(cls, *args, **kwargs))
        return made[-1]

    monkeypatch.setattr(Policy, "from_parameters", classmethod(counted))
    monkeypatch.chdir(tmp_path)
    args = ["challenge", str(file), "-n", "200", "--format", "json", "--policy", str(policy)]
    result = CliRunner().invoke(build_app(), args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert len(made) == 1 and made[0].d12_unit_cost_margin == 0.5
    # The wider margin (£410 to £1,230) applies: £500 is not flagged.
    assert _agency_findings(json.loads(result.stdout)) == []
