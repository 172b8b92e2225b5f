"""Reads the pages make on every request (`PageReads`, reached as `uow.reads`), with parsing
cached by keys that never change meaning.

A stored run never changes (a new run is a new row), and a proposal row's data only changes with
its version, so parsed results are cached by (database, run id, time) and parsed proposals by (database,
id, version, time saved). Only
the small key columns are read from the database each time; the cache is bounded.

Whole pages' data (the register's rows, a proposal page) are cached by `data_stamp`: one query
reading counts, largest ids and the sum of proposal versions of every table the pages show. Any
insert, delete, proposal edit, run, override or audited change moves the stamp, so a cached page
is only reused while the database says nothing it shows has changed, in any process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scrutiny.domain.proposal import Proposal
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.years import sort_labels
from scrutiny.errors import NotFound
from scrutiny.store.register import StoredProposal, proposal_row
from scrutiny.store.tables import (
    AuditRow,
    CouncilRow,
    FileVersionRow,
    OverrideRow,
    ProposalRow,
    RunRow,
)

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")

CACHE_ENTRIES = 512
"""Parsed objects kept per cache [entries]."""


class _Bounded(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self._data: OrderedDict[K, V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: K, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = make()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self._size:
                self._data.popitem(last=False)
        return value


_simulations: _Bounded[tuple[str, int, object], SimulationSummary] = _Bounded(CACHE_ENTRIES)
_challenges: _Bounded[tuple[str, int, object], ChallengeReport] = _Bounded(CACHE_ENTRIES)
_proposals: _Bounded[tuple[str, int, int, object], Proposal] = _Bounded(CACHE_ENTRIES)
_pages: _Bounded[tuple[str, tuple[object, ...], str, object], object] = _Bounded(CACHE_ENTRIES)


def _stamp_query() -> Select[tuple[object, ...]]:
    parts: list[object] = []
    for table in (CouncilRow, FileVersionRow, ProposalRow, RunRow, OverrideRow):
        parts.append(select(func.count()).select_from(table).scalar_subquery())
        parts.append(select(func.max(table.id)).scalar_subquery())
    # The audit log only grows: its largest id is enough, and counting it would grow with it.
    parts.append(select(func.max(AuditRow.id)).scalar_subquery())
    parts.append(select(func.sum(ProposalRow.version)).scalar_subquery())
    return select(*parts)  # type: ignore[call-overload]


_STAMP = _stamp_query()


def _data_stamp(session: Session) -> tuple[object, ...]:
    """What the register and proposal pages show, in a few numbers: rows and largest id of
    councils, file versions, proposals, runs and overrides, the audit log's largest id, and the
    sum of proposal versions. Equal stamps mean none of those tables changed in between."""
    return tuple(session.execute(_STAMP).one())


def _page_data(session: Session, name: str, key: object, make: Callable[[], V]) -> V:
    """`make()` for page `name` and `key`, reused while the database's `data_stamp` holds."""
    stamp = _data_stamp(session)
    value = _pages.get((_database(session), stamp, name, key), make)
    return value  # type: ignore[return-value]


def _database(session: Session) -> str:
    """Which database a key belongs to (ids repeat across databases)."""
    return str(session.get_bind().engine.url)


def _latest_run(session: Session, file_version_id: int, kind: str) -> tuple[int, object] | None:
    found = session.execute(
        select(RunRow.id, RunRow.created_at)
        .where(RunRow.file_version_id == file_version_id, RunRow.kind == kind)
        .order_by(RunRow.id.desc())
        .limit(1)
    ).first()
    return (found.id, found.created_at) if found else None


def _run_result(session: Session, run_id: int) -> dict[str, object]:
    return dict(session.scalar(select(RunRow.result).where(RunRow.id == run_id)) or {})


def _latest_parsed(
    session: Session,
    file_version_id: int,
    kind: str,
    cache: _Bounded[tuple[str, int, object], R],
    parse: Callable[[dict[str, object]], R],
) -> tuple[R, object] | None:
    """The newest stored run of `kind` of the file version, parsed once per run, and when it
    ran."""
    found = _latest_run(session, file_version_id, kind)
    if found is None:
        return None
    run_id, at = found
    parsed = cache.get(
        (_database(session), run_id, at), lambda: parse(_run_result(session, run_id))
    )
    return parsed, at


def _latest_simulation(
    session: Session, file_version_id: int
) -> tuple[SimulationSummary, object] | None:
    """The newest stored simulation of the file version and when it ran."""
    return _latest_parsed(
        session, file_version_id, "simulation", _simulations, SimulationSummary.model_validate
    )


def _latest_challenge(
    session: Session, file_version_id: int
) -> tuple[ChallengeReport, object] | None:
    """The newest stored challenge of the file version and when it ran."""
    return _latest_parsed(
        session, file_version_id, "challenge", _challenges, ChallengeReport.model_validate
    )


