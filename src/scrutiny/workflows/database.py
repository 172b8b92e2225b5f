"""Database housekeeping for the command line: migrations and where the database is."""

from __future__ import annotations

from scrutiny.store.engine import describe, get_engine
from scrutiny.store.migrate import current, head, upgrade


def upgrade_database() -> tuple[str | None, str, str]:
    """Apply migrations; returns (revision before, revision after, the database described)."""
    engine = get_engine()
    before, after = upgrade(engine)
    return before, after, describe(engine)


def database_revision() -> tuple[str | None, str, str]:
    """(revision the database is at, newest revision, the database described)."""
    engine = get_engine()
    return current(engine), head(), describe(engine)
