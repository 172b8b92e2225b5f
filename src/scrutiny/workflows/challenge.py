"""The challenge use-case: load the policy (defaults or a council's file) and run the engine;
record and load members' overrides through the store."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny.challenge.engine import challenge
from scrutiny.challenge.policy import Policy
from scrutiny.domain.evidence import Override
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Question, Verdict
from scrutiny.errors import NotFound, ParameterError, UsageError
from scrutiny.parameters.loader import load_defaults, load_overrides

if TYPE_CHECKING:
    from scrutiny.store.unit_of_work import UnitOfWork


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
    policy_file: Path | None = None,
    overrides: Mapping[tuple[str, Question], Override] | None = None,
    as_at: datetime.date | None = None,
) -> ChallengeReport:
    """The three questions for every proposal; D2 and D3 use `summary` when it is given, D12
    the published national figures for the file's council (when it is an English council) as
    at the meeting, or as at `as_at` when given (hindsight); the file's own evidence published
    after that date is left out and said so (D16)."""
    from scrutiny.workflows.benchmark import benchmarks_for

    policy = load_policy(policy_file)
    benchmarks = benchmarks_for(
        pf, parameters=load_defaults(), margin=policy.d12_unit_cost_margin, as_at=as_at
    )
    try:
        return challenge(pf, summary, policy, overrides, benchmarks=benchmarks, as_at=as_at)
    except KeyError as exc:
        raise NotFound(str(exc.args[0])) from None


def record_override(
    uow: UnitOfWork,
    ref: str,
    question: Question,
    verdict: Verdict,
    reason: str,
    by: str,
    *,
    council: str,
    at: datetime.datetime | None = None,
) -> Override:
    """Store a member's own verdict on one question of a proposal in the council's latest
    register, with who and when; the store writes the audit entry. The caller's unit of work
    commits it."""
    if not reason.strip():
        raise UsageError("an override needs a reason")
    override = Override(
        verdict=Verdict(verdict),
        reason=reason.strip(),
        by=by,
        at=at or datetime.datetime.now(datetime.UTC),
    )
    stored = uow.proposals.find(council, ref)
    uow.overrides.add(stored.id, Question(question), override)
    return override


def stored_overrides(uow: UnitOfWork, council: str) -> dict[tuple[str, Question], Override]:
    """Members' latest overrides for the council's latest register, keyed as `run_challenge`
    takes them (empty when the council has no register yet)."""
    latest = uow.files.latest(council)
    if latest is None:
        return {}
    return uow.overrides.for_file_version(latest.id)


def overrides_in_database(council: str) -> dict[tuple[str, Question], Override]:
    """Members' latest overrides for the council, from the configured database."""
    from scrutiny.store.unit_of_work import UnitOfWork
    from scrutiny.workflows.transfer import open_database

    with UnitOfWork(open_database()) as uow:
        return stored_overrides(uow, council)
