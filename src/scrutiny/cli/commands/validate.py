"""`scrutiny validate FILE`: check a proposal file and print every problem."""

from __future__ import annotations

from pathlib import Path

import typer

from scrutiny.cli.output import command, say


@command
def validate(
    file: Path = typer.Argument(..., help="Proposal file (YAML or JSON).", show_default=False),
) -> None:
    """Check a proposal file; print one line per problem (exit status 2 when there are any)."""
    from scrutiny.workflows.validate import load

    pf = load(file)
    years = pf.horizon()
    span = f"{years[0]} to {years[-1]}" if years else "no financial years"
    say(f"{file}: valid — {pf.council}, {len(pf.proposals)} proposals, {span}")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
