"""Lines of enquiry for members to put to officers, with the proposal's own figures.

Conclusions and recommendations are in `conclusions.py`. One template per rule; a council's own
rule without a template gets a plain question built from its finding.
"""

from __future__ import annotations

from collections.abc import Callable

from scrutiny.challenge.figures import (
    describe_input,
    executive_of,
    gbp,
    listing,
    named,
    number,
    percent,
    users,
)
from scrutiny.challenge.grading import assumed_inputs
from scrutiny.challenge.rules import benchmarks
from scrutiny.challenge.rules.deliverable import MARKET_MODELS
from scrutiny.challenge.rules.impact import GROUPS, redundancies
from scrutiny.challenge.subject import Subject
from scrutiny.domain.evidence import FieldEvidence, Finding, OutputEvidence
from scrutiny.domain.money import format_gbp_rounded as money
from scrutiny.domain.results import KeyQuestion
from scrutiny.domain.vocab import Outcome, Progress, Severity
from scrutiny.models.registry import input_spec

ASK_WHEN_LOW = {"D5", "D7", "D11", "A3", "A4"}
"""Rules whose low findings still deserve a question (market dependency above all)."""


def output_value(f: Finding, name: str) -> tuple[float | None, str | None]:
    """The value and year of a model output cited by a finding."""
    for e in f.evidence:
        if isinstance(e, OutputEvidence) and e.name == name:
            return e.value, e.year
    return None, None


def _d1(s: Subject, f: Finding) -> str:
    p = s.proposal
    stated = f" of {gbp(p.stated_total)}" if p.stated_total else ""
    return (
        f"What is the saving{stated} from {named(p)} in each year, where will it come from, and "
        "what evidence supports it?"
    )


def _d2(s: Subject, f: Finding) -> str:
    mean, year = output_value(f, "mean")
    at_risk, _ = output_value(f, "at_risk")
    target = s.proposal.cumulative_target(year) if year else s.proposal.total_target()
    expected = (
        f"expects {money(mean)} of its {money(target)} target by {year}, with "
        f"{money(at_risk or 0.0)} at risk"
        if mean is not None
        else f"does not expect the full {money(target)} target by {year}"
    )
    return (
        f"The simulation {expected} from {named(s.proposal)}; what would make officers "
        "confident of the full saving, and what is the fallback if it is not made?"
    )


def _d3(s: Subject, f: Finding) -> str:
    threshold = s.model_number("caseload_threshold") or s.policy.d3_caseload_threshold
    factor = s.model_number("vacancy_factor")
    held = f"a {percent(factor)} vacancy factor" if factor else "the saving"
    mean, year = output_value(f, "caseload_mean")
    without, _ = output_value(f, "caseload_without_mean")
    modelled = f" (the model gives {number(mean)} in {year})" if mean is not None else ""
    if mean is not None and without is not None:
        modelled = (
            f" (the model gives {number(mean)} in {year}, against {number(without)} without it)"
        )
    return (
        f"What are caseloads per case-holding social worker today, what would they be under "
        f"{held}{modelled}, and how would children be kept safe if they rose above "
        f"{number(threshold)}?"
    )


def _d4(s: Subject, f: Finding) -> str:
    p = s.proposal
    if p.model_type == "vacancy_factor" and "vacancy factor" in f.message:
        return (
            f"How long are posts in {p.service or p.ref} expected to stay vacant, how are they "
            "covered meanwhile, and what happens to the saving when they are filled?"
        )
    return (
        f"How will the one-off saving of {gbp(p.total_target())} from {p.ref} be replaced in the "
        "following year?"
    )


def _d5(s: Subject, f: Finding) -> str:
    p = s.proposal
    inputs = p.model.inputs if p.model else {}
    if p.model_type == "fostering_recruitment":
        if "net_households" in inputs:
            plan = (
                f"The plan assumes {describe_input(inputs['net_households'])} net new fostering "
                "households a year"
            )
        else:
            plan = f"{p.ref} depends on recruiting new fostering households"
        return (
            f"{plan}; how many households were approved in each of the last three years, and "
            "what conversion rate from enquiries to approvals does it assume?"
        )
    if p.model_type == "placement_shift":
        moved = (
            f"{describe_input(inputs['children_per_year'])} children a year"
            if "children_per_year" in inputs
            else "children"
        )
        return (
            f"The plan assumes {moved} moving to lower-cost placements; how many such placements "
            "(in-house foster carers, local homes) are available now, and what happens to the "
            "saving if they cannot be found?"
        )
    needs = [MARKET_MODELS.get(p.model_type, ""), *p.dependencies]
    return (
        f"What happens to the saving from {p.ref} if {listing([n for n in needs if n])} does not "
        "deliver, and when would officers know?"
    )


def _quoted(text: str) -> str:
    """The first “quoted” passage of a text, with its quotation marks."""
    start = text.index("“")
    end = text.find("”", start)
    return text[start : end + 1] if end > start else text[start:]


def _d6(s: Subject, f: Finding) -> str:
    return (
        f"{f.message} What is being done about this risk, and how will members know if it occurs?"
        if "“" not in f.message
        else f"What is being done about the risk {_quoted(f.message)}, and how will members know "
        "if it occurs?"
    )


