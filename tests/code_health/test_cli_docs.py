"""docs/cli.md is generated from `--help` and must match the commands as they are now."""

from __future__ import annotations

from pathlib import Path

from scrutiny.cli.app import build_app
from scrutiny.cli.docs import command_paths, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
REFRESH = "uv run python -m scrutiny.cli.docs"


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.is_file(), f"docs/cli.md is missing; create it with: {REFRESH}"
    assert DOC.read_text(encoding="utf-8") == render(), f"docs/cli.md is stale; refresh: {REFRESH}"


def test_every_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    paths = command_paths(build_app())
    names = {p[0] for p in paths if p}
    assert {"validate", "import", "export", "db", "demo"} <= names
    for path in paths:
        assert f"## `{' '.join(['scrutiny', *path])}`" in text
