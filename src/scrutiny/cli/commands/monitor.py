"""`scrutiny monitor import|forecast|report`: savings monitoring through the year."""

from __future__ import annotations

from pathlib import Path

import typer

from scrutiny.cli.output import Format, command, emit_json, say

monitor_app = typer.Typer(
    name="monitor",
    help="Savings monitoring through the year: import the returns, forecast the year end, "
    "write the monitoring report.",
    no_args_is_help=True,
)


@monitor_app.command("import")
@command
def import_returns(
    file: Path = typer.Argument(
        ...,
        help="The savings tracker with the period's columns filled in (.xlsx or .csv).",
        show_default=False,
    ),
    by: str | None = typer.Option(
        None, "--by", help="Who is importing (default: SCRUTINY_USER, else your login name)."
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
) -> None:
    """Import a period's returns from the tracker (Excel or CSV) in one transaction.

    The period and the council are read from the file. A return for a proposal not in the
    register, a period before one already returned, or an amount that is not a number is
    refused with one line, and nothing is written. Each import is a new version of the
    period's returns.
    """
    from scrutiny.workflows.monitoring import import_returns as run

    result = run(file, actor=by)
    if fmt == Format.json:
        emit_json(result.to_json())
    say(f"{file}: {result.describe()}")


@monitor_app.command("forecast")
@command
def forecast(
    council: str = typer.Argument(..., help="The council, as its register names it."),
    year: str | None = typer.Option(
        None, "--year", help="Financial year (default: the latest with returns)."
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
) -> None:
    """The year-end forecast from the returns to date: P10, P50 and P90 for each proposal and
    the plan, the RAG, the movement since the last period, and what falls into next year."""
    from scrutiny.reports.monitoring_view import ILLUSTRATIVE_NOTE, forecast_lines
    from scrutiny.workflows.forecast import forecast_council

    result = forecast_council(council, year=year)
    if fmt == Format.json:
        emit_json(result.to_json())
        return
    if result.illustrative:
        typer.echo(ILLUSTRATIVE_NOTE)
    for line in forecast_lines(council, result.forecast, result.titles):
        typer.echo(line)


@monitor_app.command("report")
@command
def report(
    council: str = typer.Argument(..., help="The council, as its register names it."),
    fmt: str = typer.Option(..., "--format", help="html, pdf or docx."),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="File to write, or a folder to write the usual name into (default: here).",
        show_default=False,
    ),
    year: str | None = typer.Option(
        None, "--year", help="Financial year (default: the latest with returns)."
    ),
) -> None:
    """Write the monitoring report: the RAG table, the movement since the last quarter, the
    forecast chart, and the recommendations' status and the work programme. Prints the path."""
    from scrutiny.workflows.monitoring_report import check_format, write_report

    check_format(fmt.lower())
    path = write_report(council, fmt.lower(), out=out, year=year)
    typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.add_typer(monitor_app)
