"""`scrutiny benchmark COUNCIL`: a council's published figures beside England, its region and
its ten statistical neighbours; with `--proposals FILE`, the file's assumptions beside them.

`--as-at DATE` uses each dataset's latest period that ended before DATE and the DfE statistical
neighbours in force then; with `--proposals`, the file's meeting date is the default.
`--neighbours similar` compares with our own similar councils instead of the DfE's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from scrutiny.cli.output import Format, command, emit_json, parse_as_at, stdout

if TYPE_CHECKING:
    from scrutiny.national.assumptions import AssumptionCheck
    from scrutiny.national.compare import Benchmark, Figure

MISSING = "missing"
DATASETS = {
    "cla": "Children looked after",
    "workforce": "Social work workforce",
    "cin": "Children in need and child protection",
    "spend": "Spending (MHCLG RO3)",
}


def _number(value: float, unit: str) -> str:
    sign = "-" if value < 0 else ""
    if unit == "gbp":
        return f"{sign}£{abs(value):,.0f}"
    if unit == "gbp_thousand":
        return f"{sign}£{abs(value) / 1000:,.1f}m"
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,.1f}".removesuffix(".0")


def _figure(f: Figure, unit: str) -> str:
    if f.value is None:
        return f"{MISSING} ({f.missing})"
    text = _number(f.value, unit)
    return f"{text} (combined return: {f.area})" if f.area else text


def _sources(*figures: Figure) -> str:
    return ", ".join(sorted({f.source for f in figures if f.source})) or "—"


def _render(result: Benchmark) -> None:
    from rich.console import Console
    from rich.table import Table

    probe = Console()
    console = Console(highlight=False, width=probe.width if probe.is_terminal else 200)
    region = result.region.name if result.region else "Region"
    when = f"as at {result.as_at:%-d %B %Y}" if result.as_at else f"for {result.year}"
    console.print(
        f"{result.council.name} ({result.council.ons_code}, LA {result.council.code}), "
        f"{region}: published figures {when}"
    )
    if result.as_at:
        console.print(
            "Latest periods ended before then: "
            + "; ".join(f"{DATASETS[k]}: {v}" for k, v in result.periods.items())
        )
    group = result.neighbour_set
    console.print(
        f"{group.name[:1].upper()}{group.name[1:]}: "
        + (", ".join(n.name for n in result.neighbours) or "none")
    )
    console.print(f"  {group.method}" + (f" {group.note}" if group.note else ""))
    if group.publication:
        console.print(f"  Source: {group.publication} <{group.url}>")
    table = Table(show_lines=False, pad_edge=False)
    for title in (
        "Indicator",
        result.council.name,
        "England",
        region,
        "Neighbours: median (range, n)",
        "Rank",
        "Q",
        "Better",
        "Source",
    ):
        table.add_column(title, overflow="fold", no_wrap=title == "Indicator")
    shown = None
    for row in result.rows:
        ind, s = row.indicator, row.similar
        if ind.dataset != shown:
            shown = ind.dataset
            table.add_section()
            table.add_row(f"[bold]{DATASETS[shown]}, {result.periods[shown]}[/bold]")
        similar = "—"
        if s.median is not None and s.low is not None and s.high is not None:
            similar = (
                f"{_number(s.median, ind.unit)} ({_number(s.low, ind.unit)}–"
                f"{_number(s.high, ind.unit)}, {s.count})"
            )
        table.add_row(
            ind.label,
            _figure(row.council, ind.unit),
            _figure(row.england, ind.unit),
            _figure(row.region, ind.unit),
            similar,
            f"{row.rank} of {row.of}" if row.rank else "—",
            str(row.quartile) if row.quartile else "—",
            ind.direction or "—",
            _sources(row.council, row.england, row.region),
        )
    console.print(table)
    console.print("Rank 1 = the lowest value among councils; quartile 1 = the lowest quarter.")
    used = sorted(
        {
            part
            for r in result.rows
            for f in (r.council, r.england, r.region)
            if f.source
            for part in f.source.split("+")
        }
    )
    from scrutiny.workflows.benchmark import dataset

    sources = dataset().sources
    for sid in used:
        if sid in sources:
            console.print(f"  {sid}: {sources[sid].publication} <{sources[sid].url}>")


def _render_checks(checks: list[AssumptionCheck]) -> None:
    console = stdout()
    if not checks:
        console.print("No model input in the file has a published benchmark.")
        return
    console.print("Assumptions beside published figures:")
    for check in checks:
        mark = {"below": "OUTSIDE", "above": "OUTSIDE"}.get(check.status, check.status)
        console.print(f"  [{mark}] {check.message}", markup=False)


@command
def benchmark(
    council: str = typer.Argument(
        ..., help="Council: DfE name, ONS code (E06000034) or LA number (883).", show_default=False
    ),
    year: int | None = typer.Option(
        None, "--year", help="Year of 31 March (workforce: 30 September census of that year)."
    ),
    as_at: str | None = typer.Option(
        None,
        "--as-at",
        help="Compare as at this date (YYYY-MM-DD): the latest periods ended before it and the "
        "DfE statistical neighbours in force then. Default with --proposals: the meeting date.",
    ),
    neighbours: str = typer.Option(
        "dfe",
        "--neighbours",
        help="dfe: the DfE statistical neighbours; similar: this tool's own similar councils.",
    ),
    proposals: Path | None = typer.Option(
        None, "--proposals", help="Also put this proposal file's assumptions beside the figures."
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
) -> None:
    """The council's published figures beside England, its region and its neighbours."""
    from scrutiny.workflows.benchmark import run_assumption_checks, run_benchmark

    date = parse_as_at(as_at)
    pf = None
    if proposals is not None:
        from scrutiny.workflows.validate import load

        pf = load(proposals)
        if date is None and year is None:
            date = pf.meeting_date
    result = run_benchmark(council, year=year, as_at=date, neighbours=neighbours)
    checks = None
    if pf is not None:
        checks = run_assumption_checks(
            pf,
            council=council,
            year=None if date else result.year,
            as_at=date,
            neighbours=neighbours,
        )
    if fmt is Format.json:
        data = result.to_json()
        if checks is not None:
            data["assumptions"] = [c.to_json() for c in checks]
        emit_json(data)
        return
    _render(result)
    if checks is not None:
        _render_checks(checks)


def register(app: typer.Typer) -> None:
    app.command("benchmark")(benchmark)
