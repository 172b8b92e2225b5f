"""`scrutiny db upgrade`: apply the database migrations (and `db current` to see where it is)."""

from __future__ import annotations

import typer

from scrutiny.cli.output import command, say

db_app = typer.Typer(
    name="db", help="The database: apply migrations, show the revision.", no_args_is_help=True
)


@db_app.command("upgrade")
@command
def upgrade() -> None:
    """Apply every migration not yet applied (SCRUTINY_DATABASE_URL, default ./scrutiny.db)."""
    from scrutiny.workflows.database import upgrade_database

    before, after, where = upgrade_database()
    if before == after:
        say(f"{where}: already at revision {after}")
    else:
        say(f"{where}: upgraded from {before or 'an empty database'} to revision {after}")


@db_app.command("current")
@command
def current() -> None:
    """Print the revision the database is at, and the newest one this version knows."""
    from scrutiny.workflows.database import database_revision

    revision, head, where = database_revision()
    typer.echo(f"{where}: at {revision or 'no revision (empty)'}; newest is {head}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app)
