"""Deliverable: are the savings deliverable, sustainable and not an unacceptable risk? (D1–D11)"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scrutiny.challenge.figures import (
    REMOVAL_WORDS,
    describe_input,
    gbp,
    listing,
    number,
    percent,
    profile,
)
from scrutiny.challenge.policy import Policy
from scrutiny.challenge.registry import Rule, register, rule
from scrutiny.challenge.subject import FileSubject, Subject, document, output
from scrutiny.domain.delivery import Rag, hardness
from scrutiny.domain.evidence import EvidenceItem, FieldEvidence, Finding
from scrutiny.domain.money import format_gbp_rounded as money
from scrutiny.domain.proposal import Proposal, Risk
from scrutiny.domain.results import YearStats
from scrutiny.domain.vocab import Category, Kind, Question, Severity

Q = Question.deliverable

MARKET_MODELS = {
    "fostering_recruitment": "recruiting foster carers",
    "placement_shift": "finding placements in a competitive market",
}
MARKET_DRIVERS = {
    "net_households": "net new fostering households",
    "children_per_year": "children moving placement",
}
"""The model input that says how much of the market the saving needs, and what it counts."""
MARKET_WORDS = ("recruit", "carer", "placement", "market", "provider", "agency", "sufficien")


def front_line(p: Proposal) -> bool:
    """A statutory front-line service: statutory duties listed, or staffing serving children."""
    return bool(p.statutory_duties) or (
        p.category == Category.staffing and p.service_users_affected is not None
    )


@rule("D1", Q, Severity.medium, "No savings profile on a proposal still in the plan", gap=True)
def d1_no_breakdown(s: Subject) -> list[Finding]:
    p = s.proposal
    if p.is_removed or any(v > 0 for v in p.savings.values()):
        return []
    evidence: list[EvidenceItem] = [s.field("savings", dict(p.savings))]
    stated = ""
    if p.stated_total:
        evidence.append(s.field("stated_total", p.stated_total))
        stated = f" for the {gbp(p.stated_total)} it states"
    message = (
        f"{p.ref} gives no savings profile by year{stated}: the committee cannot assess "
        "whether the saving is deliverable."
    )
    return [Finding(rule="D1", severity=Severity.medium, message=message, evidence=evidence)]


RAG_SEVERITY = {"red": Severity.high, "amber": Severity.medium, "green": Severity.info}
"""D2's severity follows the delivery RAG rating."""


def rag_of(stats: YearStats, s: Subject) -> Rag | None:
    """The year's RAG rating: the simulation's own, else measured under the policy."""
    if stats.rag is not None or not stats.has_target:
        return stats.rag
    share = stats.expected_share
    if share is None:
        share = stats.mean / stats.cumulative_target
    return s.policy.delivery.rag(share, stats.p_meet_target)


@rule(
    "D2", Q, Severity.high, "Expected delivery, money at risk and RAG rating, from the simulation"
)
def d2_delivery(s: Subject) -> list[Finding]:
    """The year with the worst RAG rating (then the lowest expected share of its target, then
    the most money at risk)."""
    sim = s.simulation
    if s.proposal.is_removed or sim is None:
        return []
    rated = [(rag, y, st) for y, st in sim.years.items() if (rag := rag_of(st, s)) is not None]
    if not rated:
        return []
    rag, year, stats = max(rated, key=lambda r: hardness(r[0], r[2]))
    share = round(stats.mean / stats.cumulative_target, 4)
    materiality = s.summary.materiality if s.summary else s.policy.delivery.materiality
    spread = f"four times in five the saving lies between {money(stats.p10)} and {money(stats.p90)}"
    if stats.p_meet_target is not None:
        spread = (
            f"The chance of delivering at least {percent(1 - materiality)} of the target is "
            f"{percent(stats.p_meet_target)}; {spread}"
        )
    message = (
        f"In {year} the simulation expects {money(stats.mean)} of the "
        f"{money(stats.cumulative_target)} cumulative target ({percent(share)}), with "
        f"{money(stats.at_risk)} at risk: rated {rag}. {spread[0].upper()}{spread[1:]}."
    )
    evidence: list[EvidenceItem] = [
        output("mean", stats.mean, year),
        output("expected_share", share, year),
        output("at_risk", stats.at_risk, year),
    ]
    if stats.p_meet_target is not None:
        evidence.append(output("p_meet_target", stats.p_meet_target, year))
    return [Finding(rule="D2", severity=RAG_SEVERITY[rag], message=message, evidence=evidence)]


