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
    from scrutiny.domain.money import format_gbp

    for p in pf.proposals:
        for year in p.reversal_years():
            say(
                f"  {p.ref}: reversal in {year} — {format_gbp(-p.savings[year])} of the earlier "
                f"saving falls out; the target falls to {format_gbp(p.cumulative_target(year))}"
            )


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
