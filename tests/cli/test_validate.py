"""`scrutiny validate` refuses each kind of bad input with one line naming file, ref and field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]

BASE = """\
council: Testshire
proposals:
  - ref: T-01
    title: Deletion of vacant posts
    savings: {"2024/25": 100000}
    model:
      type: fixed
      inputs:
        achievement: {dist: pert, min: 0.5, mode: 0.9, max: 1.0}
  - ref: T-02
    title: Fostering households
    savings: {"2024/25": 200000}
    model:
      type: fixed
      inputs:
        achievement: {dist: uniform, low: 0.5, high: 1.0}
correlations:
  - {between: ["T-01.achievement", "T-02.achievement"], rho: 0.5}
"""

CASES = {
    "unknown key": (
        ("    title: Fostering households\n", "    title: Fostering households\n    colour: red\n"),
        "[T-02] proposals[1].colour: unknown key",
    ),
    "wrong type": (
        (
            "    title: Fostering households\n",
            "    title: Fostering households\n    recurring: sometimes\n",
        ),
        "[T-02] proposals[1].recurring: Input should be a valid boolean",
    ),
    "a profile that is a cost": (
        ('{"2024/25": 200000}', '{"2024/25": -200000}'),
        "[T-02] proposals[1].savings: the yearly figures add up to −£200,000, a cost rather than "
        "a saving: record it as a pressure",
    ),
    "bad financial year": (
        ('{"2024/25": 100000}', '{"2024/26": 100000}'),
        "[T-01] proposals[0].savings[\"2024/26\"]: '2024/26' is not a financial year",
    ),
    "pert with min above max": (
        ("min: 0.5, mode: 0.9, max: 1.0", "min: 1.0, mode: 0.9, max: 0.5"),
        "[T-01] proposals[0].model.inputs.achievement.min: min (1.0) is greater than max (0.5)",
    ),
    "duplicate ref": (
        ("correlations:\n", "  - {ref: T-01, title: The same ref again}\ncorrelations:\n"),
        "[T-01] proposals[2].ref: duplicate ref 'T-01'",
    ),
    "correlation naming an unknown input": (
        ('"T-02.achievement"]', '"T-02.pace"]'),
        "[T-02] correlations[0].between[1]: proposal 'T-02' has no model input 'pace'",
    ),
}


def test_the_base_file_is_valid(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(BASE)
    result = run("validate", path)
    assert result.exit_code == 0, result.stderr
    assert "valid — Testshire, 2 proposals" in result.stderr


def test_a_reversal_is_accepted_and_shown(run: Run, tmp_path: Path) -> None:
    """A one-off saving that falls out the next year: the later increment is negative."""
    path = tmp_path / "reversal.yaml"
    path.write_text(
        BASE.replace('{"2024/25": 200000}', '{"2024/25": 742032, "2025/26": -645032}', 1)
    )
    result = run("validate", path)
    assert result.exit_code == 0, result.stderr
    assert (
        "T-02: reversal in 2025/26 — £645,032 of the earlier saving falls out; the target falls "
        "to £97,000" in result.stderr
    )
    simulated = run("simulate", path, "--iterations", "200", "--format", "json")
    assert simulated.exit_code == 0, simulated.stderr
    years = next(p for p in json.loads(simulated.stdout)["proposals"] if p["ref"] == "T-02")[
        "years"
    ]
    assert years["2025/26"]["target"] == -645_032
    assert years["2025/26"]["cumulative_target"] == 97_000  # the cumulative target falls
    assert years["2025/26"]["mean"] < years["2024/25"]["mean"]  # and so does the delivery


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_input_is_refused_one_line_per_problem(
    run: Run, tmp_path: Path, case: str
) -> None:
    (old, new), expected = CASES[case]
    assert old in BASE
    path = tmp_path / "bad.yaml"
    path.write_text(BASE.replace(old, new, 1))
    result = run("validate", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"error: {path} ") for line in lines)
    assert expected in lines[0]


def test_a_missing_file_is_named(run: Run, tmp_path: Path) -> None:
    result = run("validate", tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nowhere.yaml'}: no such file"


@pytest.mark.parametrize("name", ["thurrock-2022.yaml", "croydon-2024.yaml"])
def test_the_examples_are_valid(run: Run, examples: Path, name: str) -> None:
    result = run("validate", examples / name)
    assert result.exit_code == 0, result.stderr