def _analysis_state(session: Session, file_version_id: int) -> str:
    """ "current" when the version's newest simulation and challenge both read it as it is now,
    "out_of_date" when it has changed since either ran, "not_run" when either is missing."""
    runs = [
        session.execute(
            select(RunRow.content_sha256)
            .where(RunRow.file_version_id == file_version_id, RunRow.kind == kind)
            .order_by(RunRow.id.desc())
            .limit(1)
        ).first()
        for kind in ("simulation", "challenge")
    ]
    if any(r is None for r in runs):
        return "not_run"
    sha = session.scalar(select(FileVersionRow.sha256).where(FileVersionRow.id == file_version_id))
    return "current" if all(r is not None and r[0] == sha for r in runs) else "out_of_date"


def _proposals_in_version(
    session: Session, file_version_id: int, council: str, *, current: bool = True
) -> list[StoredProposal]:
    """The version's proposals in file order, parsed once per (row, version); `current` says
    whether the version is its council's latest."""
    rows = session.execute(
        select(
            ProposalRow.id,
            ProposalRow.identity_id,
            ProposalRow.version,
            ProposalRow.updated_at,
            ProposalRow.updated_by,
            ProposalRow.ref,
        )
        .where(ProposalRow.file_version_id == file_version_id)
        .order_by(ProposalRow.position)
    ).all()

    def parser(proposal_id: int) -> Callable[[], Proposal]:
        def parse() -> Proposal:
            data = session.scalar(select(ProposalRow.data).where(ProposalRow.id == proposal_id))
            return Proposal.model_validate(data)

        return parse

    database = _database(session)
    return [
        StoredProposal(
            id=r.identity_id,
            file_version_id=file_version_id,
            council=council,
            ref=r.ref,
            version=r.version,
            updated_at=r.updated_at,
            updated_by=r.updated_by,
            proposal=_proposals.get((database, r.id, r.version, r.updated_at), parser(r.id)),
            row_id=r.id,
            current=current,
        )
        for r in rows
    ]


def _proposal_with_years(
    session: Session, proposal_id: int, file_version_number: int | None = None
) -> tuple[StoredProposal, list[str]]:
    """One stored proposal (as it is now, or as it was in version `file_version_number`) and
    its file's financial years (the file's horizon)."""
    row_id, current = proposal_row(session, proposal_id, file_version_number)
    found = session.execute(
        select(ProposalRow.file_version_id, CouncilRow.name, FileVersionRow.data)
        .join(FileVersionRow, FileVersionRow.id == ProposalRow.file_version_id)
        .join(CouncilRow, CouncilRow.id == FileVersionRow.council_id)
        .where(ProposalRow.id == row_id)
    ).first()
    if found is None:
        raise NotFound(f"no proposal with id {proposal_id}")
    siblings = _proposals_in_version(session, found.file_version_id, found.name, current=current)
    labels: set[str] = set()
    for sp in siblings:
        labels.update(sp.proposal.savings)
    labels.update(((found.data or {}).get("mtfs") or {}).get("funding_gap") or {})
    stored = next(sp for sp in siblings if sp.row_id == row_id)
    return stored, sort_labels(labels)


class PageReads:
    """The reads behind the register, proposal and download pages, in one session: the latest
    stored runs parsed once per run, proposals parsed once per row version, and whole pages
    reused while the database's data stamp holds."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def data_stamp(self) -> tuple[object, ...]:
        """See `_data_stamp`: equal stamps mean nothing the pages show changed in between."""
        return _data_stamp(self._session)

    def page(self, name: str, key: object, make: Callable[[], V]) -> V:
        """`make()` for page `name` and `key`, reused while the data stamp holds."""
        return _page_data(self._session, name, key, make)

    def latest_simulation(self, file_version_id: int) -> tuple[SimulationSummary, object] | None:
        """The newest stored simulation of the file version and when it ran."""
        return _latest_simulation(self._session, file_version_id)

    def latest_challenge(self, file_version_id: int) -> tuple[ChallengeReport, object] | None:
        """The newest stored challenge of the file version and when it ran."""
        return _latest_challenge(self._session, file_version_id)

    def analysis_state(self, file_version_id: int) -> str:
        """ "current", "out_of_date" or "not_run" (see `_analysis_state`)."""
        return _analysis_state(self._session, file_version_id)

    def proposals_in_version(
        self, file_version_id: int, council: str, *, current: bool = True
    ) -> list[StoredProposal]:
        """The version's proposals in file order, each parsed once per (row, version)."""
        return _proposals_in_version(self._session, file_version_id, council, current=current)

    def proposal_with_years(
        self, proposal_id: int, file_version_number: int | None = None
    ) -> tuple[StoredProposal, list[str]]:
        """One stored proposal (now, or as in version `file_version_number`) and its file's
        financial years."""
        return _proposal_with_years(self._session, proposal_id, file_version_number)
