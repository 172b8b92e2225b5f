"""Repositories for the register: councils, versions of their proposal files, and proposals.

They read and write inside the caller's session and never commit (the unit of work does).
Each proposal is stored twice over: its whole validated data (`ProposalRow.data`, so export is
lossless) and relational rows other features query (savings per year, model inputs, staffing,
risks, alternatives, evidence), rewritten together whenever the proposal changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.errors import NotFound, StaleVersion, UsageError
from scrutiny.store.audit import AuditLog
from scrutiny.store.proposal_rows import (
    audit_data,
    content_sha256,
    insert_children,
    proposal_columns,
    proposal_data,
    replace_children,
)
from scrutiny.store.tables import (
    CouncilRow,
    FileVersionRow,
    ProposalIdentityRow,
    ProposalRow,
)


@dataclass(frozen=True)
class StoredFile:
    """A version of a council's proposal file, as stored."""

    id: int
    council: str
    number: int
    source: str
    sha256: str
    imported_at: datetime.datetime
    imported_by: str


@dataclass(frozen=True)
class StoredProposal:
    """A proposal as stored, with the version an update must name (optimistic locking).

    `id` is the proposal's lasting id (the same in every version of its council's file);
    `row_id` is its row in the file version `file_version_id`. `current` is False for a
    proposal as it was in an older version, or one no longer in the latest version."""

    id: int
    file_version_id: int
    council: str
    ref: str
    version: int
    updated_at: datetime.datetime
    updated_by: str
    proposal: Proposal
    row_id: int = 0
    current: bool = True


class CouncilRepository:
    """Councils by name."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, name: str) -> int | None:
        """The council's id, or None when it has no register."""
        return self._session.scalar(select(CouncilRow.id).where(CouncilRow.name == name))

    def get_or_create(self, name: str) -> int:
        """The council's id, adding the council when it is new."""
        found = self.find(name)
        if found is not None:
            return found
        row = CouncilRow(name=name)
        self._session.add(row)
        self._session.flush()
        return row.id

    def names(self) -> list[str]:
        """Every council with a register, in name order."""
        return list(self._session.scalars(select(CouncilRow.name).order_by(CouncilRow.name)))


