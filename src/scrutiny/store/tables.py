"""SQLAlchemy tables, kept apart from the domain models (domain/) and the API schemas (web/).

Money columns hold pounds [GBP]; financial years are labels ``"2024/25"``. A proposal keeps its
whole validated data in `data` (so export is lossless) beside the relational columns other
features query (ref, status, savings per year, staffing, risks, alternatives, evidence).
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Pounds = Numeric(16, 2, asdecimal=False)
"""An amount in pounds [GBP], to the penny."""


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


Stamp = DateTime(timezone=True)


# --------------------------------------------------------------------------------------------
# The register: councils, versions of their proposal files, proposals and what they hold.


class CouncilRow(Base):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)


class FileVersionRow(Base):
    """One imported version of a council's proposal file (versions are kept, never replaced)."""

    __tablename__ = "file_versions"
    __table_args__ = (UniqueConstraint("council_id", "number", name="uq_file_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The file's own fields (council, mtfs, headline, correlations, …) without the proposals."""
    imported_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    imported_by: Mapped[str] = mapped_column(String(200))


class ProposalIdentityRow(Base):
    """A proposal's lasting identity in its council, matched by ref across versions of the
    council's file. Its id is the proposal's id in addresses and the API; members' overrides
    and the history belong to it, so they follow the proposal from version to version."""

    __tablename__ = "proposal_identities"
    __table_args__ = (UniqueConstraint("council_id", "ref", name="uq_proposal_identities_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(200))


class ProposalRow(Base):
    """A proposal as it is in one version of its council's file."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("file_version_id", "ref", name="uq_proposals_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_version_id: Mapped[int] = mapped_column(
        ForeignKey("file_versions.id", ondelete="CASCADE"), index=True
    )
    identity_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_identities.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    service: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40), index=True)
    model_type: Mapped[str] = mapped_column(String(80))
    recurring: Mapped[bool] = mapped_column(Boolean)
    stated_total: Mapped[float | None] = mapped_column(Pounds)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The whole validated proposal as written in the file (lossless)."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    """Optimistic lock: an update names the version it was made from. Carried into the next
    file version (one more when the import changed the proposal)."""
    updated_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    updated_by: Mapped[str] = mapped_column(String(200))


class SavingRow(Base):
    """One year of a proposal's profile: `incremental` saving or `one_off_cost` [GBP]."""

    __tablename__ = "savings"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    line: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[str] = mapped_column(String(7), primary_key=True)
    amount: Mapped[float] = mapped_column(Pounds)


class ModelInputRow(Base):
    """A model input: a fixed `value`, or a `distribution` spec (contracts.md §2)."""

    __tablename__ = "model_inputs"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[float | None] = mapped_column()
    distribution: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class StaffingRow(Base):
    __tablename__ = "staffing"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    posts: Mapped[float | None] = mapped_column()
    fte: Mapped[float | None] = mapped_column()
    redundancies_max: Mapped[int | None] = mapped_column()
    vacant_posts: Mapped[float | None] = mapped_column()


class RiskRow(Base):
    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    mitigation: Mapped[str | None] = mapped_column(Text)


class AlternativeRow(Base):
    __tablename__ = "alternatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    reason_rejected: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[float | None] = mapped_column(Pounds)


class EvidenceRow(Base):
    """A quoted passage a proposal rests on (source, locator, quote, page, offsets)."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))
    locator: Mapped[str | None] = mapped_column(String(300))
    quote: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))
    page: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)


# --------------------------------------------------------------------------------------------
# Members' overrides and stored results.


class OverrideRow(Base):
    """A member's own verdict on one of the three questions, with the reason (latest wins)."""

    __tablename__ = "overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_identities.id", ondelete="CASCADE"), index=True
    )
    """The proposal's lasting identity (`ProposalIdentityRow`), not one version's row."""
    question: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RunRow(Base):
    """A stored simulation or challenge result for one file version."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_version_id: Mapped[int] = mapped_column(
        ForeignKey("file_versions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    iterations: Mapped[int | None] = mapped_column(Integer)
    seed: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    """The file version's fingerprint when the run read it: the run is current while the version
    still has it (an edit changes the fingerprint in the edit's own transaction); None for a
    run older than the edit that came before it."""
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    created_by: Mapped[str] = mapped_column(String(200))


# --------------------------------------------------------------------------------------------
# Documents, what was extracted from them, and draft proposals for review.


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    stored_path: Mapped[str | None] = mapped_column(String(1000))
    stored_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    stored_by: Mapped[str | None] = mapped_column(String(200))
    amounts_found: Mapped[int | None] = mapped_column(Integer)
    """How many amounts of money the reader found; more than are stored when the per-document
    cap cut them short (None for documents stored before the count was kept)."""
    council: Mapped[str | None] = mapped_column(String(200))
    """The council of the register the paper names most, when it names one."""


class FigureRow(Base):
    """A figure found in a document: `figure` is money, reference, workforce, percentage or
    recommendation; `value` is normalised (pounds for money); page and offsets anchor it."""

    __tablename__ = "extracted_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    figure: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column()
    kind: Mapped[str | None] = mapped_column(String(80))
    period: Mapped[str | None] = mapped_column(String(80))
    page: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DraftProposalRow(Base):
    """A proposal drafted from a document, waiting for a person to accept or reject it."""

    __tablename__ = "draft_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    page: Mapped[int | None] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    savings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    review_status: Mapped[str] = mapped_column(String(20), default="pending")
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)


# --------------------------------------------------------------------------------------------
# People and the audit trail.


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)


class SessionRow(Base):
    """A signed-in session. The cookie carries a random token; only its SHA-256 is stored, so the
    table gives nobody a usable cookie. Signing out deletes the row; deactivating an account or
    changing its password deletes all of its rows, which ends every session of it at once."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    expires_at: Mapped[datetime.datetime] = mapped_column(Stamp, index=True)


class AuditRow(Base):
    """Who changed what, when, with the record before and after (JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    council: Mapped[str | None] = mapped_column(String(200))
    ref: Mapped[str | None] = mapped_column(String(200))
    changed: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """The top-level fields that differ between `before` and `after`."""
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


# --------------------------------------------------------------------------------------------
# The recommendations tracker and the committee's work programme (store/recommendations.py).


class RecommendationRow(Base):
    """A committee recommendation: to whom, who owns it, when a response is due, the response
    (accepted, partly or rejected, in its words) and where it has got to."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    ref: Mapped[str | None] = mapped_column(String(200))
    """The proposal it is about, when it is about one."""
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(300))
    meeting_date: Mapped[datetime.date | None] = mapped_column(Date)
    due: Mapped[datetime.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    response: Mapped[str | None] = mapped_column(String(20))
    response_text: Mapped[str | None] = mapped_column(Text)
    responded_on: Mapped[datetime.date | None] = mapped_column(Date)
    responded_by: Mapped[str | None] = mapped_column(String(200))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    created_by: Mapped[str] = mapped_column(String(200))


class RecommendationUpdateRow(Base):
    """A dated note on a recommendation's progress, with the status it set (if any)."""

    __tablename__ = "recommendation_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    noted_on: Mapped[datetime.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))
    by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)


class WorkItemRow(Base):
    """An item on a committee's work programme, with its date and the proposal refs it
    follows (refs within the council's register)."""

    __tablename__ = "work_programme_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[datetime.date | None] = mapped_column(Date)
    refs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    created_by: Mapped[str] = mapped_column(String(200))


# --------------------------------------------------------------------------------------------
# Monitoring through the year: versions of a period's returns, and the returns in each.


class MonitoringSetRow(Base):
    """One version of a council's returns for a period (each import or entry adds a version;
    the latest is the period's position, the earlier ones are kept)."""

    __tablename__ = "monitoring_sets"
    __table_args__ = (
        UniqueConstraint("council_id", "period", "number", name="uq_monitoring_sets_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[str] = mapped_column(String(7))
    period: Mapped[str] = mapped_column(String(20))
    """``2022/23 Q1`` or ``2022-06``."""
    months: Mapped[int] = mapped_column(Integer)
    """Months of the financial year elapsed at the period's end (orders the periods)."""
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[datetime.datetime] = mapped_column(Stamp, default=_now)
    imported_by: Mapped[str] = mapped_column(String(200))


class MonitoringReturnRow(Base):
    """One proposal's return in a version of a period's returns [GBP]."""

    __tablename__ = "monitoring_returns"
    __table_args__ = (UniqueConstraint("set_id", "identity_id", name="uq_monitoring_returns_set"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(
        ForeignKey("monitoring_sets.id", ondelete="CASCADE"), index=True
    )
    identity_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_identities.id", ondelete="CASCADE"), index=True
    )
    ref: Mapped[str] = mapped_column(String(200))
    delivered_to_date: Mapped[float] = mapped_column(Pounds)
    forecast: Mapped[float] = mapped_column(Pounds)
    rag: Mapped[str] = mapped_column(String(10))
    commentary: Mapped[str | None] = mapped_column(Text)
    mitigations: Mapped[str | None] = mapped_column(Text)
    replacement: Mapped[float | None] = mapped_column(Pounds)
    reported_by: Mapped[str] = mapped_column(String(200))
    reported_on: Mapped[datetime.date] = mapped_column()
    evidence: Mapped[str | None] = mapped_column(Text)
