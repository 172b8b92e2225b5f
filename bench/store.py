"""How fast the register moves between files and the database.

Run: ``uv run python bench/store.py [--proposals N] [--repeat R] [--postgres URL]``.
Builds a synthetic register of N proposals shaped like the examples (a savings profile over four
years, a model with a distribution, staffing, two risks, an alternative, two evidence quotes),
then times, best of R: validating it, importing it into a fresh SQLite database (one
transaction), rebuilding it from the database, and writing YAML, CSV and the Excel tracker.
With --postgres URL (a server's admin URL), the import and rebuild are timed there too, in a
scratch database created for the run and dropped after it.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from scrutiny import yaml_files
from scrutiny.reports.tracker import tracker_csv
from scrutiny.reports.xlsx import write_tracker
from scrutiny.store.engine import make_engine
from scrutiny.store.migrate import upgrade
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.validate import parse

YEARS = ["2024/25", "2025/26", "2026/27", "2027/28"]


def synthetic_register(n: int) -> dict[str, Any]:
    proposals = []
    for i in range(n):
        proposals.append(
            {
                "ref": f"BENCH-{i:05d}",
                "title": f"Savings proposal {i}: realign services and reduce agency cover",
                "service": "Children's Social Care",
                "category": "staffing",
                "savings": {y: 100_000 + 1_000 * (i % 50) for y in YEARS[: 1 + i % 4]},
                "stated_total": 100_000 + 1_000 * (i % 50),
                "model": {
                    "type": "fixed",
                    "inputs": {
                        "achievement": {"dist": "pert", "min": 0.6, "mode": 0.9, "max": 1.0}
                    },
                },
                "staffing": {"posts": 12, "fte": 10.5, "redundancies_max": 3},
                "eqia": {"status": "planned"},
                "risks": [
                    {"description": "Caseloads rise", "likelihood": 3, "impact": 4},
                    {"description": "Recruitment slower", "likelihood": 2, "impact": 3},
                ],
                "alternatives": [{"title": "Do nothing", "reason_rejected": "Gap remains"}],
                "evidence": [
                    {"source": "budget-report.pdf", "locator": f"para {i}.1", "quote": "£0.1m"},
                    {"source": "budget-report.pdf", "locator": f"para {i}.2", "quote": "10.5 FTE"},
                ],
            }
        )
    return {
        "council": "Benchmark",
        "mtfs": {"funding_gap": dict.fromkeys(YEARS, 5e6)},
        "proposals": proposals,
    }


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def time_database(url_for: Callable[[int], str], pf: Any, repeat: int) -> tuple[float, float]:
    """(import, rebuild) best times [s], each import into a freshly migrated database."""
    imports, loads = [], []
    for k in range(repeat):
        engine = make_engine(url_for(k))
        try:
            upgrade(engine)
            start = time.perf_counter()
            with UnitOfWork(engine, actor="bench") as uow:
                stored, _ = uow.files.add(pf, source="bench.yaml", actor=uow.actor)
            imports.append(time.perf_counter() - start)
            start = time.perf_counter()
            with UnitOfWork(engine) as uow:
                back = uow.files.load(stored.id)
            loads.append(time.perf_counter() - start)
            assert back == pf
        finally:
            engine.dispose()
    return min(imports), min(loads)


@contextlib.contextmanager
def scratch_postgres(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server at `admin_url`, dropped afterwards."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"scrutiny_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--proposals", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--postgres", default=None, help="a PostgreSQL URL to time as well")
    args = ap.parse_args()
    data = synthetic_register(args.proposals)
    pf = parse(data, "bench")
    print(
        f"register: {args.proposals} proposals; Python {platform.python_version()}; best of {args.repeat}"
    )
    print(f"validate            {best(args.repeat, lambda: parse(data, 'bench')) * 1000:8.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        imp, load = time_database(lambda k: f"sqlite:///{root / f'bench{k}.db'}", pf, args.repeat)
        print(
            f"import (SQLite)     {imp * 1000:8.0f} ms  ({args.proposals / imp:,.0f} proposals/s)"
        )
        print(f"rebuild (SQLite)    {load * 1000:8.0f} ms")
        if args.postgres:
            with contextlib.ExitStack() as stack:
                urls = [
                    stack.enter_context(scratch_postgres(args.postgres)) for _ in range(args.repeat)
                ]
                imp, load = time_database(lambda k: urls[k], pf, args.repeat)
            print(
                f"import (PostgreSQL) {imp * 1000:8.0f} ms  ({args.proposals / imp:,.0f} proposals/s)"
            )
            print(f"rebuild (PostgreSQL) {load * 1000:7.0f} ms")
        print(
            f"YAML text           {best(args.repeat, lambda: yaml_files.dump(pf.to_data())) * 1000:8.0f} ms"
        )
        print(f"CSV text            {best(args.repeat, lambda: tracker_csv(pf)) * 1000:8.0f} ms")
        xlsx = root / "tracker.xlsx"
        print(
            f"Excel tracker       {best(args.repeat, lambda: write_tracker(pf, xlsx)) * 1000:8.0f} ms"
        )


if __name__ == "__main__":
    main()
