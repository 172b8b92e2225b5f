"""Migration 0005 adds the monitoring tables; going back to 0004 takes them away again (SQLite
and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from scrutiny.store.migrate import alembic_config, current, head, upgrade


def test_monitoring_tables_come_and_go_with_revision_0005(engine: Engine) -> None:
    assert current(engine) == head()
    tables = set(inspect(engine).get_table_names())
    assert {"monitoring_sets", "monitoring_returns"} <= tables
    command.downgrade(alembic_config(engine), "0004")
    inspect(engine).clear_cache()
    assert not {"monitoring_sets", "monitoring_returns"} & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert current(engine) == head()
    assert {"monitoring_sets", "monitoring_returns"} <= set(inspect(engine).get_table_names())
