"""The report's "How [council] compares" section as printed records (pure).

Built from the national benchmarking section (`scrutiny.national.section.BenchmarkSection`),
which the report workflow computes from the shipped national data; this module only words and
formats it. Every value keeps its period and source; a missing value is printed as "missing"
with the reason, never as zero, and drawn as a gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.domain.money import format_gbp
from scrutiny.national.compare import Figure, Row
from scrutiny.national.section import BenchmarkSection
from scrutiny.reports.chart_specs import ChartSpec

CHART_MEASURE = "cla_rate_per_10k"
"""The indicator drawn: the rate of children looked after, which most placement savings rest on."""
COUNT_MEASURE = "cla_number"
"""Shown first in the table: the number of children looked after, the scale behind the rate."""
BAR_KIND = {"council": 0.0, "england": 1.0, "region": 2.0, "similar": 3.0}
"""How each bar's kind travels in a chart's series (a chart's series hold only numbers)."""


@dataclass(frozen=True)
class ComparisonRow:
    """One indicator: the council's figure beside England, its region and similar councils."""

    label: str
    council: str
    england: str
    region: str
    similar: str  # median and range of the similar councils
    rank: str  # "53 of 151" (1 = lowest), or "—" for counts and totals
    period: str
    source: str


@dataclass(frozen=True)
class ComparisonView:
    council: str
    region: str
    year: int
    heading: str
    intro: str
    similar_method: str
    similar_councils: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]
    chart: ChartSpec | None
    assumptions: tuple[str, ...]  # benchmarked assumptions within the published range
    outside: tuple[str, ...]  # those outside the published range (rule D12)


def format_value(value: float | None, unit: str, missing: str | None = None) -> str:
    """A published figure in its unit; a blank one as "missing" with the reason."""
    if value is None:
        return f"missing ({missing})" if missing else "missing"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "gbp":
        return format_gbp(value)
    if unit == "gbp_thousand":
        return format_gbp(value * 1000)
    if unit in ("children", "fte"):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:g}"


def _figure(f: Figure, unit: str) -> str:
    return format_value(f.value, unit, f.missing)


def _row(row: Row, neighbours: int) -> ComparisonRow:
    unit = row.indicator.unit
    s = row.similar
    if s.median is None or s.low is None or s.high is None:
        similar = "missing"
    else:
        known = "" if s.count >= neighbours else f"; {s.count} of {neighbours} published"
        similar = (
            f"{format_value(s.median, unit)} ({format_value(s.low, unit)} to "
            f"{format_value(s.high, unit)}{known})"
        )
    shown = row.council if row.council.value is not None else row.england
    period = row.council.period or row.england.period
    if row.england.period and row.england.period != period:
        period = f"{period} (England: {row.england.period})"
    return ComparisonRow(
        label=row.indicator.label,
        council=_figure(row.council, unit),
        england=_figure(row.england, unit),
        region=_figure(row.region, unit),
        similar=similar,
        rank=f"{row.rank} of {row.of}" if row.rank is not None and row.of else "—",
        period=period,
        source=shown.publication or "not published",
    )


def _chart(section: BenchmarkSection) -> ChartSpec | None:
    chart = next((c for c in section.charts if c.measure == CHART_MEASURE), None)
    if chart is None or not chart.bars:
        return None
    words = "; ".join(f"{b.label} {format_value(b.value, chart.unit)}" for b in chart.bars)
    return ChartSpec(
        kind="benchmark",
        key=f"benchmark-{chart.measure}",
        title=f"{chart.title}: {section.benchmark.council.name} beside England, its region "
        "and its neighbours",
        alt=f"Bar chart of {chart.title.lower()}: {words}.",
        labels=tuple(b.label for b in chart.bars),
        series=(
            ("value", tuple(b.value if b.value is not None else 0.0 for b in chart.bars)),
            ("missing", tuple(1.0 if b.value is None else 0.0 for b in chart.bars)),
            ("kind", tuple(BAR_KIND[b.kind] for b in chart.bars)),
        ),
    )


def build_comparison(section: BenchmarkSection) -> ComparisonView:
    """The section as the report prints it."""
    b = section.benchmark
    rows = (
        [b.row(COUNT_MEASURE)] if any(r.indicator.measure == COUNT_MEASURE for r in b.rows) else []
    )
    region = b.region.name if b.region else "its region"
    periods = ", ".join(f"{name} {period}" for name, period in _period_names(b.periods))
    return ComparisonView(
        council=b.council.name,
        region=region,
        year=b.year,
        heading=f"How {b.council.name} compares",
        intro=(
            f"{b.council.name}'s published figures beside England, {region} and its "
            f"{section.neighbours_name}, from the national statistics ({periods}). Rank counts "
            "from the "
            "lowest value (1 = lowest); a missing figure is shown as missing, never as zero."
        ),
        similar_method=section.similar_method,
        similar_councils=tuple(n.name for n in b.neighbours),
        rows=tuple(_row(r, len(b.neighbours)) for r in [*rows, *section.rows]),
        chart=_chart(section),
        assumptions=tuple(c.message for c in section.checks if not c.outside),
        outside=tuple(c.message for c in section.outside),
    )


def _period_names(periods: dict[str, str]) -> list[tuple[str, str]]:
    names = {
        "cla": "children looked after",
        "workforce": "social work workforce",
        "cin": "children in need",
        "spend": "spending",
    }
    return [(names.get(k, k), v) for k, v in periods.items()]


def not_compared(council: str) -> str:
    """The sentence printed when the council is not in the national data."""
    return (
        f"{council} is not an English council in the national statistics the product ships, "
        "so this report does not compare it with published figures."
    )
