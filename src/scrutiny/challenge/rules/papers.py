"""What the papers claim against what they show (D13–D15, I6, A5).

Redundancies with no one-off cost, a saving per FTE beyond what posts cost, prevention cut while
the papers describe demand pressure, a "no impact" claim beside the risks the same paper lists,
and alternatives said to be explored but never shown.
"""

from __future__ import annotations

import re

from scrutiny.challenge.figures import clause, gbp, listing, number, percent, users
from scrutiny.challenge.registry import rule
from scrutiny.challenge.rules.impact import redundancies
from scrutiny.challenge.subject import Subject, document
from scrutiny.domain.evidence import DocumentEvidence, EvidenceItem, Finding
from scrutiny.domain.money import format_gbp_rounded as money
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.vocab import Category, Question, Severity

NO_IMPACT = re.compile(
    r"\b(?:should|will|would|does|do)\s+not\s+(?:have\s+(?:an?|any)\s+)?"
    r"(?:adverse\s+|negative\s+|significant\s+)?impact\b"
    r"|\bno\s+(?:adverse\s+|negative\s+|significant\s+)?impact\b",
    re.IGNORECASE,
)
"""A paper's claim that the proposal will not affect anyone."""

EXPLORED = re.compile(
    r"\b(?:alternatives?|options?)\b[^.]{0,60}?\b(?:explored|considered|examined|looked at)\b",
    re.IGNORECASE,
)
"""A paper's claim that alternatives were explored."""

PREVENTION = [
    re.compile(p, re.IGNORECASE)
    for p in (r"\bedge[ -]of[ -]care\b", r"\bprevent(?:ion|ive|ative)\b", r"\bearly help\b")
]
"""Services that keep children out of care, the most specific first."""

DEMAND = re.compile(
    r"\bvolatile\b|\brising demand\b|\bincrease[sd]? in demand\b|\bdemand pressures?\b"
    r"|\bpressures? on placements\b|\boverspen[dt]\w*\b[^.]{0,40}\bplacements?\b",
    re.IGNORECASE,
)
"""Words of demand pressure on children's placements."""


def _text(p: Proposal) -> str:
    return " ".join(x for x in (p.title, p.description, p.service_users_affected) if x)


def _quotes(p: Proposal, pattern: re.Pattern[str]) -> list[DocumentEvidence]:
    return [document(e) for e in p.evidence if e.quote and pattern.search(e.quote)]


def _file_quotes(s: Subject, pattern: re.Pattern[str]) -> list[DocumentEvidence]:
    """Quoted passages anywhere in the file (every proposal, the MTFS) that match."""
    found = [
        document(e)
        for e in (s.pf.mtfs.evidence if s.pf.mtfs else [])
        if e.quote and pattern.search(e.quote)
    ]
    for _, q in s.active():
        found.extend(_quotes(q, pattern))
    unique: dict[str, DocumentEvidence] = {}
    for d in found:
        unique.setdefault(d.quote, d)
    return list(unique.values())


def cited(d: DocumentEvidence) -> str:
    """“quote” (locator), the quote cut to its first sentence."""
    first = d.quote.split(". ")[0].rstrip(".")
    where = f" ({d.locator})" if d.locator else ""
    return f"“{first}”{where}"


def fte_deleted(s: Subject) -> float | None:
    """The FTE a proposal deletes: its staffing, else its restructure model's input."""
    p = s.proposal
    if p.staffing and p.staffing.fte:
        return float(p.staffing.fte)
    return s.model_number("fte_deleted")


@rule("D13", Question.deliverable, Severity.medium, "Redundancies without a one-off cost")
def d13_redundancy_cost(s: Subject) -> list[Finding]:
    p = s.proposal
    cuts = redundancies(p)
    priced = sum(p.one_off_costs.values()) > 0 or s.model_number("redundancy_cost_per_person")
    if p.is_removed or cuts <= 0 or priced:
        return []
    low, high = cuts * s.policy.redundancy_cost_low, cuts * s.policy.redundancy_cost_high
    message = (
        f"{p.ref} has up to {cuts:g} redundancies but the papers give no one-off cost for them: "
        f"at {money(s.policy.redundancy_cost_low)} to {money(s.policy.redundancy_cost_high)} a "
        f"redundancy (statutory redundancy pay, a default), about {money(low)} to {money(high)} "
        "(assumed), before any discretionary compensation or pension strain."
    )
    evidence: list[EvidenceItem] = [
        s.field("one_off_costs", dict(p.one_off_costs)),
        s.field("staffing.redundancies_max", cuts),
    ]
    evidence.extend(s.quotes("redundanc"))
    return [Finding(rule="D13", severity=Severity.medium, message=message, evidence=evidence)]


