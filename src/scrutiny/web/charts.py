"""A small accessible SVG chart of a proposal's simulated savings against its target."""

from __future__ import annotations

from html import escape

from scrutiny.domain.money import format_gbp_rounded as rounded
from scrutiny.domain.results import ProposalSimulation

WIDTH = 600
HEIGHT = 240
MARGIN = 40


def simulation_chart(sim: ProposalSimulation) -> str:
    """Bars for the median cumulative saving per year with 10th–90th percentile whiskers and
    the cumulative target as a red line [GBP]. Returns SVG markup with a text alternative."""
    years = list(sim.years)
    if not years:
        return ""
    top = max(max(s.p90, s.cumulative_target, 1.0) for s in sim.years.values()) * 1.1
    slot = (WIDTH - 2 * MARGIN) / len(years)
    plot_h = HEIGHT - 2 * MARGIN

    def y(v: float) -> float:
        return HEIGHT - MARGIN - max(v, 0.0) / top * plot_h

    parts = [
        f'<svg class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Simulated cumulative saving against target, by year: '
        + escape(
            "; ".join(
                f"{yr} target {rounded(s.cumulative_target)}, "
                + (
                    f"expected {rounded(s.mean)} ({s.mean / s.cumulative_target:.0%}), "
                    f"{rounded(s.at_risk)} at risk, rated {s.rag}, median {rounded(s.p50)}"
                    if s.rag is not None and s.has_target
                    else f"median {rounded(s.p50)}, no target to rate"
                )
                for yr, s in sim.years.items()
            )
        )
        + "</title>",
    ]
    for i, (yr, s) in enumerate(sim.years.items()):
        x = MARGIN + i * slot + slot * 0.2
        w = slot * 0.6
        parts.append(
            f'<rect class="app-bar" x="{x:.1f}" y="{y(s.p50):.1f}" width="{w:.1f}" '
            f'height="{HEIGHT - MARGIN - y(s.p50):.1f}"/>'
        )
        cx = x + w / 2
        parts.append(
            f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(s.p10):.1f}" y2="{y(s.p90):.1f}" '
            'stroke="#0b0c0c" stroke-width="2"/>'
        )
        parts.append(
            f'<line class="app-target" x1="{x - 4:.1f}" x2="{x + w + 4:.1f}" '
            f'y1="{y(s.cumulative_target):.1f}" y2="{y(s.cumulative_target):.1f}"/>'
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{HEIGHT - MARGIN + 16}" text-anchor="middle">{escape(yr)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
