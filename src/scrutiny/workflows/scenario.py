"""Running the numbers from the web: simulate and challenge a stored file, try a changed input
on a proposal against its saved version, and save the change as the proposal's next version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile, parse_proposal
from scrutiny.domain.results import ChallengeReport, SimulationSummary, YearStats
from scrutiny.domain.vocab import Status
from scrutiny.errors import InvalidInput, Problem
from scrutiny.store.engine import Database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.challenge import run_analysis
from scrutiny.workflows.forecast import council_track_record, with_track_record
from scrutiny.workflows.simulate import run_simulation

ITERATIONS = 10_000
"""Draws per simulation run from the web [iterations] (the command line's default)."""
SEED = 0
RUN_AT_ONCE = 50
"""Largest register simulated and challenged again as part of the change that altered it
[proposals] (about a second's work); a larger one is left marked out of date, and every page and
report says so and offers to run the analysis again."""


@dataclass(frozen=True)
class Comparison:
    """A proposal's delivery, saved against changed, by financial year: expected delivery and
    money at risk [GBP] with the RAG rating (`saved`, `changed`), then the probability of
    meeting the cumulative target less materiality [probability] and the median [GBP]."""

    years: list[str]
    saved_p: dict[str, float | None]
    changed_p: dict[str, float | None]
    saved_p50: dict[str, float]
    changed_p50: dict[str, float]
    saved: dict[str, YearStats] = field(default_factory=dict)
    changed: dict[str, YearStats] = field(default_factory=dict)


def simulate_and_challenge(
    engine: Database, file_version_id: int, *, actor: str, iterations: int = ITERATIONS
) -> tuple[SimulationSummary, ChallengeReport]:
    """Simulate and challenge a stored file version (with members' overrides); store both runs,
    each marked with the version's fingerprint as it was read (so a change saved meanwhile leaves
    them out of date rather than passing them off as current)."""
    with UnitOfWork(engine, actor=actor) as uow:
        sha = uow.files.get(file_version_id).sha256
        pf = uow.files.load(file_version_id)
        pf = with_track_record(pf, council_track_record(uow, pf.council))
        overrides = uow.overrides.for_file_version(file_version_id)
    summary, report = run_analysis(pf, overrides=overrides, iterations=iterations, seed=SEED)
    with UnitOfWork(engine, actor=actor) as uow:
        uow.runs.add(
            file_version_id,
            "simulation",
            summary.to_json(),
            actor=actor,
            iterations=iterations,
            seed=SEED,
            content_sha256=sha,
        )
        uow.runs.add(
            file_version_id, "challenge", report.to_json(), actor=actor, content_sha256=sha
        )
    return summary, report


def refresh(engine: Database, file_version_id: int, *, actor: str) -> bool:
    """After a change: simulate and challenge the version again when it has at most
    `RUN_AT_ONCE` proposals; True when it did. A larger one stays out of date (its stored runs
    no longer match it), which every page and report shows."""
    with UnitOfWork(engine) as uow:
        count = len(uow.proposals.refs(file_version_id))
    if count > RUN_AT_ONCE:
        return False
    simulate_and_challenge(engine, file_version_id, actor=actor)
    return True


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
    return parse_proposal(data, source)


def _alone(pf: ProposalFile, p: Proposal) -> ProposalFile:
    """The file with `p` alone: its own probabilities do not depend on its correlations with
    others. A removed proposal is not simulated with its plan, so a scenario on it is run as if
    it were still in the plan: what it would deliver."""
    if p.is_removed:
        p = p.model_copy(update={"status": Status.proposed})
    return pf.model_copy(update={"proposals": [p], "correlations": []})


def compare(
    engine: Database, proposal_id: int, changed: Proposal, *, iterations: int = ITERATIONS
) -> Comparison:
    """Simulate the saved proposal and the changed one with the same seed and compare;
    InvalidInput naming the field when the change breaks a bound or the simulation."""
    from scrutiny.workflows.validate import with_proposal

    with UnitOfWork(engine) as uow:
        stored = uow.proposals.get(proposal_id)
        pf = uow.files.load(stored.file_version_id)
    changed = with_proposal(pf, changed, f"proposal {changed.ref}")
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
        saved=dict(s.years),
        changed=dict(n.years),
    )


def save(
    engine: Database, proposal_id: int, changed: Proposal, *, expected_version: int, actor: str
) -> tuple[int, bool]:
    """Save the change as the proposal's next version (StaleVersion if someone saved first),
    then simulate and challenge its file again when it is small enough (`refresh`); the new
    version and whether the analysis was run again."""
    from scrutiny.workflows.proposals import checked_update

    with UnitOfWork(engine, actor=actor) as uow:
        stored = checked_update(
            uow, proposal_id, changed, expected_version=expected_version, actor=actor
        )
    return stored.version, refresh(engine, stored.file_version_id, actor=actor)
