"""One way to open the database: `open_database` gives the shared engine for a URL (or the one
already open), brought up to date unless asked not to; nothing else in the product makes an
engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scrutiny.store.engine import dispose_engines, open_database
from scrutiny.store.migrate import current, head

SRC = Path(__file__).resolve().parents[2] / "src" / "scrutiny"


def test_a_url_opens_one_shared_database_brought_up_to_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    try:
        left = open_database(url, migrate=False)
        assert current(left) is None  # not migrated when asked not to be
        database = open_database(url)
        assert database is left  # the same engine for the same URL
        assert current(database) == head()
        assert open_database(database) is database  # one already open is taken as it is
    finally:
        dispose_engines()


def test_the_configured_database_is_the_default(tmp_path: Path) -> None:
    # The test settings point SCRUTINY_DATABASE_URL at this test's own SQLite file.
    try:
        database = open_database()
        assert database.url.database == str(tmp_path / "scrutiny.db")
        assert current(database) == head()
    finally:
        dispose_engines()


def test_only_the_store_makes_an_engine() -> None:
    makers = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "create_engine":
                    makers.append(str(path.relative_to(SRC)))
    assert makers and set(makers) == {"store/engine.py"}


@pytest.mark.postgres
def test_a_postgresql_url_opens_the_same_way(postgres_server_url: str) -> None:
    try:
        database = open_database(postgres_server_url)
        assert database.url.get_backend_name() == "postgresql"
        assert current(database) == head()
        assert open_database(postgres_server_url) is database
    finally:
        dispose_engines()
