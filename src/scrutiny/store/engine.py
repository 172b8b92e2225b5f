"""Database engines made from settings: SQLite (WAL, foreign keys on) or PostgreSQL (psycopg).

Nothing is connected at import; `get_engine()` makes one engine per URL on first use.
`open_database()` is the one way the rest of the product opens the database: the shared engine,
brought up to date. The application layer holds it as a `Database` and hands it to a
`UnitOfWork`; it never runs SQL on it.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from scrutiny.config import get_settings
from scrutiny.errors import ConfigError

Database = Engine
"""The store as the application layer holds it: opened by `open_database`, given to
`UnitOfWork` (and the store's own reads), never queried directly."""

_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()
MAX_ENGINES = 8
"""Engines kept at once; the least recently used is disposed beyond this (a process normally
uses one database; tests use many)."""
SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite writer waits for another [ms] before giving up."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (so BEGIN is explicit).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    """A new engine for `url` (sqlite:///FILE or postgresql+psycopg://...)."""
    try:
        parsed = make_url(url)
    except Exception:
        raise ConfigError(f"SCRUTINY_DATABASE_URL: not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise ConfigError(f"SCRUTINY_DATABASE_URL: unsupported database {parsed.drivername!r}")


def absolute_sqlite(url: str) -> str:
    """A SQLite URL with its file made absolute (a relative file means the working directory
    now, not wherever the process is when a pooled connection is next opened)."""
    try:
        parsed = make_url(url)
    except Exception:
        return url
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or Path(database).is_absolute():
        return url
    return parsed.set(database=str(Path(database).resolve())).render_as_string(hide_password=False)


def get_engine(url: str | None = None) -> Engine:
    """The shared engine for `url` (default: the configured database)."""
    url = absolute_sqlite(url or get_settings().database_url)
    with _LOCK:
        engine = _ENGINES.pop(url, None)
        if engine is None:
            engine = make_engine(url)
        _ENGINES[url] = engine  # most recently used last
        while len(_ENGINES) > MAX_ENGINES:
            oldest = next(iter(_ENGINES))
            _ENGINES.pop(oldest).dispose()
        return engine


def open_database(where: str | Database | None = None, *, migrate: bool = True) -> Database:
    """The database: the configured one (None), the one at a URL (one shared engine per URL),
    or one already open; with `migrate`, brought up to the newest revision first."""
    engine = where if isinstance(where, Engine) else get_engine(where)
    if migrate:
        from scrutiny.store.migrate import ensure_current

        ensure_current(engine)
    return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests, and before a process forks)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def describe(engine: Engine) -> str:
    """The database for people: the SQLite file, or the PostgreSQL URL without the password."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        with contextlib.suppress(ValueError):
            database = str(Path(database).relative_to(Path.cwd()))
        return f"SQLite {database}"
    return f"PostgreSQL {url.render_as_string(hide_password=True)}"
