"""`--out` with a file in the way: one line, exit 1 (the work cannot be written), before any work, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("kept\n")
    return path


def _one_error_line(result: Result) -> str:
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_export_out_under_a_file(run: Run, examples: Path, blocker: Path) -> None:
    assert run("import", examples / "thurrock-2022.yaml").exit_code == 0
    target = blocker / "tracker.xlsx"
    result = run("export", "--format", "xlsx", "--council", "Thurrock", "--out", target)
    assert result.exit_code == 1
    assert (
        _one_error_line(result)
        == f"error: {target}: cannot be written ({blocker} is a file, not a folder)"
    )
    assert blocker.read_text() == "kept\n"


def test_export_to_a_new_folder_still_works(run: Run, examples: Path, tmp_path: Path) -> None:
    assert run("import", examples / "thurrock-2022.yaml").exit_code == 0
    target = tmp_path / "new" / "tracker.csv"
    result = run("export", "--format", "csv", "--council", "Thurrock", "--out", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("Ref,Title")


def test_demo_out_is_a_file(run: Run, blocker: Path, tmp_path: Path) -> None:
    result = run("demo", "--out", blocker, "--iterations", "50")
    assert result.exit_code == 1
    assert (
        _one_error_line(result)
        == f"error: {blocker}: cannot be written ({blocker} is a file, not a folder)"
    )
    assert not (tmp_path / "scrutiny.db").exists()  # refused before the database was touched


def test_demo_out_under_a_file(run: Run, blocker: Path) -> None:
    result = run("demo", "--out", blocker / "demo", "--iterations", "50")
    assert result.exit_code == 1
    assert "is a file, not a folder" in _one_error_line(result)
