"""Impact: is the impact on service users and the wider community understood? (I1–I5)"""

from __future__ import annotations

from scrutiny.challenge.figures import listing, users
from scrutiny.challenge.registry import rule
from scrutiny.challenge.subject import Subject
from scrutiny.domain.evidence import EvidenceItem, FieldEvidence, Finding
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.vocab import Category, Progress, Question, Severity

Q = Question.impact

EQIA_SEVERITY = {
    Progress.complete: Severity.info,
    Progress.draft: Severity.low,
    Progress.planned: Severity.medium,
    Progress.not_stated: Severity.medium,
}
"""A status the papers never give is a question to ask, not a failing: medium at most."""


def redundancies(p: Proposal) -> float:
    """The most redundancies the proposal states or models (0 when none) [people]."""
    stated = p.staffing.redundancies_max if p.staffing and p.staffing.redundancies_max else 0
    modelled = p.model.inputs.get("redundancies") if p.model else None
    return max(float(stated), float(modelled) if isinstance(modelled, int | float) else 0.0)


def has_impact_fields(p: Proposal) -> bool:
    """False when nothing about impact is given: no EqIA, consultation, users or duties."""
    return any((p.eqia, p.consultation, p.service_users_affected, p.statutory_duties, p.staffing))


def done(progress: Progress | None) -> bool:
    return progress == Progress.complete


@rule("I1", Q, Severity.high, "Equality impact assessment")
def i1_eqia(s: Subject) -> list[Finding]:
    p = s.proposal
    status = p.eqia.status if p.eqia else None
    if status in EQIA_SEVERITY:
        severity = EQIA_SEVERITY[status]
    else:
        severity = (
            Severity.high if redundancies(p) > 0 or p.service_users_affected else Severity.medium
        )
    label = status.value.replace("_", " ") if status else "not recorded"
    who = f" on {users(p)}" if p.service_users_affected else ""
    if status == Progress.complete:
        message = f"The equality impact assessment for {p.ref} is complete."
    elif status == Progress.not_stated:
        message = (
            f"The papers do not say whether an equality impact assessment was carried out for "
            f"{p.ref}."
        )
    else:
        message = (
            f"The equality impact assessment for {p.ref} is {label}: the impact{who} is not yet "
            "understood."
        )
    evidence: list[EvidenceItem] = [s.field("eqia.status", label if status else None)]
    evidence.extend(s.quotes("equality impact"))
    return [Finding(rule="I1", severity=severity, message=message, evidence=evidence)]


@rule("I2", Q, Severity.medium, "Staff and service-user consultation")
def i2_consultation(s: Subject) -> list[Finding]:
    p = s.proposal
    c = p.consultation
    staff = c.staff if c else None
    asked = c.service_users if c else None
    findings = []
    cuts = redundancies(p)
    if cuts > 0 and not done(staff):
        label = staff.value.replace("_", " ") if staff else "not recorded"
        message = f"{p.ref} has up to {cuts:g} redundancies but staff consultation is {label}."
        findings.append(
            Finding(
                rule="I2",
                severity=Severity.medium,
                message=message,
                evidence=[s.field("consultation.staff", staff.value if staff else None)],
            )
        )
    if p.service_users_affected and not done(asked):
        label = asked.value.replace("_", " ") if asked else "not recorded"
        message = f"{p.ref} affects {users(p)}, but consultation with them is {label}."
        findings.append(
            Finding(
                rule="I2",
                severity=Severity.medium,
                message=message,
                evidence=[s.field("consultation.service_users", asked.value if asked else None)],
            )
        )
    return findings


@rule("I3", Q, Severity.medium, "Who is affected is not said")
def i3_who(s: Subject) -> list[Finding]:
    p = s.proposal
    staffing_front_line = p.category == Category.staffing and bool(p.statutory_duties)
    kinds = (Category.placements, Category.service_redesign)
    if p.service_users_affected or not (p.category in kinds or staffing_front_line):
        return []
    what = p.category.value.replace("_", " ") if p.category else "front-line staffing"
    message = f"{p.ref} is a {what} proposal but does not say which service users it affects."
    evidence: list[EvidenceItem] = [
        s.field("service_users_affected", None),
        s.field("category", p.category.value if p.category else None),
    ]
    return [Finding(rule="I3", severity=Severity.medium, message=message, evidence=evidence)]


@rule("I4", Q, Severity.medium, "Statutory duties without a completed EqIA")
def i4_statutory(s: Subject) -> list[Finding]:
    p = s.proposal
    status = p.eqia.status if p.eqia else None
    if not p.statutory_duties or done(status):
        return []
    message = (
        f"{p.ref} touches statutory duties ({listing(p.statutory_duties)}) without a completed "
        "equality impact assessment."
    )
    evidence: list[EvidenceItem] = [
        s.field("statutory_duties", p.statutory_duties),
        s.field("eqia.status", status.value if status else None),
    ]
    return [Finding(rule="I4", severity=Severity.medium, message=message, evidence=evidence)]


GROUPS = {
    "children looked after": ("looked after", "in care", "foster placement", "placements"),
    "children in need and on protection plans": (
        "children in need",
        "child protection",
        "protection plan",
        "help and protection",
    ),
    "families on the edge of care": ("edge of care", "edge-of-care", "keeping children at home"),
    "families receiving early help": ("early help", "family support"),
    "care leavers": ("care leaver", "leaving care"),
    "disabled children": ("disabled children", "disabilities", " send "),
    "foster carers": ("foster carer",),
    "children needing an emergency response": ("out of hours", "emergency"),
}
"""Groups of children and families, each with the words that name it in a paper."""


def groups(p: Proposal) -> set[str]:
    """The groups of children and families a proposal says it affects."""
    text = f" {(p.service_users_affected or '').lower()} "
    return {g for g, words in GROUPS.items() if any(w in text for w in words)}


@rule("I5", Q, Severity.low, "Cumulative impact on the same children and families")
def i5_cumulative(s: Subject) -> list[Finding]:
    p = s.proposal
    mine = groups(p)
    if p.is_removed or not mine:
        return []
    findings = []
    for group in sorted(mine):
        same = [(j, q) for j, q in s.others() if group in groups(q)]
        if len(same) + 1 < s.policy.i5_min_proposals:
            continue
        refs = [p.ref] + [q.ref for _, q in same]
        message = (
            f"{len(refs)} proposals affect {group} ({listing(refs)}): their combined impact on "
            "the same children and families should be assessed together."
        )
        evidence: list[EvidenceItem] = [s.field("service_users_affected", p.service_users_affected)]
        evidence.extend(
            FieldEvidence(
                path=f"proposals[{j}].service_users_affected", value=q.service_users_affected
            )
            for j, q in same
        )
        findings.append(
            Finding(rule="I5", severity=Severity.low, message=message, evidence=evidence)
        )
    return findings
