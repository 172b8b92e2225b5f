"""Monitoring returns in and out: `scrutiny monitor import`, the tracker's period columns, and
one return entered in the web app or through the API.

Every way in checks the whole set first (the register knows each ref; the period is not before
the latest already returned; every amount is a number) and stores it as the next version of the
period's returns in one transaction: all or nothing, audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrutiny.domain.monitoring import (
    MonitoringReturn,
    Period,
    check_returns,
    is_empty_row,
    parse_return,
)
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import FinancialYear
from scrutiny.errors import InvalidInput, NotFound, Problem, UsageError
from scrutiny.reports.monitoring_sheet import MonitoringSheet, SheetRow, read_returns_file
from scrutiny.store.engine import Database, open_database
from scrutiny.store.monitoring import StoredReturns
from scrutiny.store.unit_of_work import UnitOfWork


def parse_period(text: str, where: str = "--period") -> Period:
    """A period from a person, or UsageError naming `where`."""
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


def year_targets(pf: ProposalFile, year: str) -> dict[str, float]:
    """Each proposal's saving planned in `year` [GBP], for those not removed that have one."""
    return {
        p.ref: float(p.savings[year])
        for p in pf.proposals
        if not p.is_removed and p.savings.get(year, 0) > 0
    }


def first_planned_year(pf: ProposalFile) -> str | None:
    """The first financial year in which the register plans a saving, or None."""
    return next((y for y in pf.horizon() if year_targets(pf, y)), None)


def build_sheet(pf: ProposalFile, period: Period, latest: StoredReturns | None) -> MonitoringSheet:
    """The period's sheet: every proposal with a target in the year, or a return for the period."""
    targets = year_targets(pf, period.year.label)
    rows = []
    for p in pf.proposals:
        ret = latest.for_ref(p.ref) if latest else None
        if p.ref in targets or ret is not None:
            rows.append(SheetRow(p.ref, p.title, p.service, targets.get(p.ref), ret))
    return MonitoringSheet(council=pf.council, period=period, rows=rows)


def monitoring_sheet(
    pf: ProposalFile, *, period: str | None = None, engine: Database | None = None
) -> MonitoringSheet | None:
    """The tracker's period columns: `period` if given, else the latest period with returns
    (filled in with them), else the first quarter of the first year with savings (None when
    the register plans none)."""
    chosen = parse_period(period) if period else None
    with UnitOfWork(open_database(engine)) as uow:
        if chosen is None:
            periods = uow.monitoring.periods(pf.council)
            if periods:
                chosen = periods[-1]
            else:
                first = first_planned_year(pf)
                if first is None:
                    return None
                chosen = Period(FinancialYear.parse(first), 3, quarter=True)
        latest = uow.monitoring.latest(pf.council, chosen)
    return build_sheet(pf, chosen, latest)


@dataclass(frozen=True)
class ImportedReturns:
    council: str
    period: str
    version: int
    returns: int

    def describe(self) -> str:
        return (
            f"imported {self.returns} returns for {self.council}, {self.period} "
            f"(version {self.version} of that period's returns)"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "council": self.council,
            "period": self.period,
            "version": self.version,
            "returns": self.returns,
        }


def _council(uow: UnitOfWork, named: str | None, source: str) -> str:
    names = uow.councils.names()
    if named:
        if named not in names:
            raise NotFound(f"{source}: no register for council {named!r} in the database")
        return named
    if len(names) == 1:
        return names[0]
    raise UsageError(f"{source}: the file names no council and the database holds {len(names)}")


def _store(
    uow: UnitOfWork,
    council: str,
    period: Period,
    returns: list[MonitoringReturn],
    *,
    source: str,
    keep_others: bool,
) -> StoredReturns:
    pf = uow.files.load_latest(council)
    if period.year.label not in pf.horizon():
        raise InvalidInput(
            source,
            [Problem("Period", f"{period.label} is outside {council}'s plan ({_span(pf)})")],
        )
    periods = uow.monitoring.periods(council)
    check_returns(
        returns,
        source=source,
        refs=[p.ref for p in pf.proposals],
        latest=periods[-1] if periods else None,
    )
    return uow.monitoring.add(
        council, period, returns, source=source, actor=uow.actor, keep_others=keep_others
    )


def _span(pf: ProposalFile) -> str:
    years = pf.horizon()
    return f"{years[0]} to {years[-1]}" if years else "no years"


def import_returns(
    path: Path,
    *,
    actor: str | None = None,
    engine: Database | None = None,
    today: datetime.date | None = None,
) -> ImportedReturns:
    """Read a filled-in tracker (Excel or CSV) and store its returns as the next version of the
    period's returns. Anything wrong is refused with one line and nothing is written."""
    found = read_returns_file(path)
    if not found.period_text:
        raise InvalidInput(found.period_where, [Problem("", "the period is missing")])
    try:
        period = Period.parse(found.period_text)
    except ValueError as exc:
        raise InvalidInput(found.period_where, [Problem("", str(exc))]) from None
    on = today or datetime.date.today()
    with UnitOfWork(open_database(engine), actor=actor) as uow:
        council = _council(uow, found.council, found.source)
        returns = [
            parse_return(values, period, where=where, reported_by=uow.actor, reported_on=on)
            for where, values in found.rows
            if not is_empty_row(values)
        ]
        if not returns:
            raise InvalidInput(found.source, [Problem("", "no return is filled in")])
        stored = _store(uow, council, period, returns, source=found.source, keep_others=False)
    return ImportedReturns(council, period.label, stored.number, len(returns))


def record_return(
    council: str,
    values: Mapping[str, Any],
    *,
    period: str,
    actor: str,
    source: str = "entered in the web app",
    engine: Database | None = None,
    today: datetime.date | None = None,
) -> StoredReturns:
    """One return (cells keyed by field name, as `parse_return` reads them) entered on its
    own: the period's other returns are carried into the new version."""
    chosen = parse_period(period, "period")
    on = today or datetime.date.today()
    with UnitOfWork(open_database(engine), actor=actor) as uow:
        ret = parse_return(values, chosen, where=source, reported_by=actor, reported_on=on)
        return _store(uow, council, chosen, [ret], source=source, keep_others=True)


def period_history(
    council: str, year: str, *, engine: Database | None = None
) -> list[StoredReturns]:
    """The latest version of each period's returns in `year`, in time order."""
    with UnitOfWork(open_database(engine)) as uow:
        return uow.monitoring.history(council, year)
