"""What each chart shows, as data, with the text alternative that says it in words (pure).

A `ChartSpec` is everything `charts.py` needs to draw a chart and everything a reader without
the picture needs to understand it: the `alt` text states the figures the chart shows.
Amounts are in pounds [GBP].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrutiny.domain.delivery import DEFAULT, RAGS
from scrutiny.domain.money import format_gbp_rounded, format_gbp_short
from scrutiny.domain.percent import percent
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import Driver, ProposalSimulation
from scrutiny.models import registry
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reports.wording import input_label

if TYPE_CHECKING:
    from scrutiny.reports.view import ProposalRow, SummaryYear, YearRow

Series = tuple[tuple[str, tuple[float, ...]], ...]


@dataclass(frozen=True)
class ChartSpec:
    """One chart: kind, the figures it plots, and its caption and text alternative."""

    kind: str  # fan | distribution | tornado | caseload | waterfall | delivery | projection
    key: str
    title: str
    alt: str
    labels: tuple[str, ...]
    series: Series
    marker: float | None = None
    marker_label: str | None = None
    axis: str | None = None
    """The upright axis's title, for a kind that does not fix it (projection)."""

    def values(self, name: str) -> tuple[float, ...]:
        return dict(self.series)[name]


MIN_DRIVER = 0.05
"""Rank correlations smaller than this are not drawn: the saving does not move with the input."""
WATERFALL_BARS = 12
"""Most bars for proposals in the portfolio waterfall [count]: a longer register shows its 11
largest proposals and the rest added up in one bar, so every label can be read."""
DELIVERY_BARS = 12
"""Most proposals in the delivery chart [count]: a longer register shows the 12 with the most
money at risk, and says so in the title."""
MIN_TORNADO_BARS = 2
"""Fewest inputs for a drivers chart [count]: one bar compares nothing, so a single input that
moves the saving is named in a sentence (`driver_note`) instead."""


def _spread(sim: ProposalSimulation) -> bool:
    """Whether the binned saving varies at all (a certain saving has nothing to draw) [GBP]."""
    hist = sim.histogram
    if hist is None or hist.total == 0:
        return False
    width = hist.edges[-1] - hist.edges[0]
    return width > max(1.0, 1e-4 * abs(hist.edges[-1]))


def _pct(share: float) -> str:
    return percent(share, "signed")


def proposal_charts(
    p: Proposal,
    sim: ProposalSimulation | None,
    rows: Sequence[YearRow],
    parameters: ParameterSet | None = None,
    materiality: float = DEFAULT.materiality,
) -> list[ChartSpec]:
    """The charts for one proposal: fan, distribution, drivers, caseload (where they apply)."""
    if sim is None:
        return []
    charts = []
    simulated = [r for r in rows if r.p50 is not None]
    if any(r.cumulative_target or r.p10 or r.p90 for r in simulated):  # not all zero
        charts.append(_fan(p.ref, simulated))
    if sim.histogram is not None and _spread(sim):
        charts.append(_distribution(p, sim, materiality))
    if len(_strong(sim)) >= MIN_TORNADO_BARS:
        charts.append(_tornado(p, sim))
    caseload = _caseload(p, sim, parameters)
    if caseload is not None:
        charts.append(caseload)
    return charts


def _fan(ref: str, rows: Sequence[YearRow]) -> ChartSpec:
    def col(attr: str) -> tuple[float, ...]:
        return tuple(float(getattr(r, attr) or 0.0) for r in rows)

    def expected(r: YearRow) -> str:
        d = r.delivery
        if d is None:
            return ""
        return f", expected {d.expected_text}, {d.at_risk_text} at risk, rated {d.rag}"

    words = "; ".join(
        f"{r.year}: target {format_gbp_rounded(r.cumulative_target)}{expected(r)}, four times in "
        f"five between {format_gbp_rounded(r.p10 or 0)} and {format_gbp_rounded(r.p90 or 0)}, "
        f"median {format_gbp_rounded(r.p50 or 0)}"
        for r in rows
    )
    return ChartSpec(
        kind="fan",
        key=f"fan-{ref}",
        title=f"{ref}: delivered saving against target, by year",
        alt=(
            f"Fan chart of the cumulative saving {ref} delivers in each year, the middle 80% "
            f"of simulations shaded, the median as a line and the target as a dashed line. {words}."
        ),
        labels=tuple(r.year for r in rows),
        series=(
            ("target", col("cumulative_target")),
            ("p10", col("p10")),
            ("p50", col("p50")),
            ("p90", col("p90")),
        ),
    )


