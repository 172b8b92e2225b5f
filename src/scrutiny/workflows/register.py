"""The register as the web and the API see it: councils' latest files, proposals with their
latest simulation and challenge results, members' overrides and conclusions.

Reads and writes go through one unit of work each; nothing here renders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from scrutiny.challenge.figures import describe_mixture
from scrutiny.domain.distributions import Mixture
from scrutiny.domain.evidence import Override
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import (
    ChallengeReport,
    ProposalChallenge,
    ProposalSimulation,
    SimulationSummary,
)
from scrutiny.domain.vocab import Question, Status, Verdict
from scrutiny.errors import UsageError
from scrutiny.store.audit import AuditEntry
from scrutiny.store.tables import CouncilRow
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import cached_reads

ATTENTION = {Verdict.not_assured, Verdict.insufficient_information}
"""Verdicts that put a proposal on the dashboard's "needs attention" list."""

SORTS = {
    "ref": lambda r: r.ref,
    "title": lambda r: r.title.lower(),
    "total": lambda r: -r.total,
    "status": lambda r: r.status,
    "probability": lambda r: (r.p_meet is None, r.p_meet if r.p_meet is not None else 0.0),
}


@dataclass(frozen=True)
class Results:
    """The latest stored runs of a file version (None when never run)."""

    simulation: SimulationSummary | None
    simulated_at: datetime.datetime | None
    challenge: ChallengeReport | None
    challenged_at: datetime.datetime | None

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
    """Probability the proposal meets its last year's cumulative target [probability]."""
    verdicts: dict[str, str]


@dataclass(frozen=True)
class CouncilOverview:
    council: str
    file_version_id: int
    version_number: int
    years: list[str]
    funding_gap: dict[str, float]
    savings: dict[str, float]
    p_meet: dict[str, float | None]
    removed_to_find: float
    """Savings of removed proposals that must still be found elsewhere [GBP]."""
    attention: list[RegisterRow]
    simulated_at: datetime.datetime | None


@dataclass(frozen=True)
class ProposalPage:
    id: int
    council: str
    file_version_id: int
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


def _results(uow: UnitOfWork, file_version_id: int) -> Results:
    sim = cached_reads.latest_simulation(uow.session, file_version_id)
    chal = cached_reads.latest_challenge(uow.session, file_version_id)
    return Results(
        simulation=sim[0] if sim else None,
        simulated_at=sim[1] if sim else None,  # type: ignore[arg-type]
        challenge=chal[0] if chal else None,
        challenged_at=chal[1] if chal else None,  # type: ignore[arg-type]
    )


def _row(sp: Any, results: Results) -> RegisterRow:
    p: Proposal = sp.proposal
    sim = results.sim_for(p.ref)
    p_meet = None
    if sim is not None and sim.years:
        p_meet = sim.years[list(sim.years)[-1]].p_meet_target
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
    )


def councils(engine: Engine) -> list[str]:
    with UnitOfWork(engine) as uow:
        return list(uow.session.scalars(select(CouncilRow.name).order_by(CouncilRow.name)))


def overview(engine: Engine) -> list[CouncilOverview]:
    """The dashboard: for each council's latest file, gap, savings, probabilities, attention."""
    out: list[CouncilOverview] = []
    with UnitOfWork(engine) as uow:
        for council in uow.councils.names():
            latest = uow.files.latest(council)
            if latest is None:
                continue
            pf = uow.files.load(latest.id)
            results = _results(uow, latest.id)
            stored = cached_reads.proposals_in_version(uow.session, latest.id, council)
            years = pf.horizon()
            savings = {
                y: sum(p.savings.get(y, 0.0) for p in pf.proposals if not p.is_removed)
                for y in years
            }
            p_meet: dict[str, float | None] = {}
            removed = sum(p.total_target() for p in pf.proposals if p.is_removed)
            if results.simulation is not None:
                p_meet = {y: s.p_meet_target for y, s in results.simulation.portfolio.years.items()}
            rows = [_row(sp, results) for sp in stored]
            attention = [
                r for r in rows if any(Verdict(v) in ATTENTION for v in r.verdicts.values())
            ]
            out.append(
                CouncilOverview(
                    council=council,
                    file_version_id=latest.id,
                    version_number=latest.number,
                    years=years,
                    funding_gap=dict(pf.mtfs.funding_gap) if pf.mtfs else {},
                    savings=savings,
                    p_meet=p_meet,
                    removed_to_find=removed,
                    attention=attention,
                    simulated_at=results.simulated_at,
                )
            )
    return out


