"""Database housekeeping for the command line: migrations and where the database is."""

from __future__ import annotations

from scrutiny.store.audit import AuditEntry
from scrutiny.store.engine import describe, open_database
from scrutiny.store.migrate import current, head, upgrade
from scrutiny.store.unit_of_work import UnitOfWork


def upgrade_database() -> tuple[str | None, str, str]:
    """Apply migrations; returns (revision before, revision after, the database described)."""
    engine = open_database(migrate=False)
    before, after = upgrade(engine)
    return before, after, describe(engine)


def database_revision() -> tuple[str | None, str, str]:
    """(revision the database is at, newest revision, the database described)."""
    engine = open_database(migrate=False)
    return current(engine), head(), describe(engine)


def audit_trail(
    *, council: str | None = None, ref: str | None = None, limit: int | None = None
) -> list[AuditEntry]:
    """The audit trail, oldest first, optionally about one council or proposal ref.

    With `limit`, the newest `limit` entries (still oldest first).
    """
    with UnitOfWork(open_database()) as uow:
        entries = uow.audit.entries(council=council, ref=ref)
    return entries[-limit:] if limit else entries


def audit_json(entry: AuditEntry) -> dict[str, object]:
    """One audit entry as JSON (the time in ISO 8601)."""
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "council": entry.council,
        "ref": entry.ref,
        "changed": entry.changed,
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
    }
