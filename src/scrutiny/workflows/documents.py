"""Documents from the web: store an upload under a generated name, extract its figures, review
them, and accept a figure into a proposal as evidence (optionally as a year's saving)."""

from __future__ import annotations

import hashlib
import math
import mimetypes
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from scrutiny.config import Settings
from scrutiny.domain.evidence import Evidence
from scrutiny.domain.limits import MAX_NAME, MAX_TEXT
from scrutiny.domain.proposal_file import parse_proposal
from scrutiny.domain.years import FinancialYear
from scrutiny.errors import DocumentError, NotFound, UsageError
from scrutiny.ingest.extract.facts import extract
from scrutiny.store.engine import Database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.extract import extract_path, read_path
from scrutiny.workflows.ingest import store_extraction
from scrutiny.workflows.proposals import checked_update

SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".txt"}
"""Kinds of document the readers open; anything else is refused before it is stored."""
CHUNK = 1024 * 1024
"""Bytes copied at a time [bytes]."""
FIGURES_PER_PAGE = 50
"""Amounts shown on one page of a document's review [figures]."""
DRAFTS_SHOWN = 200
"""Draft proposals shown on a document's review, grouped by table [drafts]."""
_COMMON_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "council",
        "county",
        "borough",
        "city",
        "district",
        "metropolitan",
        "london",
        "royal",
    ]
)
"""Words many councils' names share; a council is recognised by the rest of its name."""


def safe_suffix(filename: str) -> str:
    """The upload's suffix when it is a kind we read; the name itself is never used as a path."""
    suffix = Path(filename.replace("\\", "/")).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"{Path(filename).name or 'the file'}: upload a PDF, Word (.docx), HTML or text file"
        )
    return suffix


def copy_limited(source: BinaryIO, target: Path, max_bytes: int) -> tuple[int, str]:
    """Copy at most `max_bytes` [bytes]; returns (size, sha256). Refuses a larger file and
    leaves nothing behind (written to a temporary name, renamed into place)."""
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise DocumentError(
                        target.name, f"larger than the limit of {max_bytes:,} bytes"
                    )
                digest.update(chunk)
                out.write(chunk)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return size, digest.hexdigest()


def extract_only(path: Path, settings: Settings, source: str) -> dict[str, Any]:
    """The contracts.md §6 JSON for a document, under the name the user gave it."""
    data = extract_path(path, settings=settings).to_json()
    data["source"] = Path(source.replace("\\", "/")).name or path.name
    return data


def named_council(text: str, councils: Iterable[str]) -> str | None:
    """The council (of `councils`) whose name `text` mentions most often, by the distinctive
    part of its name ("Croydon" of "London Borough of Croydon"); None when it names none."""
    best: tuple[int, str] | None = None
    for council in councils:
        words = [w for w in re.findall(r"[\w'’-]+", council) if w.lower() not in _COMMON_WORDS]
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        count = len(re.findall(pattern, text, flags=re.IGNORECASE))
        if count and (best is None or count > best[0]):
            best = (count, council)
    return best[1] if best else None


def store_upload(
    engine: Database, settings: Settings, source: BinaryIO, filename: str, *, actor: str
) -> int:
    """Keep an uploaded document under a generated name in the upload folder, extract its
    figures and store both (at most `settings.max_document_figures` of each kind), with the
    council of the register the paper names; the document id (the same document uploaded twice
    is kept once)."""
    suffix = safe_suffix(filename)
    display = Path(filename.replace("\\", "/")).name[:200] or f"document{suffix}"
    folder = settings.upload_dir.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    size, sha = copy_limited(source, target, settings.max_document_bytes)
    try:
        document = read_path(target, settings=settings)
        extraction = extract(document)
    except Exception:
        target.unlink(missing_ok=True)
        raise
    with UnitOfWork(engine, actor=actor) as uow:
        row, created = uow.documents.add(
            sha256=sha,
            filename=display,
            media_type=mimetypes.guess_type(display)[0] or "application/octet-stream",
            size_bytes=size,
            pages=extraction.pages,
            stored_path=target.name,
            actor=actor,
            council=named_council(document.full_text, uow.councils.names()),
        )
        if created:
            store_extraction(
                uow, row.id, extraction, display, max_figures=settings.max_document_figures
            )
        document_id = row.id
    if not created:
        target.unlink(missing_ok=True)
    return document_id


