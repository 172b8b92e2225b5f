"""`scrutiny import FILE`: validate a proposal file and store it as the council's next version."""

from __future__ import annotations

from pathlib import Path

import typer

from scrutiny.cli.output import Format, command, emit_json, say


@command
def import_(
    file: Path = typer.Argument(..., help="Proposal file (YAML or JSON).", show_default=False),
    by: str | None = typer.Option(
        None, "--by", help="Who is importing (default: SCRUTINY_USER, else your login name)."
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
) -> None:
    """Import a proposal file into the database in one transaction (all or nothing).

    The file is validated first; an invalid file is refused and nothing is written. Importing
    the same content again adds no version.
    """
    from scrutiny.workflows.transfer import import_file

    result = import_file(file, actor=by)
    if fmt == Format.json:
        emit_json(result.to_json())
    say(f"{file}: {result.describe()}")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
