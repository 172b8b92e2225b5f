"""The register as the web and the API see it: councils' latest files, their proposals with
the latest simulation and challenge results and members' verdicts and conclusions; and adding
to it (a file, a proposal). One proposal's page and changes are in `proposals`, members' own
verdicts and conclusions in `members`.

Reads and writes go through one unit of work each; nothing here renders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from scrutiny.domain.delivery import DEFAULT
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import (
    ChallengeReport,
    PortfolioYearStats,
    ProposalChallenge,
    ProposalSimulation,
    SimulationSummary,
    YearStats,
)
from scrutiny.domain.vocab import Grade, Status, Verdict
from scrutiny.errors import UsageError
from scrutiny.store.engine import Database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import members

ATTENTION = {Verdict.not_assured, Verdict.insufficient_information}
"""Verdicts that put a proposal on the dashboard's "needs attention" list."""

SORTS = {
    "ref": lambda r: r.ref,
    "title": lambda r: r.title.lower(),
    "total": lambda r: -r.total,
    "status": lambda r: r.status,
    "probability": lambda r: (r.p_meet is None, r.p_meet if r.p_meet is not None else 0.0),
}


ANALYSIS_NOTES = {
    "out_of_date": "The register has changed since these figures were worked out: they are out "
    "of date until the analysis is run again.",
    "not_run": "This version of the register has not been simulated and challenged yet.",
}
"""What a page says above figures that do not match the register as it is now."""


@dataclass(frozen=True)
class Results:
    """The latest stored runs of a file version (None when never run), and whether they read
    the version as it is now (`analysis`: current, out_of_date or not_run)."""

    simulation: SimulationSummary | None
    simulated_at: datetime.datetime | None
    challenge: ChallengeReport | None
    challenged_at: datetime.datetime | None
    analysis: str = "current"

    @property
    def note(self) -> str | None:
        """The sentence a page shows when the figures are not the register's as it is now."""
        return ANALYSIS_NOTES.get(self.analysis)

    def sim_for(self, ref: str) -> ProposalSimulation | None:
        if self.simulation is None:
            return None
        return next((p for p in self.simulation.proposals if p.ref == ref), None)

    def challenge_for(self, ref: str) -> ProposalChallenge | None:
        if self.challenge is None:
            return None
        return next((p for p in self.challenge.proposals if p.ref == ref), None)


@dataclass(frozen=True)
class RegisterRow:
    id: int
    council: str
    ref: str
    title: str
    status: str
    category: str | None
    total: float
    version: int
    p_meet: float | None
    """Probability the proposal meets its last year's cumulative target [probability]; None
    when that year has no target."""
    verdicts: dict[str, str]
    """The engine's verdict on each question."""
    member_verdicts: dict[str, str] = field(default_factory=dict)
    """Members' own verdicts, where they recorded one (shown beside the engine's)."""
    conclusion: str | None = None
    """The members' latest recorded conclusion."""
    out_of_date: bool = False
    """The probability and verdicts come from an analysis older than the register."""
    file_version_id: int = 0
    analysis: str = "current"
    years: dict[str, YearStats] = field(default_factory=dict)
    """The simulated years that have a cumulative target, each with its RAG rating, expected
    share of the target and £ at risk (empty: not simulated, or no target in any year)."""

    @property
    def note(self) -> str | None:
        return ANALYSIS_NOTES.get(self.analysis)


@dataclass(frozen=True)
class CouncilOverview:
    council: str
    file_version_id: int
    version_number: int
    years: list[str]
    funding_gap: dict[str, float]
    funding_gap_assumed: bool
    """True when the file marks its funding gap as assumed (not the papers' own figure)."""
    savings: dict[str, float]
    p_meet: dict[str, float | None]
    removed_to_find: float
    """Savings of removed proposals that must still be found elsewhere [GBP]."""
    attention: list[RegisterRow]
    simulated_at: datetime.datetime | None
    delivery: dict[str, PortfolioYearStats] = field(default_factory=dict)
    """The plan's expected delivery, money at risk, RAG rating and contingency by year."""
    materiality: float = DEFAULT.materiality
    analysis: str = "current"

    @property
    def has_contingency(self) -> bool:
        return any(s.contingency is not None for s in self.delivery.values())

    @property
    def note(self) -> str | None:
        return ANALYSIS_NOTES.get(self.analysis)


