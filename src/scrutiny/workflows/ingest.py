"""Ingest many documents into the database: extract in this process or, for a large batch, in
parallel on Dask, store each document in its own transaction, skip documents already stored
(same SHA-256), and list every failure at the end without stopping the batch."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrutiny.config import Settings, get_settings
from scrutiny.errors import DocumentError, UsageError
from scrutiny.ingest.extract.facts import Extraction, extract
from scrutiny.ingest.readers import Limits, read_document
from scrutiny.ingest.readers.limits import sniff
from scrutiny.store.engine import Database
from scrutiny.workflows.extract import limits_from

if TYPE_CHECKING:
    from scrutiny.store.unit_of_work import UnitOfWork

SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".markdown"}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "text": "text/plain",
}


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: stored, already stored (same content), or failed (`error`)."""

    path: str
    status: str
    document_id: int | None = None
    figures: int = 0
    drafts: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    """Every file's outcome, in the order the files were given, and how the batch was read."""

    outcomes: list[Outcome] = field(default_factory=list)
    plan: Plan | None = None

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def to_json(self) -> dict[str, Any]:
        return {
            "stored": self.count("stored"),
            "already_stored": self.count("already stored"),
            "failed": self.count("failed"),
            "workers": self.plan.workers if self.plan else None,
            "documents": [o.__dict__ for o in self.outcomes],
        }


# Below this many bytes of new documents a batch is read in this process: a local Dask cluster
# takes seconds to start, which only pays once there is that much reading to share (measured
# with bench/ingest_batch.py; the crossover is in docs/performance.md).
DASK_PAYS_BYTES = 2_000_000
DEFAULT_WORKERS = 2


@dataclass(frozen=True)
class Plan:
    """How a batch is read: `workers` processes (1: in this process), chosen or asked for."""

    workers: int
    size_bytes: int
    chosen: bool

    def describe(self) -> str:
        size = _megabytes(self.size_bytes)
        where = (
            "in this process" if self.workers == 1 else f"on {self.workers} Dask worker processes"
        )
        if not self.chosen:
            return f"read {size} of new documents {where}, as asked"
        limit = _megabytes(DASK_PAYS_BYTES)
        why = (
            f"under the {limit} where parallel reading pays"
            if self.workers == 1
            else f"at least the {limit} where parallel reading pays"
        )
        return f"read {size} of new documents {where} ({why})"


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def choose_workers(size_bytes: int, files: int, workers: int | None = None) -> Plan:
    """How many processes read `files` new documents of `size_bytes` in all: `workers` when
    given, else Dask's `DEFAULT_WORKERS` only from `DASK_PAYS_BYTES` up; never more processes
    than files."""
    if workers is None:
        wanted = DEFAULT_WORKERS if size_bytes >= DASK_PAYS_BYTES else 1
    else:
        wanted = workers
    return Plan(min(wanted, max(1, files)), size_bytes, workers is None)


def collect(paths: Sequence[Path]) -> tuple[list[Path], list[Outcome]]:
    """The documents named, folders searched recursively (in name order); paths that do not
    exist come back as failures."""
    if not paths:
        raise UsageError("give at least one file or folder to ingest")
    files: list[Path] = []
    missing: list[Outcome] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(
                Outcome(str(path), "failed", error=f"{path.name}: no such file or folder")
            )
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, missing


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_file(path: str, limits: Limits) -> tuple[Extraction | None, str | None, str]:
    """(extraction, None, media type) or (None, one-line error, media type); runs on a worker,
    so it never raises: one bad file must not stop the batch."""
    p = Path(path)
    try:
        doc = read_document(p, limits)
        with p.open("rb") as fh:
            media = MEDIA_TYPES[sniff(p, fh.read(4096))]
        return extract(doc), None, media
    except DocumentError as exc:
        return None, exc.one_line(), ""
    except Exception as exc:  # a damaged file can upset any parser; report it, carry on
        return None, f"{p.name}: could not be read ({type(exc).__name__}: {exc})", ""


def figure_rows(result: Extraction) -> Iterable[dict[str, Any]]:
    """Every extracted figure as a row for the document repository, in reading order by kind."""
    for m in result.money:
        yield {
            "figure": "money",
            "text": m.text,
            "value": m.gbp,
            "kind": m.kind,
            "period": m.period,
            "page": m.page,
            "start": m.start,
            "end": m.end,
            "sentence": m.sentence,
            "data": {},
        }
    for w in result.workforce:
        yield {
            "figure": "workforce",
            "text": w.text,
            "value": w.value,
            "kind": w.what,
            "period": None,
            "page": w.page,
            "start": w.start,
            "end": w.end,
            "sentence": None,
            "data": {},
        }
    for p in result.percentages:
        yield {
            "figure": "percentage",
            "text": p.text,
            "value": p.value,
            "kind": None,
            "period": None,
            "page": p.page,
            "start": p.start,
            "end": p.end,
            "sentence": None,
            "data": {},
        }
    for r in result.reference_spans:
        yield {
            "figure": "reference",
            "text": r.text,
            "value": None,
            "kind": None,
            "period": None,
            "page": r.page,
            "start": r.start,
            "end": r.end,
            "sentence": None,
            "data": {},
        }
    yield {
        "figure": "recommendations",
        "text": str(result.recommendations),
        "value": float(result.recommendations),
        "kind": None,
        "period": None,
        "page": None,
        "start": 0,
        "end": 0,
        "sentence": None,
        "data": {},
    }


