"""Migrations upgrade an empty database to exactly the tables the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from scrutiny.store.migrate import MIGRATIONS, current, ensure_current, head, upgrade
from scrutiny.store.tables import Base


def test_upgrade_takes_an_empty_database_to_head(empty_engine: Engine) -> None:
    assert current(empty_engine) is None
    before, after = upgrade(empty_engine)
    assert before is None
    assert after == head()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrated_schema_matches_the_declared_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    before, after = upgrade(engine)
    assert before == after == head()
    ensure_current(engine)
    assert current(engine) == head()


def test_migration_files_are_date_prefixed() -> None:
    names = [p.name for p in (MIGRATIONS / "versions").glob("*.py")]
    assert names
    for name in names:
        date, rev, _slug = name.split("_", 2)
        assert len(date) == 10 and date[4] == "-" and date[7] == "-", name
        assert rev


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.store.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
