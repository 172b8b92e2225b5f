"""Draft conclusions in committee style and actionable recommendations.

Conclusions are numbered, at least one per question, written as a committee writes them (seed
000: "The Sub-Committee were unable to comment on whether the £1.1 million saving would be
achievable as the information on where it was to be achieved was not yet available.").
"""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.challenge.figures import (
    clause,
    executive_of,
    gbp,
    listing,
    named,
    number,
    percent,
    users,
)
from scrutiny.challenge.policy import Policy
from scrutiny.challenge.rules.deliverable import MARKET_MODELS
from scrutiny.challenge.rules.impact import redundancies
from scrutiny.challenge.subject import Subject
from scrutiny.challenge.wording import output_value
from scrutiny.domain.evidence import Finding
from scrutiny.domain.money import format_gbp_rounded as money
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.recommendations import due_after
from scrutiny.domain.results import QuestionResult
from scrutiny.domain.vocab import Progress, Question, Severity, Verdict

CONCERNS = {
    "D2": "the money at risk of not being delivered",
    "D3": "the risk to children's safety",
    "D4": "whether the saving is sustainable",
    "D5": "its dependence on a market the Council does not control",
    "D6": "the risks recorded against it",
    "D7": "its one-off costs",
    "D9": "possible double counting with another proposal",
    "D10": "the arithmetic of its totals",
    "D11": "its being cost avoidance rather than a budget reduction",
    "D12": "assumptions beyond what the Council and its neighbours have achieved",
    "D13": "the unstated one-off cost of its redundancies",
    "D14": "a saving per post beyond what the posts cost",
    "D15": "cutting prevention while demand for care is under pressure",
    "I1": "the equality impact assessment",
    "I2": "consultation",
    "I3": "who it affects",
    "I4": "how statutory duties will be met",
    "I5": "the cumulative impact on the same children and families",
    "I6": "a claim of no impact that its own risks contradict",
    "A2": "the reasons for rejecting alternatives",
    "A3": "the costs of the alternatives",
    "A4": "the range of alternatives considered",
    "A5": "alternatives said to be explored but not shown",
}

EXECUTIVE, COMMITTEE, BUDGET = "executive", "committee", "budget"
"""Who a recommendation is addressed to: the file's executive, the committee itself (its work
programme) or the meeting that sets the budget."""


@dataclass(frozen=True)
class Draft:
    """A recommendation before it is gathered: its theme, proposal, addressee and text."""

    theme: str
    ref: str
    to: str
    text: str


def budget_meeting(pf: ProposalFile) -> str:
    """Where a saving that is not assured is referred: the file's `budget_meeting`, else the
    meeting of the Council that sets the budget."""
    return pf.budget_meeting or "the Council meeting that sets the budget"


VERDICT_WORDS = {
    Verdict.assured: "assured",
    Verdict.partially_assured: "partially assured",
    Verdict.not_assured: "not assured",
    Verdict.insufficient_information: "unable to reach a view for want of information",
}


def body(s: Subject) -> str:
    """`The Sub-Committee` or `The Committee`, from the committee's name."""
    name = s.pf.committee or ""
    return "The Sub-Committee" if "sub-committee" in name.lower() else "The Committee"


def saving_of(p: Proposal) -> str:
    total = p.total_target() or p.stated_total
    return f"the {gbp(total)} saving from {named(p)}" if total else f"the saving from {named(p)}"


def worst(findings: list[Finding], severity: Severity) -> Finding | None:
    return next((f for f in findings if f.severity == severity), None)


def concerns(findings: list[Finding]) -> str:
    wanted = [
        CONCERNS.get(f.rule, f.rule) for f in findings if f.severity.rank >= Severity.medium.rank
    ]
    return listing(list(dict.fromkeys(wanted)))


