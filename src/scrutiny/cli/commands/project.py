"""`scrutiny project (903-DIR | --council NAME)`: children looked after on each coming 31 March,
by placement, with the cost per financial year, projected from a council's SSDA903 records or
from the published figures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from scrutiny.cli.output import Format, command, emit_json, stdout
from scrutiny.domain.money import format_gbp_rounded

if TYPE_CHECKING:
    from scrutiny.workflows.projection import CouncilProjection, RecordsProjection


def _children(value: float) -> str:
    return f"{round(value):,}"


def _children_band(band: dict[str, float]) -> str:
    """The middle and the 8-in-10 range of a count of children: "203 (163 to 251)"."""
    return f"{_children(band['p50'])} ({_children(band['p10'])} to {_children(band['p90'])})"


def _render(result: CouncilProjection) -> None:
    from scrutiny.projection.aggregate import CATEGORIES, CATEGORY_LABELS

    console = stdout()
    p, h = result.projection, result.history
    console.print(
        f"{result.area.name}: children looked after, projected from the published figures to "
        f"31 March {h.years[-1]} ({_children(h.looked_after[-1])} children that day)."
    )
    r = p.rates
    console.print(
        f"Rates from {r.window[0]} to {r.window[1]}: about {r.exit_rate:.0%} of children leave care "
        f"each year; about {r.entry_rate_per_10k:.0f} in every 10,000 children start to be looked "
        "after each year. Both are derived from the published figures."
    )
    if r.own_drift < 1:
        console.print(
            f"The middle of the range keeps {r.own_drift:.0%} of the change these rates give "
            f"{result.area.name} and takes the rest from the change the same model gives all "
            "English councils together: a few yearly figures say little about one council's "
            "own direction."
        )
    console.print("")
    console.print("Children looked after (middle of the range, and the ranges):")
    for i, year in enumerate(p.years):
        low95, low, mid, high, high95 = p.fan(i)
        console.print(
            f"  31 March {year}: {_children(mid)}  (8 in 10 chance between {_children(low)} and "
            f"{_children(high)}; 19 in 20 between {_children(low95)} and {_children(high95)})"
        )
    if p.by_category:
        console.print("")
        console.print(f"By placement on 31 March {p.years[-1]} (middle, 8 in 10 range):")
        last = len(p.years) - 1
        for c in CATEGORIES:
            band = dict(zip(("p10", "p50", "p90"), p.category_band(c, last), strict=True))
            console.print(f"  {CATEGORY_LABELS[c]}: {_children_band(band)}")
    data = result.to_json()
    costs = data["cost"]["by_financial_year"]
    basis = data["cost"]["basis"]
    if costs and basis:
        console.print("")
        console.print(
            f"Cost of children looked after by financial year, at "
            f"{format_gbp_rounded(basis['per_child_per_year_gbp'])} "
            f"a child a year (net spending per child looked after in {basis['financial_year']}, "
            f"{basis['note']}):"
        )
        for fy, band in costs.items():
            console.print(f"  {fy}: {_band(band)}")
    _render_scenario(data)
    console.print("")
    console.print(
        "Projected figures are estimates from a model of entries and exits, not published figures."
    )


def _render_records(result: RecordsProjection) -> None:
    console = stdout()
    data = result.to_json()
    rec = data["records"]
    console.print(
        f"{result.source}: {rec['children']:,} children and {rec['episodes']:,} episodes of care, "
        f"projected from {data['data_to']}."
    )
    for line in rec["dropped"]:
        console.print(f"  Left out: {line}")
    console.print("")
    console.print("Children looked after (middle of the range, and the ranges):")
    for year, f in data["forecasts"].items():
        t = f["total"]
        console.print(
            f"  31 March {year}: {_children(t['p50'])}  (8 in 10 chance between "
            f"{_children(t['p10'])} and {_children(t['p90'])}; 19 in 20 between "
            f"{_children(t['p2_5'])} and {_children(t['p97_5'])})"
        )
    if data["forecasts"]:
        last = list(data["forecasts"])[-1]
        console.print("")
        console.print(f"By placement on 31 March {last} (middle, 8 in 10 range):")
        for state, band in data["forecasts"][last]["by_placement"].items():
            console.print(f"  {data['placement_labels'][state]}: {_children_band(band)}")
    if data["cost"]["by_financial_year"]:
        console.print("")
        console.print(f"Cost by financial year ({data['cost']['basis']['note']}):")
        for fy, band in data["cost"]["by_financial_year"].items():
            console.print(f"  {fy}: {_band(band)}")
    _render_scenario(data)
    console.print("")
    console.print(
        "Projected figures are estimates from a model of entries, moves and exits, not records."
    )


def _render_scenario(data: dict[str, Any]) -> None:
    """The levers' section of either projection's text: children and cost avoided."""
    scenario = data.get("scenario")
    if scenario is None:
        return
    console = stdout()
    console.print("")
    console.print("With the savings levers, children looked after (middle, 8 in 10 range):")
    for year, f in scenario["forecasts"].items():
        console.print(f"  31 March {year}: {_children_band(f['total'])}")
    console.print("Cost avoided against the baseline (middle, 8 in 10 range):")
    for fy, band in scenario["avoided_cost_by_financial_year"].items():
        console.print(f"  {fy}: {_band(band)}")
    note = scenario.get("basis", {}).get("note")
    if note:
        console.print(note)


def _band(band: dict[str, float]) -> str:
    return (
        f"{format_gbp_rounded(band['p50'])} ({format_gbp_rounded(band['p10'])} to "
        f"{format_gbp_rounded(band['p90'])})"
    )


@command
def project(
    records: Path | None = typer.Argument(
        None,
        help="A folder of SSDA903 header and episode files (a folder a year, or one stacked pair).",
        show_default=False,
    ),
    council: str | None = typer.Option(
        None,
        "--council",
        help="Or a council (DfE name, ONS code or LA number): project from the published figures.",
        show_default=False,
    ),
    data_to: int | None = typer.Option(
        None, "--data-to", help="Use only the figures up to 31 March of this year (default: all)."
    ),
    years: int = typer.Option(3, "--years", help="How many 31 Marchs ahead to project (1 to 10)."),
    scenario: Path | None = typer.Option(
        None,
        "--scenario",
        help="Savings levers (YAML or JSON) to run beside the baseline.",
        show_default=False,
    ),
    inflation: float = typer.Option(
        0.0,
        "--inflation",
        help="Yearly rise in costs from the price year of each cost figure, as a share "
        "(0.04 for 4%); default 0: each cost held at the prices of its year.",
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
) -> None:
    """Children looked after on each coming 31 March, by placement, and their cost."""
    from scrutiny.errors import UsageError
    from scrutiny.workflows.projection import run_projection, run_records_projection

    if (records is None) == (council is None):
        raise UsageError("give either a folder of SSDA903 files or --council NAME, not both")
    if records is not None:
        found = run_records_projection(
            records, data_to=data_to, years=years, scenario=scenario, inflation=inflation
        )
        if fmt is Format.json:
            emit_json(found.to_json())
        else:
            _render_records(found)
        return
    assert council is not None
    result = run_projection(
        council, data_to=data_to, years=years, scenario=scenario, inflation=inflation
    )
    if fmt is Format.json:
        emit_json(result.to_json())
        return
    _render(result)


def register(app: typer.Typer) -> None:
    app.command("project")(project)
