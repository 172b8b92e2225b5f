"""Shared fixtures: paths, the example files, databases (SQLite always, PostgreSQL when reachable)
and the browser launch arguments for Debian's chromium."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMAS = ROOT / "docs" / "schemas"
SEEDS = ROOT / "tests" / "data" / "seeds"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own SQLite database and data folder, never the developer's."""
    monkeypatch.setenv("SCRUTINY_DATABASE_URL", f"sqlite:///{tmp_path / 'scrutiny.db'}")
    monkeypatch.setenv("SCRUTINY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCRUTINY_UPLOAD_DIR", str(tmp_path / "data" / "uploads"))
    from scrutiny.config import get_settings

    get_settings.cache_clear()


def _admin_url() -> str:
    return os.environ.get("SCRUTINY_TEST_DATABASE_URL", DEFAULT_PG)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end.

    Skips (saying so) only when no server is reachable at SCRUTINY_TEST_DATABASE_URL.
    """
    import sqlalchemy

    admin_url = _admin_url()
    engine = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("select 1")
    except Exception as exc:
        engine.dispose()
        pytest.skip(f"no PostgreSQL server reachable at {admin_url}: {type(exc).__name__}")
    name = f"scrutiny_test_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sqlalchemy.engine.make_url(admin_url).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        engine.dispose()


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    """Debian's chromium, never a downloaded browser."""
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