@dataclass(frozen=True)
class Caseloads:
    """One year's caseload results [cases per FTE; probabilities]: with the saving, and without
    it when the model compares the two (None otherwise)."""

    year: str
    mean: float | None
    share: float | None
    without: float | None
    share_without: float | None
    change: float | None

    @classmethod
    def of(cls, year: str, outs: Mapping[str, float | None]) -> Caseloads:
        mean, without = outs.get("caseload_mean"), outs.get("caseload_without_mean")
        change = outs.get("caseload_change_mean")
        if change is None and mean is not None and without is not None:
            change = mean - without
        return cls(
            year,
            mean,
            outs.get("p_caseload_above_threshold"),
            without,
            outs.get("p_caseload_above_threshold_without"),
            change,
        )

    @property
    def modelled(self) -> bool:
        return self.mean is not None or self.share is not None

    @property
    def compared(self) -> bool:
        return self.mean is not None and self.without is not None and self.change is not None

    def above(self, policy: Policy, threshold: float) -> bool:
        """The level: the mean above the threshold, or caseloads above it too often."""
        return (self.mean is not None and self.mean > threshold) or (
            self.share is not None and self.share > policy.d3_p_caseload_above
        )

    def material(self, policy: Policy, threshold: float) -> bool:
        """The saving's own effect: it adds at least `policy.d3_caseload_change` cases per FTE,
        or it takes the mean (or the chance of caseloads above the threshold) over the line."""
        if not self.compared:
            return False
        assert self.mean is not None and self.without is not None and self.change is not None
        crosses = self.without <= threshold < self.mean
        if self.share is not None and self.share_without is not None:
            limit = policy.d3_p_caseload_above
            crosses = crosses or self.share_without <= limit < self.share
        return crosses or self.change >= policy.d3_caseload_change

    def evidence(self) -> list[EvidenceItem]:
        named = [
            ("caseload_mean", self.mean),
            ("caseload_without_mean", self.without),
            ("caseload_change_mean", self.change),
            ("p_caseload_above_threshold", self.share),
            ("p_caseload_above_threshold_without", self.share_without),
        ]
        return [output(name, value, self.year) for name, value in named if value is not None]

    def with_and_without(self) -> str:
        """`19.1 cases per FTE with the saving against 18.5 without it`, and the chance of
        caseloads above the threshold each way when both are known."""
        assert self.mean is not None and self.without is not None
        text = (
            f"the mean caseload is {cases(self.mean)} cases per FTE with the saving against "
            f"{cases(self.without)} without it"
        )
        if self.share is not None and self.share_without is not None:
            text += (
                f", and the chance of caseloads above the threshold is {percent(self.share)} "
                f"against {percent(self.share_without)}"
            )
        return text


def cases(value: float) -> str:
    """Cases per FTE as a reader would write them: one decimal place, two below one case."""
    if math.isinf(value):
        return "unlimited (nobody left in post)"
    return f"{value:,.2f}" if abs(value) < 1 else number(value)


@rule(
    "D3",
    Q,
    Severity.high,
    "Safeguarding: caseloads and the rise the saving causes; vacancy factors",
)
def d3_safeguarding(s: Subject) -> list[Finding]:
    p = s.proposal
    sim = s.simulation
    threshold = s.model_number("caseload_threshold") or s.policy.d3_caseload_threshold
    rows = [Caseloads.of(year, outs) for year, outs in (sim.outputs if sim else {}).items()]
    rows = [r for r in rows if r.modelled]
    factor = s.model_number("vacancy_factor")
    held = f"Holding a {percent(factor)} vacancy factor" if factor else "Holding posts vacant"
    what = held if p.model_type == "vacancy_factor" else p.ref
    over = [r for r in rows if r.above(s.policy, threshold)]
    compared = [r for r in over if r.compared]
    if over and not compared:
        return [_d3_level_only(s, over, what, threshold)]
    if compared:
        material = [r for r in compared if r.material(s.policy, threshold)]
        worst = max(material or compared, key=lambda r: r.change or 0.0)
        assert worst.change is not None
        adds = f"the saving itself adds {cases(worst.change)} cases per FTE"
        if material:
            severity = Severity.high
            message = (
                f"{what} would present an unacceptable risk to children: against a threshold of "
                f"{number(threshold)} cases per FTE, in {worst.year} {worst.with_and_without()}; "
                f"{adds}."
            )
        else:
            severity = Severity.medium
            message = (
                f"Caseloads are above the threshold of {number(threshold)} cases per FTE with or "
                f"without the saving: in {worst.year} {worst.with_and_without()}. {adds[0].upper()}"
                f"{adds[1:]}, less than {cases(s.policy.d3_caseload_change)}; the risk lies in "
                "the service's staffing as it is, which the saving leaves no room to improve."
            )
        evidence = worst.evidence() + s.quotes("unacceptable risk", "caseload")
        return [Finding(rule="D3", severity=severity, message=message, evidence=evidence)]
    rising = [r for r in rows if r.material(s.policy, threshold)]
    if rising or (p.model_type == "vacancy_factor" and front_line(p)):
        top = max(rising, key=lambda r: r.change or 0.0) if rising else None
        return [_d3_within(s, rows, top, held, threshold)]
    return []


