"""Running the numbers from the web: simulate and challenge a stored file, try a changed input
on a proposal against its saved version, and save the change as the proposal's next version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine

from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile, field_path
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Status
from scrutiny.errors import InvalidInput, Problem
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.simulate import run_simulation

ITERATIONS = 10_000
"""Draws per simulation run from the web [iterations] (the command line's default)."""
SEED = 0


@dataclass(frozen=True)
class Comparison:
    """A proposal's probability of meeting its cumulative target, saved against changed,
    by financial year [probability], with the median cumulative saving [GBP]."""

    years: list[str]
    saved_p: dict[str, float | None]
    changed_p: dict[str, float | None]
    saved_p50: dict[str, float]
    changed_p50: dict[str, float]


def simulate_and_challenge(
    engine: Engine, file_version_id: int, *, actor: str, iterations: int = ITERATIONS
) -> tuple[SimulationSummary, ChallengeReport]:
    """Simulate and challenge a stored file version (with members' overrides); store both runs."""
    with UnitOfWork(engine, actor=actor) as uow:
        pf = uow.files.load(file_version_id)
        overrides = uow.overrides.for_file_version(file_version_id)
    summary = run_simulation(pf, iterations=iterations, seed=SEED)
    report = run_challenge(pf, summary, overrides=overrides)
    with UnitOfWork(engine, actor=actor) as uow:
        uow.runs.add(
            file_version_id,
            "simulation",
            summary.to_json(),
            actor=actor,
            iterations=iterations,
            seed=SEED,
        )
        uow.runs.add(file_version_id, "challenge", report.to_json(), actor=actor)
    return summary, report


def change_inputs(p: Proposal, values: Mapping[str, Any], source: str) -> Proposal:
    """`p` with model inputs replaced: ``{"x": 3}`` for a fixed input, ``{"x.mode": 3}`` for
    one parameter of a distribution. Refuses an unknown input or an invalid result."""
    if p.model is None:
        raise InvalidInput(source, [Problem("model", "this proposal has no model inputs", p.ref)])
    data = p.model_dump(mode="json", exclude_none=True)
    inputs: dict[str, Any] = data["model"]["inputs"]
    problems = []
    for key, value in values.items():
        name, _, param = key.partition(".")
        if name not in inputs:
            problems.append(Problem(f"model.inputs.{name}", "no such input", p.ref))
        elif param:
            if not isinstance(inputs[name], dict) or param not in inputs[name]:
                problems.append(Problem(f"model.inputs.{key}", "no such parameter", p.ref))
            else:
                inputs[name][param] = value
        else:
            inputs[name] = value
    if problems:
        raise InvalidInput(source, problems)
    try:
        return Proposal.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(
            source,
            [Problem(field_path(e["loc"]), e["msg"], p.ref) for e in exc.errors()],
        ) from None


def _alone(pf: ProposalFile, p: Proposal) -> ProposalFile:
    """The file with `p` alone: its own probabilities do not depend on its correlations with
    others. A removed proposal is not simulated with its plan, so a scenario on it is run as if
    it were still in the plan: what it would deliver."""
    if p.is_removed:
        p = p.model_copy(update={"status": Status.proposed})
    return pf.model_copy(update={"proposals": [p], "correlations": []})


def compare(
    engine: Engine, proposal_id: int, changed: Proposal, *, iterations: int = ITERATIONS
) -> Comparison:
    """Simulate the saved proposal and the changed one with the same seed and compare."""
    with UnitOfWork(engine) as uow:
        stored = uow.proposals.get(proposal_id)
        pf = uow.files.load(stored.file_version_id)
    saved = run_simulation(_alone(pf, stored.proposal), iterations=iterations, seed=SEED)
    new = run_simulation(_alone(pf, changed), iterations=iterations, seed=SEED)
    s, n = saved.proposals[0], new.proposals[0]
    years = list(s.years)
    return Comparison(
        years=years,
        saved_p={y: s.years[y].p_meet_target for y in years},
        changed_p={y: n.years[y].p_meet_target for y in n.years},
        saved_p50={y: s.years[y].p50 for y in years},
        changed_p50={y: n.years[y].p50 for y in n.years},
    )


def save(
    engine: Engine, proposal_id: int, changed: Proposal, *, expected_version: int, actor: str
) -> int:
    """Save the change as the proposal's next version (StaleVersion if someone saved first),
    then simulate and challenge its file again so every page shows the saved numbers."""
    with UnitOfWork(engine, actor=actor) as uow:
        stored = uow.proposals.update(
            proposal_id, changed, expected_version=expected_version, actor=actor
        )
    simulate_and_challenge(engine, stored.file_version_id, actor=actor)
    return stored.version
