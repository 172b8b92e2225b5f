"""The installed command itself: a bad option, argument or command is one line and exit 2, help
still works, and a command's own exit status comes through."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def scrutiny(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrutiny", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["simulate", "--iterations", "abc", "x.yaml"], ["scrutiny simulate", "--iterations"]),
        (["no-such-command"], ["No such command", "no-such-command"]),
        (["validate"], ["scrutiny validate", "Missing argument"]),
        (["simulate", "--no-such-option"], ["scrutiny simulate", "--no-such-option"]),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    args: list[str], names: list[str], tmp_path: Path
) -> None:
    result = scrutiny(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert all(name in lines[0] for name in names)
    assert "Traceback" not in result.stderr


def test_help_and_version_still_exit_0(tmp_path: Path) -> None:
    helped = scrutiny("simulate", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "--iterations" in helped.stdout
    version = scrutiny("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("scrutiny ")


def test_a_commands_own_exit_status_comes_through(tmp_path: Path) -> None:
    missing = scrutiny("validate", "nothere.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.splitlines() == ["error: nothere.yaml: no such file"]
    unreadable = scrutiny("extract", "nothere.pdf", cwd=tmp_path)
    assert unreadable.returncode == 1 and len(unreadable.stderr.splitlines()) == 1
