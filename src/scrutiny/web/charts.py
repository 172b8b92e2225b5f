"""A small accessible SVG chart of a proposal's simulated savings against its target."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

from scrutiny.domain.money import format_gbp, format_gbp_short
from scrutiny.domain.money import format_gbp_rounded as rounded
from scrutiny.domain.results import ProposalSimulation
from scrutiny.reports import fan_chart
from scrutiny.reports import projection_chart as projection
from scrutiny.reports.projection_chart import Fan

WIDTH = 640
HEIGHT = 320
LEFT = 80
"""Room for the value axis's labels [px]."""
RIGHT = 16
TOP = 44
"""Room for the legend [px]."""
BOTTOM = 40
"""Room for the years [px]."""


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) spanning [low, high], zero among
    them when the span crosses it: `nice_ticks(-1.2e6, 2.5e6)` → `[-2e6, -1e6, 0, ..., 3e6]`."""
    if high - low < 1.0:  # under a pound apart (or equal): a one-pound span
        high = low + 1.0
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    if first > low:  # a value too small to divide by the step (a denormal) still needs a tick
        first -= step
    if last < high:
        last += step
    n = round((last - first) / step)
    return [first + i * step for i in range(n + 1)]


def simulation_chart(sim: ProposalSimulation) -> str:
    """Bars for the median cumulative saving per year (below the zero line when the saving is
    negative), 10th–90th percentile whiskers and the cumulative target as a red mark, with a
    value axis in pounds, the years along the bottom and a legend [GBP]. Returns SVG markup
    with a text alternative."""
    years = list(sim.years)
    if not years:
        return ""
    stats = list(sim.years.values())
    values = [v for s in stats for v in (s.p10, s.p50, s.p90, s.cumulative_target)]
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    low, high = ticks[0], ticks[-1]
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / len(years)

    def y(v: float) -> float:
        return TOP + (high - v) / (high - low) * plot_h

    summary = "; ".join(
        f"{yr} target {rounded(s.cumulative_target)}, "
        + (
            f"expected {rounded(s.mean)} ({s.mean / s.cumulative_target:.0%}), "
            f"{rounded(s.at_risk)} at risk, rated {s.rag}, "
            if s.rag is not None and s.has_target
            else "no target to rate, "
        )
        + f"median {format_gbp(s.p50)} (10th to 90th percentile {format_gbp(s.p10)} to "
        f"{format_gbp(s.p90)})"
        for yr, s in sim.years.items()
    )
    parts = [
        f'<svg class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Simulated cumulative saving against target, by year: '
        + escape(summary)
        + "</title>",
    ]
    for t in ticks:
        cls = "app-axis-zero" if t == 0 else "app-grid"
        parts.append(
            f'<line class="{cls}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
        )
        parts.append(
            f'<text class="app-tick" x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end">'
            f"{escape(format_gbp_short(t))}</text>"
        )
    for i, (yr, s) in enumerate(sim.years.items()):
        w = min(slot * 0.5, 120.0)
        x = LEFT + i * slot + (slot - w) / 2
        top, bottom = sorted((y(s.p50), y(0.0)))
        parts.append(
            f'<rect class="app-bar" x="{x:.1f}" y="{top:.1f}" width="{w:.1f}" '
            f'height="{max(bottom - top, 0.0):.1f}"/>'
        )
        cx = x + w / 2
        parts.append(
            f'<line class="app-range" x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(s.p10):.1f}" '
            f'y2="{y(s.p90):.1f}"/>'
        )
        for v in (s.p10, s.p90):
            parts.append(
                f'<line class="app-range" x1="{cx - 6:.1f}" x2="{cx + 6:.1f}" y1="{y(v):.1f}" '
                f'y2="{y(v):.1f}"/>'
            )
        parts.append(
            f'<line class="app-target" x1="{x - 6:.1f}" x2="{x + w + 6:.1f}" '
            f'y1="{y(s.cumulative_target):.1f}" y2="{y(s.cumulative_target):.1f}"/>'
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">{escape(yr)}</text>'
        )
    parts.append(_legend())
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> str:
    """Three keys across the top: median bar, percentile range, target."""
    y = 16
    return (
        f'<g class="app-legend">'
        f'<rect class="app-bar" x="{LEFT}" y="{y - 9}" width="14" height="14"/>'
        f'<text x="{LEFT + 20}" y="{y + 2}">Median saving</text>'
        f'<line class="app-range" x1="{LEFT + 150}" x2="{LEFT + 150}" y1="{y - 9}" y2="{y + 5}"/>'
        f'<text x="{LEFT + 160}" y="{y + 2}">10th to 90th percentile</text>'
        f'<line class="app-target" x1="{LEFT + 330}" x2="{LEFT + 350}" y1="{y - 2}" y2="{y - 2}"/>'
        f'<text x="{LEFT + 358}" y="{y + 2}">Cumulative target</text>'
        "</g>"
    )


# The children looked after projection: the briefing's projection chart (`reports.projection_chart`)
# as inline SVG, the published years leading into the projected ones.

PROJECTION_TITLE_ID = "projection-chart-title"


def projection_chart(
    history: Sequence[tuple[int, float]],
    fans: Sequence[tuple[int, Fan]],
    with_levers: Sequence[float] = (),
) -> str:
    """The fan chart of the projection as inline SVG markup: the published counts on each 31
    March as a grey line, then the projected median with its 80% and 95% ranges as shaded
    bands starting from the last published count, and the median with savings levers pulled
    when given, children on the upright axis and the years along the bottom, all labelled in
    words; its `<title>` states the figures."""
    if not history or not fans:
        return ""
    spec = projection.outlook_spec(history, fans, with_levers=with_levers)
    markup = fan_chart.to_svg(projection.layout(spec), spec.alt).decode("utf-8")
    markup = markup[markup.index("<svg") :]
    markup = re.sub(r' width="[^"]*pt" height="[^"]*pt"', ' width="100%"', markup, count=1)
    return markup.replace(
        "<svg ",
        f'<svg class="app-projection-chart" role="img" aria-labelledby="{PROJECTION_TITLE_ID}" ',
        1,
    ).replace("<title>", f'<title id="{PROJECTION_TITLE_ID}">', 1)