def _deliverable(s: Subject, r: QuestionResult) -> list[str]:
    we, p = body(s), s.proposal
    rules = {f.rule for f in r.findings}
    if r.verdict == Verdict.not_assured:
        high = worst(r.findings, Severity.high)
        reason = f", as {clause(high.message)}" if high else "."
        return [f"{we} were not assured that {saving_of(p)} was deliverable{reason}"]
    if r.verdict == Verdict.insufficient_information and "D1" in rules:
        return [
            f"{we} were unable to comment on whether {saving_of(p)} would be achievable, as the "
            "information on where and when it was to be achieved was not yet available."
        ]
    if r.verdict == Verdict.partially_assured:
        return [
            f"{we} were partially assured that {saving_of(p)} was deliverable, subject to "
            f"{concerns(r.findings)}."
        ]
    expected = ""
    d2 = next((f for f in r.findings if f.rule == "D2"), None)
    if d2 is not None:
        mean, year = output_value(d2, "mean")
        share, _ = output_value(d2, "expected_share")
        if mean is not None and share is not None:
            expected = (
                f", with {money(mean)} ({percent(share)} of its target) expected to be "
                f"delivered by {year}"
            )
    return [f"{we} were assured that {saving_of(p)} was deliverable{expected}."]


def removed_conclusions(s: Subject) -> list[str]:
    """Numbered conclusions on a removed proposal: it was removed, the sum must be found
    elsewhere, and the committee cannot comment on where."""
    we, p = body(s), s.proposal
    if p.session and p.session.conclusions:
        return [f"{n}. {c.text.strip()}" for n, c in enumerate(p.session.conclusions, start=1)]
    total = p.total_target() or p.stated_total or 0.0
    sum_text = f"the {gbp(total)} saving" if total else "the saving"
    texts = [
        f"{we} noted that {named(p)} had been removed from the plan.",
        f"{we} understood that {sum_text} would need to be found elsewhere in the budget.",
        f"{we} were unable to comment on where {sum_text} would be found, as the information "
        "on where it was to be achieved was not yet available.",
    ]
    return [f"{n}. {text}" for n, text in enumerate(texts, start=1)]


def removed_recommendations(s: Subject) -> list[Draft]:
    """Refer the question of where a removed proposal's sum will be found to the budget
    meeting."""
    p = s.proposal
    total = p.total_target() or p.stated_total
    amount = f"the {gbp(total)}" if total else "the saving"
    meeting = budget_meeting(s.pf)
    return [
        Draft(
            "removed",
            p.ref,
            BUDGET,
            f"Refer to {meeting} the question of where {amount} from {p.ref} will now be "
            "found, so that it can reassure itself on the deliverability of any new savings "
            "proposals.",
        )
    ]


def _impact(s: Subject, r: QuestionResult) -> list[str]:
    we, p = body(s), s.proposal
    subject = f"the impact of {named(p)} on {users(p)}"
    if r.verdict == Verdict.not_assured:
        high = worst(r.findings, Severity.high)
        if high is not None and high.rule == "I1":
            started = p.eqia is not None and p.eqia.status == Progress.not_started
            reason = (
                ", as the equality impact assessment had not been started."
                if started
                else ", as no equality impact assessment had been recorded."
            )
        else:
            reason = f", as {clause(high.message)}" if high else "."
        return [f"{we} were not assured that {subject} was understood{reason}"]
    if r.verdict == Verdict.insufficient_information:
        return [
            f"{we} were unable to comment on the impact of {named(p)}, as no information on who "
            "it affects, its equality impact or consultation was available."
        ]
    if r.verdict == Verdict.partially_assured:
        return [
            f"{we} were partially assured that {subject} was understood, subject to "
            f"{concerns(r.findings)}."
        ]
    return [f"{we} were assured that {subject} was understood."]


def _alternatives(s: Subject, r: QuestionResult) -> list[str]:
    we, p = body(s), s.proposal
    if r.verdict == Verdict.insufficient_information:
        return [
            f"{we} were unable to comment on whether better options than {named(p)} exist, as "
            "no alternatives considered by officers were recorded."
        ]
    if r.verdict in (Verdict.not_assured, Verdict.partially_assured):
        return [
            f"{we} were {VERDICT_WORDS[r.verdict]} that all reasonable alternatives to "
            f"{named(p)} had been explored, given {concerns(r.findings)}."
        ]
    return [f"{we} were assured that reasonable alternatives to {named(p)} had been explored."]