def _distribution(p: Proposal, sim: ProposalSimulation, materiality: float) -> ChartSpec:
    hist = sim.histogram
    assert hist is not None
    target = p.cumulative_target(hist.year)
    stats = sim.years.get(hist.year)
    measured = stats is not None and stats.has_target and stats.rag is not None
    meet = (
        f" Expected delivery {format_gbp_rounded(stats.mean)} "
        f"({_pct(stats.mean / stats.cumulative_target)} of the target), "
        f"{format_gbp_rounded(stats.at_risk)} at risk: rated {stats.rag}."
        if stats is not None and measured
        else ""
    )
    if stats is not None and measured and stats.p_meet_target is not None:
        meet += (
            f" In {_pct(stats.p_meet_target)} of simulations the saving reaches at least "
            f"{_pct(1 - materiality)} of the target."
        )
    below = sum(
        c for c, lo, hi in zip(hist.counts, hist.edges, hist.edges[1:], strict=False) if hi <= 0
    )
    loss = (
        f" In {_pct(below / hist.total)} of simulations the saving is zero or an overspend."
        if below
        else ""
    )
    return ChartSpec(
        kind="distribution",
        key=f"dist-{p.ref}",
        title=f"{p.ref}: distribution of the delivered saving in {hist.year}",
        alt=(
            f"Histogram of the saving {p.ref} delivers in {hist.year} across {hist.total:,} "
            f"simulations, from {format_gbp_rounded(hist.edges[0])} to "
            f"{format_gbp_rounded(hist.edges[-1])}, with the target of "
            f"{format_gbp_rounded(target)} and the expected delivery marked.{meet}{loss}"
        ),
        labels=(hist.year,),
        series=(
            ("edges", tuple(hist.edges)),
            ("counts", tuple(float(c) for c in hist.counts)),
            *((("expected", (stats.mean,)),) if stats is not None else ()),
        ),
        marker=target,
        marker_label="target",
    )


def _strong(sim: ProposalSimulation) -> list[Driver]:
    """The inputs the saving moves with, strongest first, at most eight."""
    return [d for d in sim.drivers if abs(d.rank_correlation) >= MIN_DRIVER][:8]


def driver_note(sim: ProposalSimulation | None, model_type: str = "") -> str | None:
    """The sentence that stands for the drivers chart when only one input moves the saving."""
    strong = _strong(sim) if sim is not None else []
    if len(strong) != 1:
        return None
    d = strong[0]
    return (
        f"One uncertain input drives the saving: {_label(model_type, d.input).lower()}, whose "
        f"rank correlation with the delivered saving is {d.rank_correlation:+.2f} (no chart is "
        "drawn for a single input)."
    )


def _label(model_type: str, name: str) -> str:
    """An input as people name it (``New fostering households a year``), not its variable."""
    return input_label(registry.input_spec(model_type, name), name)


def _tornado(p: Proposal, sim: ProposalSimulation) -> ChartSpec:
    ref = p.ref
    drivers = _strong(sim)
    labels = [_label(p.model_type, d.input) for d in drivers]
    words = "; ".join(
        f"{label} {d.rank_correlation:+.2f}" for label, d in zip(labels, drivers, strict=True)
    )
    return ChartSpec(
        kind="tornado",
        key=f"drivers-{ref}",
        title=f"{ref}: what drives the saving",
        alt=(
            f"Bar chart of the rank correlation of each uncertain input with the saving {ref} "
            f"delivers in its last year, strongest first: {words}."
        ),
        labels=tuple(labels),
        series=(("rank_correlation", tuple(d.rank_correlation for d in drivers)),),
    )


def caseload_threshold(
    p: Proposal, sim: ProposalSimulation, parameters: ParameterSet | None = None
) -> float | None:
    """The caseload threshold [cases per FTE] the model used: the proposal's own input, else
    the model's output, else the parameter the model takes its default from."""
    value = p.model.inputs.get("caseload_threshold") if p.model else None
    if isinstance(value, int | float):
        return float(value)
    for year in sim.outputs.values():
        given = year.get("caseload_threshold")
        if given is not None:
            return float(given)
    try:
        specs = registry.get(p.model_type).inputs
    except KeyError:
        return None
    name = next((s.parameter for s in specs if s.name == "caseload_threshold"), None)
    if name and parameters is not None and name in parameters:
        years = p.target_years() or list(sim.years)
        return parameters.value(name, years[0] if years else None)
    return None


