"""The words of the report that are not the committee's: verdict labels, the method, key points.

Pure text built from figures; the writers print it as it is.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from scrutiny.challenge.figures import listing, profile
from scrutiny.domain.distributions import (
    InputValue,
)
from scrutiny.domain.evidence import DocumentEvidence, EvidenceItem, OutputEvidence
from scrutiny.domain.input_words import UNIT_FORMS, describe_input, plain_number
from scrutiny.domain.money import format_gbp, format_gbp_short
from scrutiny.domain.money import format_gbp_rounded as rounded
from scrutiny.domain.percent import percent
from scrutiny.domain.proposal import Proposal, Risk
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Question, Unit, Verdict
from scrutiny.domain.years import day_words
from scrutiny.models import registry
from scrutiny.models.base import InputSpec

if TYPE_CHECKING:
    from scrutiny.reports.view import EvidenceLine, ProposalRow, Removed, SummaryYear

VERDICT_LABEL = {
    Verdict.assured: "Assured",
    Verdict.partially_assured: "Partially assured",
    Verdict.not_assured: "Not assured",
    Verdict.insufficient_information: "Insufficient information",
}
VERDICT_SYMBOL = {
    Verdict.assured: "✓",
    Verdict.partially_assured: "◐",
    Verdict.not_assured: "✗",
    Verdict.insufficient_information: "?",
}


PARAMETER_WORDS = {
    "value": "",
    "min": "lowest",
    "mode": "most likely",
    "max": "highest",
    "low": "lowest",
    "high": "highest",
    "mean": "average",
    "sd": "give or take",
    "median": "middle value",
    "p90": "1 in 10 chance of more than",
    "p": "chance",
}
"""A distribution's parameters as a form labels them."""


def unit_words(unit: Unit | None) -> str:
    """How a number in `unit` is entered: ``pounds a week``, ``a share: 0.07 is 7%``."""
    if unit in (Unit.share, Unit.probability):
        return "a share: 0.07 is 7%"
    if unit is None or unit not in UNIT_FORMS:
        return ""
    before, _, after, tail = UNIT_FORMS[unit]
    if before == "£":
        return ("thousand pounds" if after == "k" else "pounds") + tail
    return (after or tail).strip()


def method_paragraphs(iterations: int | None, seed: int | None) -> list[str]:
    """How the figures were produced, for the appendix."""
    if iterations is None:
        sim = (
            "No simulation was run for this report: the targets are shown as the papers give "
            "them, without a probability of delivery."
        )
    else:
        sim = (
            f"Each proposal's saving was simulated {iterations:,} times (random seed {seed}). "
            "Every uncertain input is drawn from the distribution stated in the proposal file, "
            "correlated inputs through a Gaussian copula on ranks, and the proposal's service "
            "model turns the inputs into the delivered saving for each financial year."
        )
    return [
        "Savings targets are incremental budget reductions per financial year, as the papers "
        "state them; the target for a year is the sum of the increments up to that year.",
        sim,
        "Delivery is measured as a finance team measures it. Expected delivery is the average "
        "delivered saving over the simulations, also given as a share of the cumulative target; "
        "the money at risk is the average shortfall below the target. The RAG rating is red "
        "when the expected delivery is below the policy's share of the target (one half by "
        "default), green when the chance of delivering at least the target less a materiality "
        "margin (5% by default) reaches the policy's level (80% by default), and amber "
        "otherwise; the council's own policy file may set other thresholds. That chance is "
        "reported second, as the figure behind the rating.",
        "P10, P50 and P90 are the delivered savings that 10%, 50% and 90% of simulations fall "
        "below: there is a one-in-ten chance of delivering less than the P10. The portfolio "
        "adds the proposals together in each simulation and leaves out proposals removed from "
        "the MTFS, which are not simulated or assessed: their targets are listed as money still "
        "to be found, with the reason the papers give for removing them.",
        "The drivers of a saving are the inputs whose simulated values move most closely with "
        "the delivered saving in its last year (Spearman rank correlation).",
        "Each of the committee's three questions is answered by rules applied to the proposal "
        "and its simulation. Any high-severity finding makes the verdict 'not assured'; a gap "
        "in the information makes it 'insufficient information'; a medium-severity finding "
        "makes it 'partially assured'; otherwise it is 'assured'. Members may record their own "
        "verdict with a reason; it is shown beside the engine's and is the one that counts.",
        "Numbers the papers do not give but a model needs are listed as assumptions with their "
        "rationale and source. Verdicts are shown in words and with a symbol "
        "(✓ assured, ◐ partially assured, ✗ not assured, ? insufficient information).",
    ]