def _d3_level_only(s: Subject, over: list[Caseloads], what: str, threshold: float) -> Finding:
    """High on the level alone, for caseload results that carry no comparison without the
    saving."""
    evidence: list[EvidenceItem] = []
    parts, years = [], set()
    means = [(r.mean, r.year) for r in over if r.mean is not None and r.mean > threshold]
    limit = s.policy.d3_p_caseload_above
    shares = [(r.share, r.year) for r in over if r.share is not None and r.share > limit]
    if means:
        mean, year = max(means)
        parts.append(f"the mean caseload reaches {number(mean)} cases per FTE")
        evidence.append(output("caseload_mean", mean, year))
        years.add(year)
    if shares:
        share, year = max(shares)
        parts.append(f"the chance of caseloads above it is {percent(share)}")
        evidence.append(output("p_caseload_above_threshold", share, year))
        years.add(year)
    message = (
        f"{what} would present an unacceptable risk to children: against a threshold of "
        f"{number(threshold)} cases per FTE, in {listing(sorted(years))} {listing(parts)}."
    )
    evidence.extend(s.quotes("unacceptable risk", "caseload"))
    return Finding(rule="D3", severity=Severity.high, message=message, evidence=evidence)


def _d3_within(
    s: Subject, rows: list[Caseloads], rising: Caseloads | None, held: str, threshold: float
) -> Finding:
    """Medium: caseloads within the threshold, but a vacancy factor in a front-line statutory
    service, or a saving that adds materially to caseloads."""
    p = s.proposal
    factor = s.model_number("vacancy_factor")
    evidence: list[EvidenceItem]
    if rising is not None:
        assert rising.change is not None
        subject = held if p.model_type == "vacancy_factor" else p.ref
        message = (
            f"{subject} raises caseloads: in {rising.year} {rising.with_and_without()}, within "
            f"the threshold of {number(threshold)} but {cases(rising.change)} cases per FTE "
            "higher because of the saving."
        )
        evidence = rising.evidence()
    else:
        service = p.service or "a front-line service"
        held_up = (
            f"even though modelled caseloads stay within {number(threshold)} cases per FTE"
            if rows
            else "and no caseload result shows that caseloads would hold"
        )
        message = (
            f"{held} in {service}, a statutory front-line service, is a safeguarding risk {held_up}"
        )
        compared = [r for r in rows if r.compared]
        evidence = [s.field("model.type", p.model_type)]
        if compared:
            top = max(compared, key=lambda r: r.change or 0.0)
            message += f" (in {top.year} {top.with_and_without()})"
            evidence += top.evidence()
        message += "."
    if factor is not None:
        evidence.append(s.field("model.inputs.vacancy_factor", factor))
    if p.statutory_duties:
        evidence.append(s.field("statutory_duties", p.statutory_duties))
    return Finding(rule="D3", severity=Severity.medium, message=message, evidence=evidence)


