"""The `scrutiny` command tree. Commands live in `scrutiny.cli.commands`, one module each."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer
from typer.exceptions import TyperException

from scrutiny import __version__
from scrutiny.errors import ScrutinyError

HELP = (
    "Budget scrutiny for children's services: read committee papers, model what each saving "
    "depends on, simulate how likely it is to be delivered, answer the committee's three questions "
    "with evidence, and write the report."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scrutiny {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """A fresh app with every command module registered (discovered, in name order)."""
    app = typer.Typer(
        name="scrutiny",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        """Budget scrutiny for children's services."""

    from scrutiny.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(app)
    return app


def _usage_line(exc: TyperException) -> str:
    """A bad option or argument as one line, naming the command and where to read more."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return f"error: {message}"
    return f"error: {ctx.command_path}: {message} (see '{ctx.command_path} --help')"


def main() -> None:
    """Console-script entry point: every expected error is one line on stderr (contracts.md §3)."""
    app = build_app()
    try:
        result = app(standalone_mode=False)
    except ScrutinyError as exc:  # an error raised outside a command body
        typer.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)
    except TyperException as exc:  # a bad option, argument or command name
        if type(exc).__name__ == "NoArgsIsHelpError":  # `scrutiny` alone: show the help
            exc.show()  # type: ignore[attr-defined]
        else:
            typer.echo(_usage_line(exc), err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