def executive_points(
    years: Sequence[SummaryYear],
    removed: Sequence[Removed],
    rows: Sequence[ProposalRow],
    headline: EvidenceLine | None = None,
) -> list[str]:
    """The executive summary's key points, each a sentence with its figures. They open with the
    plan's expected delivery, the money at risk, the recommended contingency (when the simulation
    gives one) and the proposals by RAG rating; then what the proposals add up to beside the
    total as the papers state it (`headline`, quoted as printed); the chance of meeting the
    target comes after."""
    points = []
    live = [r for r in rows if r.status != "removed"]
    these = "the proposal" if len(live) == 1 else f"the {len(live)} proposals"
    plan = next((y for y in reversed(years) if y.delivery is not None), None)
    if plan is not None and plan.delivery is not None:
        d = plan.delivery
        points.append(
            f"Expected delivery: {rounded(d.expected)} of the {rounded(d.target)} {these} "
            f"are to save by {d.year} ({percent(d.share)}), with {rounded(d.at_risk)} at risk "
            f"of not being delivered; the plan is rated {d.rag}."
        )
        if plan.contingency is not None:
            points.append(
                f"Recommended contingency: {rounded(plan.contingency)} for {d.year}, a reserve "
                "to hold against savings not delivered. It is derived, not stated in the papers: "
                "the shortfall exceeded one time in five when the plan delivers as this council "
                "and others have delivered their savings in past years."
            )
        earlier = [y.delivery for y in years if y.delivery is not None and y is not plan]
        if earlier:
            points.append(
                "Earlier years: "
                + "; ".join(
                    f"{e.year} expected {rounded(e.expected)} of {rounded(e.target)} "
                    f"({percent(e.share)}), {rounded(e.at_risk)} at risk, rated {e.rag}"
                    for e in earlier
                )
                + "."
            )
    rated = [r for r in live if r.delivery is not None]
    if rated:
        groups = []
        for rag in ("red", "amber", "green"):
            refs = [r.ref for r in rated if r.delivery is not None and r.delivery.rag == rag]
            groups.append(f"{len(refs)} {rag}" + (f" ({', '.join(refs)})" if refs else ""))
        unrated = len(live) - len(rated)
        more = f"; {unrated} with no target to rate" if unrated else ""
        points.append(f"Proposals by RAG rating in their hardest year: {', '.join(groups)}{more}.")
    total = sum(r.total for r in live)
    gap = sum(y.funding_gap or 0 for y in years)
    stated = (
        f" The papers state: “{headline.quote}” ({headline.locator or headline.source})."
        if headline
        else ""
    )
    if gap:
        span = years[0].year if len(years) == 1 else f"{years[0].year} to {years[-1].year}"
        points.append(
            f"{these.capitalize()} in this report add up to {format_gbp_short(total)} "
            f"against a funding gap of {format_gbp_short(gap)} over "
            f"{span} ({percent(total / gap)} of the gap).{stated}"
        )
    elif total:
        points.append(
            f"{these.capitalize()} in this report add up to {format_gbp_short(total)}.{stated}"
        )
    elif stated:
        points.append(stated.strip())
    chances = [
        y.delivery for y in years if y.delivery is not None and y.delivery.p_meet is not None
    ]
    if chances:
        together = "it delivers" if len(live) == 1 else "the proposals together deliver"
        floor = percent(1 - chances[0].materiality)
        points.append(
            f"The chance that {together} at least {floor} of the cumulative target: "
            + "; ".join(f"{c.year} {percent(c.p_meet)}" for c in chances)
            + "."
        )
    if removed:
        names = "; ".join(f"{r.ref} ({format_gbp_short(r.amount)})" for r in removed)
        points.append(
            f"{format_gbp_short(sum(r.amount for r in removed))} from proposals removed from "
            f"the MTFS must still be found elsewhere: {names}."
        )
    for q, label in (
        (Question.deliverable, "deliverable"),
        (Question.impact, "impact understood"),
    ):
        not_assured = [r.ref for r in live if q in r.tags and r.tags[q].verdict != Verdict.assured]
        if not_assured:
            points.append(
                f"{len(not_assured)} of {len(live)} proposals are not fully assured as "
                f"{label}: {', '.join(not_assured)}."
            )
    unquantified = [r.ref for r in live if r.total == 0]
    if unquantified:
        points.append(
            "No saving is quantified for " + ", ".join(unquantified) + ", so its delivery "
            "cannot be assessed."
        )
    return points


