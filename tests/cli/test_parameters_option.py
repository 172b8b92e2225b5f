"""`--parameters FILE`: a council's own figures replace the shipped defaults in simulate and
challenge; a file without a source is refused with one line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scrutiny.cli.app import build_app

PROPOSAL = """\
council: Testshire
proposals:
  - ref: FOS-1
    title: More in-house foster carers
    savings: {"2025/26": 100000}
    model:
      type: fostering_recruitment
      inputs: {net_households: 10}
"""

OWN_COSTS = """\
parameters:
  unit_costs.ifa_weekly_cost:
    description: Our average IFA weekly price
    unit: gbp_per_week
    as_of: 2026-11-01
    values:
      "2025/26":
        value: {value}
        source: {{title: Placement contracts register, publisher: Testshire County Council}}
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.stdout, result.stderr


def _mean(tmp_path: Path, *extra: str) -> float:
    proposal = tmp_path / "p.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    code, out, err = _run("simulate", str(proposal), "-n", "200", "--format", "json", *extra)
    assert code == 0, err
    return float(json.loads(out)["proposals"][0]["years"]["2025/26"]["mean"])


def test_a_council_price_changes_the_delivered_saving(tmp_path: Path) -> None:
    default = _mean(tmp_path)
    own = tmp_path / "own.yaml"
    own.write_text(OWN_COSTS.format(value=2000), encoding="utf-8")
    dearer = _mean(tmp_path, "--parameters", str(own))
    assert dearer > default  # a dearer agency placement makes each in-house household save more


def test_challenge_takes_the_same_option(tmp_path: Path) -> None:
    proposal = tmp_path / "p.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(OWN_COSTS.format(value=2000), encoding="utf-8")
    code, out, err = _run(
        "challenge", str(proposal), "-n", "200", "--format", "json", "--parameters", str(own)
    )
    assert code == 0, err
    assert json.loads(out)["proposals"][0]["ref"] == "FOS-1"


def test_a_value_without_a_source_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proposal = tmp_path / "p.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(
        OWN_COSTS.format(value=2000).replace(
            "        source: {title: Placement contracts register, publisher: Testshire County Council}\n",
            "",
        ),
        encoding="utf-8",
    )
    code, out, err = _run("simulate", str(proposal), "--parameters", str(own))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "own.yaml" in lines[0] and "unit_costs.ifa_weekly_cost" in lines[0]
    assert "source" in lines[0]


def test_report_lists_the_councils_own_figures_with_their_source(tmp_path: Path) -> None:
    proposal = tmp_path / "p.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(OWN_COSTS.format(value=2000), encoding="utf-8")
    for name, extra in (("default", []), ("own", ["--parameters", str(own)])):
        code, out, err = _run(
            "report", str(proposal), "--format", "html", "-n", "200", "--out", str(tmp_path / name),
            "--appendices", "full", *extra,
        )  # fmt: skip
        assert code == 0, err
        html = Path(out.strip()).read_text(encoding="utf-8")
        assert ("Placement contracts register" in html) == (name == "own")
        assert ("£2,000" in html) == (name == "own")
