"""`scrutiny ingest PATH... [--workers K]`: many committee papers into the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from scrutiny.cli.output import Format, command, emit_json, say


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from scrutiny.cli.output import stderr

    console = stderr()
    with Progress(
        TextColumn("reading documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # piped or logged: no bar, no stray blank line
    ) as bar:
        task = bar.add_task("ingest", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@command
def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="Files or folders (searched recursively).", show_default=False
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        help="Processes reading documents in parallel (Dask); by default one for a small "
        "batch and two from 2 MB of new documents.",
        show_default=False,
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
    accept: Path | None = typer.Option(
        None,
        "--accept",
        help="Accept the documents' draft proposals into this new proposal file (YAML).",
    ),
    into_register: bool = typer.Option(
        False,
        "--into-register",
        help="Accept the documents' draft proposals into the council's register as its next "
        "version (all or nothing).",
    ),
    council: str | None = typer.Option(
        None,
        "--council",
        help="The council the accepted proposals are for (with --accept or --into-register).",
    ),
) -> None:
    """Extract from many documents into the database, with a progress bar; each document is
    stored once (by content), with its figures and draft proposals for review. A file that
    cannot be read is listed at the end and never stops the batch (exit status 1 if any).
    With --accept FILE --council NAME, the documents' pending drafts that state yearly savings
    become a new proposal file (validated before it is written), each with its evidence; with
    --into-register --council NAME they are added to the council's register as its next
    version, checked as an import is (all or nothing)."""
    from scrutiny.errors import UsageError
    from scrutiny.workflows.ingest import ingest_paths

    if accept is not None and not council:
        raise UsageError("--accept needs --council NAME (the council the proposals are for)")
    if into_register and not council:
        raise UsageError("--into-register needs --council NAME (the council whose register)")
    if into_register and accept is not None:
        raise UsageError("choose one of --accept FILE and --into-register, not both")
    if accept is not None and accept.exists():
        raise UsageError(f"{accept} already exists; choose a new file for the accepted proposals")
    with _progress() as update:
        report = ingest_paths(paths, workers=workers, progress=update)
    if fmt == Format.json:
        emit_json(report.to_json())
    else:
        for o in report.outcomes:
            if o.status == "stored":
                say(
                    f"stored   {o.path}: {_count(o.figures, 'figure')}, {_count(o.drafts, 'draft proposal')}"
                )
            elif o.status == "already stored":
                say(f"skipped  {o.path}: already stored (same content)")
        if report.plan is not None:
            say(report.plan.describe())
        say(
            f"{report.count('stored')} stored, {report.count('already stored')} already stored, "
            f"{report.count('failed')} failed"
        )
        drafts = sum(o.drafts for o in report.outcomes)
        if drafts and accept is None and not into_register:
            say(
                f"{_count(drafts, 'draft proposal')} to review; accept them into a proposal file "
                "with --accept FILE --council NAME, or into the council's register with "
                "--into-register --council NAME"
            )
    for o in report.failed:
        typer.echo(f"error: {o.error}", err=True)
    if accept is not None and council:
        _accept(report, accept, council)
    if into_register and council:
        _accept_into_register(report, council)
    if report.failed:
        raise typer.Exit(1)


def _accept(report: object, out: Path, council: str) -> None:
    from scrutiny.store.engine import open_database
    from scrutiny.workflows.drafts import accept_into_file

    ids = [o.document_id for o in report.outcomes if o.document_id is not None]  # type: ignore[attr-defined]
    result = accept_into_file(open_database(), ids, council, out)
    say(f"accepted {_count(len(result.accepted), 'draft proposal')} into {out}")
    for ref, reason in result.left_out:
        say(f"  left out {ref}: {reason}")


def _accept_into_register(report: object, council: str) -> None:
    from scrutiny.store.engine import open_database
    from scrutiny.workflows.drafts import accept_into_register

    ids = [o.document_id for o in report.outcomes if o.document_id is not None]  # type: ignore[attr-defined]
    result = accept_into_register(open_database(), ids, council)
    say(
        f"accepted {_count(len(result.accepted), 'draft proposal')} into {council}'s register "
        f"as version {result.version}"
    )
    for ref, reason in result.left_out:
        say(f"  left out {ref}: {reason}")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
