"""Runs every registered rule over a proposal file and writes the ChallengeReport."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from scrutiny.challenge.conclusions import (
    Draft,
    conclusions,
    gather,
    recommendations,
    removed_conclusions,
    removed_recommendations,
    work_programme,
)
from scrutiny.challenge.grading import graded, status
from scrutiny.challenge.hindsight import as_at as hindsight
from scrutiny.challenge.policy import Policy
from scrutiny.challenge.registry import all_rules
from scrutiny.challenge.rules.impact import has_impact_fields
from scrutiny.challenge.subject import FileSubject, Subject
from scrutiny.challenge.verdict import verdict
from scrutiny.challenge.wording import enquiries, key_questions
from scrutiny.domain.evidence import Finding, Override
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import (
    ChallengeReport,
    ProposalChallenge,
    QuestionResult,
    SimulationSummary,
)
from scrutiny.domain.vocab import Question
from scrutiny.national.assumptions import AssumptionCheck

Overrides = Mapping[tuple[str, Question], Override]


def findings_for(s: Subject) -> dict[Question, list[Finding]]:
    """Every rule's findings on one proposal, by question, most severe first."""
    out: dict[Question, list[Finding]] = {q: [] for q in Question}
    for rule in all_rules():
        if rule.check is None:
            continue
        for f in rule.check(s):
            out[rule.question].append(graded(s, f, rule.question))
    for found in out.values():
        found.sort(key=lambda f: -f.severity.rank)
    return out


def recorded(s: Subject) -> list[str]:
    """The recommendations the committee recorded at the meeting, as written."""
    session = s.proposal.session
    return [" ".join(r.split()) for r in session.recommendations] if session else []


def challenge_proposal(
    s: Subject, overrides: Overrides
) -> tuple[ProposalChallenge, list[Draft], list[Finding]]:
    """The three questions for a proposal still in the plan, with its draft recommendations
    (gathered across the file by `challenge`) and its findings. A removed proposal is not asked
    them: it has no verdicts, only what the committee notes about the sum still to be found
    (its D8 finding is on the file)."""
    if s.proposal.is_removed:
        removed = ProposalChallenge(
            ref=s.proposal.ref,
            title=s.proposal.title,
            questions={},
            grades=s.proposal.grades(),
            conclusions=removed_conclusions(s),
        )
        return removed, removed_recommendations(s), []
    gaps = {r.id for r in all_rules() if r.gap}
    by_question = findings_for(s)
    results = {}
    for q, found in by_question.items():
        gap = any(f.rule in gaps for f in found) or (
            q == Question.impact and not has_impact_fields(s.proposal)
        )
        stance = s.proposal.session.stance(q) if s.proposal.session else None
        results[q] = QuestionResult(
            verdict=verdict(found, gap),
            findings=found,
            override=overrides.get((s.proposal.ref, q)),
            committee=stance.stance if stance else None,
        )
    every = [f for found in by_question.values() for f in found]
    asked = enquiries(s, every)
    answered = [status(s, f) for _, f in asked]
    done = ProposalChallenge(
        ref=s.proposal.ref,
        title=s.proposal.title,
        questions=results,
        lines_of_enquiry=[line for line, _ in asked],
        enquiry_status=[a for a in answered if a is not None],
        grades=s.proposal.grades(),
        conclusions=conclusions(s, results),
    )
    return done, drafted_beside_recorded(s, recommendations(s, results)), every


def drafted_beside_recorded(s: Subject, drafts: list[Draft]) -> list[Draft]:
    """The engine's drafts less those the committee already recorded in its own words: a
    recorded recommendation about the work programme replaces the drafted one."""
    said = " ".join(recorded(s)).lower()
    if "work programme" in said:
        drafts = [d for d in drafts if "work programme" not in d.text.lower()]
    return drafts


def file_findings(f: FileSubject) -> list[Finding]:
    """Findings about the file as a whole (D8's removed proposals, D10's headline against the
    proposals)."""
    out: list[Finding] = []
    for rule in all_rules():
        if rule.check_file is None:
            continue
        out.extend(x.model_copy(update={"question": rule.question}) for x in rule.check_file(f))
    return out


def challenge(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    policy: Policy,
    overrides: Overrides | None = None,
    *,
    benchmarks: Sequence[AssumptionCheck] = (),
    as_at: datetime.date | None = None,
) -> ChallengeReport:
    """The three questions for every proposal in the file, and the file's own findings.

    `overrides` are members' own verdicts keyed by (ref, question); a key naming a proposal
    that is not in the file is refused with KeyError. `benchmarks` are the file's model inputs
    beside published national figures (rule D12). The file is read as at `as_at`, or its
    meeting date: its own evidence published after that is left out (rule D16).
    """
    found = tuple(benchmarks)
    cutoff = as_at or pf.meeting_date
    pf, left_out = hindsight(pf, cutoff) if cutoff else (pf, [])
    overrides = overrides or {}
    refs = {p.ref for p in pf.proposals}
    unknown = sorted(ref for ref, _ in overrides if ref not in refs)
    if unknown:
        raise KeyError(f"override for {unknown[0]!r}, which is not a proposal in the file")
    subjects = [
        Subject(pf=pf, summary=summary, policy=policy, benchmarks=found, index=i)
        for i in range(len(pf.proposals))
    ]
    done = [challenge_proposal(s, overrides) for s in subjects]
    programme = work_programme(subjects[0]) if subjects else ""
    per_proposal, for_file = gather(pf, [d for _, d, _ in done], programme, policy)
    on_file = file_findings(FileSubject(pf, summary, policy, found, tuple(left_out), cutoff))
    asked = [(s, f) for s, (_, _, every) in zip(subjects, done, strict=True) for f in every]
    return ChallengeReport(
        proposals=[
            p.model_copy(update={"recommendations": recorded(s) + mine})
            for s, (p, _, _), mine in zip(subjects, done, per_proposal, strict=True)
        ],
        file_findings=on_file,
        file_recommendations=for_file,
        key_questions=key_questions(asked, on_file),
    )
