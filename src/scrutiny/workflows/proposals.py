"""One proposal: everything its page shows (as it is now or as it was in an older version of
the register), its history, and saving a change to it after every check its file must pass."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from scrutiny.challenge.figures import removal_reason
from scrutiny.domain.delivery import DEFAULT
from scrutiny.domain.evidence import EvidenceItem, Override
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.results import ProposalChallenge, ProposalSimulation
from scrutiny.domain.vocab import Question
from scrutiny.reports.wording import evidence_words, paper_names
from scrutiny.store.audit import AuditEntry
from scrutiny.store.engine import Database
from scrutiny.store.register import StoredProposal
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.members import conclusions_of
from scrutiny.workflows.register import ANALYSIS_NOTES, results_of


@dataclass(frozen=True)
class ProposalPage:
    id: int
    council: str
    file_version_id: int
    file_version_number: int
    current: bool
    """False for the proposal as it was in an older version of the register (read only)."""
    version: int
    updated_at: datetime.datetime
    updated_by: str
    proposal: Proposal
    years: list[str]
    simulation: ProposalSimulation | None
    simulated_at: datetime.datetime | None
    challenge: ProposalChallenge | None
    overrides: dict[Question, Override]
    conclusions: list[AuditEntry] = field(default_factory=list)
    analysis: str = "current"
    versions: list[int] = field(default_factory=list)
    """Versions of the council's register the proposal is in, oldest first."""
    refs: list[str] = field(default_factory=list)
    """The file's proposals in order (a finding's evidence names a proposal by its place)."""
    papers: dict[str, str] = field(default_factory=dict)
    """The papers' own names by the source name the file gives them."""
    materiality: float = DEFAULT.materiality

    def evidence_words(self, e: EvidenceItem) -> str:
        """A finding's evidence in words, with the papers under their own names."""
        return evidence_words(e, self.proposal, self.refs, self.papers)

    @property
    def note(self) -> str | None:
        """Why the figures on the page are not the current register's, if they are not."""
        return ANALYSIS_NOTES.get(self.analysis) if self.current else None

    @property
    def removal_reason(self) -> tuple[str, str | None] | None:
        """Why the papers say a removed proposal was removed (a quote and where it is)."""
        return removal_reason(self.proposal) if self.proposal.is_removed else None


def proposal_page(
    engine: Database, proposal_id: int, file_version_number: int | None = None
) -> ProposalPage:
    """Everything the proposal page shows, read in one transaction (reused while the database's
    data stamp is unchanged): the proposal as it is now, or as it was in version
    `file_version_number` of its council's register."""
    with UnitOfWork(engine) as uow:
        return uow.reads.page(
            "proposal",
            (proposal_id, file_version_number),
            lambda: _proposal_page(uow, proposal_id, file_version_number),
        )


def _proposal_page(
    uow: UnitOfWork, proposal_id: int, file_version_number: int | None
) -> ProposalPage:
    sp, years = uow.reads.proposal_with_years(proposal_id, file_version_number)
    results = results_of(uow, sp.file_version_id)
    siblings = uow.reads.proposals_in_version(sp.file_version_id, sp.council)
    papers = paper_names(
        uow.files.load(sp.file_version_id, proposals=False), [s.proposal for s in siblings]
    )
    conclusions = conclusions_of(uow, [proposal_id]).get(proposal_id, [])
    return ProposalPage(
        id=sp.id,
        council=sp.council,
        file_version_id=sp.file_version_id,
        file_version_number=uow.files.get(sp.file_version_id).number,
        current=sp.current,
        version=sp.version,
        updated_at=sp.updated_at,
        updated_by=sp.updated_by,
        proposal=sp.proposal,
        years=years,
        simulation=results.sim_for(sp.ref),
        simulated_at=results.simulated_at,
        challenge=results.challenge_for(sp.ref),
        overrides=uow.overrides.current(proposal_id),
        conclusions=conclusions,
        analysis=results.analysis,
        versions=uow.proposals.versions_of(proposal_id),
        refs=[s.ref for s in siblings],
        papers=papers,
        materiality=results.simulation.materiality if results.simulation else DEFAULT.materiality,
    )


def history(engine: Database, proposal_id: int) -> tuple[str, list[AuditEntry]]:
    """The proposal's ref and its audit trail, oldest first."""
    with UnitOfWork(engine) as uow:
        sp = uow.proposals.get(proposal_id)
        return sp.ref, uow.audit.entries(entity="proposal", entity_id=proposal_id)


def update_proposal(
    engine: Database, proposal_id: int, proposal: Proposal, *, expected_version: int, actor: str
) -> int:
    """Save a changed proposal made from `expected_version`; the new version.

    StaleVersion (nothing written) when someone saved a newer version meanwhile.
    """
    with UnitOfWork(engine, actor=actor) as uow:
        return checked_update(
            uow, proposal_id, proposal, expected_version=expected_version, actor=actor
        ).version


def checked_update(
    uow: UnitOfWork, proposal_id: int, proposal: Proposal, *, expected_version: int, actor: str
) -> StoredProposal:
    """Replace a proposal after every check its file must then pass (bounds, model inputs, a
    trial run); InvalidInput, with nothing written, when it would break the file's simulation."""
    from scrutiny.workflows.validate import with_proposal

    stored = uow.proposals.get(proposal_id)
    pf = uow.files.load(stored.file_version_id)
    if proposal.ref == stored.ref:
        proposal = with_proposal(pf, proposal, f"proposal {stored.ref}")
    return uow.proposals.update(
        proposal_id, proposal, expected_version=expected_version, actor=actor
    )
