"""The challenge use-case: load the policy (defaults or a council's file), run the engine, and
the one chain every caller shares: simulate, then challenge (`run_analysis`)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from scrutiny.challenge.engine import challenge
from scrutiny.challenge.policy import Policy
from scrutiny.domain.evidence import Override
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Question
from scrutiny.errors import NotFound, ParameterError, UsageError
from scrutiny.parameters.loader import load_defaults, load_overrides
from scrutiny.parameters.schema import ParameterSet
from scrutiny.workflows.simulate import check_options, run_simulation


def load_policy(policy_file: Path | None = None) -> Policy:
    """The shipped thresholds, with a council's own (parameter override format) applied."""
    if policy_file is None:
        return Policy.from_parameters(load_defaults())
    if not policy_file.is_file():
        raise UsageError(f"{policy_file}: no such policy file")
    outside = sorted(n for n in load_overrides(policy_file) if not n.startswith("policy."))
    if outside:
        raise ParameterError(
            str(policy_file), outside[0], "a policy file holds only policy.* thresholds"
        )
    try:
        return Policy.from_parameters(load_defaults(policy_file))
    except ParameterError as exc:
        raise ParameterError(str(policy_file), exc.key, exc.message) from None


def run_challenge(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    *,
    policy: Policy | None = None,
    parameters: ParameterSet | None = None,
    overrides: Mapping[tuple[str, Question], Override] | None = None,
    as_at: datetime.date | None = None,
) -> ChallengeReport:
    """The three questions for every proposal; D2 and D3 use `summary` when it is given, D12
    the published national figures for the file's council (when it is an English council) as
    at the meeting, or as at `as_at` when given (hindsight), and the national unit costs in
    `parameters` (None: the shipped defaults); the file's own evidence published after that
    date is left out and said so (D16). `policy`: the thresholds (None: the shipped ones)."""
    from scrutiny.workflows.benchmark import benchmarks_for

    policy = policy if policy is not None else load_policy()
    benchmarks = benchmarks_for(
        pf,
        parameters=parameters if parameters is not None else load_defaults(),
        margin=policy.d12_unit_cost_margin,
        as_at=as_at,
    )
    try:
        return challenge(pf, summary, policy, overrides, benchmarks=benchmarks, as_at=as_at)
    except KeyError as exc:
        raise NotFound(str(exc.args[0])) from None


class Analysis(NamedTuple):
    """A file simulated, then challenged with that simulation."""

    summary: SimulationSummary
    challenge: ChallengeReport


def run_analysis(
    pf: ProposalFile,
    *,
    parameters: ParameterSet | None = None,
    policy: Policy | None = None,
    overrides: Mapping[tuple[str, Question], Override] | None = None,
    as_at: datetime.date | None = None,
    iterations: int = 10_000,
    seed: int = 0,
) -> Analysis:
    """Simulate `pf`, then challenge it with that simulation: what the `challenge` and `report`
    commands, the report workflow and the web's runs all do, from inputs already loaded.

    `parameters` (None: the shipped defaults) drive the simulation and the national unit costs
    rule D12 compares with. `policy` (a council's own thresholds, as `load_policy` reads them)
    sets the challenge's thresholds and the simulation's delivery measure; None: the shipped
    thresholds, with the measure read from `parameters`. `overrides`: members' own verdicts by
    (ref, question). `as_at`: hindsight (see `run_challenge`)."""
    check_options(iterations, seed)
    params = parameters if parameters is not None else load_defaults()
    summary = run_simulation(
        pf,
        iterations=iterations,
        seed=seed,
        parameters=params,
        policy=policy.delivery if policy is not None else None,
    )
    report = run_challenge(
        pf, summary, policy=policy, parameters=params, overrides=overrides, as_at=as_at
    )
    return Analysis(summary, report)
