"""The words of the report that are not the committee's: verdict labels, the method, key points.

Pure text built from figures; the writers print it as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scrutiny.challenge.figures import describe_mixture
from scrutiny.domain.distributions import InputValue, Mixture
from scrutiny.domain.money import format_gbp, format_gbp_short
from scrutiny.domain.vocab import Question, Verdict

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


def describe_input(value: InputValue, unit: str | None = None) -> str:
    """A model input as a sentence fragment: a number, or the distribution with its figures; a
    mixture in words (`on time with probability 70%, otherwise 1 to 6 months, most likely 3`,
    `unit` being the input's unit)."""
    if isinstance(value, int | float):
        return _number(float(value))
    if isinstance(value, Mixture):
        return describe_mixture(value, unit)
    data = value.model_dump()
    dist = data.pop("dist")
    names = {
        "pert": "PERT",
        "triangular": "triangular",
        "uniform": "uniform",
        "normal": "normal",
        "lognormal": "lognormal",
        "bernoulli": "Bernoulli",
        "discrete": "discrete",
        "fixed": "fixed",
    }
    if dist in ("fixed", "constant"):
        return _number(float(data["value"]))
    parts = []
    for key, v in data.items():
        if v is None:
            continue
        if isinstance(v, list):
            parts.append(f"{key} {', '.join(_number(float(x)) for x in v)}")
        else:
            parts.append(f"{key} {_number(float(v))}")
    return f"{names.get(dist, dist)} ({'; '.join(parts)})"


def _number(x: float) -> str:
    if x.is_integer():
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.2f}"
    return f"{x:g}"


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