def register(
    engine: Engine,
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
    engine: Engine,
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
        every, names = cached_reads.page_data(uow.session, "register", None, lambda: _all_rows(uow))
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
        results = _results(uow, latest.id)
        rows.extend(
            _row(sp, results)
            for sp in cached_reads.proposals_in_version(uow.session, latest.id, name)
        )
    return rows, names


def proposal_page(engine: Engine, proposal_id: int) -> ProposalPage:
    """Everything the proposal page shows, read in one transaction (reused while the database's
    data stamp is unchanged)."""
    with UnitOfWork(engine) as uow:
        return cached_reads.page_data(
            uow.session, "proposal", proposal_id, lambda: _proposal_page(uow, proposal_id)
        )


def _proposal_page(uow: UnitOfWork, proposal_id: int) -> ProposalPage:
    sp, years = cached_reads.proposal_with_years(uow.session, proposal_id)
    results = _results(uow, sp.file_version_id)
    conclusions = [
        e
        for e in uow.audit.entries(entity="proposal", entity_id=proposal_id)
        if e.action == "conclusion"
    ]
    return ProposalPage(
        id=sp.id,
        council=sp.council,
        file_version_id=sp.file_version_id,
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
    )


def history(engine: Engine, proposal_id: int) -> tuple[str, list[AuditEntry]]:
    """The proposal's ref and its audit trail, oldest first."""
    with UnitOfWork(engine) as uow:
        sp = uow.proposals.get(proposal_id)
        return sp.ref, uow.audit.entries(entity="proposal", entity_id=proposal_id)


def record_override(
    engine: Engine,
    proposal_id: int,
    question: Question,
    verdict: Verdict,
    reason: str,
    *,
    actor: str,
) -> None:
    """A member's own verdict on one question, with the reason (audited)."""
    if not reason.strip():
        raise UsageError("give the reason for the verdict")
    with UnitOfWork(engine, actor=actor) as uow:
        uow.overrides.add(
            proposal_id,
            question,
            Override(
                verdict=verdict,
                reason=reason.strip(),
                by=actor,
                at=datetime.datetime.now(datetime.UTC),
            ),
        )


def record_conclusion(engine: Engine, proposal_id: int, text: str, *, actor: str) -> None:
    """A member's conclusion on a proposal, kept in its audit trail."""
    if not text.strip():
        raise UsageError("write the conclusion")
    with UnitOfWork(engine, actor=actor) as uow:
        sp = uow.proposals.get(proposal_id)
        uow.audit.record(
            actor=actor,
            action="conclusion",
            entity="proposal",
            entity_id=proposal_id,
            council=sp.council,
            ref=sp.ref,
            note=text.strip(),
        )


def update_proposal(
    engine: Engine, proposal_id: int, proposal: Proposal, *, expected_version: int, actor: str
) -> int:
    """Save a changed proposal made from `expected_version`; the new version.

    StaleVersion (nothing written) when someone saved a newer version meanwhile.
    """
    with UnitOfWork(engine, actor=actor) as uow:
        return uow.proposals.update(
            proposal_id, proposal, expected_version=expected_version, actor=actor
        ).version


def import_file(engine: Engine, pf: ProposalFile, *, source: str, actor: str) -> int:
    """Store `pf` as its council's next version; the file version id."""
    with UnitOfWork(engine, actor=actor) as uow:
        stored, _created = uow.files.add(pf, source=source, actor=actor)
        return stored.id


@dataclass(frozen=True)
class InputRow:
    """A model input as the proposal page lists it."""

    name: str
    value: str
    unit: str
    description: str
    source: str
    assumed: bool
    fixed: float | None
    """The number when the input is a fixed value (the scenario form edits these)."""


def describe_value(value: Any, unit: str | None = None) -> str:
    """`0.25` or `pert(min 0.1, mode 0.2, max 0.3)`; a mixture in words (`on time with
    probability 70%, otherwise 1 to 6 months, most likely 3`)."""
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, Mixture):
        return describe_mixture(value, unit)
    data = value.model_dump(exclude_none=True)
    dist = data.pop("dist")
    return f"{dist}(" + ", ".join(f"{k} {v}" for k, v in data.items()) + ")"


def input_rows(p: Proposal) -> list[InputRow]:
    """The proposal's model inputs with unit and description from its model, and where each
    value comes from (the proposal's assumption for it, else its first evidence)."""
    from scrutiny.models import registry

    if p.model is None:
        return []
    try:
        model = registry.get(p.model.type)
    except Exception:
        model = None
    assumptions = {a.field: a for a in p.assumptions}
    evidence = p.evidence[0] if p.evidence else None
    rows = []
    for name, value in p.model.inputs.items():
        spec = None
        if model is not None:
            try:
                spec = model.input(name)
            except KeyError:
                spec = None
        a = assumptions.get(f"model.inputs.{name}")
        if a is not None:
            source = a.rationale + (f" ({a.source})" if a.source else "")
        elif evidence is not None:
            source = ", ".join(x for x in (evidence.source, evidence.locator) if x)
        else:
            source = "not given"
        rows.append(
            InputRow(
                name=name,
                value=describe_value(value, spec.unit.value if spec else None),
                unit=spec.unit.value if spec else "not known",
                description=spec.description if spec else "",
                source=source,
                assumed=a is not None,
                fixed=float(value) if isinstance(value, int | float) else None,
            )
        )
    return rows


def add_proposal(engine: Engine, council: str, proposal: Proposal, *, actor: str) -> int:
    """Add a proposal to the council's register as its next file version (every check of
    `validate` applies); the new proposal's id."""
    from scrutiny.workflows.validate import parse

    with UnitOfWork(engine, actor=actor) as uow:
        latest = uow.files.latest(council)
        data: dict[str, Any] = (
            uow.files.load(latest.id).to_data() if latest else {"council": council}
        )
        data.setdefault("proposals", []).append(proposal.model_dump(mode="json", exclude_none=True))
        pf = parse(data, f"{council} register")
        stored, _created = uow.files.add(pf, source="web", actor=actor)
        return next(p.id for p in uow.proposals.in_version(stored.id) if p.ref == proposal.ref)
