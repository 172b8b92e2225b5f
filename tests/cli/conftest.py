"""Running the command line in-process, with stdout and stderr kept apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from scrutiny.cli.app import build_app

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`run("import", FILE)` → click Result; runs in a fresh working directory."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    app = build_app()

    def invoke(*args: object, input: str | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke
