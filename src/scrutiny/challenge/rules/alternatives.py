"""Alternatives: have all reasonable options been explored, and do no better ones exist? (A1–A4)"""

from __future__ import annotations

from scrutiny.challenge.figures import listing
from scrutiny.challenge.registry import rule
from scrutiny.challenge.subject import Subject
from scrutiny.domain.evidence import EvidenceItem, Finding
from scrutiny.domain.vocab import Outcome, Question, Severity

Q = Question.alternatives


@rule("A1", Q, Severity.medium, "No alternatives recorded", gap=True)
def a1_none(s: Subject) -> list[Finding]:
    p = s.proposal
    if p.alternatives:
        return []
    message = f"No alternative options are recorded for {p.ref}."
    return [
        Finding(
            rule="A1",
            severity=Severity.medium,
            message=message,
            evidence=[s.field("alternatives", [])],
        )
    ]


@rule("A2", Q, Severity.medium, "Alternatives without a reason for rejection")
def a2_no_reasons(s: Subject) -> list[Finding]:
    missing = [
        (i, a)
        for i, a in enumerate(s.proposal.alternatives)
        if a.outcome == Outcome.rejected and not a.reason_rejected
    ]
    if not missing:
        return []
    titles = listing([f"“{a.title}”" for _, a in missing])
    message = f"No reason is given for rejecting {titles} ({s.proposal.ref})."
    evidence: list[EvidenceItem] = [
        s.field(f"alternatives[{i}].reason_rejected", None) for i, _ in missing
    ]
    return [Finding(rule="A2", severity=Severity.medium, message=message, evidence=evidence)]


@rule("A3", Q, Severity.low, "Alternatives without a cost")
def a3_no_costs(s: Subject) -> list[Finding]:
    missing = [(i, a) for i, a in enumerate(s.proposal.alternatives) if a.cost is None]
    if not missing:
        return []
    titles = listing([f"“{a.title}”" for _, a in missing])
    message = (
        f"No cost is given for {titles} ({s.proposal.ref}), so the options cannot be compared."
    )
    evidence: list[EvidenceItem] = [s.field(f"alternatives[{i}].cost", None) for i, _ in missing]
    return [Finding(rule="A3", severity=Severity.low, message=message, evidence=evidence)]


@rule("A4", Q, Severity.low, "A narrow set of alternatives")
def a4_narrow(s: Subject) -> list[Finding]:
    options = s.proposal.alternatives
    if not options or len(options) >= s.policy.a4_min_alternatives:
        return []
    message = (
        f"Only {len(options)} alternative is recorded for {s.proposal.ref} "
        f"(“{options[0].title}”): do nothing, phasing, and in-house against external provision "
        "should be compared too."
        if len(options) == 1
        else f"Only {len(options)} alternatives are recorded for {s.proposal.ref}: do nothing, "
        "phasing, and in-house against external provision should be compared too."
    )
    return [
        Finding(
            rule="A4",
            severity=Severity.low,
            message=message,
            evidence=[s.field("alternatives", [a.title for a in options])],
        )
    ]