@rule("D4", Q, Severity.medium, "Sustainability: one-off savings and vacancy factors")
def d4_sustainability(s: Subject) -> list[Finding]:
    p = s.proposal
    findings = []
    if not p.recurring and p.kind != Kind.income:
        gap = s.pf.mtfs.funding_gap if s.pf.mtfs else {}
        against = f" against a funding gap of {profile(gap)}" if gap else ""
        evidence: list[EvidenceItem] = [s.field("recurring", False)]
        if gap:
            evidence.append(FieldEvidence(path="mtfs.funding_gap", value=dict(gap)))
        message = (
            f"{p.ref} is a one-off saving of {profile(p.savings)}{against}: it does not reduce "
            "the base budget, so the same sum must be found again the following year."
        )
        findings.append(
            Finding(rule="D4", severity=Severity.medium, message=message, evidence=evidence)
        )
    if p.model_type == "vacancy_factor":
        factor = s.model_number("vacancy_factor")
        held = f"a {percent(factor)} vacancy factor" if factor else "a vacancy factor"
        message = (
            f"{p.ref} relies on {held}: the saving lasts only while posts stay empty and "
            f"returns to the budget as they are filled ({profile(p.savings)})."
        )
        evidence = [s.field("model.type", p.model_type)]
        if factor is not None:
            evidence.append(s.field("model.inputs.vacancy_factor", factor))
        findings.append(
            Finding(rule="D4", severity=Severity.medium, message=message, evidence=evidence)
        )
    return findings


@rule("D5", Q, Severity.medium, "Market dependency: carers, placements or staff to be found")
def d5_market(s: Subject) -> list[Finding]:
    p = s.proposal
    needs = [MARKET_MODELS[p.model_type]] if p.model_type in MARKET_MODELS else []
    needs += [f"“{d}”" for d in p.dependencies]
    if not needs:
        return []
    evidence: list[EvidenceItem] = []
    if p.model_type in MARKET_MODELS:
        evidence.append(s.field("model.type", p.model_type))
    if p.dependencies:
        evidence.append(s.field("dependencies", p.dependencies))
    plan = ""
    for name, what in MARKET_DRIVERS.items():
        if p.model and name in p.model.inputs:
            plan = f" The model assumes {describe_input(p.model.inputs[name])} {what} a year."
            evidence.append(s.field(f"model.inputs.{name}", p.model.inputs[name]))
            break
    cover = [
        (i, r)
        for i, r in enumerate(p.risks)
        if r.mitigation and any(w in r.description.lower() for w in MARKET_WORDS)
    ]
    if cover:
        i, risk = cover[0]
        evidence.append(s.field(f"risks[{i}].mitigation", risk.mitigation))
        said = f" A mitigation is recorded: “{' '.join((risk.mitigation or '').split())}”."
    else:
        said = " No risk with a mitigation covers this dependency."
    evidence.extend(s.quotes("recruit", "conversion", "placement", "competitive"))
    message = (
        f"The saving depends on a market the council does not control: {listing(needs)}."
        f"{plan}{said}"
    )
    severity = Severity.low if cover else Severity.medium
    return [Finding(rule="D5", severity=severity, message=message, evidence=evidence)]


SERIOUS_WORDS = ("significant", "serious", "high", "unacceptable", "volatile", "severe", "major")
"""Words that mark a risk given without a score as serious (rule D6 reads the words)."""


def _unscored(r: Risk) -> Severity | None:
    """A risk the papers give in words: serious words → medium unmitigated, else low; a
    mitigated risk in plain words is not raised."""
    serious = any(w in r.description.lower() for w in SERIOUS_WORDS)
    if r.mitigation:
        return Severity.low if serious else None
    return Severity.medium if serious else Severity.low


@rule("D6", Q, Severity.high, "Risk register: likelihood × impact, or the risk's own words")
def d6_risks(s: Subject) -> list[Finding]:
    findings = []
    for i, r in enumerate(s.proposal.risks):
        mitigation = (
            f"mitigation: “{' '.join(r.mitigation.split())}”"
            if r.mitigation
            else "no mitigation is recorded"
        )
        if r.score is None:
            found = _unscored(r)
            if found is None:
                continue
            severity = found
            message = (
                f"Risk “{' '.join(r.description.split())}” (the papers give no score); "
                f"{mitigation}."
            )
        else:
            if r.score < s.policy.d6_score_low:
                continue
            if r.score >= s.policy.d6_score_high:
                severity = Severity.medium if r.mitigation else Severity.high
            else:
                severity = Severity.low
            message = (
                f"Risk “{' '.join(r.description.split())}” scores {r.likelihood} × {r.impact} = "
                f"{r.score}; {mitigation}."
            )
        value = {"likelihood": r.likelihood, "impact": r.impact, "mitigation": r.mitigation}
        findings.append(
            Finding(
                rule="D6",
                severity=severity,
                message=message,
                evidence=[s.field(f"risks[{i}]", value)],
            )
        )
    return findings