def _caseload(
    p: Proposal, sim: ProposalSimulation, parameters: ParameterSet | None
) -> ChartSpec | None:
    years = [y for y, out in sim.outputs.items() if out.get("caseload_mean") is not None]
    threshold = caseload_threshold(p, sim, parameters)
    if not years or threshold is None:
        return None
    mean = tuple(float(sim.outputs[y]["caseload_mean"] or 0) for y in years)
    p90 = tuple(
        float(sim.outputs[y].get("caseload_p90") or m) for y, m in zip(years, mean, strict=True)
    )
    words = "; ".join(
        f"{y}: average {m:.1f}, one time in ten above {h:.1f}"
        for y, m, h in zip(years, mean, p90, strict=True)
    )
    return ChartSpec(
        kind="caseload",
        key=f"caseload-{p.ref}",
        title=f"{p.ref}: caseload per social worker against the threshold",
        alt=(
            f"Bar chart of open cases per case-holding FTE for {p.ref} by year, the average and "
            "the level exceeded one time in ten, "
            f"with the threshold of {threshold:g} cases marked. {words}."
        ),
        labels=tuple(years),
        series=(("mean", mean), ("p90", p90)),
        marker=threshold,
        marker_label="threshold",
    )


def portfolio_charts(pf: ProposalFile, years: Sequence[SummaryYear]) -> list[ChartSpec]:
    """The waterfall of the live proposals' total targets, against the funding gap: every
    proposal in a short register; in a long one the largest, and the rest added up in one bar."""
    live = [p for p in pf.proposals if not p.is_removed and p.total_target() > 0]
    if not live:
        return []
    gap = sum(y.funding_gap or 0 for y in years)
    total = sum(p.total_target() for p in live)
    against = (
        f" against a funding gap of {format_gbp_short(gap)} ({_pct(total / gap)} of it)"
        if gap
        else ""
    )
    steps = "; ".join(f"{p.ref} {format_gbp_short(p.total_target())}" for p in live)
    labels = [p.ref for p in live]
    targets = [p.total_target() for p in live]
    title = "Savings targets by proposal against the funding gap"
    if len(live) > WATERFALL_BARS:
        largest = sorted(live, key=lambda p: -p.total_target())[: WATERFALL_BARS - 1]
        rest = [p for p in live if p not in largest]
        labels = [p.ref for p in largest] + [f"{len(rest)} others"]
        targets = [p.total_target() for p in largest] + [sum(p.total_target() for p in rest)]
        title = (
            f"Savings targets of the {len(largest)} largest proposals and of the other "
            f"{len(rest)} together, against the funding gap"
        )
    return [
        ChartSpec(
            kind="waterfall",
            key="waterfall",
            title=title,
            alt=(
                f"Waterfall chart adding up each proposal's savings target over the plan: {steps}; "
                f"total {format_gbp_short(total)}{against}."
            ),
            labels=tuple(labels),
            series=(("target", tuple(targets)),),
            marker=gap or None,
            marker_label="funding gap" if gap else None,
        )
    ]


def delivery_charts(rows: Sequence[ProposalRow]) -> list[ChartSpec]:
    """Each rated proposal's expected delivery against its cumulative target in its hardest
    year, with the RAG rating in words: the proposals with the most money at risk first."""
    rated = [(r, r.delivery) for r in rows if r.delivery is not None]
    if not rated:
        return []
    shown = sorted(rated, key=lambda rd: -rd[1].at_risk)[:DELIVERY_BARS]
    title = "Expected delivery against target by proposal, in each proposal's hardest year"
    if len(shown) < len(rated):
        title = (
            f"Expected delivery against target for the {len(shown)} of {len(rated)} proposals "
            "with the most money at risk, in each one's hardest year"
        )
    words = "; ".join(
        f"{r.ref} expected {d.expected_text} of {format_gbp_rounded(d.target)} by {d.year}, "
        f"{d.at_risk_text} at risk, rated {d.rag}"
        for r, d in shown
    )
    return [
        ChartSpec(
            kind="delivery",
            key="delivery",
            title=title,
            alt=(
                "Bar chart of each proposal's expected delivery inside its cumulative target, "
                "most money at risk first, each bar labelled with its share of the target and "
                f"its RAG rating in words: {words}."
            ),
            labels=tuple(r.ref for r, _ in shown),
            series=(
                ("target", tuple(d.target for _, d in shown)),
                ("expected", tuple(d.expected for _, d in shown)),
                ("rag", tuple(float(RAGS.index(d.rag)) for _, d in shown)),
            ),
        )
    ]