def input_words(name: str) -> str:
    """A model input as words: ``model.inputs.net_households`` → ``net households``."""
    return name.removeprefix("model.inputs.").replace("_", " ")


def input_label(spec: InputSpec | None, name: str) -> str:
    """An input as people name it: its model's label (``Posts deleted (FTE)``), else its name
    in words when the model is not known."""
    return spec.words if spec else input_words(name).capitalize()


FIELD_WORDS = {
    "service_users_affected": "Who is affected",
    "category": "Category",
    "statutory_duties": "Statutory duties",
    "eqia.status": "Equality impact assessment",
    "model.type": "Service model",
    "service": "Service",
    "recurring": "Recurring saving",
    "dependencies": "Depends on",
    "one_off_costs": "One-off costs",
    "savings": "Savings by year",
    "alternatives": "Alternatives considered",
    "status": "Status",
    "stated_total": "Total the papers state",
    "kind": "Kind of saving",
    "consultation.staff": "Consultation with staff",
    "consultation.service_users": "Consultation with service users",
    "mtfs.funding_gap": "Funding gap",
    "mtfs.savings_required": "Savings required",
    "headline.savings_total": "Savings total in the papers",
    "title": "Title",
    "description": "Description",
    "staffing": "Staffing",
    "eqia": "Equality impact assessment",
    "consultation": "Consultation",
    "risks": "Risk",
    "evidence": "Evidence",
    "assumptions": "Assumption",
    "verdict": "Verdict",
    "reason": "Reason",
}
"""A proposal file's fields as people name them (the evidence of a finding names a field)."""


def field_name(field: str) -> str:
    """A field of a proposal file as people name it: ``mtfs.funding_gap`` → ``Funding gap``."""
    return FIELD_WORDS.get(field) or input_words(field).replace(".", " ").capitalize()


_MONEY_FIELDS = {"stated_total", "headline.savings_total"}
_INPUT: TypeAdapter[InputValue] = TypeAdapter(InputValue)

OUTPUT_WORDS: dict[str, tuple[str, Unit]] = {
    "p_meet_target": ("Chance of meeting the cumulative target", Unit.probability),
    "p10": ("Saving delivered in 9 simulations out of 10", Unit.gbp),
    "p50": ("Median saving delivered", Unit.gbp),
    "p90": ("Saving delivered in 1 simulation out of 10", Unit.gbp),
    "mean": ("Average saving delivered", Unit.gbp),
    "caseload_mean": ("Average caseload", Unit.cases_per_fte),
    "p_caseload_above_threshold": ("Chance caseloads are above the safe level", Unit.probability),
    "one_off_cost_mean": ("Average one-off cost", Unit.gbp),
}
"""Simulation results as people name them, with their units."""

_FIELD_PATH = re.compile(r"^proposals\[(\d+)\](?:\.(.+))?$")
_ITEM = re.compile(r"^(risks|alternatives)\[(\d+)\](?:\.(\w+))?$")


