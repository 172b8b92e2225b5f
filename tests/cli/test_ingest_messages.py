"""`scrutiny ingest` messages when piped: no stray progress line, counts in plain English."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]


def test_piped_output_has_no_blank_line_and_counts_agree_in_number(
    run: Run, tmp_path: Path
) -> None:
    one = tmp_path / "one.txt"  # the seeds' README: one figure in the whole text
    seeds_readme = Path(__file__).resolve().parents[1] / "data" / "seeds" / "README.md"
    one.write_text(seeds_readme.read_text(encoding="utf-8"), encoding="utf-8")
    many = tmp_path / "many.txt"
    many.write_text(
        "Budget note\n\nThe saving is £300,000 in 2024/25, £200,000 in 2025/26 "
        "and £100,000 in 2026/27.\n",
        encoding="utf-8",
    )
    counted = json.loads(run("ingest", one, many, "--format", "json").stdout)
    figures = {Path(d["path"]).name: d["figures"] for d in counted["documents"]}
    assert figures["one.txt"] == 1 and figures["many.txt"] > 1

    for path in (one, many):
        path.write_text(path.read_text(encoding="utf-8") + "\nRevised.\n", encoding="utf-8")
    result = run("ingest", one, many)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.strip() for line in lines), result.stderr
    assert any(line.endswith("one.txt: 1 figure, 0 draft proposals") for line in lines)
    assert any(
        line.endswith(f"many.txt: {figures['many.txt']} figures, 0 draft proposals")
        for line in lines
    )
    assert lines[-1] == "2 stored, 0 already stored, 0 failed"
