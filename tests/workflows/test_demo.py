"""`scrutiny demo` in a fresh folder: validates, loads, writes the outputs and the summary."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from scrutiny.cli.app import build_app
from scrutiny.domain.money import format_gbp
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.demo import (
    EXAMPLE_FILES,
    REPORT_FORMATS,
    Step,
    examples_dir,
    run_demo,
)
from scrutiny.workflows.transfer import load_register
from scrutiny.workflows.validate import load

Run = Callable[..., Result]


def test_the_demo_loads_both_councils_and_writes_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, examples: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    seen: list[Step] = []
    result = run_demo(tmp_path / "out", iterations=200, report=seen.append)
    assert [s.name for s in result.steps] == [
        "validate",
        "load",
        "simulate",
        "challenge",
        "recommendations",
        "reports",
        "monitoring",
        "projection",
        "summary",
    ]
    assert seen == result.steps
    tracked = next(s for s in result.steps if s.name == "recommendations")
    assert tracked.detail == (
        "Croydon: 2 from the minutes, 1 work programme item (meeting date illustrative)"
    )
    assert all(s.status == "done" for s in result.steps)
    simulate = next(s for s in result.steps if s.name == "simulate")
    # Croydon's only target was removed: nothing left to meet, £1.1m still to find.
    assert "Croydon: no savings target in the plan; £1.1m from removed proposals" in simulate.detail
    assert re.search(
        r"Thurrock: expected £[\d.]+[mk] of the 2023/24 target of £1\.8m, £\d+k at risk, "
        r"rated (red|amber|green)",
        simulate.detail,
    )
    projected = next(s for s in result.steps if s.name == "projection")
    for council in ("Thurrock", "Croydon"):
        assert re.search(
            rf"{council}: [\d,]+ children looked after on 31 March \d{{4}} \(published\), about "
            r"[\d,]+ on 31 March \d{4} \(estimate, 8 in 10 between [\d,]+ and [\d,]+\)",
            projected.detail,
        ), projected.detail
        data = json.loads(
            (tmp_path / "out" / "projection" / f"{council.lower()}-projection.json").read_text()
        )
        assert data["council"]["name"] == council and len(data["forecasts"]) == 3
    for council in ("thurrock", "croydon"):
        written = sorted(p.suffix for p in (tmp_path / "out" / council).iterdir())
        assert written == sorted(f".{fmt}" for fmt in REPORT_FORMATS)
    html = result.index.read_text(encoding="utf-8")
    for name in EXAMPLE_FILES:
        pf = load(examples / name)
        stored, version = load_register(pf.council)
        assert stored == pf and version.number == 1
        assert pf.council in html
        for p in pf.proposals:
            assert p.ref in html
        in_plan = sum(p.total_target() for p in pf.proposals if not p.is_removed)
        assert f"Savings in the plan: <strong>{format_gbp(in_plan)}</strong>" in html
    assert "Chance of meeting" in html
    with UnitOfWork() as uow:
        for name in EXAMPLE_FILES:
            version = uow.files.latest(load(examples / name).council)
            assert version is not None
            run = uow.runs.latest(version.id, "simulation")
            assert run is not None and run.iterations == 200
            assert run.result["iterations"] == 200
    assert "The three questions" in html
    assert re.search(
        r"Deliverable: (assured|partially assured|not assured|insufficient information)", html
    )
    links = re.findall(r'<a href="([^"]+)">', html)
    assert links and all((tmp_path / "out" / link).is_file() for link in links)
    assert all(f.is_file() for f in result.files)


def test_running_it_again_adds_no_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run_demo(tmp_path / "out", iterations=100, formats=("xlsx",))
    again = run_demo(tmp_path / "out", iterations=100, formats=("xlsx",))
    load_step = next(s for s in again.steps if s.name == "load")
    assert "Thurrock v1 (unchanged)" in load_step.detail
    assert "Croydon v1 (unchanged)" in load_step.detail


def test_the_command_works_in_a_fresh_folder_with_the_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrutiny.config import get_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCRUTINY_DATABASE_URL")
    get_settings.cache_clear()
    result = CliRunner().invoke(
        build_app(), ["demo", "--iterations", "100"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "scrutiny.db").is_file()
    assert (tmp_path / "scrutiny-demo" / "index.html").is_file()
    assert "database: SQLite scrutiny.db" in result.stderr
    assert "scrutiny-demo/index.html" in result.stderr
    assert "✓ load:" in result.stderr
    assert result.stdout == ""
    get_settings.cache_clear()


def test_the_bundled_examples_are_found() -> None:
    assert sorted(p.name for p in examples_dir().glob("*.yaml")) == sorted(EXAMPLE_FILES)


def test_an_unwritable_output_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("a file where the output folder should be")
    result = CliRunner().invoke(
        build_app(), ["demo", "--out", "taken", "--iterations", "50"], catch_exceptions=False
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "cannot be written" in lines[0] and "taken" in lines[0]
    assert "Traceback" not in result.stderr