def value_words(value: object, money: bool = False) -> str:
    """A field's value in words: `not given`, `none`, `yes`, a profile of years, a list."""
    if value is None or value == "":
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_gbp(value) if money else plain_number(float(value))
    if isinstance(value, dict):
        if not value:
            return "none"
        if all(isinstance(v, int | float) for v in value.values()):
            return profile({str(k): float(v) for k, v in value.items()})
        return "; ".join(f"{str(k).replace('_', ' ')} {value_words(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return listing([value_words(v) for v in value]) if value else "none"
    return str(getattr(value, "value", value)).replace("_", " ")


def paper_names(pf: ProposalFile, proposals: Sequence[Proposal] | None = None) -> dict[str, str]:
    """The paper a proposal file was written from, under its own name: the source its headline
    cites (else the source it cites most) → ``Title (Committee, 12 October 2021)``. Sources are
    otherwise shown as the file names them. `proposals`: the file's proposals when `pf` was read
    without them."""
    if not pf.title:
        return {}
    cited: list[str] = [e.source for e in (pf.mtfs.evidence if pf.mtfs else [])]
    for p in pf.proposals if proposals is None else proposals:
        cited += [e.source for e in p.evidence]
    main = pf.headline.evidence.source if pf.headline and pf.headline.evidence else None
    if main is None and cited:
        main = max(dict.fromkeys(cited), key=cited.count)
    if main is None:
        return {}
    about = [x for x in (pf.committee, _date(pf.meeting_date)) if x]
    return {main: pf.title + (f" ({', '.join(about)})" if about else "")}


def _date(day: datetime.date | None) -> str | None:
    return day_words(day) if day else None


def named_sources(text: str, papers: Mapping[str, str]) -> str:
    """`text` with every paper's file name replaced by the paper's own name."""
    for source, name in papers.items():
        text = text.replace(source, name)
    return text


def evidence_words(
    e: EvidenceItem,
    proposal: Proposal | None = None,
    refs: Sequence[str] = (),
    papers: Mapping[str, str] | None = None,
) -> str:
    """What a finding rests on, in words: the quote and the paper's own name (and page); a
    proposal's field by its name and value; a simulation result with its unit. `proposal` is the
    one the finding is about, `refs` the file's proposals in order (a path names one by its
    place), `papers` the papers' own names by source."""
    papers = papers or {}
    if isinstance(e, DocumentEvidence):
        where = [papers.get(e.source, e.source)]
        if e.locator:
            where.append(named_sources(e.locator, papers))
        if e.page and "page" not in (e.locator or "").lower():
            where.append(f"page {e.page}")
        return f"“{e.quote}” ({', '.join(where)})"
    if isinstance(e, OutputEvidence):
        name, unit = OUTPUT_WORDS.get(e.name, (e.name[:1].upper() + e.name[1:], None))
        year = f" in {e.year}" if e.year else ""
        if e.value is None:
            return f"{name}{year}: not known"
        return f"{name}{year}: {describe_input(e.value, unit)}"
    match = _FIELD_PATH.match(e.path)
    if match is None:
        words = FIELD_WORDS.get(e.path, e.path.replace("_", " ").replace(".", ", "))
        return f"{words}: {value_words(e.value, e.path in _MONEY_FIELDS)}"
    index, field = int(match[1]), match[2] or ""
    ref = refs[index] if index < len(refs) else None
    own = proposal if proposal is not None and (ref is None or ref == proposal.ref) else None
    prefix = f"{ref}: " if ref and own is None else ""
    marker = grade_words(e.value, e.grade.value) if e.grade is not None else ""
    return prefix + field_words(field, e.value, own) + marker


def field_words(field: str, value: object, p: Proposal | None = None) -> str:
    """One of a proposal's fields and its value in words: ``Service: Early Help``; an input by
    its label with its unit; a risk or an alternative by its description or title (`p`: the
    proposal, to look them up)."""
    if field.startswith("model.inputs."):
        name = field.removeprefix("model.inputs.")
        spec = registry.input_spec(p.model_type, name) if p is not None else None
        given = p.model.inputs.get(name) if p is not None and p.model else None
        label = input_label(spec, name)
        if given is not None:
            return f"{label}: {describe_input(given, spec.unit if spec else None)}"
        return f"{label}: {value_words(value)}"
    item = _ITEM.match(field)
    if item is not None:
        kind, k, part = item[1], int(item[2]), item[3]
        things = (p.risks if kind == "risks" else p.alternatives) if p is not None else []
        if k < len(things):
            thing = things[k]
            if isinstance(thing, Risk):
                if part == "mitigation":
                    return f"Mitigation of the risk “{thing.description}”: {value_words(value)}"
                scored = (
                    f"likelihood {thing.likelihood} and impact {thing.impact} out of 5"
                    if thing.score is not None
                    else "not scored in the papers"
                )
                return (
                    f"Risk: {thing.description} ({scored}; mitigation: "
                    f"{value_words(thing.mitigation)})"
                )
            what = {"cost": "cost", "reason_rejected": "why it was rejected"}.get(part or "", "")
            return f"Alternative “{thing.title}”{', ' + what if what else ''}: {value_words(value)}"
        return f"{kind[:-1].capitalize()} {k + 1}: {value_words(value)}"
    words = FIELD_WORDS.get(field, field.replace("_", " ").replace(".", ", ").capitalize())
    return f"{words}: {value_words(value, field in _MONEY_FIELDS)}"


ACTION_WORDS = {
    "create": "Added",
    "update": "Changed",
    "delete": "Removed",
    "import": "Imported",
    "conclusion": "Conclusion recorded",
    "override": "Member's verdict recorded",
    "review": "Reviewed",
    "run": "Simulated and challenged",
}
"""What an entry of a proposal's history did, in words."""

_ITEM_NAME = {
    "risks": "description",
    "alternatives": "title",
    "evidence": "quote",
    "assumptions": "field",
}


@dataclass(frozen=True)
class Change:
    """One value of a history entry, before and after, in words (None: it was added/removed)."""

    what: str
    before: str | None
    after: str | None


def changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, *, first: bool = False
) -> list[Change]:
    """What a history entry changed, field by field, in words: an input's value before and
    after with its unit, a savings profile, evidence or a risk added or removed, a verdict.
    A record added or removed is not listed field by field unless `first` (a member's first
    verdict on a question: its verdict and reason)."""
    before, after = before or {}, after or {}
    if not after or (not before and not first):
        return []  # an addition or a removal: the entry's own words say so
    out: list[Change] = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new or key in ("by", "at"):
            continue
        if key == "model":
            out += _model_changes(old or {}, new or {})
        elif key in _ITEM_NAME or isinstance(old or new, list):
            out += _list_changes(key, old or [], new or [])
        elif isinstance(old or new, dict) and key not in ("savings", "one_off_costs"):
            for sub in dict.fromkeys([*(old or {}), *(new or {})]):
                a, b = (old or {}).get(sub), (new or {}).get(sub)
                if a != b:
                    what = FIELD_WORDS.get(f"{key}.{sub}") or _words(f"{key} {sub}")
                    out.append(Change(what, value_words(a), value_words(b)))
        else:
            money = key in _MONEY_FIELDS or key == "stated_total"
            what = FIELD_WORDS.get(key) or _words(key)
            if key == "verdict":
                old, new = (VERDICT_LABEL.get(Verdict(v), v) if v else v for v in (old, new))
            out.append(Change(what, value_words(old, money), value_words(new, money)))
    return out