@dataclass(frozen=True)
class FigureView:
    """A money figure with its sentence split around it, for highlighting."""

    id: int
    text: str
    value: float | None
    kind: str | None
    period: str | None
    page: int | None
    start: int
    end: int
    before: str
    match: str
    after: str

    @property
    def year(self) -> str | None:
        """The financial year the paper gives for this amount ("2024/25"), when it gives one."""
        if not self.period:
            return None
        try:
            return FinancialYear.parse(self.period).label
        except ValueError:  # 'per annum', 'one-off', 'over 3 years'
            return None


@dataclass(frozen=True)
class DraftView:
    """A proposal drafted from one row of a table (or a card or list item), with the cells the
    paper printed for it."""

    ref: str | None
    title: str
    savings: dict[str, float]
    total: float | None
    unit: str | None
    row: int | None
    cells: list[str]


@dataclass(frozen=True)
class TableDrafts:
    """The drafts read from one table of a paper (table None: from cards, lists and prose)."""

    table: int | None
    page: int | None
    years: list[str]
    drafts: list[DraftView]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def drafts_by_table(rows: Iterable[Any]) -> list[TableDrafts]:
    """Stored drafts (rows with ref, title, page, savings and data) grouped by the table they
    came from, tables in order and rows in order within each; drafts from cards, lists and
    prose last. Each group's years are every year any of its drafts has."""
    groups: dict[int | None, list[tuple[int | None, DraftView]]] = {}
    pages: dict[int | None, int | None] = {}
    for r in rows:
        data = r.data or {}
        source = data.get("table_source") or {}
        table = source.get("table")
        table = table if isinstance(table, int) else None
        row = source.get("row") if isinstance(source.get("row"), int) else None
        savings = {str(y): v for y, v in (r.savings or {}).items() if _number(v) is not None}
        unit = data.get("unit")
        view = DraftView(
            r.ref,
            r.title,
            savings,
            _number(data.get("total")),
            unit if isinstance(unit, str) else None,
            row,
            [str(c) for c in source.get("cells") or []],
        )
        groups.setdefault(table, []).append((row, view))
        page = source.get("page") if isinstance(source.get("page"), int) else r.page
        if pages.get(table) is None:
            pages[table] = page
    order = sorted(groups, key=lambda t: (t is None, t or 0))
    return [
        TableDrafts(
            table,
            pages.get(table),
            sorted({y for _, d in groups[table] for y in d.savings}),
            [d for _, d in sorted(groups[table], key=lambda rd: rd[0] or 0)],
        )
        for table in order
    ]


@dataclass(frozen=True)
class DocumentView:
    """One page of a document's amounts for review, with how many there are in all."""

    id: int
    filename: str
    pages: int | None
    size_bytes: int
    figures: list[FigureView]
    council: str | None
    page: int
    page_count: int
    amounts_stored: int
    amounts_found: int
    per_page: int
    tables: list[TableDrafts] = field(default_factory=list)
    drafts_stored: int = 0

    @property
    def drafts_shown(self) -> int:
        return sum(len(t.drafts) for t in self.tables)

    @property
    def capped(self) -> bool:
        """The paper had more amounts than are kept for one document."""
        return self.amounts_found > self.amounts_stored

    @property
    def first(self) -> int:
        """The number of this page's first amount (1-based; 0 when there are none)."""
        return (self.page - 1) * self.per_page + 1 if self.figures else 0

    @property
    def last(self) -> int:
        return self.first + len(self.figures) - 1 if self.figures else 0


def _split(sentence: str, text: str) -> tuple[str, str, str]:
    at = sentence.find(text)
    if at < 0:
        return sentence, "", ""
    return sentence[:at], text, sentence[at + len(text) :]


def list_documents(engine: Database) -> list[tuple[int, str, int | None, Any]]:
    """(id, file name, pages, stored at) newest first."""
    with UnitOfWork(engine) as uow:
        return [(d.id, d.filename, d.pages, d.stored_at) for d in uow.documents.all()]


