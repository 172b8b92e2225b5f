"""`write_report` and `scrutiny report`: names, formats, bad input, nothing half-written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrutiny.cli.app import build_app
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.errors import UsageError
from scrutiny.reports.atomic import write_atomically
from scrutiny.workflows.report import FORMATS, ReportJob, report_name, write_report, write_reports

from .conftest import challenge_by_hand, register_of, simulate_by_hand

Results = tuple[ProposalFile, SimulationSummary, ChallengeReport]
MAGIC = {"html": b"<!DOCTYPE html>", "pdf": b"%PDF-", "docx": b"PK", "xlsx": b"PK"}


def test_each_format_is_written_under_its_name_and_nothing_else(tmp_path: Path) -> None:
    pf = register_of(2)
    summary = simulate_by_hand(pf, iterations=200)
    challenge = challenge_by_hand(pf, summary)
    for fmt in FORMATS:
        path = write_report(pf, summary, challenge, fmt, tmp_path)
        assert path == tmp_path / report_name(pf, fmt)
        assert path.read_bytes().startswith(MAGIC[fmt])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            "synthshire-scrutiny-report.html",
            "synthshire-scrutiny-report.pdf",
            "synthshire-scrutiny-report.docx",
            "synthshire-savings-tracker.xlsx",
        ]
    )


def _jobs(tmp_path: Path) -> list[ReportJob]:
    pf = register_of(2)
    summary = simulate_by_hand(pf, iterations=200)
    challenge = challenge_by_hand(pf, summary)
    return [ReportJob(pf, summary, challenge, fmt, tmp_path) for fmt in ("pdf", "xlsx", "html")]


def test_several_formats_at_once_in_job_order_from_one_view_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    original = ReportJob.context

    def counting(job: ReportJob) -> object:
        built.append(job.fmt)
        return original(job)

    monkeypatch.setattr(ReportJob, "context", counting)
    jobs = _jobs(tmp_path)
    jobs.append(dataclasses.replace(jobs[0], fmt="docx"))
    paths = write_reports(jobs)
    assert paths == [tmp_path / report_name(job.pf, job.fmt) for job in jobs]
    for job, path in zip(jobs, paths, strict=True):
        assert path.read_bytes().startswith(MAGIC[job.fmt])
    assert built == ["pdf"]  # the HTML and Word files reused the PDF's view-model
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_unknown_format_among_several_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    jobs = [*_jobs(tmp_path), dataclasses.replace(_jobs(tmp_path)[0], fmt="odt")]
    with pytest.raises(UsageError, match="unknown report format 'odt'"):
        write_reports(jobs)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_format_is_refused_before_anything_is_written(
    thurrock: Results, tmp_path: Path
) -> None:
    pf, summary, challenge = thurrock
    with pytest.raises(UsageError, match="unknown report format 'odt'") as info:
        write_report(pf, summary, challenge, "odt", tmp_path / "out")
    assert info.value.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_a_failed_write_leaves_the_previous_report_untouched(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("the previous report", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half a rep", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(path, half_then_fail)
    assert path.read_text(encoding="utf-8") == "the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_report_command_runs_the_whole_chain(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        build_app(),
        [
            "report",
            str(examples / "croydon-2024.yaml"),
            "--format",
            "html",
            "--out",
            "out",
            "-n",
            "500",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == Path("out") / "croydon-scrutiny-report.html"
    text = path.read_text(encoding="utf-8")
    assert "2024-28 SAV CYPE 001" in text and "2024-28 SAV CYPE 003" in text
    assert "£1.1m" in text  # the removed proposal's money still to be found


def test_report_command_refuses_bad_options_with_one_line(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = build_app()
    bad_seed = CliRunner().invoke(
        app, ["report", str(examples / "croydon-2024.yaml"), "--format", "pdf", "--seed", "-1"]
    )
    assert bad_seed.exit_code == 2
    assert "error: --seed must be zero or more (got -1)" in bad_seed.stderr
    missing = CliRunner().invoke(app, ["report", "missing.yaml", "--format", "pdf"])
    assert missing.exit_code == 2
    assert "missing.yaml" in missing.stderr and "Traceback" not in missing.output
    assert list(tmp_path.iterdir()) == []


def test_report_command_leaves_out_or_adds_the_appendices_asked_for(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = build_app()
    found = {}
    for appendices in ("none", "summary", "full"):
        result = CliRunner().invoke(
            app,
            [
                "report",
                str(examples / "croydon-2024.yaml"),
                "--format",
                "html",
                "--out",
                appendices,
                "-n",
                "200",
                "--appendices",
                appendices,
            ],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        text = Path(result.stdout.strip()).read_text(encoding="utf-8")
        found[appendices] = [
            name
            for name in ("appendix-method", "appendix-findings", "appendix-assumptions")
            if f'id="{name}"' in text
        ]
        assert 'id="summary"' in text and 'id="proposals"' in text  # the briefing itself
    assert found == {
        "none": [],
        "summary": ["appendix-method"],
        "full": ["appendix-method", "appendix-findings", "appendix-assumptions"],
    }
    bad = CliRunner().invoke(
        app,
        ["report", str(examples / "croydon-2024.yaml"), "--format", "pdf", "--appendices", "all"],
    )
    assert bad.exit_code == 2 and "'all'" in bad.stderr and "Traceback" not in bad.output
    assert not (tmp_path / "croydon-scrutiny-report.pdf").exists()


def test_an_unknown_appendices_setting_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    jobs = [dataclasses.replace(job, appendices="most") for job in _jobs(tmp_path)]
    with pytest.raises(UsageError, match="unknown appendices 'most'"):
        write_reports(jobs)
    assert list(tmp_path.iterdir()) == []
