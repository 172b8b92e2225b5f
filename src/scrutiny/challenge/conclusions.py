"""Draft conclusions in committee style and actionable recommendations.

Conclusions are numbered, at least one per question, written as a committee writes them (seed
000: "The Sub-Committee were unable to comment on whether the £1.1 million saving would be
achievable as the information on where it was to be achieved was not yet available.").
"""

from __future__ import annotations

from scrutiny.challenge.figures import clause, gbp, listing, named, percent, users
from scrutiny.challenge.rules.deliverable import MARKET_MODELS
from scrutiny.challenge.subject import Subject
from scrutiny.challenge.wording import output_value
from scrutiny.domain.evidence import Finding
from scrutiny.domain.money import format_gbp_rounded as money
from scrutiny.domain.proposal import Proposal
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
    "I1": "the equality impact assessment",
    "I2": "consultation",
    "I3": "who it affects",
    "I4": "how statutory duties will be met",
    "I5": "the cumulative impact on the service",
    "A2": "the reasons for rejecting alternatives",
    "A3": "the costs of the alternatives",
    "A4": "the range of alternatives considered",
}

BUDGET_MEETING = "the Scrutiny & Overview Committee's budget meeting"

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


def removed_recommendations(s: Subject) -> list[str]:
    """Refer the question of where a removed proposal's sum will be found to the budget
    meeting."""
    p = s.proposal
    total = p.total_target() or p.stated_total
    amount = f"the {gbp(total)}" if total else "the saving"
    return [
        f"Refer to {BUDGET_MEETING} the question of where {amount} from {p.ref} will now be "
        "found, so that it can reassure itself on the deliverability of any new savings "
        "proposals."
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


def recommendations(s: Subject, results: dict[Question, QuestionResult]) -> list[str]:
    """Actions: the work programme, a referral to the budget meeting, documents before Cabinet."""
    p = s.proposal
    by_rule: dict[str, Finding] = {}
    for r in results.values():
        for f in r.findings:
            by_rule.setdefault(f.rule, f)
    out: list[str] = []
    if "D1" in by_rule:
        out.append(
            f"Request the savings profile and delivery plan for {named(p)} and refer it to "
            f"{BUDGET_MEETING}."
        )
    elif results[Question.deliverable].verdict == Verdict.not_assured:
        out.append(f"Refer {named(p)} to {BUDGET_MEETING} as a saving that is not assured.")
    if "D5" in by_rule:
        foster = p.model_type in MARKET_MODELS or any(
            "foster" in d.lower() for d in [p.title, *p.dependencies]
        )
        what = (
            "the Council's efforts to increase in-house foster provision"
            if foster
            else f"{listing(p.dependencies)} for {p.ref}"
        )
        out.append(f"Add monitoring of {what} to {work_programme(s)}.")
    d2 = by_rule.get("D2")
    if d2 is not None and d2.severity.rank >= Severity.medium.rank:
        out.append(f"Add delivery of {p.ref} against its yearly targets to {work_programme(s)}.")
    i1 = by_rule.get("I1")
    if i1 is not None and (p.eqia is None or p.eqia.status != Progress.complete):
        out.append(f"Request the equality impact assessment for {named(p)} before Cabinet decides.")
    if "I2" in by_rule:
        out.append(f"Request the outcome of consultation on {p.ref} before Cabinet decides.")
    if {"A1", "A2", "A3"} & set(by_rule):
        out.append(
            f"Ask officers to set out the options considered for {p.ref}, with their costs and "
            "the reasons for rejecting them, before the budget is set."
        )
    if "D10" in by_rule:
        out.append(
            f"Ask officers to reconcile the stated total of {p.ref} with its yearly savings."
        )
    return out