@rule("D7", Q, Severity.medium, "One-off costs and their payback")
def d7_one_off_costs(s: Subject) -> list[Finding]:
    p = s.proposal
    cost = float(sum(p.one_off_costs.values()))
    evidence: list[EvidenceItem] = [s.field("one_off_costs", dict(p.one_off_costs))]
    if cost <= 0 and s.simulation is not None:
        modelled = [
            (y, v) for y, o in s.simulation.outputs.items() if (v := o.get("one_off_cost_mean"))
        ]
        if modelled:
            year, cost = max(modelled, key=lambda m: m[1])
            evidence = [output("one_off_cost_mean", cost, year)]
    if cost <= 0:
        return []
    annual = p.total_target()
    months = cost / (annual / 12) if annual > 0 else math.inf
    if months > s.policy.d7_payback_months:
        severity = Severity.medium
        pays = (
            f"take {number(round(months))} months to pay back, longer than "
            f"{number(s.policy.d7_payback_months)} months"
            if annual > 0
            else "are not paid back by any stated saving"
        )
    else:
        severity = Severity.low
        pays = f"pay back in {number(round(months))} months"
    message = f"One-off costs of {gbp(cost)} against a saving of {gbp(annual)} a year {pays}."
    return [Finding(rule="D7", severity=severity, message=message, evidence=evidence)]


def d8_removed(f: FileSubject) -> list[Finding]:
    """One finding per removed proposal: the sum still to be found and the papers' reason. A
    removed proposal gets no verdicts on the three questions, so this is a finding on the file."""
    findings = []
    for i, p in enumerate(f.pf.proposals):
        if not p.is_removed:
            continue
        s = Subject(pf=f.pf, summary=f.summary, policy=f.policy, index=i)
        total = p.total_target() or p.stated_total or 0.0
        sum_text = (
            f"the {gbp(total)} it was to save ({profile(p.savings)})" if total else "its saving"
        )
        message = f"{p.ref} has been removed from the plan; {sum_text} must be found elsewhere."
        evidence: list[EvidenceItem] = [s.field("status", p.status.value)]
        if p.savings:
            evidence.append(s.field("savings", dict(p.savings)))
        evidence.extend(s.quotes(*REMOVAL_WORDS, "found elsewhere", "achieved"))
        findings.append(
            Finding(
                rule="D8", severity=Severity.info, message=message, evidence=evidence, ref=p.ref
            )
        )
    return findings


register(
    Rule(
        "D8",
        Q,
        Severity.info,
        "Removed proposal: the sum still to be found elsewhere",
        check_file=d8_removed,
    )
)


def support(value: object) -> tuple[float, float]:
    """The smallest and largest value a model input can take."""
    if isinstance(value, int | float):
        return float(value), float(value)
    lo, hi = value.support()  # type: ignore[attr-defined]
    return float(lo), float(hi)


def overlapping_inputs(a: Proposal, b: Proposal) -> list[str]:
    """Inputs both models give whose ranges meet (the same pool of posts, children or
    placements); ``[""]`` when the models give no common input to tell them apart."""
    ia = a.model.inputs if a.model else {}
    ib = b.model.inputs if b.model else {}
    common = sorted(set(ia) & set(ib))
    if not common:
        return [""]
    out = []
    for name in common:
        (lo_a, hi_a), (lo_b, hi_b) = support(ia[name]), support(ib[name])
        if lo_a <= hi_b and lo_b <= hi_a:
            out.append(name)
    return out


@rule("D9", Q, Severity.medium, "Double counting between proposals")
def d9_double_counting(s: Subject) -> list[Finding]:
    """One finding per proposal, naming every other proposal it may double count with."""
    p = s.proposal
    if p.is_removed:
        return []
    own_deps = {d.casefold(): d for d in p.dependencies}
    clashes: list[tuple[str, str]] = []  # (other ref, why)
    evidence: list[EvidenceItem] = []
    for j, q in s.others():
        reasons = []
        same_service = p.service and q.service and p.service.casefold() == q.service.casefold()
        overlap = overlapping_inputs(p, q)
        if same_service and p.model_type == q.model_type and p.model_type != "fixed" and overlap:
            shared_inputs = f" with overlapping {listing(overlap)}" if overlap != [""] else ""
            reasons.append(f"both are {p.model_type} models on {p.service}{shared_inputs}")
            evidence.append(FieldEvidence(path=f"proposals[{j}].model.type", value=q.model_type))
        shared = [own_deps[d.casefold()] for d in q.dependencies if d.casefold() in own_deps]
        if shared:
            reasons.append(f"both depend on {listing([f'“{d}”' for d in shared])}")
            evidence.append(
                FieldEvidence(path=f"proposals[{j}].dependencies", value=q.dependencies)
            )
        if reasons:
            clashes.append((q.ref, listing(reasons)))
    if not clashes:
        return []
    own = [s.field("model.type", p.model_type)]
    if p.dependencies:
        own.append(s.field("dependencies", p.dependencies))
    if len(clashes) == 1:
        ((other, why),) = clashes
        message = f"{p.ref} and {other} may claim the same posts, children or placements: {why}."
    else:
        message = (
            f"{p.ref} may claim the same posts, children or placements as {len(clashes)} other "
            f"proposals: {_grouped(clashes)}."
        )
    return [Finding(rule="D9", severity=Severity.medium, message=message, evidence=own + evidence)]


