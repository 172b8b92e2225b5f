"""`scrutiny report FILE --format html|pdf|docx|xlsx [--appendices none|summary|full]`: the
scrutiny briefing or the tracker.

`--format` may be given more than once to write several files from one simulation.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from scrutiny.cli.output import (
    as_at_option,
    command,
    parameters_option,
    parse_as_at,
    refuse_file_in_the_way,
    say,
)
from scrutiny.errors import OutputError


class Appendices(StrEnum):
    none = "none"
    summary = "summary"
    full = "full"


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"


@command
def report(
    file: Path = typer.Argument(..., help="Proposal file (YAML or JSON).", show_default=False),
    formats: list[ReportFormat] = typer.Option(
        ...,
        "--format",
        help="html, pdf or docx for the scrutiny report; xlsx for the savings tracker. "
        "Give it more than once for several files from the same simulation.",
        show_default=False,
    ),
    out: Path = typer.Option(Path("."), "--out", help="Folder to write the file into."),
    iterations: int = typer.Option(10_000, "--iterations", "-n", help="Monte Carlo iterations."),
    seed: int = typer.Option(0, "--seed", "-s", help="Random seed (0 or more)."),
    policy: Path | None = typer.Option(
        None,
        "--policy",
        help="A council's own challenge thresholds (parameter override format).",
        show_default=False,
    ),
    overrides: bool = typer.Option(
        False, "--overrides", help="Include members' overrides stored in the database."
    ),
    parameters_file: Path | None = parameters_option(),
    as_at: str | None = as_at_option(),
    appendices: Appendices = typer.Option(
        Appendices.summary,
        "--appendices",
        help="What follows the briefing: none; summary (how the council compares, and the "
        "method); full (also every finding with its rule and evidence, risks, quotes, "
        "assumptions and parameters).",
    ),
) -> None:
    """Simulate and challenge every proposal, then write the committee's briefing (or the Excel
    savings tracker). Each file is written under a temporary name and renamed into place; its
    path is printed."""
    from scrutiny.workflows.report import report_file

    date = parse_as_at(as_at)
    refuse_file_in_the_way(out, out_is_folder=True)
    say(f"simulating {iterations:,} iterations and answering the three questions…")
    try:
        paths = report_file(
            file,
            [fmt.value for fmt in formats],
            out,
            iterations=iterations,
            seed=seed,
            policy_file=policy,
            parameters_file=parameters_file,
            with_overrides=overrides,
            as_at=date,
            appendices=appendices.value,
        )
    except OSError as exc:
        where = exc.filename if exc.filename is not None else out
        raise OutputError(str(where), f"cannot be written ({exc.strerror or exc})") from exc
    for path in paths:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
