"""The recommendations repository: committee recommendations, their responses and updates, and
the committee's work programme items. Every change is audited in the caller's transaction;
nothing here commits."""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.domain.recommendations import (
    Answer,
    Recommendation,
    RecStatus,
    Response,
    Source,
    Update,
    WorkItem,
)
from scrutiny.errors import NotFound
from scrutiny.store.audit import AuditLog
from scrutiny.store.register import CouncilRepository
from scrutiny.store.tables import (
    CouncilRow,
    RecommendationRow,
    RecommendationUpdateRow,
    WorkItemRow,
)

ENTITY = "recommendation"
WORK_ITEM = "work_programme_item"


def _record(row: RecommendationRow) -> dict[str, Any]:
    """The fields the audit trail keeps, before and after a change."""
    return {
        "text": row.text,
        "addressee": row.addressee,
        "owner": row.owner,
        "due": row.due.isoformat(),
        "status": row.status,
        "response": row.response,
        "response_text": row.response_text,
    }


class RecommendationRepository:
    """Recommendations and work programme items by council. Never commits."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    # Reads ---------------------------------------------------------------------------------

    def _council_id(self, council: str) -> int:
        cid = CouncilRepository(self._session).find(council)
        if cid is None:
            raise NotFound(f"no council named {council!r} in the register; import its file first")
        return int(cid)

    def _domain(self, row: RecommendationRow, council: str) -> Recommendation:
        updates = self._session.scalars(
            select(RecommendationUpdateRow)
            .where(RecommendationUpdateRow.recommendation_id == row.id)
            .order_by(RecommendationUpdateRow.noted_on, RecommendationUpdateRow.id)
        )
        answer = None
        if row.response is not None:
            answer = Answer(
                kind=Response(row.response),
                text=row.response_text or "",
                on=row.responded_on or row.due,
                by=row.responded_by or "",
            )
        return Recommendation(
            id=row.id,
            council=council,
            text=row.text,
            addressee=row.addressee,
            owner=row.owner,
            meeting_date=row.meeting_date,
            due=row.due,
            status=RecStatus(row.status),
            source=Source(row.source),
            ref=row.ref,
            response=answer,
            updates=tuple(
                Update(
                    on=u.noted_on,
                    note=u.note,
                    by=u.by,
                    status=RecStatus(u.status) if u.status else None,
                )
                for u in updates
            ),
            illustrative=row.illustrative,
        )

    def _row(self, rec_id: int) -> tuple[RecommendationRow, str]:
        found = self._session.execute(
            select(RecommendationRow, CouncilRow.name)
            .join(CouncilRow, CouncilRow.id == RecommendationRow.council_id)
            .where(RecommendationRow.id == rec_id)
        ).first()
        if found is None:
            raise NotFound(f"no recommendation with id {rec_id}")
        return found[0], found[1]

    def get(self, rec_id: int) -> Recommendation:
        row, council = self._row(rec_id)
        return self._domain(row, council)

    def all(self, council: str | None = None) -> list[Recommendation]:
        """Every recommendation (of one council), by council, due date and id."""
        query = (
            select(RecommendationRow, CouncilRow.name)
            .join(CouncilRow, CouncilRow.id == RecommendationRow.council_id)
            .order_by(CouncilRow.name, RecommendationRow.due, RecommendationRow.id)
        )
        if council is not None:
            query = query.where(CouncilRow.id == self._council_id(council))
        return [self._domain(row, name) for row, name in self._session.execute(query).all()]

    def texts(self, council: str) -> set[str]:
        """The texts already tracked for the council (so recording twice adds nothing)."""
        cid = self._council_id(council)
        return set(
            self._session.scalars(
                select(RecommendationRow.text).where(RecommendationRow.council_id == cid)
            )
        )

    # Changes -------------------------------------------------------------------------------

    def add(
        self,
        council: str,
        *,
        text: str,
        addressee: str,
        owner: str | None,
        meeting_date: datetime.date | None,
        due: datetime.date,
        source: Source,
        actor: str,
        ref: str | None = None,
        illustrative: bool = False,
    ) -> Recommendation:
        row = RecommendationRow(
            council_id=self._council_id(council),
            ref=ref,
            text=text,
            addressee=addressee,
            owner=owner,
            meeting_date=meeting_date,
            due=due,
            status=RecStatus.open.value,
            source=Source(source).value,
            illustrative=illustrative,
            created_by=actor,
        )
        self._session.add(row)
        return self._audited(
            row, council, "create", actor, note="illustrative" if illustrative else None
        )

    def _audited(
        self,
        row: RecommendationRow,
        council: str,
        action: str,
        actor: str,
        *,
        before: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> Recommendation:
        """Write the change and its audit record; the recommendation as it now stands."""
        self._session.flush()
        self._audit.record(
            actor=actor,
            action=action,
            entity=ENTITY,
            entity_id=row.id,
            council=council,
            ref=row.ref,
            before=before,
            after=_record(row),
            note=note,
        )
        return self._domain(row, council)

    def respond(
        self, rec_id: int, kind: Response, text: str, *, on: datetime.date, actor: str
    ) -> Recommendation:
        """Record the executive's response; an open recommendation becomes `responded`."""
        row, council = self._row(rec_id)
        before = _record(row)
        row.response = Response(kind).value
        row.response_text = text
        row.responded_on = on
        row.responded_by = actor
        if row.status == RecStatus.open.value:
            row.status = RecStatus.responded.value
        return self._audited(row, council, "respond", actor, before=before)

    def add_update(
        self,
        rec_id: int,
        note: str,
        *,
        on: datetime.date,
        actor: str,
        status: RecStatus | None = None,
    ) -> Recommendation:
        """A dated note, and the status it moves the recommendation to (if given)."""
        row, council = self._row(rec_id)
        before = _record(row)
        self._session.add(
            RecommendationUpdateRow(
                recommendation_id=row.id,
                noted_on=on,
                note=note,
                status=RecStatus(status).value if status else None,
                by=actor,
            )
        )
        if status is not None:
            row.status = RecStatus(status).value
        return self._audited(row, council, "update", actor, before=before, note=note)

    # The work programme --------------------------------------------------------------------

    def add_item(
        self,
        council: str,
        *,
        title: str,
        date: datetime.date | None,
        refs: list[str],
        note: str | None,
        actor: str,
        illustrative: bool = False,
    ) -> WorkItem:
        row = WorkItemRow(
            council_id=self._council_id(council),
            title=title,
            date=date,
            refs=list(refs),
            note=note,
            illustrative=illustrative,
            created_by=actor,
        )
        self._session.add(row)
        self._session.flush()
        self._audit.record(
            actor=actor,
            action="create",
            entity=WORK_ITEM,
            entity_id=row.id,
            council=council,
            after={"title": title, "date": date.isoformat() if date else None, "refs": refs},
            note="illustrative" if illustrative else None,
        )
        return _item(row, council)

    def items(self, council: str) -> list[WorkItem]:
        """The council's work programme, by date (undated last) and id."""
        cid = self._council_id(council)
        rows = self._session.scalars(
            select(WorkItemRow)
            .where(WorkItemRow.council_id == cid)
            .order_by(WorkItemRow.date.is_(None), WorkItemRow.date, WorkItemRow.id)
        )
        return [_item(r, council) for r in rows]


def _item(row: WorkItemRow, council: str) -> WorkItem:
    return WorkItem(
        id=row.id,
        council=council,
        title=row.title,
        date=row.date,
        refs=tuple(str(r) for r in row.refs or []),
        note=row.note,
        illustrative=row.illustrative,
    )