def results_of(uow: UnitOfWork, file_version_id: int) -> Results:
    """The file version's latest stored runs and whether they read it as it is now."""
    sim = uow.reads.latest_simulation(file_version_id)
    chal = uow.reads.latest_challenge(file_version_id)
    return Results(
        simulation=sim[0] if sim else None,
        simulated_at=sim[1] if sim else None,  # type: ignore[arg-type]
        challenge=chal[0] if chal else None,
        challenged_at=chal[1] if chal else None,  # type: ignore[arg-type]
        analysis=uow.reads.analysis_state(file_version_id),
    )


def _members(uow: UnitOfWork, ids: list[int]) -> tuple[dict[int, dict[str, str]], dict[int, str]]:
    """Members' current verdicts by proposal id and question, and their latest conclusions."""
    verdicts = {
        pid: {q.value: o.verdict.value for q, o in found.items()}
        for pid, found in uow.overrides.for_proposals(ids).items()
    }
    conclusions = {
        pid: found[-1].note or "" for pid, found in members.conclusions_of(uow, ids).items()
    }
    return verdicts, conclusions


def _rows(uow: UnitOfWork, stored: list[Any], results: Results) -> list[RegisterRow]:
    verdicts, conclusions = _members(uow, [sp.id for sp in stored])
    return [
        _row(
            sp,
            results,
            member_verdicts=verdicts.get(sp.id, {}),
            conclusion=conclusions.get(sp.id),
        )
        for sp in stored
    ]


def _row(
    sp: Any,
    results: Results,
    *,
    member_verdicts: dict[str, str] | None = None,
    conclusion: str | None = None,
) -> RegisterRow:
    p: Proposal = sp.proposal
    sim = results.sim_for(p.ref)
    p_meet = None
    if sim is not None and sim.years:
        p_meet = sim.years[list(sim.years)[-1]].p_meet_target
    years = {y: s for y, s in sim.years.items() if s.has_target} if sim is not None else {}
    chal = results.challenge_for(p.ref)
    verdicts = {q.value: r.verdict.value for q, r in chal.questions.items()} if chal else {}
    return RegisterRow(
        id=sp.id,
        council=sp.council,
        ref=p.ref,
        title=p.title,
        status=p.status.value,
        category=p.category.value if p.category else None,
        total=p.total_target(),
        version=sp.version,
        p_meet=p_meet,
        verdicts=verdicts,
        member_verdicts=member_verdicts or {},
        conclusion=conclusion,
        out_of_date=results.analysis == "out_of_date",
        file_version_id=sp.file_version_id,
        analysis=results.analysis,
        years=years,
    )


def councils(engine: Database) -> list[str]:
    with UnitOfWork(engine) as uow:
        return uow.councils.names()


