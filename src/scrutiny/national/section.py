"""The benchmarking section of the committee's report, as a view-model (pure).

Built from a `Benchmark` and the proposal file's `AssumptionCheck`s; report writers lay it out
and draw its charts without recomputing a figure. Every figure keeps its period and source, and a
missing value stays None (printed as "missing", drawn as a gap).
"""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.national.assumptions import AssumptionCheck
from scrutiny.national.compare import Bar, Benchmark, Row

# The indicators the report shows: the ones savings in children's services most often rest on.
KEY_MEASURES = (
    "cla_rate_per_10k",
    "placement_foster_percent",
    "vacancy_rate_fte",
    "agency_rate_fte",
    "turnover_rate_fte",
    "caseload_fte",
    "cla_net_expenditure_per_child_looked_after",
)
# The indicators drawn as bar charts (council, England, region, similar councils).
CHART_MEASURES = ("vacancy_rate_fte", "caseload_fte", "cla_rate_per_10k")


@dataclass(frozen=True)
class Chart:
    measure: str
    title: str  # e.g. "Vacancy rate, 30 September 2024"
    unit: str
    bars: list[Bar]


@dataclass(frozen=True)
class BenchmarkSection:
    """What the report's benchmarking section prints."""

    benchmark: Benchmark
    rows: list[Row]  # the key indicators, in KEY_MEASURES order
    charts: list[Chart]
    checks: list[AssumptionCheck]  # every benchmarked assumption
    outside: list[AssumptionCheck]  # those below or above the range (rule D12)
    similar_method: str  # which councils are compared with, in a sentence or two
    neighbours_name: str = "statistical neighbours"  # e.g. "DfE statistical neighbours (…)"


def build_section(benchmark: Benchmark, checks: list[AssumptionCheck]) -> BenchmarkSection:
    rows = [benchmark.row(m) for m in KEY_MEASURES]
    charts = [
        Chart(
            measure=m,
            title=f"{benchmark.row(m).indicator.label}, {benchmark.row(m).council.period}",
            unit=benchmark.row(m).indicator.unit,
            bars=benchmark.chart(m),
        )
        for m in CHART_MEASURES
    ]
    group = benchmark.neighbour_set
    method = " ".join(x for x in (group.method, group.note) if x)
    if benchmark.as_at is not None:
        method += (
            f" Figures are as at {benchmark.as_at:%-d %B %Y}: the latest period that ended "
            "before then, nothing published about a later period."
        )
    return BenchmarkSection(
        benchmark=benchmark,
        rows=rows,
        charts=charts,
        checks=list(checks),
        outside=[c for c in checks if c.outside],
        similar_method=method,
        neighbours_name=group.name,
    )
