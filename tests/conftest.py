"""Shared fixtures: paths, the example files, databases (SQLite always, PostgreSQL when reachable)
and the browser launch arguments for Debian's chromium.

Browser tests live in modules named ``test_*browser*.py`` (marked ``browser``), the only ones
that import Playwright. Without Playwright, ``pytest -m "not browser"`` leaves those modules
uncollected; any other selection that would run them stops with one line saying why.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMAS = ROOT / "docs" / "schemas"
SEEDS = ROOT / "tests" / "data" / "seeds"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BROWSER_MODULES = "test_*browser*.py"
"""Where the browser tests are (and the only test modules that import Playwright)."""


def _playwright_importable() -> bool:
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError:
        return False
    return True


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Without Playwright, leave the browser modules out when the run deselects them."""
    if not fnmatch.fnmatch(collection_path.name, BROWSER_MODULES) or _playwright_importable():
        return None
    if "not browser" in (config.option.markexpr or ""):
        return True
    raise pytest.UsageError(
        f"{collection_path.name}: the browser tests need Playwright, which is not installed; "
        'run make install, or leave them out with -m "not browser"'
    )


@pytest.fixture(scope="session")
def bench_module() -> Callable[[str], ModuleType]:
    """Loads a script of `bench/` by its name (without .py), for tests that hold its figures."""

    def load(name: str) -> ModuleType:
        path = Path(__file__).resolve().parents[1] / "bench" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


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