class FileRepository:
    """Versions of councils' proposal files. Importing adds a version; versions are kept."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    def _stored(self, row: FileVersionRow, council: str) -> StoredFile:
        return StoredFile(
            id=row.id,
            council=council,
            number=row.number,
            source=row.source,
            sha256=row.sha256,
            imported_at=row.imported_at,
            imported_by=row.imported_by,
        )

    def versions(self, council: str) -> list[StoredFile]:
        """Every version of the council's file, oldest first."""
        rows = self._session.scalars(
            select(FileVersionRow)
            .join(CouncilRow, CouncilRow.id == FileVersionRow.council_id)
            .where(CouncilRow.name == council)
            .order_by(FileVersionRow.number)
        )
        return [self._stored(r, council) for r in rows]

    def latest(self, council: str) -> StoredFile | None:
        """The council's newest version, or None when it has none."""
        versions = self.versions(council)
        return versions[-1] if versions else None

    def load_latest(self, council: str) -> ProposalFile:
        """The council's register as it is now; NotFound, naming the councils there are, when
        it has none."""
        stored = self.latest(council)
        if stored is None:
            known = ", ".join(CouncilRepository(self._session).names()) or "none"
            raise NotFound(f"no register for council {council!r} (councils: {known})")
        return self.load(stored.id)

    def get(self, file_version_id: int) -> StoredFile:
        row = self._session.get(FileVersionRow, file_version_id)
        if row is None:
            raise NotFound(f"no proposal file version {file_version_id}")
        council = self._session.get_one(CouncilRow, row.council_id).name
        return self._stored(row, council)

    def add(self, pf: ProposalFile, *, source: str, actor: str) -> tuple[StoredFile, bool]:
        """Store `pf` as the council's next version; returns (version, created).

        When the content equals the latest version's, nothing is written and created is False.
        Every proposal that is new, changed or gone since the last version is audited.
        """
        sha = content_sha256(pf)
        latest = self.latest(pf.council)
        if latest is not None and latest.sha256 == sha:
            return latest, False
        council_id = CouncilRepository(self._session).get_or_create(pf.council)
        data = pf.to_data()
        data["proposals"] = []
        row = FileVersionRow(
            council_id=council_id,
            number=(latest.number + 1) if latest else 1,
            source=source,
            sha256=sha,
            data=data,
            imported_by=actor,
        )
        self._session.add(row)
        self._session.flush()
        before = (
            {p.ref: p for p in ProposalRepository(self._session, self._audit).in_version(latest.id)}
            if latest
            else {}
        )
        identities = identity_ids(self._session, council_id, [p.ref for p in pf.proposals])
        prows = []
        for position, p in enumerate(pf.proposals):
            columns = proposal_columns(p, position)
            old = before.get(p.ref)
            version = 1
            if old is not None:  # an unchanged proposal keeps its version, a changed one moves on
                version = old.version + int(proposal_data(old.proposal) != columns["data"])
            prows.append(
                ProposalRow(
                    file_version_id=row.id,
                    identity_id=identities[p.ref],
                    version=version,
                    updated_by=actor,
                    **columns,
                )
            )
        self._session.add_all(prows)
        self._session.flush()
        insert_children(
            self._session, [(r.id, p) for r, p in zip(prows, pf.proposals, strict=True)]
        )
        for prow, p in zip(prows, pf.proposals, strict=True):
            old = before.pop(p.ref, None)
            if old is None or proposal_data(old.proposal) != prow.data:
                self._audit.record(
                    actor=actor,
                    action="update" if old else "create",
                    entity="proposal",
                    entity_id=prow.identity_id,
                    council=pf.council,
                    ref=p.ref,
                    before=audit_data(old.proposal) if old else None,
                    after=audit_data(p),
                    note=f"imported from {source} as version {row.number}",
                )
        for ref, old in before.items():
            self._audit.record(
                actor=actor,
                action="delete",
                entity="proposal",
                entity_id=old.id,
                council=pf.council,
                ref=ref,
                before=audit_data(old.proposal),
                note=f"not in {source} (version {row.number})",
            )
        self._audit.record(
            actor=actor,
            action="import",
            entity="file_version",
            entity_id=row.id,
            council=pf.council,
            after={"number": row.number, "source": source, "sha256": sha},
        )
        return self._stored(row, pf.council), True

    def load(self, file_version_id: int, *, proposals: bool = True) -> ProposalFile:
        """The stored version rebuilt as the ProposalFile that was imported; without
        `proposals`, only its file-level fields (council, meeting, headline, sources)."""
        row = self._session.get(FileVersionRow, file_version_id)
        if row is None:
            raise NotFound(f"no proposal file version {file_version_id}")
        if not proposals:
            return ProposalFile.model_validate({**row.data, "proposals": []})
        stored = self._session.scalars(
            select(ProposalRow.data)
            .where(ProposalRow.file_version_id == file_version_id)
            .order_by(ProposalRow.position)
        )
        data = dict(row.data)
        data["proposals"] = list(stored)
        return ProposalFile.model_validate(data)


