"""Alembic migrations, kept inside the package and run by `scrutiny db upgrade`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the package's migrations and at `engine`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["engine"] = engine
    return config


def head() -> str:
    """The newest migration's revision."""
    script = ScriptDirectory(str(MIGRATIONS))
    return str(script.get_current_head())


def current(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Apply migrations up to `revision`; returns (revision before, revision after)."""
    before = current(engine)
    if before != head() or revision != "head":
        command.upgrade(alembic_config(engine), revision)
    return before, str(current(engine))


def ensure_current(engine: Engine) -> None:
    """Bring the database up to date if it is not (import and demo call this first)."""
    if current(engine) != head():
        upgrade(engine)


def new_revision(engine: Engine, message: str) -> Path:
    """Write a migration for the difference between the tables and a database at head.

    For developers after changing store/tables.py: ``python -m scrutiny.store.migrate "slug"``
    migrates a scratch SQLite database, compares it with the tables and writes
    ``versions/YYYY-MM-DD_<rev>_<slug>.py``. Read it before committing.
    """
    upgrade(engine)
    before = {p.name for p in (MIGRATIONS / "versions").glob("*.py")}
    number = len(before) + 1
    command.revision(
        alembic_config(engine), message=message, autogenerate=True, rev_id=f"{number:04d}"
    )
    (created,) = [p for p in (MIGRATIONS / "versions").glob("*.py") if p.name not in before]
    return created


def main(argv: list[str] | None = None) -> int:
    """``python -m scrutiny.store.migrate "what changed"``: write the next migration."""
    import sys
    import tempfile

    from scrutiny.store.engine import make_engine

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print('usage: python -m scrutiny.store.migrate "what changed"', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        try:
            path = new_revision(engine, args[0])
        finally:
            engine.dispose()
    print(f"wrote {path}; read it, then run the store tests", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
