"""Fixtures for the web tests: a fresh site per test and clients signed in by role."""

from __future__ import annotations

import shutil
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


@pytest.fixture
def site(tmp_path: Path, examples: Path, seeded_sqlite: Path) -> Iterator[Site]:
    shutil.copyfile(seeded_sqlite, tmp_path / "web.db")
    yield make_site(f"sqlite:///{tmp_path / 'web.db'}", tmp_path, examples)


@pytest.fixture
def officer(site: Site) -> TestClient:
    return site.client(Role.officer)


@pytest.fixture
def member(site: Site) -> TestClient:
    return site.client(Role.member)


@pytest.fixture
def viewer(site: Site) -> TestClient:
    return site.client(Role.viewer)
