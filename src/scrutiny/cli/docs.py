"""The command-line reference, docs/cli.md, generated from every command's `--help`.

Refresh it with ``uv run python -m scrutiny.cli.docs`` (a test fails when it is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from scrutiny.cli.app import build_app

WIDTH = 100
HEADER = """\
# Command-line reference

Every `scrutiny` command and its options, as printed by `--help`. This page is generated:
refresh it with `uv run python -m scrutiny.cli.docs` after changing a command.

Exit status: 0 when all went well, 1 when the work failed (an unreadable document, a database
error), 2 for bad usage or invalid input. Results go to stdout (`--format json` where a command
prints results), messages to stderr. The database is `SCRUTINY_DATABASE_URL`, by default the
SQLite file `scrutiny.db` in the working directory.
"""


def command_paths(app: typer.Typer) -> list[list[str]]:
    """Every command and group as a path of names, depth first, in name order."""
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        paths.append(path)
        commands = getattr(cmd, "commands", None) or {}  # a group of commands
        for name in sorted(commands):
            walk(commands[name], [*path, name])

    walk(root, [])
    return paths


def help_text(app: typer.Typer, path: list[str]) -> str:
    result = CliRunner().invoke(
        app,
        [*path, "--help"],
        prog_name="scrutiny",
        terminal_width=WIDTH,
        env={"COLUMNS": str(WIDTH)},
    )
    if result.exit_code != 0:
        raise RuntimeError(f"scrutiny {' '.join(path)} --help failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.stdout.strip().splitlines())


def render() -> str:
    """docs/cli.md as it should be."""
    app = build_app()
    parts = [HEADER]
    for path in command_paths(app):
        title = " ".join(["scrutiny", *path])
        parts.append(f"## `{title}`\n\n```text\n{help_text(app, path)}\n```\n")
    return "\n".join(parts)


def default_path() -> Path:
    return Path(__file__).resolve().parents[3] / "docs" / "cli.md"


def main(argv: list[str] | None = None) -> int:
    """Write docs/cli.md (or the path given)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
