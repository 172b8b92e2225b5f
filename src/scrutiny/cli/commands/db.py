"""`scrutiny db upgrade`: apply the database migrations (and `db current` to see where it is)."""

from __future__ import annotations

import typer

from scrutiny.cli.output import Format, command, emit_json, say

db_app = typer.Typer(
    name="db",
    help="The database: apply migrations, show the revision, read the audit trail.",
    no_args_is_help=True,
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


@db_app.command("audit")
@command
def audit(
    council: str | None = typer.Option(None, "--council", help="Only this council's entries."),
    ref: str | None = typer.Option(None, "--ref", help="Only entries about this proposal ref."),
    last: int | None = typer.Option(None, "--last", min=1, help="Only the newest N entries."),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
) -> None:
    """The audit trail: who changed what and when, with the fields changed (oldest first)."""
    from scrutiny.workflows.database import audit_json, audit_trail

    entries = audit_trail(council=council, ref=ref, limit=last)
    if fmt == Format.json:
        emit_json([audit_json(e) for e in entries])
        return
    for e in entries:
        about = " ".join(x for x in (e.council, e.ref) if x) or f"{e.entity} {e.entity_id}"
        changed = f" [{', '.join(e.changed)}]" if e.changed and e.action == "update" else ""
        note = f" ({e.note})" if e.note else ""
        typer.echo(f"{e.at:%Y-%m-%d %H:%M:%S} {e.actor}: {e.action} {about}{changed}{note}")
    if not entries:
        say("no entries")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app)
