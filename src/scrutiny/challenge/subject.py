"""What a rule looks at: one proposal with its place in the file, its simulation and the policy.

Helpers here build evidence items that point at the proposal's own fields and figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scrutiny.challenge.hindsight import LeftOut
from scrutiny.challenge.policy import Policy
from scrutiny.domain.distributions import is_point
from scrutiny.domain.evidence import DocumentEvidence, Evidence, FieldEvidence, OutputEvidence
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ProposalSimulation, SimulationSummary
from scrutiny.national.assumptions import AssumptionCheck


@dataclass(frozen=True)
class FileSubject:
    """The whole file, for rules that compare proposals or check stated totals."""

    pf: ProposalFile
    summary: SimulationSummary | None
    policy: Policy
    benchmarks: tuple[AssumptionCheck, ...] = ()
    """Model inputs beside published national figures (rule D12); empty when not compared."""
    left_out: tuple[LeftOut, ...] = ()
    """The file's own evidence published after the meeting, left out (rule D16)."""
    as_at: datetime.date | None = None
    """The date the file is read as at: the meeting's, or a later one for hindsight."""

    def active(self) -> list[tuple[int, Proposal]]:
        """Proposals still in the plan (not removed), with their index in the file."""
        return [(i, p) for i, p in enumerate(self.pf.proposals) if not p.is_removed]


@dataclass(frozen=True)
class Subject(FileSubject):
    """One proposal (``pf.proposals[index]``) seen by the rules."""

    index: int = 0

    @property
    def proposal(self) -> Proposal:
        return self.pf.proposals[self.index]

    @property
    def simulation(self) -> ProposalSimulation | None:
        if self.summary is None:
            return None
        return self.summary.for_ref(self.proposal.ref)

    def path(self, field: str) -> str:
        """The field path of one of this proposal's fields (``proposals[2].eqia.status``)."""
        return f"proposals[{self.index}].{field}" if field else f"proposals[{self.index}]"

    def field(self, field: str, value: object) -> FieldEvidence:
        return FieldEvidence(path=self.path(field), value=value)

    def others(self) -> list[tuple[int, Proposal]]:
        """The other proposals still in the plan."""
        return [(i, p) for i, p in self.active() if i != self.index]

    def model_number(self, name: str) -> float | None:
        """A model input given as a plain number (not a distribution), else None."""
        model = self.proposal.model
        if model is None or name not in model.inputs:
            return None
        value = model.inputs[name]
        if isinstance(value, int | float):
            return float(value)
        if is_point(value):
            return float(value.analytic_mean())
        return None

    def quotes(self, *words: str) -> list[DocumentEvidence]:
        """The proposal's quoted passages that mention any of `words` (case-insensitive)."""
        return [
            document(e)
            for e in self.proposal.evidence
            if e.quote and any(w.lower() in e.quote.lower() for w in words)
        ]


def document(e: Evidence) -> DocumentEvidence:
    """A proposal file's evidence entry as evidence for a finding."""
    return DocumentEvidence(
        source=e.source,
        locator=e.locator,
        quote=" ".join((e.quote or "").split()),
        page=e.page,
        start=e.start,
        end=e.end,
    )


def output(name: str, value: float | None, year: str | None = None) -> OutputEvidence:
    return OutputEvidence(name=name, value=value, year=year)