def review(
    engine: Database, document_id: int, page: int = 1, per_page: int = FIGURES_PER_PAGE
) -> DocumentView:
    """Page `page` (1-based) of the document's amounts in reading order, `per_page` to a page,
    with the first `DRAFTS_SHOWN` draft proposals grouped by table; NotFound for a page beyond
    the last."""
    with UnitOfWork(engine) as uow:
        doc = uow.documents.get(document_id)
        stored = uow.documents.count_figures(document_id, "money")
        page_count = max(1, math.ceil(stored / per_page))
        if page < 1 or page > page_count:
            raise NotFound(f"{doc.filename} has {page_count} pages of amounts, not page {page}")
        drafts = uow.documents.drafts(document_id)
        figures = []
        rows = uow.documents.figures(
            document_id, "money", offset=(page - 1) * per_page, limit=per_page
        )
        for f in rows:
            before, match, after = _split(f.sentence or f.text, f.text)
            figures.append(
                FigureView(
                    f.id,
                    f.text,
                    f.value,
                    f.kind,
                    f.period,
                    f.page,
                    f.start,
                    f.end,
                    before,
                    match,
                    after,
                )
            )
        return DocumentView(
            doc.id,
            doc.filename,
            doc.pages,
            doc.size_bytes,
            figures,
            council=doc.council,
            page=page,
            page_count=page_count,
            amounts_stored=stored,
            amounts_found=max(stored, doc.amounts_found or 0),
            per_page=per_page,
            tables=drafts_by_table(drafts[:DRAFTS_SHOWN]),
            drafts_stored=len(drafts),
        )


@dataclass(frozen=True)
class FigureSource:
    """What the accept step shows about a figure: its text and the paper it came from."""

    document_id: int
    filename: str
    council: str | None
    figure_id: int
    text: str


def figure_source(engine: Database, document_id: int, figure_id: int) -> FigureSource:
    """The figure's text and its paper's name and council (NotFound for an unknown figure)."""
    with UnitOfWork(engine) as uow:
        doc = uow.documents.get(document_id)
        figure = uow.documents.figure(document_id, figure_id)
        return FigureSource(doc.id, doc.filename, doc.council, figure.id, figure.text)


def group_by_council(rows: Iterable[Any], council: str | None) -> list[tuple[str, list[Any]]]:
    """Proposals (anything with `.council`) for the accept menu: the paper's council's first,
    then the others; one group of all when the paper names no council."""
    rows = list(rows)
    if council is None:
        return [("All proposals", rows)] if rows else []
    own = [r for r in rows if r.council == council]
    other = [r for r in rows if r.council != council]
    groups = [(f"{council} (named in this paper)", own), ("Other councils", other)]
    return [(name, members) for name, members in groups if members]


def accept_figure(
    engine: Database,
    document_id: int,
    figure_id: int,
    proposal_id: int,
    *,
    year: str | None,
    expected_version: int,
    actor: str,
) -> int:
    """Add the figure to the proposal's evidence (document, page, offsets, its sentence) and,
    when `year` is given, make it that year's saving [GBP]. The proposal's new version."""
    with UnitOfWork(engine, actor=actor) as uow:
        doc = uow.documents.get(document_id)
        figure = uow.documents.figure(document_id, figure_id)
        stored = uow.proposals.get(proposal_id)
        p = stored.proposal
        data = p.model_dump(mode="json", exclude_none=True)
        evidence = Evidence(
            source=doc.filename[:MAX_NAME],
            locator=f"page {figure.page}" if figure.page else None,
            quote=(figure.sentence or figure.text)[:MAX_TEXT],
            page=figure.page,
            start=figure.start,
            end=figure.end,
        )
        data["evidence"] = [*data["evidence"], evidence.model_dump(mode="json", exclude_none=True)]
        if year:
            if figure.value is None:
                raise UsageError(f"{figure.text!r} is not an amount")
            label = FinancialYear.parse(year).label
            data["savings"] = {**data["savings"], label: float(figure.value)}
        changed = parse_proposal(data, f"proposal {p.ref}")
        return checked_update(
            uow, proposal_id, changed, expected_version=expected_version, actor=actor
        ).version
