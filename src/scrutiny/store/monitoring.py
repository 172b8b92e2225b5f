"""The monitoring repository: versions of a council's returns for each period.

Every import or entry adds a version of the period's returns (the latest is the period's
position; earlier versions are kept), and each return that is new or changed is written to the
audit trail with what it was before. Reached as `uow.monitoring`; never commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scrutiny.domain.delivery import Rag
from scrutiny.domain.monitoring import MonitoringReturn, Period
from scrutiny.errors import NotFound
from scrutiny.store.audit import AuditLog
from scrutiny.store.register import CouncilRepository, identity_ids
from scrutiny.store.tables import CouncilRow, MonitoringReturnRow, MonitoringSetRow


@dataclass(frozen=True)
class StoredReturns:
    """One version of a council's returns for a period, as stored."""

    id: int
    council: str
    period: Period
    number: int
    source: str
    imported_at: datetime.datetime
    imported_by: str
    returns: tuple[MonitoringReturn, ...]

    def for_ref(self, ref: str) -> MonitoringReturn | None:
        for r in self.returns:
            if r.ref == ref:
                return r
        return None


def _return(row: MonitoringReturnRow, period: Period) -> MonitoringReturn:
    rag: Rag = row.rag  # type: ignore[assignment]
    return MonitoringReturn(
        ref=row.ref,
        period=period,
        delivered_to_date=float(row.delivered_to_date),
        forecast=float(row.forecast),
        rag=rag,
        reported_by=row.reported_by,
        reported_on=row.reported_on,
        commentary=row.commentary,
        mitigations=row.mitigations,
        replacement=None if row.replacement is None else float(row.replacement),
        evidence=row.evidence,
    )


class MonitoringRepository:
    """Returns by council and period. Never commits."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    def _council_id(self, council: str) -> int:
        found = CouncilRepository(self._session).find(council)
        if found is None:
            raise NotFound(f"no register for council {council!r}")
        return found

    def _stored(self, row: MonitoringSetRow, council: str) -> StoredReturns:
        period = Period.parse(row.period)
        returns = self._session.scalars(
            select(MonitoringReturnRow)
            .where(MonitoringReturnRow.set_id == row.id)
            .order_by(MonitoringReturnRow.id)
        )
        return StoredReturns(
            id=row.id,
            council=council,
            period=period,
            number=row.number,
            source=row.source,
            imported_at=row.imported_at,
            imported_by=row.imported_by,
            returns=tuple(_return(r, period) for r in returns),
        )

    def add(
        self,
        council: str,
        period: Period,
        returns: Sequence[MonitoringReturn],
        *,
        source: str,
        actor: str,
        keep_others: bool = False,
    ) -> StoredReturns:
        """Store `returns` as the next version of the council's returns for `period`.

        With `keep_others` the previous version's returns for other proposals are carried into
        the new version (one return entered on its own); otherwise the new version holds only
        `returns` (a whole workbook). Each new or changed return is audited."""
        council_id = self._council_id(council)
        previous = self.latest(council, period)
        before = {r.ref: r for r in previous.returns} if previous else {}
        number = (
            self._session.scalar(
                select(func.max(MonitoringSetRow.number)).where(
                    MonitoringSetRow.council_id == council_id,
                    MonitoringSetRow.period == period.label,
                )
            )
            or 0
        ) + 1
        row = MonitoringSetRow(
            council_id=council_id,
            year=period.year.label,
            period=period.label,
            months=period.months,
            number=number,
            source=source,
            imported_by=actor,
        )
        self._session.add(row)
        self._session.flush()
        given = {r.ref: r for r in returns}
        kept = [r for ref, r in before.items() if ref not in given] if keep_others else []
        everything = list(returns) + kept
        ids = identity_ids(self._session, council_id, [r.ref for r in everything])
        for r in everything:
            self._session.add(
                MonitoringReturnRow(
                    set_id=row.id,
                    identity_id=ids[r.ref],
                    ref=r.ref,
                    delivered_to_date=r.delivered_to_date,
                    forecast=r.forecast,
                    rag=r.rag,
                    commentary=r.commentary,
                    mitigations=r.mitigations,
                    replacement=r.replacement,
                    reported_by=r.reported_by,
                    reported_on=r.reported_on,
                    evidence=r.evidence,
                )
            )
        self._audit.record(
            actor=actor,
            action="import",
            entity="monitoring_set",
            entity_id=row.id,
            council=council,
            after={
                "period": period.label,
                "version": number,
                "refs": sorted(r.ref for r in everything),
            },
            note=f"{period.label} returns, version {number}, from {source}",
        )
        for r in returns:
            old = before.get(r.ref)
            old_data = old.to_data() if old else None
            if old_data == r.to_data():
                continue
            self._audit.record(
                actor=actor,
                action="update" if old else "create",
                entity="monitoring_return",
                entity_id=ids[r.ref],
                council=council,
                ref=r.ref,
                before=old_data,
                after=r.to_data(),
                note=f"{period.label} returns, version {number}, from {source}",
            )
        self._session.flush()
        return self._stored(row, council)

    def versions(self, council: str, period: Period) -> list[StoredReturns]:
        """Every version of the council's returns for `period`, oldest first."""
        rows = self._session.scalars(
            select(MonitoringSetRow)
            .join(CouncilRow, CouncilRow.id == MonitoringSetRow.council_id)
            .where(CouncilRow.name == council, MonitoringSetRow.period == period.label)
            .order_by(MonitoringSetRow.number)
        )
        return [self._stored(r, council) for r in rows]

    def latest(self, council: str, period: Period) -> StoredReturns | None:
        """The latest version of the council's returns for `period`, or None."""
        versions = self.versions(council, period)
        return versions[-1] if versions else None

    def periods(self, council: str, year: str | None = None) -> list[Period]:
        """The periods with returns for the council (in `year` when given), in time order."""
        query = (
            select(MonitoringSetRow.period)
            .join(CouncilRow, CouncilRow.id == MonitoringSetRow.council_id)
            .where(CouncilRow.name == council)
            .distinct()
        )
        if year is not None:
            query = query.where(MonitoringSetRow.year == year)
        periods = [Period.parse(p) for p in self._session.scalars(query)]
        return sorted(periods, key=lambda p: (p.key, p.quarter))

    def years(self, council: str) -> list[str]:
        """The financial years with returns for the council, in time order."""
        return sorted({p.year.label for p in self.periods(council)})

    def history(self, council: str, year: str) -> list[StoredReturns]:
        """The latest version of each period's returns in `year`, in time order."""
        found = [self.latest(council, p) for p in self.periods(council, year)]
        return [s for s in found if s is not None]
