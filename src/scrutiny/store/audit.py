"""The audit trail: every change to the register, with who, when, what changed, before and after.

Repositories call `AuditLog.record` in the same transaction as the change, so a change and its
audit entry are committed (or rolled back) together.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.store.tables import AuditRow


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """The top-level keys whose values differ between two records, in a stable order."""
    before = before or {}
    after = after or {}
    keys = list(before) + [k for k in after if k not in before]
    return [k for k in keys if before.get(k) != after.get(k)]


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail, as read back."""

    id: int
    at: datetime.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    council: str | None
    ref: str | None
    changed: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


class AuditLog:
    """Writes and reads the audit trail inside the caller's transaction (never commits)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(
        self,
        *,
        actor: str,
        action: str,
        entity: str,
        entity_id: int | None = None,
        council: str | None = None,
        ref: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> None:
        """Add one entry; `changed` is worked out from `before` and `after`."""
        self._session.add(
            AuditRow(
                actor=actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                council=council,
                ref=ref,
                changed=changed_fields(before, after),
                before=before,
                after=after,
                note=note,
            )
        )

    def entries(
        self,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        ref: str | None = None,
        council: str | None = None,
        limit: int | None = None,
        action: str | None = None,
        entity_ids: list[int] | None = None,
    ) -> list[AuditEntry]:
        """Entries, oldest first, optionally only those of one action about one record (or
        any of `entity_ids`), ref or council."""
        self._session.flush()
        query = select(AuditRow).order_by(AuditRow.id)
        if entity is not None:
            query = query.where(AuditRow.entity == entity)
        if entity_id is not None:
            query = query.where(AuditRow.entity_id == entity_id)
        if entity_ids is not None:
            query = query.where(AuditRow.entity_id.in_(entity_ids))
        if action is not None:
            query = query.where(AuditRow.action == action)
        if ref is not None:
            query = query.where(AuditRow.ref == ref)
        if council is not None:
            query = query.where(AuditRow.council == council)
        if limit is not None:
            query = query.limit(limit)
        return [
            AuditEntry(
                id=r.id,
                at=r.at,
                actor=r.actor,
                action=r.action,
                entity=r.entity,
                entity_id=r.entity_id,
                council=r.council,
                ref=r.ref,
                changed=list(r.changed or []),
                before=r.before,
                after=r.after,
                note=r.note,
            )
            for r in self._session.scalars(query)
        ]
