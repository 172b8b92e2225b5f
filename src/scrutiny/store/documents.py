"""Repositories for documents, the figures extracted from them and draft proposals for review.

They never commit. A document is known by the SHA-256 of its bytes, so the same file stored
twice is one document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from scrutiny.errors import NotFound, UsageError
from scrutiny.store.audit import AuditLog
from scrutiny.store.tables import DocumentRow, DraftProposalRow, FigureRow

REVIEW_STATUSES = ("pending", "accepted", "rejected")
FIGURE_BATCH = 2000
"""Figures per INSERT statement [rows]: few round trips, well within the database's limits."""


class DocumentRepository:
    """Documents by content hash; figures and draft proposals hang off them."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    def add(
        self,
        *,
        sha256: str,
        filename: str,
        media_type: str,
        size_bytes: int,
        pages: int | None = None,
        stored_path: str | None = None,
        actor: str | None = None,
        amounts_found: int | None = None,
        council: str | None = None,
    ) -> tuple[DocumentRow, bool]:
        """The document with this hash, adding it when new; returns (row, created)."""
        found = self.by_sha256(sha256)
        if found is not None:
            return found, False
        row = DocumentRow(
            sha256=sha256,
            filename=filename,
            media_type=media_type,
            size_bytes=size_bytes,
            pages=pages,
            stored_path=stored_path,
            stored_by=actor,
            amounts_found=amounts_found,
            council=council,
        )
        self._session.add(row)
        self._session.flush()
        self._audit.record(
            actor=actor or "system",
            action="create",
            entity="document",
            entity_id=row.id,
            after={"filename": filename, "sha256": sha256, "size_bytes": size_bytes},
        )
        return row, True

    def by_sha256(self, sha256: str) -> DocumentRow | None:
        return self._session.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))

    def get(self, document_id: int) -> DocumentRow:
        row = self._session.get(DocumentRow, document_id)
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return row

    def all(self) -> list[DocumentRow]:
        """Every document, newest first."""
        return list(
            self._session.scalars(
                select(DocumentRow).order_by(DocumentRow.stored_at.desc(), DocumentRow.id.desc())
            )
        )

    def add_figures(self, document_id: int, figures: Iterable[dict[str, Any]]) -> int:
        """Store extracted figures; each mapping holds FigureRow's columns (figure, text, value,
        kind, period, page, start, end, sentence, data). Returns how many were stored.

        One multi-row INSERT per batch, not one statement per figure: a long paper's thousands
        of figures are stored in a few round trips."""
        self.get(document_id)
        rows = [{"document_id": document_id, "data": {}, **f} for f in figures]
        for at in range(0, len(rows), FIGURE_BATCH):
            self._session.execute(insert(FigureRow), rows[at : at + FIGURE_BATCH])
        return len(rows)

    def _figures_query(self, document_id: int, figure: str | None) -> Any:
        query = select(FigureRow).where(FigureRow.document_id == document_id)
        if figure is not None:
            query = query.where(FigureRow.figure == figure)
        return query

    def figures(
        self,
        document_id: int,
        figure: str | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[FigureRow]:
        """A document's figures in reading order, optionally only one kind of figure, and
        optionally only `limit` of them after the first `offset` (a page of them)."""
        query = self._figures_query(document_id, figure).order_by(
            FigureRow.page, FigureRow.start, FigureRow.id
        )
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return list(self._session.scalars(query))

    def count_figures(self, document_id: int, figure: str | None = None) -> int:
        """How many figures (of one kind) the document has stored."""
        query = self._figures_query(document_id, figure).with_only_columns(func.count())
        return int(self._session.scalar(query) or 0)

    def figure(self, document_id: int, figure_id: int) -> FigureRow:
        """One of the document's figures; NotFound when the document has no such figure."""
        row = self._session.get(FigureRow, figure_id)
        if row is None or row.document_id != document_id:
            raise NotFound(f"no figure {figure_id} in document {document_id}")
        return row

    def add_drafts(self, document_id: int, drafts: Iterable[dict[str, Any]]) -> int:
        """Store many draft proposals at once; each mapping holds title, ref, page, savings and
        data (as `add_draft` takes them). Returns how many were stored."""
        self.get(document_id)
        rows = [
            {
                "document_id": document_id,
                "title": d["title"],
                "ref": d.get("ref"),
                "page": d.get("page"),
                "savings": d.get("savings") or {},
                "data": d.get("data") or {},
                "review_status": "pending",
            }
            for d in drafts
        ]
        for at in range(0, len(rows), FIGURE_BATCH):
            self._session.execute(insert(DraftProposalRow), rows[at : at + FIGURE_BATCH])
        return len(rows)

    def add_draft(
        self,
        document_id: int,
        *,
        title: str,
        ref: str | None = None,
        page: int | None = None,
        savings: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
    ) -> DraftProposalRow:
        """A proposal drafted from the document, pending review."""
        self.get(document_id)
        row = DraftProposalRow(
            document_id=document_id,
            title=title,
            ref=ref,
            page=page,
            savings=savings or {},
            data=data or {},
        )
        self._session.add(row)
        self._session.flush()
        return row

    def drafts(
        self, document_id: int | None = None, status: str | None = None
    ) -> list[DraftProposalRow]:
        """Draft proposals, optionally of one document and/or with one review status."""
        query = select(DraftProposalRow)
        if document_id is not None:
            query = query.where(DraftProposalRow.document_id == document_id)
        if status is not None:
            query = query.where(DraftProposalRow.review_status == status)
        return list(self._session.scalars(query.order_by(DraftProposalRow.id)))

    def review_draft(self, draft_id: int, status: str, *, actor: str) -> DraftProposalRow:
        """Accept or reject a draft (audited)."""
        if status not in REVIEW_STATUSES:
            raise UsageError(f"review status must be one of {', '.join(REVIEW_STATUSES)}")
        row = self._session.get(DraftProposalRow, draft_id)
        if row is None:
            raise NotFound(f"no draft proposal with id {draft_id}")
        before = {"review_status": row.review_status, "reviewed_by": row.reviewed_by}
        row.review_status = status
        row.reviewed_by = actor
        self._session.flush()
        self._audit.record(
            actor=actor,
            action="review",
            entity="draft_proposal",
            entity_id=row.id,
            ref=row.ref,
            before=before,
            after={"review_status": status, "reviewed_by": actor},
        )
        return row