def _d7(s: Subject, f: Finding) -> str:
    return (
        f"What are the one-off costs of {s.proposal.ref} made up of, and how are they funded "
        "until the saving pays them back?"
    )


def _d9(s: Subject, f: Finding) -> str:
    cited = {e.path.split("]", 1)[0] + "]" for e in f.evidence if isinstance(e, FieldEvidence)}
    others = [q.ref for j, q in s.others() if f"proposals[{j}]" in cited]
    if len(others) <= 1:
        return (
            f"{f.message.rstrip('.')}; how have officers made sure the saving is not counted twice?"
        )
    return (
        f"How have officers made sure the saving from {s.proposal.ref} is not also counted in the "
        f"{len(others)} other proposals that may claim the same posts, children or placements "
        f"({listing(others)})?"
    )


def _d10(s: Subject, f: Finding) -> str:
    p = s.proposal
    return (
        f"Which figure is right for {p.ref}: the {gbp(p.stated_total or 0)} stated or the "
        f"{gbp(p.total_target())} in its yearly profile?"
    )


def _d11(s: Subject, f: Finding) -> str:
    return (
        f"By how much does {s.proposal.ref} reduce the base budget, as distinct from slowing "
        "the growth in spending?"
    )


def _d13(s: Subject, f: Finding) -> str:
    p = s.proposal
    return (
        f"What is the one-off cost of the {redundancies(p):g} redundancies in {p.ref}, including "
        "any discretionary compensation and pension strain, and how will it be funded?"
    )


def _d14(s: Subject, f: Finding) -> str:
    p = s.proposal
    return (
        f"Which posts does {p.ref} delete, what does each cost, and how does their cost add up "
        f"to the {gbp(p.stated_total or p.total_target())} saving?"
    )


def _d15(s: Subject, f: Finding) -> str:
    return (
        f"If {s.proposal.ref} reduces support that keeps children at home, how many more "
        "children do officers expect to enter care, and has the cost of their placements been "
        "set against the saving?"
    )


def _i1(s: Subject, f: Finding) -> str:
    eqia = s.proposal.eqia
    if eqia is not None and eqia.status == Progress.not_stated:
        return (
            f"Has an equality impact assessment been carried out for {named(s.proposal)}, and "
            "will members see it before Cabinet decides?"
        )
    return (
        f"When will the equality impact assessment for {named(s.proposal)} be completed, and "
        f"will members see it before {executive_of(s.pf)} decides?"
    )


def _i2(s: Subject, f: Finding) -> str:
    p = s.proposal
    if "redundancies" in f.message:
        return (
            f"When will staff consultation on up to {redundancies(p):g} redundancies in {p.ref} "
            "start and finish, and how will members hear its outcome?"
        )
    return f"How and when will {users(p)} be consulted on {p.ref}?"


def _i3(s: Subject, f: Finding) -> str:
    return f"Which service users would {named(s.proposal)} affect, and how many?"


def _i4(s: Subject, f: Finding) -> str:
    p = s.proposal
    return f"How will the Council continue to meet {listing(p.statutory_duties)} under {p.ref}?"


def _i5(s: Subject, f: Finding) -> str:
    who = next((g for g in GROUPS if f" affect {g} (" in f.message), None)
    return (
        f"What is the combined effect on {who or users(s.proposal)} of the proposals that fall "
        "on them, and has it been assessed together?"
    )


def _i6(s: Subject, f: Finding) -> str:
    return (
        f"The papers say there should be no impact from {s.proposal.ref}, yet they list risks "
        "to children and families: which is right, and what will the impact be?"
    )


def _a1(s: Subject, f: Finding) -> str:
    return (
        f"What other options were considered before {named(s.proposal)} was proposed, including "
        "doing nothing, phasing the saving, and in-house against external provision?"
    )


def _a2(s: Subject, f: Finding) -> str:
    titles = [
        f"“{a.title}”"
        for a in s.proposal.alternatives
        if a.outcome == Outcome.rejected and not a.reason_rejected
    ]
    return f"Why were {listing(titles)} rejected in favour of {s.proposal.ref}?"


def _a3(s: Subject, f: Finding) -> str:
    titles = [f"“{a.title}”" for a in s.proposal.alternatives if a.cost is None]
    saving = s.proposal.total_target()
    against = f" against the {gbp(saving)} saving" if saving else ""
    return f"What would {listing(titles)} cost{against} from {s.proposal.ref}?"


def _a4(s: Subject, f: Finding) -> str:
    return (
        f"Were doing nothing, phasing the saving, and in-house against external provision "
        f"considered for {s.proposal.ref}?"
    )


def _a5(s: Subject, f: Finding) -> str:
    return (
        f"The papers say alternatives were explored: may members see them for {s.proposal.ref}, "
        "with what each would have saved and cost and why it was rejected?"
    )