def _override(s: Subject, q: Question, r: QuestionResult) -> list[str]:
    if r.override is None:
        return []
    o = r.override
    return [
        f"Members recorded their own view on the {q.value} question for {s.proposal.ref}: "
        f"{VERDICT_WORDS[o.verdict]} ({o.reason.strip().rstrip('.')}; {o.by}, "
        f"{o.at:%d %B %Y}), where the engine found {VERDICT_WORDS[r.verdict]}."
    ]


DRAFTS = {
    Question.deliverable: _deliverable,
    Question.impact: _impact,
    Question.alternatives: _alternatives,
}


def _beside(s: Subject, q: Question, r: QuestionResult) -> list[str]:
    """The engine's own view on a question where the committee recorded a different stance."""
    if r.committee is None or r.committee == r.verdict:
        return []
    given = concerns(r.findings)
    return [
        f"Beside the committee's recorded view ({VERDICT_WORDS[r.committee]}) on the "
        f"{q.value} question for {s.proposal.ref}, a reading of the papers alone would be: "
        f"{VERDICT_WORDS[r.verdict]}" + (f", given {given}." if given else ".")
    ]


def conclusions(s: Subject, results: dict[Question, QuestionResult]) -> list[str]:
    """Numbered conclusions. Where the minutes record the committee's conclusions they come
    first, as recorded; a question on which the committee took a stance is not re-drafted, and
    the engine's own view is set beside it only where it differs. Then members' own views."""
    session = s.proposal.session
    texts = [c.text.strip() for c in session.conclusions] if session else []
    for q in Question:
        if results[q].committee is None:
            texts.extend(DRAFTS[q](s, results[q]))
        else:
            texts.extend(_beside(s, q, results[q]))
    for q in Question:
        texts.extend(_override(s, q, results[q]))
    return [f"{n}. {text}" for n, text in enumerate(texts, start=1)]


def work_programme(s: Subject) -> str:
    years = s.pf.horizon()
    committee = body(s).removeprefix("The ")
    return f"the {committee}'s work programme" + (f" for {years[0]}" if years else "")


def recommendations(s: Subject, results: dict[Question, QuestionResult]) -> list[Draft]:
    """Actions, one per theme: the work programme, a referral to the budget meeting, documents
    before the executive decides. Themes several proposals share are gathered for the file by
    `gather`."""
    p = s.proposal
    by_rule: dict[str, Finding] = {}
    for r in results.values():
        for f in r.findings:
            by_rule.setdefault(f.rule, f)
    meeting, executive = budget_meeting(s.pf), executive_of(s.pf)
    out: list[Draft] = []
    if "D1" in by_rule:
        out.append(
            Draft(
                "profile",
                p.ref,
                BUDGET,
                f"Request the savings profile and delivery plan for {named(p)} and refer it to "
                f"{meeting}.",
            )
        )
    elif results[Question.deliverable].verdict == Verdict.not_assured:
        out.append(
            Draft(
                "referral",
                p.ref,
                BUDGET,
                f"Refer {named(p)} to {meeting} as a saving that is not assured.",
            )
        )
    if "D5" in by_rule:
        foster = p.model_type in MARKET_MODELS or any(
            "foster" in d.lower() for d in [p.title, *p.dependencies]
        )
        what = (
            "the Council's efforts to increase in-house foster provision"
            if foster
            else f"{listing(p.dependencies)} for {p.ref}"
        )
        out.append(
            Draft("market", p.ref, COMMITTEE, f"Add monitoring of {what} to {work_programme(s)}.")
        )
    d2 = by_rule.get("D2")
    if d2 is not None and d2.severity.rank >= Severity.medium.rank:
        out.append(
            Draft(
                "monitoring",
                p.ref,
                COMMITTEE,
                f"Add delivery of {p.ref} against its yearly targets to {work_programme(s)}.",
            )
        )
    if "D13" in by_rule or "D14" in by_rule:
        asks = []
        if "D13" in by_rule:
            asks.append(f"the one-off cost of its {redundancies(p):g} redundancies")
        if "D14" in by_rule:
            asks.append("the posts it deletes with the cost of each")
        out.append(
            Draft(
                "posts",
                p.ref,
                EXECUTIVE,
                f"Request, for {named(p)}, {listing(asks)} before {executive} decides.",
            )
        )
    if "D15" in by_rule:
        out.append(
            Draft(
                "prevention",
                p.ref,
                EXECUTIVE,
                f"Request an estimate of the extra placements that cutting prevention in {p.ref} "
                f"may bring, and their cost, before {executive} decides.",
            )
        )
    i1 = by_rule.get("I1")
    if (i1 is not None and (p.eqia is None or p.eqia.status != Progress.complete)) or {
        "I5",
        "I6",
    } & set(by_rule):
        out.append(
            Draft(
                "equality",
                p.ref,
                EXECUTIVE,
                f"Request the equality impact assessment for {named(p)}, with the combined "
                f"impact on the children and families it affects, before {executive} decides.",
            )
        )
    if "I2" in by_rule:
        out.append(
            Draft(
                "consultation",
                p.ref,
                EXECUTIVE,
                f"Request the outcome of consultation on {p.ref} before {executive} decides.",
            )
        )
    if {"A1", "A2", "A3", "A5"} & set(by_rule):
        out.append(
            Draft(
                "options",
                p.ref,
                EXECUTIVE,
                f"Ask officers to set out the options considered for {p.ref}, with their costs "
                "and the reasons for rejecting them, before the budget is set.",
            )
        )
    if "D10" in by_rule:
        out.append(
            Draft(
                "totals",
                p.ref,
                EXECUTIVE,
                f"Ask officers to reconcile the stated total of {p.ref} with its yearly savings.",
            )
        )
    return out


