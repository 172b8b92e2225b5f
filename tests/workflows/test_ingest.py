"""Ingesting folders of papers: stored once by content, figures and drafts kept, bad files listed."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from scrutiny.cli.app import build_app
from scrutiny.store.engine import get_engine
from scrutiny.store.tables import DocumentRow, DraftProposalRow, FigureRow
from scrutiny.workflows.ingest import ingest_paths


def _papers(folder: Path) -> Path:
    """A folder of papers (unique content per test), one of them broken, one not a document."""
    tag = uuid.uuid4().hex[:8]
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(
        f"Budget Savings {tag}\n\n"
        "2025-29 SAV CYP 004 – Review of Home to School Transport\n\n"
        "A saving of £0.300m per annum is proposed, deleting 6 posts (4.5 FTE).\n\n"
        "RESOLVED:\n1. That the saving be agreed.\n2. That the report be noted.\n",
        encoding="utf-8",
    )
    (folder / "sub" / "b.html").write_text(
        f"<html><body><h1>Monitoring {tag}</h1><p>A forecast overspend of £2.4m (3% of budget)."
        "</p></body></html>",
        encoding="utf-8",
    )
    (folder / "c.md").write_text(f"# Reserves {tag}\n\nReserves of £10 million are held.\n")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 this is not a PDF")
    (folder / "notes.xyz").write_text("ignored: not a document type")
    return folder


def _count(model: type) -> int:
    with get_engine().connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_a_folder_is_stored_with_figures_and_drafts_and_bad_files_listed(tmp_path: Path) -> None:
    folder = _papers(tmp_path / "papers")
    seen: list[tuple[int, int]] = []
    report = ingest_paths([folder], workers=1, progress=lambda d, t: seen.append((d, t)))
    by_name = {Path(o.path).name: o for o in report.outcomes}
    assert set(by_name) == {"a.txt", "b.html", "c.md", "broken.pdf"}
    assert [by_name[n].status for n in ("a.txt", "b.html", "c.md")] == ["stored"] * 3
    assert by_name["broken.pdf"].status == "failed"
    assert by_name["broken.pdf"].error is not None
    assert by_name["broken.pdf"].error.startswith("broken.pdf: not a readable PDF")
    assert seen[-1] == (4, 4)
    assert _count(DocumentRow) == 3  # nothing stored for the broken file

    doc_id = by_name["a.txt"].document_id
    with get_engine().connect() as conn:
        money = conn.execute(
            select(FigureRow.text, FigureRow.value, FigureRow.kind, FigureRow.period).where(
                FigureRow.document_id == doc_id, FigureRow.figure == "money"
            )
        ).all()
        drafts = conn.execute(
            select(
                DraftProposalRow.ref, DraftProposalRow.title, DraftProposalRow.review_status
            ).where(DraftProposalRow.document_id == doc_id)
        ).all()
        refs = conn.execute(
            select(FigureRow.text, FigureRow.start, FigureRow.end).where(
                FigureRow.document_id == doc_id, FigureRow.figure == "reference"
            )
        ).all()
    assert [tuple(r) for r in money] == [("£0.300m", 300_000, "saving", "per annum")]
    assert [tuple(d) for d in drafts] == [
        ("2025-29 SAV CYP 004", "Review of Home to School Transport", "pending")
    ]
    text = (folder / "a.txt").read_text(encoding="utf-8")
    assert [text[s:e] for _t, s, e in refs] == ["2025-29 SAV CYP 004"]


def test_ingesting_again_stores_nothing_new(tmp_path: Path) -> None:
    folder = _papers(tmp_path / "papers")
    first = ingest_paths([folder], workers=1)
    figures = _count(FigureRow)
    again = ingest_paths([folder, folder / "a.txt"], workers=1)
    assert first.count("stored") == 3
    assert again.count("stored") == 0 and again.count("already stored") == 3
    assert _count(FigureRow) == figures and _count(DocumentRow) == 3


def test_parallel_ingest_on_dask_matches_one_process(tmp_path: Path) -> None:
    one = ingest_paths([_papers(tmp_path / "one")], workers=1)
    figures_one = _count(FigureRow)
    two = ingest_paths([_papers(tmp_path / "two")], workers=2)
    assert [o.status for o in two.outcomes] == [o.status for o in one.outcomes]
    assert [o.figures for o in two.outcomes] == [o.figures for o in one.outcomes]
    assert _count(FigureRow) == 2 * figures_one


def test_command_lists_failures_at_the_end_and_exits_1(tmp_path: Path) -> None:
    folder = _papers(tmp_path / "papers")
    result = CliRunner().invoke(
        build_app(), ["ingest", str(folder), "--workers", "1", "--format", "json"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["stored"], data["already_stored"], data["failed"]) == (3, 0, 1)
    assert (
        result.stderr.strip().splitlines()[-1].startswith("error: broken.pdf: not a readable PDF")
    )


def test_missing_path_is_listed_and_the_rest_still_stored(tmp_path: Path) -> None:
    folder = _papers(tmp_path / "papers")
    report = ingest_paths([tmp_path / "nowhere", folder / "c.md"], workers=1)
    assert [o.status for o in report.outcomes] == ["stored", "failed"]
    assert report.failed[0].error == "nowhere: no such file or folder"


@pytest.mark.postgres
def test_ingest_on_postgresql(
    tmp_path: Path, postgres_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrutiny.config import get_settings

    monkeypatch.setenv("SCRUTINY_DATABASE_URL", postgres_server_url)
    get_settings.cache_clear()
    from scrutiny.store.migrate import ensure_current

    folder = _papers(tmp_path / "papers")
    ensure_current(get_engine())
    before = _count(DocumentRow)
    report = ingest_paths([folder], workers=1)
    assert report.count("stored") == 3
    assert _count(DocumentRow) == before + 3
    assert ingest_paths([folder], workers=1).count("already stored") == 3


def test_small_batches_are_read_in_process_and_large_ones_on_dask() -> None:
    from scrutiny.workflows.ingest import DASK_PAYS_BYTES, DEFAULT_WORKERS, choose_workers

    small = choose_workers(DASK_PAYS_BYTES - 1, files=600)
    assert (small.workers, small.chosen) == (1, True)
    large = choose_workers(DASK_PAYS_BYTES, files=20)
    assert (large.workers, large.chosen) == (DEFAULT_WORKERS, True)
    assert choose_workers(DASK_PAYS_BYTES * 10, files=1).workers == 1  # one file: no one to share
    forced = choose_workers(100, files=5, workers=3)
    assert (forced.workers, forced.chosen) == (3, False)
    assert choose_workers(DASK_PAYS_BYTES * 10, files=5, workers=1).workers == 1
    assert "in this process" in small.describe() and "under the" in small.describe()
    assert "on 2 Dask worker processes" in large.describe()
    assert forced.describe().endswith("as asked")


def test_command_says_how_it_read_the_batch(tmp_path: Path) -> None:
    folder = _papers(tmp_path / "papers")
    (folder / "broken.pdf").unlink()
    result = CliRunner().invoke(build_app(), ["ingest", str(folder)])
    assert result.exit_code == 0, result.stderr
    said = result.stderr.splitlines()
    assert any(line.startswith("read ") and "in this process (under the" in line for line in said)
    (folder / "d.txt").write_text(f"A saving of £1m. {uuid.uuid4().hex}\n", encoding="utf-8")
    forced = CliRunner().invoke(
        build_app(), ["ingest", str(folder), "--workers", "1", "--format", "json"]
    )
    assert forced.exit_code == 0, forced.stderr
    data = json.loads(forced.stdout)
    assert (data["stored"], data["already_stored"], data["workers"]) == (1, 3, 1)