def _grouped(clashes: list[tuple[str, str]]) -> str:
    """``P-2 (both are …); P-3, P-4 and P-5 (all are …)``: proposals that clash for the same
    reason are named together, so a large register does not repeat the reason for each."""
    groups: dict[str, list[str]] = {}
    for other, why in clashes:
        groups.setdefault(why, []).append(other)
    parts = []
    for why, refs in groups.items():
        if len(refs) > 1:
            why = why.replace("both are", "all are").replace("both depend", "all depend")
        parts.append(f"{listing(refs)} ({why})")
    return "; ".join(parts)


def d10_stated_total(s: Subject) -> list[Finding]:
    p = s.proposal
    if p.stated_total is None or not p.savings:
        return []
    total = p.total_target()
    if abs(total - p.stated_total) <= s.policy.d10_tolerance:
        return []
    message = (
        f"{p.ref} states a total of {gbp(p.stated_total)} but its yearly savings add up to "
        f"{gbp(total)} ({profile(p.savings)}): a difference of {gbp(abs(total - p.stated_total))}."
    )
    evidence: list[EvidenceItem] = [
        s.field("stated_total", p.stated_total),
        s.field("savings", dict(p.savings)),
    ]
    return [Finding(rule="D10", severity=Severity.medium, message=message, evidence=evidence)]


def d10_headline(f: FileSubject) -> list[Finding]:
    headline = f.pf.headline
    if headline is None or headline.savings_total is None:
        return []
    listed = [(i, p, p.total_target() or p.stated_total or 0.0) for i, p in f.active()]
    total = sum(amount for _, _, amount in listed)
    stated = headline.savings_total
    if abs(total - stated) <= f.policy.d10_tolerance:
        return []
    parts = [f"{p.ref} {gbp(amount)}" for _, p, amount in listed if amount]
    message = (
        f"The papers state savings of {gbp(stated)} in all, but the listed proposals add up to "
        f"{gbp(total)} ({', '.join(parts)}): a difference of {gbp(abs(total - stated))}."
    )
    running = 0.0
    for n, (_, _, amount) in enumerate(listed, start=1):
        running += amount
        if n < len(listed) and abs(running - stated) <= f.policy.d10_tolerance:
            first = [p.ref for _, p, _ in listed[:n]]
            message += f" The {gbp(stated)} matches the first {n} only ({listing(first)})."
            break
    evidence: list[EvidenceItem] = [FieldEvidence(path="headline.savings_total", value=stated)]
    if headline.evidence is not None and headline.evidence.quote:
        evidence.append(document(headline.evidence))
    evidence.extend(
        FieldEvidence(path=f"proposals[{i}].savings", value=dict(p.savings))
        for i, p, amount in listed
        if amount
    )
    return [Finding(rule="D10", severity=Severity.medium, message=message, evidence=evidence)]


register(
    Rule(
        "D10",
        Q,
        Severity.medium,
        "Arithmetic: stated totals against yearly savings and the headline",
        check=d10_stated_total,
        check_file=d10_headline,
    )
)


@rule("D11", Q, Severity.low, "Cost avoidance counted as a budget reduction")
def d11_cost_avoidance(s: Subject) -> list[Finding]:
    p = s.proposal
    if p.kind != Kind.cost_avoidance:
        return []
    message = (
        f"{p.ref} is cost avoidance ({profile(p.savings)}): it slows the growth in spending "
        "rather than reducing the base budget."
    )
    return [
        Finding(
            rule="D11",
            severity=Severity.low,
            message=message,
            evidence=[s.field("kind", p.kind.value)],
        )
    ]