COMMON = {
    "monitoring": "Add delivery of {refs} against their yearly targets to {programme}.",
    "equality": (
        "Request the equality impact assessments for {refs}, with their combined impact on "
        "the children and families they affect, before {executive} decides."
    ),
    "consultation": "Request the outcome of consultation on {refs} before {executive} decides.",
    "options": (
        "Ask officers to set out the options considered for {refs}, with their costs and the "
        "reasons for rejecting them, before the budget is set."
    ),
}
"""How a theme several proposals share is put once, for the file."""


def addressed(pf: ProposalFile, to: str, text: str, policy: Policy) -> str:
    """The recommendation with who it is addressed to and the date a response is asked for."""
    who = {
        EXECUTIVE: executive_of(pf),
        COMMITTEE: pf.committee or "the Committee",
        BUDGET: budget_meeting(pf),
    }[to]
    when = response_date(pf, policy)
    if to == COMMITTEE:
        return f"{text} For {who}'s own work programme; first report {when}."
    return f"{text} Addressed to {who}; response {when}."


def response_date(pf: ProposalFile, policy: Policy) -> str:
    """``by`` the meeting date plus `policy.response_months`, or ``within`` that many months of
    the meeting when the file gives no date."""
    months = round(policy.response_months)
    if pf.meeting_date is None:
        return f"within {number(months)} month{'' if months == 1 else 's'} of the meeting"
    return f"by {due_after(pf.meeting_date, months):%-d %B %Y}"


def gather(
    pf: ProposalFile, drafts: list[list[Draft]], programme: str, policy: Policy
) -> tuple[list[list[str]], list[str]]:
    """Each proposal's recommendations, and the file's: a theme that two or more proposals
    share is put once for the file, naming them; the rest stay with their proposal. No text
    appears twice."""
    refs_by_theme: dict[str, list[str]] = {}
    for mine in drafts:
        for d in mine:
            refs_by_theme.setdefault(d.theme, []).append(d.ref)
    shared = {t for t, refs in refs_by_theme.items() if t in COMMON and len(refs) > 1}
    seen: set[str] = set()
    per_proposal: list[list[str]] = []
    for mine in drafts:
        kept = []
        for d in mine:
            if d.theme in shared or d.text in seen:
                continue
            seen.add(d.text)
            kept.append(addressed(pf, d.to, d.text, policy))
        per_proposal.append(kept)
    to = {d.theme: d.to for mine in drafts for d in mine}
    for_file = [
        addressed(
            pf,
            to[t],
            COMMON[t].format(
                refs=listing(refs_by_theme[t]), programme=programme, executive=executive_of(pf)
            ),
            policy,
        )
        for t in COMMON
        if t in shared
    ]
    return per_proposal, for_file
