"""`scrutiny extract PATH [--format json]`: the facts in one committee paper."""

from __future__ import annotations

from pathlib import Path

import typer

from scrutiny.cli.output import Format, command, emit_json


@command
def extract(
    path: Path = typer.Argument(
        ..., help="A PDF, Word (.docx), HTML, text or Markdown file.", show_default=False
    ),
    fmt: Format = typer.Option(
        Format.text, "--format", help="text (readable) or json (contracts.md §6)."
    ),
) -> None:
    """Find every money figure (with its kind and period), savings reference, workforce figure,
    percentage, recommendation and draft proposal in one document."""
    from scrutiny.workflows.extract import extract_path

    result = extract_path(path)
    if fmt == Format.json:
        emit_json(result.to_json())
        return
    from scrutiny.cli.render_extract import render

    typer.echo(render(result))


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