def _store(
    engine: Database, path: Path, sha: str, media: str, result: Extraction, max_figures: int
) -> Outcome:
    """One document, its figures (at most `max_figures` of each kind) and drafts, in one
    transaction."""
    from scrutiny.store.unit_of_work import UnitOfWork

    with UnitOfWork(engine) as uow:
        row, created = uow.documents.add(
            sha256=sha,
            filename=path.name,
            media_type=media,
            size_bytes=path.stat().st_size,
            pages=result.pages,
            stored_path=None,
            actor=uow.actor,
        )
        if not created:
            return Outcome(str(path), "already stored", row.id)
        figures = store_extraction(uow, row.id, result, path.name, max_figures=max_figures)
        return Outcome(str(path), "stored", row.id, figures, len(result.proposals))


def capped(rows: Iterable[dict[str, Any]], limit: int) -> Iterable[dict[str, Any]]:
    """The first `limit` rows of each kind of figure (rows come in reading order by kind)."""
    taken: Counter[str] = Counter()
    for row in rows:
        if taken[row["figure"]] < limit:
            taken[row["figure"]] += 1
            yield row


def store_extraction(
    uow: UnitOfWork, document_id: int, result: Extraction, source: str, *, max_figures: int
) -> int:
    """Store a document's figures (the first `max_figures` of each kind, in reading order) and
    its draft proposals (marked with their page, for review) in the caller's unit of work, and
    note how many amounts were found; the number of figures stored."""
    uow.documents.get(document_id).amounts_found = len(result.money)
    figures = uow.documents.add_figures(document_id, capped(figure_rows(result), max_figures))
    uow.documents.add_drafts(
        document_id,
        (
            {
                "title": proposal.title,
                "ref": proposal.ref,
                "page": page,
                "savings": dict(proposal.savings),
                "data": {
                    "amounts": list(proposal.amounts),
                    "source": source,
                    "total": proposal.total,
                    "unit": proposal.unit,
                    "table_source": proposal.source,
                },
            }
            for proposal, page in zip(result.proposals, result.proposal_pages, strict=True)
        ),
    )
    return figures


def ingest_paths(
    paths: Sequence[Path],
    *,
    workers: int | None = None,
    settings: Settings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Extract every document under `paths` on `workers` Dask processes (1: in this process;
    None: chosen by the size of the new documents, `choose_workers`) and store what is new;
    returns every file's outcome, failures included, and how the batch was read."""
    from scrutiny.store.engine import open_database
    from scrutiny.store.unit_of_work import UnitOfWork

    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    settings = settings or get_settings()
    limits = limits_from(settings)
    files, outcomes_missing = collect(paths)
    engine = open_database()

    outcomes: dict[Path, Outcome] = {}
    todo: list[tuple[Path, str]] = []
    with UnitOfWork(engine) as uow:
        for path in files:
            sha = _sha256(path)
            known = uow.documents.by_sha256(sha)
            if known is not None:
                outcomes[path] = Outcome(str(path), "already stored", known.id)
            else:
                todo.append((path, sha))
    total = len(files)
    done = len(outcomes)
    if progress:
        progress(done, total)

    def finish(path: Path, sha: str, result: tuple[Extraction | None, str | None, str]) -> None:
        nonlocal done
        extraction, error, media = result
        if extraction is None:
            outcomes[path] = Outcome(str(path), "failed", error=error)
        else:
            outcomes[path] = _store(
                engine, path, sha, media, extraction, settings.max_document_figures
            )
        done += 1
        if progress:
            progress(done, total)

    plan = choose_workers(sum(p.stat().st_size for p, _ in todo), len(todo), workers)
    if plan.workers == 1:
        for path, sha in todo:
            finish(path, sha, extract_file(str(path), limits))
    else:
        _on_dask(todo, limits, plan.workers, finish)
    ordered = [outcomes[p] for p in files]
    return IngestReport(ordered + outcomes_missing, plan)


def _on_dask(
    todo: list[tuple[Path, str]],
    limits: Limits,
    workers: int,
    finish: Callable[[Path, str, tuple[Extraction | None, str | None, str]], None],
) -> None:
    """Extract on a local cluster of `workers` processes; store each result as it arrives."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        futures = {
            client.submit(extract_file, str(path), limits, pure=False): (path, sha)
            for path, sha in todo
        }
        for future in as_completed(futures):
            path, sha = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # a worker died on this file
                result = (None, f"{path.name}: could not be read ({type(exc).__name__})", "")
            finish(path, sha, result)
