"""The transaction boundary: a unit of work commits on success and rolls back on error.

    with UnitOfWork(actor="j.smith") as uow:
        version, created = uow.files.add(pf, source="thurrock.yaml", actor=uow.actor)

Repositories are reached through it and never commit themselves.
"""

from __future__ import annotations

import getpass
import os
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from scrutiny.store.audit import AuditLog
from scrutiny.store.documents import DocumentRepository
from scrutiny.store.engine import get_engine
from scrutiny.store.monitoring import MonitoringRepository
from scrutiny.store.people import UserRepository
from scrutiny.store.reads import PageReads
from scrutiny.store.recommendations import RecommendationRepository
from scrutiny.store.register import CouncilRepository, FileRepository, ProposalRepository
from scrutiny.store.runs import OverrideRepository, RunRepository


def default_actor() -> str:
    """Who is making changes from the command line: SCRUTINY_USER, else the OS user."""
    name = os.environ.get("SCRUTINY_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class UnitOfWork:
    """One transaction over the store, with every repository bound to it."""

    session: Session
    audit: AuditLog
    councils: CouncilRepository
    files: FileRepository
    proposals: ProposalRepository
    runs: RunRepository
    overrides: OverrideRepository
    documents: DocumentRepository
    users: UserRepository
    reads: PageReads
    recommendations: RecommendationRepository
    monitoring: MonitoringRepository

    def __init__(self, engine: Engine | None = None, *, actor: str | None = None) -> None:
        self.engine = engine if engine is not None else get_engine()
        self.actor = actor or default_actor()

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.engine, expire_on_commit=False, autoflush=True)
        self.audit = AuditLog(self.session)
        self.councils = CouncilRepository(self.session)
        self.files = FileRepository(self.session, self.audit)
        self.proposals = ProposalRepository(self.session, self.audit)
        self.runs = RunRepository(self.session, self.audit)
        self.overrides = OverrideRepository(self.session, self.audit)
        self.documents = DocumentRepository(self.session, self.audit)
        self.users = UserRepository(self.session, self.audit)
        self.reads = PageReads(self.session)
        self.recommendations = RecommendationRepository(self.session, self.audit)
        self.monitoring = MonitoringRepository(self.session, self.audit)
        return self

    def commit(self) -> None:
        """Commit now (the block also commits when it ends without an error)."""
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
