"""The year-end forecast from the returns to date (`scrutiny monitor forecast`), and the
council's track record from its closed years.

The plan is simulated as `scrutiny simulate` would (with the closed years added to its track
record), each proposal's share of its year's target delivered is read off the draws, and
`risk.forecast` conditions on the returns (docs/monitoring.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from scrutiny.domain.delivery import DeliveryPolicy
from scrutiny.domain.evidence import Evidence
from scrutiny.domain.monitoring import Period
from scrutiny.domain.proposal_file import ProposalFile, TrackRecordYear
from scrutiny.errors import NotFound, UsageError
from scrutiny.parameters.loader import load_defaults
from scrutiny.reference.shipped import savings_delivery
from scrutiny.risk import engine as risk_engine
from scrutiny.risk.forecast import Array, YearForecast, forecast_year
from scrutiny.store.engine import Database, open_database
from scrutiny.store.monitoring import StoredReturns
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.monitoring import first_planned_year, year_targets

ITERATIONS = 4_000
"""Draws of the plan behind a forecast: enough for P10 and P90 to within about 1% of the
target [iterations]."""
SEED = 0
SCOPE = "savings programme monitored in year"
"""The scope of the track-record rows made from closed years."""
ILLUSTRATIVE = "illustrative"
"""Returns imported from a file whose name starts with this word are made up (the example
year); every page, report and command showing them says so."""


def closed_years(
    plans: dict[str, dict[str, float]], history: dict[str, list[StoredReturns]], council: str
) -> list[TrackRecordYear]:
    """A track-record row (outturn) for each year whose returns reached the year end: planned is
    the year's targets (`plans`: year → ref → target [GBP]), delivered the delivered to date of
    those proposals at the year end."""
    rows = []
    for year, periods in sorted(history.items()):
        targets = plans.get(year, {})
        if not periods or not periods[-1].period.is_year_end or not targets:
            continue
        end = periods[-1]
        delivered = sum(r.delivered_to_date for r in end.returns if r.ref in targets)
        rows.append(
            TrackRecordYear(
                year=year,
                planned=sum(targets.values()),
                delivered=delivered,
                scope=SCOPE,
                point="outturn",
                evidence=Evidence(
                    source=f"{council} monitoring returns, {end.period.label}",
                    locator=f"version {end.number}, imported by {end.imported_by}",
                ),
            )
        )
    return rows


def council_track_record(uow: UnitOfWork, council: str) -> list[TrackRecordYear]:
    """The council's closed years, each measured against the latest version of its register
    that planned savings in that year."""
    history = {y: uow.monitoring.history(council, y) for y in uow.monitoring.years(council)}
    closed = [y for y, h in history.items() if h and h[-1].period.is_year_end]
    plans: dict[str, dict[str, float]] = {}
    for stored in reversed(uow.files.versions(council)):
        if len(plans) == len(closed):
            break
        pf = uow.files.load(stored.id)
        for year in closed:
            if year not in plans and year_targets(pf, year):
                plans[year] = year_targets(pf, year)
    return closed_years(plans, history, council)


def with_track_record(pf: ProposalFile, closed: list[TrackRecordYear]) -> ProposalFile:
    """`pf` with its closed years added to the track record (years already there are kept)."""
    have = {(r.year, r.scope.casefold()) for r in pf.track_record}
    extra = [r for r in closed if (r.year, r.scope.casefold()) not in have]
    if not extra:
        return pf
    return pf.model_copy(update={"track_record": [*pf.track_record, *extra]})


def register_with_track_record(council: str, *, engine: Database | None = None) -> ProposalFile:
    """The council's latest register with the years its returns have closed in its track record:
    the file the next plan's simulation and reference-class view read."""
    with UnitOfWork(open_database(engine)) as uow:
        pf = uow.files.load_latest(council)
        closed = council_track_record(uow, council)
    return with_track_record(pf, closed)


def simulated_shares(
    pf: ProposalFile, year: str, *, iterations: int = ITERATIONS, seed: int = SEED
) -> dict[str, Array]:
    """Each proposal's simulated share of its `year` target delivered (cumulative), per draw."""
    params = load_defaults()
    plan = risk_engine.build_plan(pf, params, savings_delivery())
    collected = risk_engine.simulate(plan, iterations, seed)
    y = plan.years.index(year)
    shares = {}
    for k, pp in enumerate(plan.proposals):
        target = float(pp.cumulative[y])
        if target > 0:
            shares[pp.ref] = collected.delivered_column(k, y) / target
    return shares


@dataclass(frozen=True)
class MonitorForecast:
    council: str
    forecast: YearForecast
    history: list[StoredReturns]
    register: ProposalFile

    @property
    def illustrative(self) -> bool:
        return any(h.source.casefold().startswith(ILLUSTRATIVE) for h in self.history)

    @property
    def titles(self) -> dict[str, str]:
        return {p.ref: p.title for p in self.register.proposals}

    def to_json(self) -> dict[str, Any]:
        """The contract's shape: council, year, period, proposals and the plan [GBP]."""
        f = self.forecast

        def band(b: Any) -> dict[str, float]:
            return {"p10": round(b.p10, 2), "p50": round(b.p50, 2), "p90": round(b.p90, 2)}

        return {
            "council": self.council,
            "year": f.year,
            "period": f.period.label if f.period else None,
            "proposals": [
                {
                    "ref": p.ref,
                    "target": p.target,
                    "delivered_to_date": p.delivered_to_date,
                    "forecast": band(p.forecast),
                    "rag": p.rag,
                    "movement": round(p.movement, 2),
                }
                for p in f.proposals
            ],
            "plan": {
                "target": f.plan.target,
                "forecast": band(f.plan.forecast),
                "carried_forward": round(f.plan.carried_forward, 2),
            },
        }


def forecast_council(
    council: str,
    *,
    year: str | None = None,
    upto: Period | None = None,
    iterations: int = ITERATIONS,
    engine: Database | None = None,
) -> MonitorForecast:
    """The year-end forecast for `year` (default: the latest year with returns, else the first
    year of the plan) after its returns to date (or up to period `upto`)."""
    with UnitOfWork(open_database(engine)) as uow:
        pf = uow.files.load_latest(council)
        years = uow.monitoring.years(council)
        history_all = {y: uow.monitoring.history(council, y) for y in years}
        closed = council_track_record(uow, council)
    chosen = year or (years[-1] if years else first_planned_year(pf))
    if chosen is None:
        raise NotFound(f"{council}'s register plans no savings to forecast")
    if chosen not in pf.horizon():
        raise UsageError(f"--year {chosen} is not in {council}'s plan ({', '.join(pf.horizon())})")
    history = history_all.get(chosen, [])
    if upto is not None:
        history = [h for h in history if not upto.before(h.period)]
    prior = with_track_record(pf, [r for r in closed if r.year < chosen])
    targets = year_targets(pf, chosen)
    shares = simulated_shares(prior, chosen, iterations=iterations)
    for ref in targets:
        shares.setdefault(ref, np.ones(iterations))
    policy = DeliveryPolicy.from_parameters(load_defaults())
    result = forecast_year(
        chosen,
        targets,
        shares,
        [(h.period, {r.ref: r for r in h.returns}) for h in history],
        policy,
    )
    return MonitorForecast(council=council, forecast=result, history=history, register=pf)
