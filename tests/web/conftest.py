"""Fixtures for the web tests: a fresh site per test and clients signed in by role."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webtools import Site, make_site, seed

from scrutiny.domain.vocab import Role


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory, examples: Path) -> Path:
    """A SQLite database seeded once per test process; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("seeded")
    seed(f"sqlite:///{folder / 'web.db'}", folder, examples)
    return folder / "web.db"


@pytest.fixture(scope="session")
def seeded_postgres(
    postgres_server_url: str, tmp_path_factory: pytest.TempPathFactory, examples: Path
) -> Iterator[str]:
    """A PostgreSQL database of its own, seeded once per test process and used only as a
    template (the session's database is written by other tests, so it cannot be the template)."""
    import sqlalchemy

    server = sqlalchemy.engine.make_url(postgres_server_url)
    name = f"web_seed_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    from scrutiny.store.engine import dispose_engines

    try:
        seed(url, tmp_path_factory.mktemp("pg"), examples)
        dispose_engines()  # a template database must have no open connections
        yield url
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def postgres_copy(seeded_postgres: str) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, copied from the seeded template."""
    import sqlalchemy

    template = sqlalchemy.engine.make_url(seeded_postgres)
    name = f"web_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(
        template.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"')
    try:
        yield template.set(database=name).render_as_string(hide_password=False)
    finally:
        from scrutiny.store.engine import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _sqlite_site(tmp_path: Path, examples: Path, seeded: Path) -> Site:
    shutil.copyfile(seeded, tmp_path / "web.db")
    return make_site(f"sqlite:///{tmp_path / 'web.db'}", tmp_path, examples)


@pytest.fixture
def site(tmp_path: Path, examples: Path, seeded_sqlite: Path) -> Site:
    """The site on a fresh copy of the seeded SQLite database."""
    return _sqlite_site(tmp_path, examples, seeded_sqlite)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_site(
    request: pytest.FixtureRequest, tmp_path: Path, examples: Path, seeded_sqlite: Path
) -> Site:
    """The site on a fresh seeded database: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return _sqlite_site(tmp_path, examples, seeded_sqlite)
    return make_site(request.getfixturevalue("postgres_copy"), tmp_path, examples)


@pytest.fixture
def officer(site: Site) -> TestClient:
    return site.client(Role.officer)


@pytest.fixture
def member(site: Site) -> TestClient:
    return site.client(Role.member)


@pytest.fixture
def viewer(site: Site) -> TestClient:
    return site.client(Role.viewer)