class ProposalRepository:
    """Proposals of a file version; updates are checked against the version they were made from."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    def _stored(
        self, row: ProposalRow, council: str | None = None, *, current: bool = True
    ) -> StoredProposal:
        if council is None:
            council = self._session.scalar(
                select(CouncilRow.name)
                .join(FileVersionRow, FileVersionRow.council_id == CouncilRow.id)
                .where(FileVersionRow.id == row.file_version_id)
            )
        return StoredProposal(
            id=row.identity_id,
            file_version_id=row.file_version_id,
            council=str(council),
            ref=row.ref,
            version=row.version,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
            proposal=Proposal.model_validate(row.data),
            row_id=row.id,
            current=current,
        )

    def in_version(self, file_version_id: int) -> list[StoredProposal]:
        """The version's proposals in file order."""
        rows = list(
            self._session.scalars(
                select(ProposalRow)
                .where(ProposalRow.file_version_id == file_version_id)
                .order_by(ProposalRow.position)
            )
        )
        if not rows:
            return []
        newest, current = proposal_row(self._session, rows[0].identity_id, None)
        current = current and newest == rows[0].id
        council = self._stored(rows[0]).council
        return [self._stored(r, council, current=current) for r in rows]

    def versions_of(self, proposal_id: int) -> list[int]:
        """The numbers of the council's file versions the proposal is in, oldest first."""
        return list(
            self._session.scalars(
                select(FileVersionRow.number)
                .join(ProposalRow, ProposalRow.file_version_id == FileVersionRow.id)
                .where(ProposalRow.identity_id == proposal_id)
                .order_by(FileVersionRow.number)
            )
        )

    def refs(self, file_version_id: int) -> list[str]:
        """The refs of the version's proposals, in file order."""
        return list(
            self._session.scalars(
                select(ProposalRow.ref)
                .where(ProposalRow.file_version_id == file_version_id)
                .order_by(ProposalRow.position)
            )
        )

    def get(self, proposal_id: int, file_version_number: int | None = None) -> StoredProposal:
        """The proposal as it is now (in its council's latest version, or the last version it
        was in when it has been taken out), or as it was in version `file_version_number`."""
        row_id, current = proposal_row(self._session, proposal_id, file_version_number)
        row = self._session.get_one(ProposalRow, row_id, populate_existing=True)
        return self._stored(row, current=current)

    def find(self, council: str, ref: str) -> StoredProposal:
        """The proposal `ref` in the council's latest version."""
        latest = FileRepository(self._session, self._audit).latest(council)
        if latest is None:
            raise NotFound(f"no register for council {council!r}")
        row = self._session.scalar(
            select(ProposalRow).where(
                ProposalRow.file_version_id == latest.id, ProposalRow.ref == ref
            )
        )
        if row is None:
            raise NotFound(f"{council}: no proposal with ref {ref!r}")
        return self._stored(row, council)

    def update(
        self, proposal_id: int, proposal: Proposal, *, expected_version: int, actor: str
    ) -> StoredProposal:
        """Replace a proposal, made from `expected_version`; returns it at its new version.

        Raises StaleVersion when someone else changed it since (nothing is overwritten),
        NotFound when it does not exist, UsageError when the ref would change.
        """
        current = self.get(proposal_id)
        if not current.current:
            raise UsageError(
                f"proposal {current.ref!r} is not in {current.council}'s latest register"
            )
        if proposal.ref != current.ref:
            raise UsageError(f"proposal {current.ref!r}: the ref cannot be changed")
        position = self._session.get_one(ProposalRow, current.row_id).position
        values = proposal_columns(proposal, position)
        result = self._session.execute(
            update(ProposalRow)
            .where(ProposalRow.id == current.row_id, ProposalRow.version == expected_version)
            .values(
                **values,
                version=expected_version + 1,
                updated_by=actor,
                updated_at=datetime.datetime.now(datetime.UTC),
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            actual = self._session.scalar(
                select(ProposalRow.version).where(ProposalRow.id == current.row_id)
            )
            raise StaleVersion(f"proposal {current.ref!r}", expected_version, int(actual or 0))
        replace_children(self._session, current.row_id, proposal)
        self._session.flush()
        # The version's fingerprint follows its content, so importing the file as it was before
        # this edit is seen as a change, not as "unchanged".
        files = FileRepository(self._session, self._audit)
        edited = files.load(current.file_version_id)
        self._session.execute(
            update(FileVersionRow)
            .where(FileVersionRow.id == current.file_version_id)
            .values(sha256=content_sha256(edited))
            .execution_options(synchronize_session=False)
        )
        self._audit.record(
            actor=actor,
            action="update",
            entity="proposal",
            entity_id=proposal_id,
            council=current.council,
            ref=current.ref,
            before=audit_data(current.proposal),
            after=audit_data(proposal),
        )
        self._session.flush()
        return self.get(proposal_id)


def identity_ids(session: Session, council_id: int, refs: list[str]) -> dict[str, int]:
    """The lasting ids of the council's proposals `refs`, adding those seen for the first time."""
    found: dict[str, int] = {
        ref: id_
        for ref, id_ in session.execute(
            select(ProposalIdentityRow.ref, ProposalIdentityRow.id).where(
                ProposalIdentityRow.council_id == council_id
            )
        )
    }
    new = [ProposalIdentityRow(council_id=council_id, ref=ref) for ref in refs if ref not in found]
    if new:
        session.add_all(new)
        session.flush()
        found.update((r.ref, r.id) for r in new)
    return found


def proposal_row(
    session: Session, proposal_id: int, file_version_number: int | None = None
) -> tuple[int, bool]:
    """(row id, current) of the proposal with lasting id `proposal_id`: its row in its council's
    latest version (current), else its newest row, or its row in version `file_version_number`
    (current when that is the latest). NotFound when there is no such proposal or version."""
    query = (
        select(ProposalRow.id, FileVersionRow.id, FileVersionRow.council_id)
        .join(FileVersionRow, FileVersionRow.id == ProposalRow.file_version_id)
        .where(ProposalRow.identity_id == proposal_id)
        .order_by(FileVersionRow.number.desc())
        .limit(1)
    )
    if file_version_number is not None:
        query = query.where(FileVersionRow.number == file_version_number)
    found = session.execute(query).first()
    if found is None:
        where = f" in version {file_version_number}" if file_version_number is not None else ""
        raise NotFound(f"no proposal with id {proposal_id}{where}")
    row_id, version_id, council_id = found
    latest = session.scalar(
        select(func.max(FileVersionRow.id)).where(FileVersionRow.council_id == council_id)
    )
    return row_id, version_id == latest
