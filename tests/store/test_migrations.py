"""Migrations upgrade an empty database to exactly the tables the code declares."""

from __future__ import annotations

import datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, inspect, text

from scrutiny.store.migrate import (
    MIGRATIONS,
    alembic_config,
    current,
    ensure_current,
    head,
    upgrade,
)
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


def _at(minute: int) -> datetime.datetime:
    return datetime.datetime(2026, 11, 1, 9, minute, tzinfo=datetime.UTC)


def test_proposal_identities_migration_keeps_ids_overrides_history_and_child_rows(
    empty_engine: Engine,
) -> None:
    """A database written before proposals had lasting ids: two versions of one council's file
    (the second adds a proposal), an override and a conclusion on the first version's row, a run
    of each version (the second edited after its run). After the upgrade each proposal has one id,
    the newest row's, and the override, the history and every saving row are still there."""
    upgrade(empty_engine, "0001")
    tables = MetaData()
    tables.reflect(empty_engine)
    t = tables.tables
    proposal = {
        "title": "Edge of care",
        "service": None,
        "category": None,
        "kind": "saving",
        "status": "proposed",
        "model_type": "demand_reduction",
        "recurring": True,
        "stated_total": None,
        "data": {},
        "version": 1,
        "updated_by": "officer",
    }
    with empty_engine.begin() as conn:
        conn.execute(insert(t["councils"]), [{"id": 1, "name": "Anyshire", "created_at": _at(0)}])
        conn.execute(
            insert(t["file_versions"]),
            [
                {"id": n, "council_id": 1, "number": n, "source": "x.yaml", "sha256": f"sha{n}",
                 "data": {}, "imported_at": _at(n), "imported_by": "officer"}
                for n in (1, 2)
            ],
        )  # fmt: skip
        conn.execute(
            insert(t["proposals"]),
            [
                {**proposal, "id": 1, "file_version_id": 1, "position": 0, "ref": "A",
                 "updated_at": _at(1)},
                {**proposal, "id": 2, "file_version_id": 2, "position": 0, "ref": "A",
                 "updated_at": _at(2)},
                {**proposal, "id": 3, "file_version_id": 2, "position": 1, "ref": "B",
                 "updated_at": _at(9)},
            ],
        )  # fmt: skip
        conn.execute(
            insert(t["savings"]),
            [{"proposal_id": i, "line": "incremental", "year": "2025/26", "amount": 1000.0}
             for i in (1, 2, 3)],
        )  # fmt: skip
        conn.execute(
            insert(t["overrides"]),
            [{"id": 1, "proposal_id": 1, "question": "deliverable", "verdict": "assured",
              "reason": "seen the plan", "by": "member", "at": _at(1), "data": {}}],
        )  # fmt: skip
        conn.execute(
            insert(t["audit_log"]),
            [{"id": 1, "at": _at(1), "actor": "member", "action": "conclusion",
              "entity": "proposal", "entity_id": 1, "council": "Anyshire", "ref": "A",
              "changed": [], "note": "Keep it"}],
        )  # fmt: skip
        conn.execute(
            insert(t["runs"]),
            [
                {"id": 1, "file_version_id": 1, "kind": "simulation", "result": {},
                 "created_at": _at(5), "created_by": "officer"},
                {"id": 2, "file_version_id": 2, "kind": "simulation", "result": {},
                 "created_at": _at(5), "created_by": "officer"},
            ],
        )  # fmt: skip

    upgrade(empty_engine)

    with empty_engine.connect() as conn:
        identities = dict(conn.execute(text("SELECT ref, id FROM proposal_identities")).all())
        assert identities == {"A": 2, "B": 3}  # the newest row's id: today's addresses hold
        rows = conn.execute(text("SELECT id, identity_id FROM proposals ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, 2), (2, 2), (3, 3)]
        assert conn.execute(text("SELECT proposal_id FROM overrides")).scalar() == 2
        assert conn.execute(text("SELECT entity_id FROM audit_log")).scalar() == 2
        assert conn.execute(text("SELECT COUNT(*) FROM savings")).scalar() == 3
        runs = dict(conn.execute(text("SELECT id, content_sha256 FROM runs")).all())
        assert runs == {1: "sha1", 2: None}  # version 2 was edited after its run
    with empty_engine.begin() as conn:  # a new proposal's id comes after every existing row's
        conn.execute(text("INSERT INTO proposal_identities (council_id, ref) VALUES (1, 'C')"))
        new_id = conn.execute(text("SELECT id FROM proposal_identities WHERE ref = 'C'")).scalar()
        assert new_id == 4


def test_proposal_identities_migration_downgrades_to_the_newest_rows(engine: Engine) -> None:
    from scrutiny.domain.proposal_file import parse_proposal_file
    from scrutiny.store.unit_of_work import UnitOfWork

    data = {
        "council": "Anyshire",
        "proposals": [{"ref": "A", "title": "Edge of care", "savings": {"2025/26": 1000}}],
    }
    with UnitOfWork(engine, actor="officer") as uow:
        uow.files.add(parse_proposal_file(data, "a.yaml"), source="a.yaml", actor="officer")
        data["proposals"].append({"ref": "B", "title": "Respite", "savings": {"2025/26": 500}})
        uow.files.add(parse_proposal_file(data, "b.yaml"), source="b.yaml", actor="officer")
    command.downgrade(alembic_config(engine), "0001")
    with engine.connect() as conn:
        assert "proposal_identities" not in inspect(engine).get_table_names()
        assert conn.execute(text("SELECT COUNT(*) FROM savings")).scalar() == 3
        entity_ids = {
            r[0]
            for r in conn.execute(text("SELECT entity_id FROM audit_log WHERE entity = 'proposal'"))
        }
        newest = {
            r[0] for r in conn.execute(text("SELECT id FROM proposals WHERE file_version_id = 2"))
        }
        assert entity_ids <= newest