ENQUIRIES: dict[str, Callable[[Subject, Finding], str]] = {
    "D1": _d1,
    "D2": _d2,
    "D3": _d3,
    "D4": _d4,
    "D5": _d5,
    "D6": _d6,
    "D7": _d7,
    "D9": _d9,
    "D10": _d10,
    "D11": _d11,
    "D12": benchmarks.enquiry,
    "D13": _d13,
    "D14": _d14,
    "D15": _d15,
    "I1": _i1,
    "I2": _i2,
    "I3": _i3,
    "I4": _i4,
    "I5": _i5,
    "I6": _i6,
    "A1": _a1,
    "A2": _a2,
    "A3": _a3,
    "A4": _a4,
    "A5": _a5,
}


def figure_name(s: Subject, field: str) -> str:
    """A proposal's figure in plain words: the model input's label, in lower case."""
    if field.startswith("model.inputs."):
        name = field.removeprefix("model.inputs.")
        spec = input_spec(s.proposal.model_type, name)
        if spec is not None and spec.label:
            return spec.label[0].lower() + spec.label[1:]
        return name.replace("_", " ")
    return {"savings": "the savings by year", "one_off_costs": "the one-off costs"}.get(
        field, field.replace("_", " ")
    )


def from_where(s: Subject, f: Finding) -> str | None:
    """For a finding resting on figures the papers do not give: ask where they should come
    from, never ask officers to justify them."""
    fields = assumed_inputs(s, f)
    if not fields:
        return None
    names = listing([figure_name(s, field) for field in fields])
    return (
        f"The papers give no figure for {names} in {named(s.proposal)}; where should "
        f"{'these figures' if len(fields) > 1 else 'this figure'} come from, and what does the "
        "service expect?"
    )


def enquiries(s: Subject, findings: list[Finding]) -> list[tuple[str, Finding]]:
    """One question per finding of medium or high severity (and some low ones), most severe
    first, without repeats, each with the finding it comes from."""
    out: list[tuple[str, Finding]] = []
    for f in sorted(findings, key=lambda f: -f.severity.rank):
        # A finding lowered for resting on assumed figures still asks where they come from.
        rank = f.severity.rank + (1 if f.rests_on_assumed else 0)
        wanted = rank >= Severity.medium.rank or (
            rank == Severity.low.rank and f.rule in ASK_WHEN_LOW
        )
        if not wanted:
            continue
        template = ENQUIRIES.get(f.rule)
        line = from_where(s, f) or (
            template(s, f) if template else f"What is officers' response to this: {f.message}"
        )
        if line not in [seen for seen, _ in out]:
            out.append((line, f))
    return out


def lines_of_enquiry(s: Subject, findings: list[Finding]) -> list[str]:
    """The questions of `enquiries`, in order."""
    return [line for line, _ in enquiries(s, findings)]


MAX_KEY_QUESTIONS = 8
"""The report opens with at most this many questions for the meeting."""

PRIORITY = [
    "D13", "D14", "D15", "I6", "A5", "D3", "D2", "D10", "D9", "D12", "D5", "D1", "I1",
    "I4", "I2", "I5", "I3", "D4", "D6", "D7", "D11", "A1", "A2", "A3", "A4",
]  # fmt: skip
"""Within one severity, what the papers' own figures and words contradict comes first, then
safeguarding and delivery, then what is missing."""


def _rank(rule_id: str) -> int:
    return PRIORITY.index(rule_id) if rule_id in PRIORITY else len(PRIORITY)


def key_questions(
    found: list[tuple[Subject, Finding]], file_findings: list[Finding]
) -> list[KeyQuestion]:
    """The meeting's key questions: one per rule of medium or high severity, most severe first,
    then by `PRIORITY`, then the larger saving; a rule that fires on several proposals is asked
    once, naming the others in why it matters."""

    def order(sf: tuple[Subject, Finding]) -> tuple[int, int, float]:
        s, f = sf
        return -f.severity.rank, _rank(f.rule), -(s.proposal.total_target() or 0.0)

    ranked = sorted((sf for sf in found if sf[1].severity.rank >= Severity.medium.rank), key=order)
    out: list[KeyQuestion] = []
    asked: set[str] = set()
    headline = [f for f in file_findings if f.rule == "D10" and f.severity != Severity.info]
    for f in headline[:1]:
        out.append(
            KeyQuestion(
                rank=1,
                ref="",
                question="Which total is right: the savings the papers state in all, or the sum "
                "of the proposals, and what does the difference mean for the budget gap?",
                why=f.message,
                rule=f.rule,
            )
        )
        asked.add(f.rule)
    for s, f in ranked:
        if len(out) >= MAX_KEY_QUESTIONS:
            break
        if f.rule in asked:
            continue
        asked.add(f.rule)
        template = ENQUIRIES.get(f.rule)
        question = (
            template(s, f) if template else f"What is officers' response to this: {f.message}"
        )
        others = list(
            dict.fromkeys(
                t.proposal.ref for t, g in ranked if g.rule == f.rule and t.index != s.index
            )
        )
        why = f.message + (f" The same question arises for {listing(others)}." if others else "")
        out.append(
            KeyQuestion(
                rank=len(out) + 1, ref=s.proposal.ref, question=question, why=why, rule=f.rule
            )
        )
    return out
