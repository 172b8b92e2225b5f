"""An HTML page summarising the register: each council's proposals, savings by year [GBP],
status, model and evidence, with the funding gap and (when simulated) the probability of
meeting each year's target. Written by `scrutiny demo`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from scrutiny.domain.money import format_gbp, format_gbp_rounded
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.reports.atomic import write_atomically


@dataclass(frozen=True)
class RegisterEntry:
    """One council's register as stored, with what else the demo produced for it."""

    pf: ProposalFile
    version: int
    summary: SimulationSummary | None = None
    challenge: ChallengeReport | None = None
    files: list[tuple[str, str]] = field(default_factory=list)
    """(label, path relative to the page) of the council's other outputs."""


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("scrutiny.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["gbp"] = lambda v: "" if v is None else format_gbp(v)
    env.filters["share"] = lambda v: "" if v is None else f"{v:.0%}"
    env.filters["rounded"] = lambda v: "" if v is None else format_gbp_rounded(v)
    env.filters["words"] = lambda v: (
        "" if v is None else str(getattr(v, "value", v)).replace("_", " ")
    )
    return env


def _council_view(entry: RegisterEntry) -> dict[str, object]:
    pf = entry.pf
    years = pf.horizon()
    last = years[-1] if years else None
    rows = []
    for p in pf.proposals:
        sim = entry.summary.for_ref(p.ref) if entry.summary else None
        stats = sim.years.get(last) if sim and last else None
        verdicts = []
        result = entry.challenge.for_ref(p.ref) if entry.challenge else None
        if result is not None:
            verdicts = [
                (q.value, result.questions[q].effective_verdict.value) for q in result.questions
            ]
        rows.append(
            {
                "p": p,
                "years": [p.savings.get(y) for y in years],
                "total": p.total_target(),
                # A proposal with nothing to save by then has no target to meet.
                "p_meet": stats.p_meet_target if stats and stats.cumulative_target else None,
                "p50": stats.p50 if stats else None,
                "stats": stats if stats and stats.cumulative_target and stats.rag else None,
                "verdicts": verdicts,
            }
        )
    active = [p for p in pf.proposals if not p.is_removed]
    removed = [p for p in pf.proposals if p.is_removed]
    gap = pf.mtfs.funding_gap if pf.mtfs else {}
    portfolio = entry.summary.portfolio.years.get(last) if entry.summary and last else None
    return {
        "pf": pf,
        "version": entry.version,
        "years": years,
        "last_year": last,
        "rows": rows,
        "year_totals": [sum(p.savings.get(y, 0) for p in active) for y in years],
        "removed_year_totals": [sum(p.savings.get(y, 0) for p in removed) for y in years],
        "total": sum(p.total_target() for p in pf.proposals),
        "total_active": sum(p.total_target() for p in active),
        "total_removed": sum(p.total_target() for p in removed),
        "removed": removed,
        "portfolio_p50": portfolio.p50 if portfolio else None,
        "portfolio": portfolio if portfolio and portfolio.cumulative_target else None,
        "portfolio_p_meet": (
            portfolio.p_meet_target if portfolio and portfolio.cumulative_target else None
        ),
        "iterations": entry.summary.iterations if entry.summary else None,
        "gap": [gap.get(y) for y in years],
        "simulated": entry.summary is not None,
        "challenged": entry.challenge is not None,
        "assumptions": len(pf.assumptions) + sum(len(p.assumptions) for p in pf.proposals),
        "evidence": sum(len(p.evidence) for p in pf.proposals),
        "files": entry.files,
    }


def render_register(entries: list[RegisterEntry], *, generated: datetime.datetime) -> str:
    """The page as HTML text."""
    template = _environment().get_template("register.html.j2")
    return template.render(
        councils=[_council_view(e) for e in entries],
        generated=generated.strftime("%d %B %Y %H:%M UTC"),
    )


def write_register(
    entries: list[RegisterEntry], path: Path, *, generated: datetime.datetime
) -> Path:
    """Write the page to `path` (through a temporary file); returns `path`."""
    html = render_register(entries, generated=generated)

    def write(tmp: Path) -> None:
        tmp.write_text(html, encoding="utf-8")

    return write_atomically(path, write)
