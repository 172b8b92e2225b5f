"""Every repository in one place. Reach them through `UnitOfWork`; none of them commits.

- `CouncilRepository`: `get_or_create(name)`, `names()`.
- `FileRepository`: `add(pf, source=, actor=)` → (StoredFile, created), `latest(council)`,
  `versions(council)`, `get(id)`, `load(id)` → ProposalFile, `load_latest(council)` →
  ProposalFile (NotFound when the council has none).
- `ProposalRepository`: `in_version(file_version_id)`, `get(id)`, `find(council, ref)`,
  `update(id, proposal, expected_version=, actor=)` (StaleVersion when out of date).
- `RunRepository`: `add(file_version_id, kind, result, actor=, iterations=, seed=)`,
  `latest(file_version_id, kind)`, `in_version(file_version_id)`.
- `OverrideRepository`: `add(proposal_id, question, override)`, `current(proposal_id)`,
  `for_file_version(file_version_id)` → {(ref, question): Override}.
- `DocumentRepository`: `add(sha256=, filename=, media_type=, size_bytes=, ...)` → (row, created),
  `by_sha256`, `get`, `all`, `add_figures`, `figures`, `add_draft`, `drafts`, `review_draft`.
- `UserRepository`: `add(email, password_hash, role, actor=)`, `by_email`, `get`, `all`,
  `count`, `update(id, actor=, role=, active=, password_hash=)`.
- `AuditLog`: `record(...)`, `entries(entity=, entity_id=, ref=, council=)`.
- `PageReads`: `data_stamp()`, `page(name, key, make)`, `latest_simulation(fv)`,
  `latest_challenge(fv)`, `analysis_state(fv)`, `proposals_in_version(fv, council)`,
  `proposal_with_years(id, number)`: the pages' reads, parsed once and cached.
- `RecommendationRepository`: `add`, `get`, `all(council)`, `texts(council)`, `respond`,
  `add_update`, `add_item`, `items(council)`: the recommendations tracker and work programme.
- `MonitoringRepository`: `add(council, period, returns, source=, actor=, keep_others=)` → a new
  version of the period's returns, `latest(council, period)`, `versions`, `periods`, `years`,
  `history(council, year)`.
"""

from scrutiny.store.audit import AuditEntry, AuditLog
from scrutiny.store.documents import DocumentRepository
from scrutiny.store.monitoring import MonitoringRepository, StoredReturns
from scrutiny.store.people import UserRepository
from scrutiny.store.reads import PageReads
from scrutiny.store.recommendations import RecommendationRepository
from scrutiny.store.register import (
    CouncilRepository,
    FileRepository,
    ProposalRepository,
    StoredFile,
    StoredProposal,
)
from scrutiny.store.runs import OverrideRepository, RunRepository

__all__ = [
    "AuditEntry",
    "AuditLog",
    "CouncilRepository",
    "DocumentRepository",
    "FileRepository",
    "MonitoringRepository",
    "OverrideRepository",
    "PageReads",
    "ProposalRepository",
    "RecommendationRepository",
    "RunRepository",
    "StoredFile",
    "StoredProposal",
    "StoredReturns",
    "UserRepository",
]
