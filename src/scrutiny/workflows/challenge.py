"""The challenge use-case: load the policy (defaults or a council's file) and run the engine."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scrutiny.challenge.engine import challenge
from scrutiny.challenge.policy import Policy
from scrutiny.domain.evidence import Override
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Question
from scrutiny.errors import NotFound, ParameterError, UsageError
from scrutiny.parameters.loader import load_defaults, load_overrides


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
    return Policy.from_parameters(load_defaults(policy_file))


def run_challenge(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    *,
    policy_file: Path | None = None,
    overrides: Mapping[tuple[str, Question], Override] | None = None,
) -> ChallengeReport:
    """The three questions for every proposal; D2 and D3 use `summary` when it is given."""
    policy = load_policy(policy_file)
    try:
        return challenge(pf, summary, policy, overrides)
    except KeyError as exc:
        raise NotFound(str(exc.args[0])) from None
