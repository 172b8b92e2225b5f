"""The monitoring report's view-model: the RAG table, the movement since the last period, the
forecast chart, and the recommendations' status and the work programme, all in words.

Shared by the monitoring report (HTML, PDF, Word), the tracker page and `scrutiny monitor
forecast`. Pure: the forecast and the rows come in as values.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scrutiny.domain.delivery import RAG_WORDS, RAGS
from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.percent import percent
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import day_words
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.risk.forecast import Band, ProposalForecast, YearForecast

ILLUSTRATIVE_NOTE = (
    "Illustrative: these monitoring returns are made up to show how the tracker and the "
    "forecast work. They are not the council's reported figures."
)


@dataclass(frozen=True)
class RecommendationRow:
    """A recommendation of the committee, with who owns it and where it stands, in words."""

    text: str
    owner: str
    due_words: str
    status_words: str
    overdue: bool = False

    @property
    def status_shown(self) -> str:
        """Where it stands, led by "Overdue" in words when it is."""
        return f"Overdue: {self.status_words}" if self.overdue else self.status_words


@dataclass(frozen=True)
class ProgrammeRow:
    """A work programme item: what the committee will look at, when, and the proposals it
    follows."""

    title: str
    date_words: str
    proposals: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrackerRow:
    ref: str
    title: str
    service: str
    owner: str
    """The officer the register names as accountable for the saving, or else the officer who
    reported it (``—`` when neither is known)."""
    rag: str
    """``green``, ``amber`` or ``red``."""
    rag_words: str
    target: str
    delivered: str
    forecast: str
    band: str
    movement: str
    commentary: str
    mitigations: str
    replacement: str
    reported: str
    """Who reported it, when, with what evidence (or that nothing is reported yet)."""
    evidence: str
    held_red: bool = False
    named_owner: str | None = None
    """The officer the register names as accountable for the saving, when it names one."""

    @property
    def heading(self) -> str:
        """``THR-CSC-01: Deletion of posts (owner: Head of Service)``."""
        owner = f" (owner: {self.named_owner})" if self.named_owner else ""
        return f"{self.ref}: {self.title}{owner}"


@dataclass(frozen=True)
class MonitoringView:
    council: str
    year: str
    period_words: str
    rows: list[TrackerRow]
    summary: list[str]
    chart: ChartSpec | None
    recommendations: list[RecommendationRow] = field(default_factory=list)
    programme: list[ProgrammeRow] = field(default_factory=list)
    illustrative: bool = False
    generated: str = ""

    @property
    def title(self) -> str:
        return f"{self.council}: savings monitoring, {self.year}"

    def counts(self) -> dict[str, int]:
        return {rag: sum(1 for r in self.rows if r.rag == rag) for rag in RAGS}


def band_words(band: Band) -> str:
    return f"{format_gbp_rounded(band.p10)} to {format_gbp_rounded(band.p90)}"


def movement_words(amount: float) -> str:
    """``up £50k``, ``down £120k`` or ``no change`` (below £500)."""
    if abs(amount) < 500:
        return "no change"
    return f"{'up' if amount > 0 else 'down'} {format_gbp_rounded(abs(amount))}"


def _reported(p: ProposalForecast) -> tuple[str, str]:
    r = p.reported
    if r is None:
        return "No return yet: the forecast is the simulation of the plan", "—"
    words = f"{r.reported_by}, {day_words(r.reported_on)} ({r.period.label})"
    return words, r.evidence or "No evidence given"


def tracker_rows(forecast: YearForecast, pf: ProposalFile) -> list[TrackerRow]:
    """One row per proposal monitored, red first."""
    rows = []
    for p in forecast.proposals:
        proposal = pf.proposal(p.ref)
        reported, evidence = _reported(p)
        r = p.reported
        rag_words = RAG_WORDS[p.rag]
        if p.held_red:
            rag_words += " (kept red: the evidence has not changed since it was reported red)"
        rows.append(
            TrackerRow(
                ref=p.ref,
                title=proposal.title,
                service=proposal.service or "—",
                owner=proposal.owner or (r.reported_by if r else "—"),
                rag=p.rag,
                rag_words=rag_words,
                target=format_gbp_rounded(p.target),
                delivered=format_gbp_rounded(p.delivered_to_date),
                forecast=format_gbp_rounded(p.forecast.p50),
                band=band_words(p.forecast),
                movement=movement_words(p.movement),
                commentary=(r.commentary if r else None) or "—",
                mitigations=(r.mitigations if r else None) or "—",
                replacement=format_gbp_rounded(r.replacement) if r and r.replacement else "—",
                reported=reported,
                evidence=evidence,
                held_red=p.held_red,
                named_owner=proposal.owner,
            )
        )
    return rows


def summary_lines(council: str, forecast: YearForecast) -> list[str]:
    """The position in sentences: the year-end forecast, movement, and what falls into next year."""
    plan = forecast.plan
    when = (
        f"after the {forecast.period.label} returns"
        if forecast.period
        else "before any return (the simulation of the plan alone)"
    )
    share = plan.forecast.p50 / plan.target if plan.target > 0 else None
    lines = [
        f"{council} planned {format_gbp_rounded(plan.target)} of savings in {forecast.year}. "
        f"{format_gbp_rounded(plan.delivered_to_date)} is reported delivered so far.",
        f"The year-end forecast {when} is {format_gbp_rounded(plan.forecast.p50)} "
        f"({percent(share)} of the target), between "
        f"{format_gbp_rounded(plan.forecast.p10)} and {format_gbp_rounded(plan.forecast.p90)} "
        "four times in five.",
        f"Since the previous period the forecast has moved {movement_words(plan.movement)}."
        if forecast.period
        else "There is no earlier period to compare with.",
    ]
    if plan.carried_forward > 0:
        lines.append(
            f"{format_gbp_rounded(plan.carried_forward)} is expected to fall into next year's "
            f"plan, of which {format_gbp_rounded(plan.slippage)} is savings running late "
            "rather than lost."
        )
    return lines


def forecast_chart(forecast: YearForecast) -> ChartSpec | None:
    """The existing delivery chart: each proposal's forecast (P50) inside its target, with its
    RAG rating in words."""
    shown = forecast.proposals
    if not shown:
        return None
    words = "; ".join(
        f"{p.ref} forecast {format_gbp_rounded(p.forecast.p50)} of "
        f"{format_gbp_rounded(p.target)}, rated {RAG_WORDS[p.rag]}"
        for p in shown
    )
    return ChartSpec(
        kind="delivery",
        key=f"monitor-{forecast.year}",
        title=f"Year-end forecast against target by proposal, {forecast.year}",
        alt=(
            "Bar chart of each proposal's year-end forecast inside its target for the year, "
            f"each bar labelled with its share of the target and its RAG rating in words: {words}."
        ),
        labels=tuple(p.ref for p in shown),
        series=(
            ("target", tuple(p.target for p in shown)),
            ("expected", tuple(p.forecast.p50 for p in shown)),
            ("rag", tuple(float(RAGS.index(p.rag)) for p in shown)),
        ),
    )


def monitoring_view(
    council: str,
    forecast: YearForecast,
    pf: ProposalFile,
    *,
    recommendations: Sequence[RecommendationRow] = (),
    programme: Sequence[ProgrammeRow] = (),
    illustrative: bool = False,
    today: datetime.date | None = None,
) -> MonitoringView:
    period = forecast.period.label if forecast.period else "the budget (no returns yet)"
    return MonitoringView(
        council=council,
        year=forecast.year,
        period_words=period,
        rows=tracker_rows(forecast, pf),
        summary=summary_lines(council, forecast),
        chart=forecast_chart(forecast),
        recommendations=list(recommendations),
        programme=list(programme),
        illustrative=illustrative,
        generated=day_words(today) if today else "",
    )


def forecast_lines(council: str, forecast: YearForecast, titles: Mapping[str, str]) -> list[str]:
    """`scrutiny monitor forecast` as text: the summary, then a line per proposal."""
    lines = summary_lines(council, forecast)
    for p in forecast.proposals:
        lines.append(
            f"{p.ref} {titles.get(p.ref, '')}: {RAG_WORDS[p.rag]}; "
            f"{format_gbp_rounded(p.delivered_to_date)} delivered of "
            f"{format_gbp_rounded(p.target)}; forecast {format_gbp_rounded(p.forecast.p50)} "
            f"({band_words(p.forecast)}), {movement_words(p.movement)}"
        )
    return lines
