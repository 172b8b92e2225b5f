"""Small proposal files and hand-made simulation summaries for the rule tests.

Tests reach these helpers through the `kit` fixture (this module), so no test imports a
conftest by name.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scrutiny import yaml_files
from scrutiny.challenge.engine import challenge
from scrutiny.challenge.policy import Policy
from scrutiny.domain.delivery import DEFAULT
from scrutiny.domain.evidence import Finding
from scrutiny.domain.proposal_file import ProposalFile, parse_proposal_file
from scrutiny.domain.results import (
    ChallengeReport,
    PortfolioSimulation,
    ProposalSimulation,
    SimulationSummary,
    YearStats,
)
from scrutiny.domain.vocab import Question, Verdict
from scrutiny.parameters.loader import load_defaults

CLEAN: dict[str, Any] = {
    "ref": "P-1",
    "title": "Commission family support jointly",
    "service": "Early Help",
    "category": "commissioning",
    "savings": {"2024/25": 120000},
    "service_users_affected": "families receiving early help",
    "eqia": {"status": "complete"},
    "consultation": {"staff": "complete", "service_users": "complete"},
    "alternatives": [
        {"title": "Do nothing", "reason_rejected": "The budget gap remains", "cost": 0},
        {"title": "Phase over two years", "reason_rejected": "Too slow", "cost": 40000},
    ],
}
"""A proposal on which no rule finds anything above `info`."""


def proposal(**changes: Any) -> dict[str, Any]:
    """CLEAN with fields changed; a value of None removes the field."""
    data = copy.deepcopy(CLEAN)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def pf_of(*proposals: dict[str, Any], **file_fields: Any) -> ProposalFile:
    data = {"council": "Testshire", **file_fields, "proposals": list(proposals)}
    return parse_proposal_file(data, "test.yaml")


def example(name: str, examples: Path) -> ProposalFile:
    path = examples / name
    return parse_proposal_file(yaml_files.read(path), str(path))


_POLICY: list[Policy] = []


def default_policy() -> Policy:
    if not _POLICY:
        _POLICY.append(Policy.from_parameters(load_defaults()))
    return _POLICY[0]


def run(
    pf: ProposalFile, summary: SimulationSummary | None = None, policy: Policy | None = None
) -> ChallengeReport:
    return challenge(pf, summary, policy or default_policy())


def findings(report: ChallengeReport, rule: str, ref: str = "P-1") -> list[Finding]:
    found = report.for_ref(ref)
    assert found is not None
    return [f for q in found.questions.values() for f in q.findings if f.rule == rule]


def severities(report: ChallengeReport, rule: str, ref: str = "P-1") -> list[str]:
    return [f.severity.value for f in findings(report, rule, ref)]


def verdict(report: ChallengeReport, question: Question, ref: str = "P-1") -> Verdict:
    found = report.for_ref(ref)
    assert found is not None
    return found.questions[question].verdict


def summary_for(
    ref: str,
    p_meet: dict[str, float] | None = None,
    outputs: dict[str, dict[str, float | None]] | None = None,
    target: float = 120000,
    model: str = "fixed",
    share: dict[str, float] | None = None,
) -> SimulationSummary:
    """A hand-made simulation summary: one proposal, the given probabilities of meeting the
    target (less materiality), expected shares of the cumulative target (0.9 unless given) and
    outputs; the RAG rating is the default policy's."""
    p_meet = p_meet if p_meet is not None else {"2024/25": 0.9}
    share = share or {}
    years = {}
    for i, (y, p) in enumerate(p_meet.items()):
        cumulative = target * (i + 1)
        expected = share.get(y, 0.9)
        years[y] = YearStats(
            target=target,
            cumulative_target=cumulative,
            mean=cumulative * expected,
            p10=cumulative * (expected - 0.3),
            p50=cumulative * (expected + 0.05),
            p90=cumulative * (expected + 0.2),
            expected_share=expected,
            at_risk=cumulative * max(1 - expected, 0.02),
            p_meet_target=p,
            rag=DEFAULT.rag(expected, p),
        )
    sim = ProposalSimulation(ref=ref, model=model, years=years, outputs=outputs or {})
    return SimulationSummary(
        iterations=1000,
        seed=0,
        years=list(years),
        proposals=[sim],
        portfolio=PortfolioSimulation(years={}),
    )


@pytest.fixture
def kit() -> ModuleType:
    """The builders above: ``kit.run(kit.pf_of(kit.proposal(eqia=None)))``."""
    return sys.modules[__name__]
