"""`scrutiny users add EMAIL --role ROLE`: web accounts."""

from __future__ import annotations

import sys

import typer

from scrutiny.cli.output import command, say
from scrutiny.domain.vocab import Role
from scrutiny.errors import UsageError

users_app = typer.Typer(help="Web accounts.", no_args_is_help=True)


@users_app.command("add")
@command
def add(
    email: str = typer.Argument(..., help="The person's email address.", show_default=False),
    role: Role = typer.Option(..., "--role", help="admin, officer, member or viewer."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create a web account (asks for the password, or reads it with --password-stdin)."""
    from scrutiny.config import get_settings
    from scrutiny.workflows.accounts import create_account

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise UsageError("no password given")
    account = create_account(get_settings(), email, role, password)
    say(f"added {account.email} ({account.role.value})")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
