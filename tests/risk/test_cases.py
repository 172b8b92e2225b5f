"""Readable simulation cases (``cases/*.yaml``), as OpenFisca writes its tests: a proposal file,
the iterations and seed in; expected figures out, each with the margin it may miss by.

Every expected figure is worked by hand in the case's comments (from the formulas in
docs/models.md); each margin is stated beside it: rounding for a deterministic figure, about
four standard errors for a statistical one. A case names, per proposal and year, any of the
year's figures (``mean``, ``p10``, ``p50``, ``p90``, ``p_meet_target``, ``expected_share``,
``at_risk``) and under ``outputs`` the model's side outputs by year; ``portfolio`` names the
plan's figures by year.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import parse_proposal_file
from scrutiny.domain.results import SimulationSummary, YearStats
from scrutiny.models.base import ServiceModel
from scrutiny.workflows.simulate import run_simulation

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
FIGURES = ("mean", "p10", "p50", "p90", "p_meet_target", "expected_share", "at_risk")


def _close(where: str, got: float | None, want: dict[str, float]) -> str | None:
    """A line saying how `got` misses `want` (expected ± margin), or None when within it."""
    expected, margin = float(want["expected"]), float(want["margin"])
    if got is not None and abs(got - expected) <= margin:
        return None
    return f"{where}: got {got}, expected {expected} ± {margin}"


def _year_misses(where: str, stats: YearStats, wanted: dict[str, Any]) -> list[str]:
    unknown = sorted(set(wanted) - set(FIGURES))
    assert not unknown, f"{where}: no such figure {unknown[0]!r} (one of {', '.join(FIGURES)})"
    misses = [
        _close(f"{where} {name}", getattr(stats, name), want) for name, want in wanted.items()
    ]
    return [m for m in misses if m]


def _misses(summary: SimulationSummary, expect: dict[str, Any]) -> list[str]:
    misses: list[str] = []
    for ref, wanted in expect.get("proposals", {}).items():
        sim = summary.for_ref(ref)
        assert sim is not None, f"{ref}: not simulated"
        for year, figures in wanted.items():
            if year == "outputs":
                continue
            misses += _year_misses(f"{ref} {year}", sim.years[year], figures)
        for year, outputs in wanted.get("outputs", {}).items():
            for name, want in outputs.items():
                got = sim.outputs[year][name]
                miss = _close(f"{ref} {year} {name}", got, want)
                misses += [miss] if miss else []
    for year, figures in expect.get("portfolio", {}).items():
        misses += _year_misses(f"the plan {year}", summary.portfolio.years[year], figures)
    return misses


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = yaml_files.read(path)
    pf = parse_proposal_file(case["file"], str(path))
    summary = run_simulation(pf, iterations=case["iterations"], seed=case["seed"])
    assert _misses(summary, case["expect"]) == []


def test_every_built_in_model_and_the_portfolio_has_a_case() -> None:
    from scrutiny.models import builtins

    cases = [yaml_files.read(path) for path in CASES]
    models = {p["model"]["type"] for c in cases for p in c["file"]["proposals"] if "model" in p}
    shipped = {
        c.name
        for c in vars(builtins).values()
        if isinstance(c, type) and issubclass(c, ServiceModel) and c is not ServiceModel
    }
    assert len(shipped) >= 5 and shipped <= models
    assert any("portfolio" in c["expect"] for c in cases)


def test_a_figure_outside_its_margin_is_named() -> None:
    """The check itself: a miss names the proposal, the year, the figure and the margin."""
    case = yaml_files.read(CASES[0])
    pf = parse_proposal_file(case["file"], str(CASES[0]))
    summary = run_simulation(pf, iterations=200, seed=1)
    ref = pf.proposals[0].ref
    year = next(iter(summary.for_ref(ref).years))  # type: ignore[union-attr]
    got = summary.for_ref(ref).years[year].mean  # type: ignore[union-attr]
    wrong = {"proposals": {ref: {year: {"mean": {"expected": got + 2, "margin": 1}}}}}
    assert _misses(summary, wrong) == [f"{ref} {year} mean: got {got}, expected {got + 2} ± 1.0"]
    right = {"proposals": {ref: {year: {"mean": {"expected": got + 1, "margin": 1}}}}}
    assert _misses(summary, right) == []