def _words(name: str) -> str:
    text = name.replace("_", " ").replace(".", " ")
    return text[:1].upper() + text[1:]


def _model_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    out = []
    kind = new.get("type") or old.get("type") or ""
    if old.get("type") != new.get("type"):
        out.append(
            Change("Service model", value_words(old.get("type")), value_words(new.get("type")))
        )
    was, now = old.get("inputs") or {}, new.get("inputs") or {}
    for name in dict.fromkeys([*was, *now]):
        if was.get(name) == now.get(name):
            continue
        spec = registry.input_spec(str(kind), name)
        unit = spec.unit if spec else None
        label = input_label(spec, name)
        out.append(
            Change(
                label,
                describe_input(_INPUT.validate_python(was[name]), unit) if name in was else None,
                describe_input(_INPUT.validate_python(now[name]), unit) if name in now else None,
            )
        )
    if old.get("posts") != new.get("posts"):
        out.append(Change("Posts listed", _count(old.get("posts")), _count(new.get("posts"))))
    return out


def _count(items: object) -> str:
    n = len(items) if isinstance(items, list) else 0
    return "none" if n == 0 else f"{n} post{'s' if n != 1 else ''}"


def _list_changes(key: str, old: list[Any], new: list[Any]) -> list[Change]:
    """Items added to or removed from a list field, each named in words."""
    what = FIELD_WORDS.get(key) or _words(key)

    def name(item: object) -> str:
        if isinstance(item, dict):
            if key == "evidence":
                where = ", ".join(str(x) for x in (item.get("source"), item.get("locator")) if x)
                return f"“{item.get('quote') or ''}” ({where})" if item.get("quote") else where
            if key == "assumptions":
                return f"{input_words(str(item.get('field', '')))}: {item.get('rationale', '')}"
            return str(item.get(_ITEM_NAME.get(key, "title"), "") or value_words(item))
        return value_words(item)

    out = [Change(what, name(i), None) for i in old if i not in new]
    out += [Change(what, None, name(i)) for i in new if i not in old]
    return out


def grade_words(value: object, grade: str) -> str:
    """A marker after a figure that is not the papers' own: `` (assumed)`` or `` (derived)``."""
    return f" ({grade})" if value is not None and grade in ("assumed", "derived") else ""
