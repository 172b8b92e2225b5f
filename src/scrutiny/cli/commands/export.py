"""`scrutiny export --format yaml|csv|xlsx [--out FILE]`: the register out of the database."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from scrutiny.cli.output import command, refuse_file_in_the_way, say


@command
def export(
    fmt: str = typer.Option(
        ..., "--format", help="yaml (the proposal file), csv or xlsx (the savings tracker)."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="File to write (YAML and CSV go to stdout without it).",
        show_default=False,
    ),
    council: str | None = typer.Option(
        None, "--council", help="Which council, when the database holds several."
    ),
    version: int | None = typer.Option(
        None, "--version", min=1, help="Which version of the council's file (default: latest)."
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        help="The monitoring period whose columns the tracker carries, a quarter (2022/23 Q2) "
        "or a month (2022-09) (default: the latest with returns).",
    ),
) -> None:
    """Export a council's register as its proposal file (YAML) or savings tracker (CSV, Excel)."""
    from scrutiny.errors import UsageError
    from scrutiny.workflows.transfer import ExportFormat, export_register

    try:
        chosen = ExportFormat(fmt.lower())
    except ValueError:
        raise UsageError(f"--format must be yaml, csv or xlsx, not {fmt!r}") from None
    if out is not None:
        refuse_file_in_the_way(out, out_is_folder=False)
    text, stored = export_register(chosen, out=out, council=council, version=version, period=period)
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        say(f"wrote {out} ({stored.council}, version {stored.number})")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