def overview(engine: Database) -> list[CouncilOverview]:
    """The dashboard: for each council's latest file, gap, savings, probabilities, attention."""
    out: list[CouncilOverview] = []
    with UnitOfWork(engine) as uow:
        for council in uow.councils.names():
            latest = uow.files.latest(council)
            if latest is None:
                continue
            pf = uow.files.load(latest.id)
            results = results_of(uow, latest.id)
            stored = uow.reads.proposals_in_version(latest.id, council)
            years = pf.horizon()
            savings = {
                y: sum(p.savings.get(y, 0.0) for p in pf.proposals if not p.is_removed)
                for y in years
            }
            p_meet: dict[str, float | None] = {}
            removed = sum(p.total_target() for p in pf.proposals if p.is_removed)
            if results.simulation is not None:
                p_meet = {y: s.p_meet_target for y, s in results.simulation.portfolio.years.items()}
            rows = _rows(uow, stored, results)
            attention = [
                r
                for r in rows
                if any(
                    Verdict(v) in ATTENTION for v in {**r.verdicts, **r.member_verdicts}.values()
                )
            ]
            out.append(
                CouncilOverview(
                    council=council,
                    file_version_id=latest.id,
                    version_number=latest.number,
                    years=years,
                    funding_gap=dict(pf.mtfs.funding_gap) if pf.mtfs else {},
                    funding_gap_assumed=pf.grade("mtfs.funding_gap") == Grade.assumed,
                    savings=savings,
                    p_meet=p_meet,
                    removed_to_find=removed,
                    attention=attention,
                    simulated_at=results.simulated_at,
                    analysis=results.analysis,
                    delivery=dict(results.simulation.portfolio.years) if results.simulation else {},
                    materiality=(
                        results.simulation.materiality
                        if results.simulation
                        else DEFAULT.materiality
                    ),
                )
            )
    return out


def register(
    engine: Database,
    *,
    council: str | None = None,
    status: str | None = None,
    verdict: str | None = None,
    sort: str = "ref",
) -> list[RegisterRow]:
    """Proposals of every council's latest file, filtered and sorted (sort: one of SORTS)."""
    return register_and_councils(
        engine, council=council, status=status, verdict=verdict, sort=sort
    )[0]


def register_and_councils(
    engine: Database,
    *,
    council: str | None = None,
    status: str | None = None,
    verdict: str | None = None,
    sort: str = "ref",
) -> tuple[list[RegisterRow], list[str]]:
    """The register as `register` gives it and every council's name (the page's filter), read
    together in one transaction."""
    if sort not in SORTS:
        raise UsageError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if status and status not in Status.__members__:
        raise UsageError(f"status must be one of {', '.join(Status)}, not {status!r}")
    if verdict and verdict not in Verdict.__members__:
        raise UsageError(f"verdict must be one of {', '.join(Verdict)}, not {verdict!r}")
    with UnitOfWork(engine) as uow:
        every, names = uow.reads.page("register", None, lambda: _all_rows(uow))
    rows = [r for r in every if not council or r.council == council]
    if status:
        rows = [r for r in rows if r.status == status]
    if verdict:
        rows = [r for r in rows if verdict in r.verdicts.values()]
    return sorted(rows, key=SORTS[sort]), names


def _all_rows(uow: UnitOfWork) -> tuple[list[RegisterRow], list[str]]:
    """Every council's latest file's proposals, in council and file order; every council."""
    rows: list[RegisterRow] = []
    names = list(uow.councils.names())
    for name in names:
        latest = uow.files.latest(name)
        if latest is None:
            continue
        results = results_of(uow, latest.id)
        rows.extend(_rows(uow, uow.reads.proposals_in_version(latest.id, name), results))
    return rows, names


def import_file(engine: Database, pf: ProposalFile, *, source: str, actor: str) -> int:
    """Store `pf` as its council's next version; the file version id."""
    from scrutiny.workflows.validate import checked

    pf = checked(pf, source)
    with UnitOfWork(engine, actor=actor) as uow:
        stored, _created = uow.files.add(pf, source=source, actor=actor)
        return stored.id


def add_proposal(engine: Database, council: str, proposal: Proposal, *, actor: str) -> int:
    """Add a proposal to the council's register as its next file version (every check of
    `validate` applies); the new proposal's id."""
    from scrutiny.workflows.validate import check_runs, parse

    with UnitOfWork(engine, actor=actor) as uow:
        latest = uow.files.latest(council)
        data: dict[str, Any] = (
            uow.files.load(latest.id).to_data() if latest else {"council": council}
        )
        data.setdefault("proposals", []).append(proposal.model_dump(mode="json", exclude_none=True))
        pf = parse(data, f"{council} register")
        check_runs(pf, f"{council} register")
        stored, _created = uow.files.add(pf, source="web", actor=actor)
        return next(p.id for p in uow.proposals.in_version(stored.id) if p.ref == proposal.ref)
