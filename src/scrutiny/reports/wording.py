"""The words of the report that are not the committee's: verdict labels, the method, key points.

Pure text built from figures; the writers print it as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scrutiny.domain.distributions import (
    Bernoulli,
    Discrete,
    Fixed,
    InputValue,
    Lognormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
)
from scrutiny.domain.money import format_gbp, format_gbp_short
from scrutiny.domain.vocab import Question, Unit, Verdict

if TYPE_CHECKING:
    from scrutiny.reports.view import ProposalRow, Removed, SummaryYear

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


def percent(share: float | None) -> str:
    """A probability or share [0–1] as a whole percentage; '<1%' and '>99%' at the ends."""
    if share is None:
        return "—"
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


def money(amount: float | None) -> str:
    return "—" if amount is None else format_gbp(amount)


# How a figure in each unit is written: (before the number, scale, after the number, after a
# range or a single value). Units not listed are plain numbers followed by nothing.
_UNIT_WORDS: dict[Unit, tuple[str, float, str, str]] = {
    Unit.gbp: ("£", 1, "", ""),
    Unit.gbp_per_week: ("£", 1, "", " a week"),
    Unit.gbp_per_year: ("£", 1, "", " a year"),
    Unit.gbp_per_fte_year: ("£", 1, "", " a year"),
    Unit.gbp_per_household: ("£", 1, "", " a household"),
    Unit.gbp_per_child: ("£", 1, "", " a child"),
    Unit.gbp_per_person: ("£", 1, "", " a person"),
    Unit.gbp_thousand: ("£", 1, "k", ""),
    Unit.share: ("", 100, "%", ""),
    Unit.probability: ("", 100, "%", ""),
    Unit.percent: ("", 1, "%", ""),
    Unit.fte: ("", 1, "", " FTE"),
    Unit.posts: ("", 1, "", " posts"),
    Unit.people: ("", 1, "", " people"),
    Unit.children: ("", 1, "", " children"),
    Unit.children_per_year: ("", 1, "", " children a year"),
    Unit.households: ("", 1, "", " households"),
    Unit.households_per_year: ("", 1, "", " households a year"),
    Unit.enquiries_per_year: ("", 1, "", " enquiries a year"),
    Unit.children_per_household: ("", 1, "", " children a household"),
    Unit.cases: ("", 1, "", " cases"),
    Unit.cases_per_fte: ("", 1, "", " cases for each FTE"),
    Unit.rate_per_10k: ("", 1, "", " per 10,000"),
    Unit.weeks: ("", 1, "", " weeks"),
    Unit.weeks_per_year: ("", 1, "", " weeks a year"),
    Unit.months: ("", 1, "", " months"),
    Unit.years: ("", 1, "", " years"),
    Unit.days: ("", 1, "", " days"),
    Unit.index_points: ("", 1, "", " points"),
}


def describe_input(value: InputValue, unit: Unit | None = None) -> str:
    """A model input in words with its unit: ``7%``, ``£64,900 a year``, ``0 to 6 months,
    most likely 0``; a plain number or range when the unit is not known.

    >>> describe_input(0.07, Unit.share)
    '7%'
    >>> describe_input(Pert(dist="pert", min=0, mode=0, max=6), Unit.months)
    '0 to 6 months, most likely 0'
    """
    before, scale, after, tail = _UNIT_WORDS.get(unit, ("", 1, "", "")) if unit else ("", 1, "", "")

    def n(x: float) -> str:
        x *= scale
        if before == "£" and not after:
            return format_gbp(x)
        return f"{'−' if x < 0 else ''}{before}{_number(abs(x))}{after}"

    if isinstance(value, int | float):
        return n(float(value)) + tail
    if isinstance(value, Fixed):
        return n(value.value) + tail
    if isinstance(value, Pert | Triangular):
        return f"{n(value.min)} to {n(value.max)}{tail}, most likely {n(value.mode)}"
    if isinstance(value, Uniform):
        return f"{n(value.low)} to {n(value.high)}{tail}, any value equally likely"
    if isinstance(value, Normal):
        text = f"about {n(value.mean)}{tail} (give or take {n(value.sd)}"
        if value.min is not None and value.max is not None:
            text += f", kept between {n(value.min)} and {n(value.max)}"
        elif value.min is not None:
            text += f", never below {n(value.min)}"
        elif value.max is not None:
            text += f", never above {n(value.max)}"
        return text + ")"
    if isinstance(value, Lognormal):
        return f"about {n(value.median)}{tail} (a 1 in 10 chance of more than {n(value.p90)})"
    if isinstance(value, Bernoulli):
        return f"{n(1)}{tail} with a {percent(value.p)} chance, otherwise {n(0)}"
    if isinstance(value, Discrete):
        chances = value.probabilities()
        options = [f"{n(v)} ({percent(c)})" for v, c in zip(value.values, chances, strict=True)]
        return "one of " + ", ".join(options) + tail
    return str(value)


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
    if unit is None or unit not in _UNIT_WORDS:
        return ""
    before, _, after, tail = _UNIT_WORDS[unit]
    if before == "£":
        return ("thousand pounds" if after == "k" else "pounds") + tail
    return (after or tail).strip()


def _number(x: float) -> str:
    """`1,234`, `2.5`, `0.35`: a whole number with thousands commas, else up to 2 decimals."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


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
        "P10, P50 and P90 are the delivered savings that 10%, 50% and 90% of simulations fall "
        "below: there is a one-in-ten chance of delivering less than the P10. The probability of "
        "meeting a target is the share of simulations in which the delivered saving reaches it. "
        "The portfolio adds the proposals together in each simulation and leaves out proposals "
        "removed from the MTFS, whose targets are listed as money still to be found.",
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
    years: Sequence[SummaryYear], removed: Sequence[Removed], rows: Sequence[ProposalRow]
) -> list[str]:
    """The executive summary's key points, each a sentence with its figures."""
    points = []
    live = [r for r in rows if r.status != "removed"]
    total = sum(r.total for r in live)
    these = "the proposal" if len(live) == 1 else f"the {len(live)} proposals"
    gap = sum(y.funding_gap or 0 for y in years)
    if gap:
        points.append(
            f"{these.capitalize()} in this report would save {format_gbp_short(total)} "
            f"against a funding gap of {format_gbp_short(gap)} over "
            f"{years[0].year} to {years[-1].year} ({percent(total / gap)} of the gap)."
        )
    else:
        points.append(f"{these.capitalize()} in this report would save {format_gbp_short(total)}.")
    for y in years:
        if y.p_meet is not None and y.cumulative_target > 0:
            points.append(
                f"{y.year}: the probability that {'it delivers its' if len(live) == 1 else 'the proposals together deliver their'} "
                f"cumulative target of {format_gbp_short(y.cumulative_target)} is "
                f"{percent(y.p_meet)}; the median delivered saving is "
                f"{format_gbp_short(y.p50 or 0)}."
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
