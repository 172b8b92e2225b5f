"""Store fixtures: each test runs on SQLite, and again on PostgreSQL when a server is reachable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import ProposalFile, parse_proposal_file
from scrutiny.store.engine import make_engine
from scrutiny.store.migrate import upgrade

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database (a fresh SQLite file, or a wiped PostgreSQL schema)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_server_url"))
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to the newest revision."""
    upgrade(empty_engine)
    return empty_engine


def _example(name: str) -> ProposalFile:
    """An example council file, checked by the domain (the store needs no model registry)."""
    path = EXAMPLES / name
    return parse_proposal_file(yaml_files.read(path), path.name)


@pytest.fixture(scope="session")
def thurrock() -> ProposalFile:
    return _example("thurrock-2022.yaml")


@pytest.fixture(scope="session")
def croydon() -> ProposalFile:
    return _example("croydon-2024.yaml")