@rule("D14", Question.deliverable, Severity.medium, "Saving per FTE against what posts cost")
def d14_cost_per_fte(s: Subject) -> list[Finding]:
    p = s.proposal
    fte = fte_deleted(s)
    saving = p.stated_total or p.total_target()
    if p.is_removed or not fte or saving <= 0 or p.category != Category.staffing:
        return []
    implied = saving / fte
    benchmark = s.policy.workforce_cost_per_fte
    if implied <= benchmark * (1 + s.policy.d14_cost_per_fte_margin):
        return []
    sharing = [
        q.ref
        for _, q in s.others()
        if q.category == Category.staffing and "posts" in _text(q).lower()
    ]
    shared = (
        f" {listing(sharing)} also {'deletes' if len(sharing) == 1 else 'delete'} posts, and the "
        f"papers do not say whether the {number(fte)} FTE include them."
        if sharing
        else ""
    )
    message = (
        f"{gbp(saving)} ÷ {number(fte)} FTE implies {money(implied)} a year per FTE deleted "
        f"(derived), against {money(benchmark)} for a social worker with on-costs (a published "
        f"benchmark): {percent(implied / benchmark - 1)} more.{shared}"
    )
    evidence: list[EvidenceItem] = [
        s.field("stated_total" if p.stated_total else "savings", saving),
        s.field("staffing.fte", fte),
    ]
    evidence.extend(s.quotes("FTE"))
    return [Finding(rule="D14", severity=Severity.medium, message=message, evidence=evidence)]


@rule("D15", Question.deliverable, Severity.medium, "Prevention cut against demand pressure")
def d15_prevention(s: Subject) -> list[Finding]:
    p = s.proposal
    if p.is_removed or p.kind == "cost_avoidance":
        return []
    found = [m for pattern in PREVENTION if (m := pattern.search(_text(p)))]
    pressure = _file_quotes(s, DEMAND)
    if not found or not pressure:
        return []
    what = found[0].group(0).lower().replace(" ", "-")
    statutory = [
        d
        for d in _file_quotes(s, found[0].re)
        if "not statutory" in d.quote.lower() or "non-statutory" in d.quote.lower()
    ]
    kind = "non-statutory " if statutory else ""
    message = (
        f"{p.ref} reduces {kind}{what} services, which keep children out of care, while the "
        f"papers describe demand pressure: {cited(pressure[0])}. Less prevention may bring more "
        "children into care at a cost greater than the saving."
    )
    evidence: list[EvidenceItem] = [s.field("service_users_affected", p.service_users_affected)]
    evidence.extend([*pressure, *statutory])
    return [Finding(rule="D15", severity=Severity.medium, message=message, evidence=evidence)]


@rule("I6", Question.impact, Severity.medium, "A “no impact” claim against the paper's own risks")
def i6_no_impact(s: Subject) -> list[Finding]:
    p = s.proposal
    claims = _quotes(p, NO_IMPACT)
    if p.is_removed or not claims:
        return []
    against: list[str] = []
    evidence: list[EvidenceItem] = [*claims]
    if p.risks:
        against.append(f"the risk that {clause(p.risks[0].description).rstrip('.')}")
        evidence.append(s.field("risks[0].description", p.risks[0].description))
    if p.service_users_affected:
        against.append(f"names {users(p)} as affected")
        evidence.append(s.field("service_users_affected", p.service_users_affected))
    if not against:
        return []
    message = f"The papers say {cited(claims[0])}, yet for {p.ref} they list {listing(against)}."
    return [Finding(rule="I6", severity=Severity.medium, message=message, evidence=evidence)]


@rule("A5", Question.alternatives, Severity.medium, "Alternatives said to be explored, not shown")
def a5_not_shown(s: Subject) -> list[Finding]:
    p = s.proposal
    claims = _quotes(p, EXPLORED)
    if p.is_removed or p.alternatives or not claims:
        return []
    message = (
        f"The papers say {cited(claims[0])}, but none of those alternatives is shown for {p.ref}."
    )
    evidence: list[EvidenceItem] = [s.field("alternatives", []), *claims]
    return [Finding(rule="A5", severity=Severity.medium, message=message, evidence=evidence)]
