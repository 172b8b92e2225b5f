"""`scrutiny report`: a bad `--out` is one line and the right exit status, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]


def test_out_under_a_file_is_refused_before_any_work(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder is expected\n")
    result = run(
        "report", examples / "thurrock-2022.yaml", "--format", "html", "--out", blocker / "sub"
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {blocker / 'sub'}: cannot be written ({blocker} is a file, not a folder)"
    ]
    assert "Traceback" not in result.output
    assert blocker.read_text() == "a file where a folder is expected\n"


def test_out_that_is_a_file_is_refused(run: Run, examples: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    result = run("report", examples / "thurrock-2022.yaml", "--format", "html", "--out", target)
    assert result.exit_code == 1
    assert "is a file, not a folder" in result.stderr
    assert target.read_text() == "old"


def test_folder_in_the_way_of_the_report_fails_with_one_line(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    first = run(
        "report", examples / "thurrock-2022.yaml", "--format", "xlsx", "--out", tmp_path, "-n", "50"
    )
    assert first.exit_code == 0, first.stderr
    written = Path(first.stdout.strip())
    written.unlink()
    (written / "kept").mkdir(parents=True)  # a folder now stands where the file goes
    result = run(
        "report", examples / "thurrock-2022.yaml", "--format", "xlsx", "--out", tmp_path, "-n", "50"
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "cannot be written" in error_lines[0], result.stderr
    assert (written / "kept").is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_report_writes_into_a_new_folder(run: Run, examples: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "reports"
    result = run(
        "report", examples / "thurrock-2022.yaml", "--format", "xlsx", "--out", out, "-n", "50"
    )
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == out and written.suffix == ".xlsx" and written.stat().st_size > 0


def test_several_formats_from_one_simulation(run: Run, examples: Path, tmp_path: Path) -> None:
    result = run(
        "report", examples / "croydon-2024.yaml", "--format", "pdf", "--format", "xlsx",
        "--format", "pdf", "--out", tmp_path, "-n", "50",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    written = [Path(line) for line in result.stdout.split()]
    assert [p.suffix for p in written] == [".pdf", ".xlsx"]  # each format once, in order
    assert written[0].read_bytes().startswith(b"%PDF-") and written[1].stat().st_size > 0


def test_a_pdf_written_by_another_process_fails_with_one_line(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    (tmp_path / "croydon-scrutiny-report.pdf" / "kept").mkdir(parents=True)
    result = run(
        "report", examples / "croydon-2024.yaml", "--format", "xlsx", "--format", "pdf",
        "--out", tmp_path, "-n", "50",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "cannot be written" in error_lines[0], result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
