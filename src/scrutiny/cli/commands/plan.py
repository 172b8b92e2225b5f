"""`scrutiny plan show COUNCIL`: the council's savings across years and services."""

from __future__ import annotations

import typer

from scrutiny.cli.output import command

plan_app = typer.Typer(help="The multi-year plan of a council's savings.", no_args_is_help=True)


@plan_app.command("show")
@command
def show(
    council: str = typer.Argument(..., help="The council, as in the register.", show_default=False),
) -> None:
    """The council's savings by year and service across its register's versions: planned,
    removed, replaced, the plan now, what is still to find and, once monitoring returns are in,
    what has been delivered to date."""
    from scrutiny.domain.money import format_gbp_rounded as money
    from scrutiny.domain.savings_plan import PlanYear
    from scrutiny.store.engine import open_database
    from scrutiny.workflows.plan import STATE_WORDS, plan_of

    view = plan_of(open_database(), council)
    typer.echo(f"{view.council}: savings plan across {view.versions} version(s) of the register")
    head = ["", "Planned", "Removed", "Replaced", "Plan now", "Still to find"]
    if view.has_delivered:
        head.append("Delivered to date")

    def cells(label: str, y: PlanYear) -> list[str]:
        figures = [y.planned, y.removed, y.replaced, y.current, y.still_to_find]
        row = [label, *(money(v) for v in figures)]
        if view.has_delivered:
            row.append(money(y.delivered) if y.delivered is not None else "")
        return row

    rows = [cells(year, y) for year, y in view.by_year.items()]
    rows.append(cells("All years", view.total))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        typer.echo(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    typer.echo("")
    for e in view.entries:
        figures = (
            f"planned {money(sum(e.planned.values()))}, now {money(sum(e.current.values()))}"
            if e.planned or e.current
            else "no savings figure in the register"
        )
        typer.echo(f"{e.ref} ({e.service}): {STATE_WORDS[e.state]}; {figures}")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
