"""Batches of papers through `ingest_paths`: in this process against two Dask workers.

Generates N short committee papers (text, about 2 KB each, a few figures and a savings table)
and, for each batch size, times ingesting them into a fresh SQLite database with one process
and with two Dask workers (whose cluster start-up is paid once a batch). Prints the time of
each and the batch size where two workers start to pay. Usage:
    uv run python bench/ingest_batch.py [--sizes 20 180 600 1500]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

PAPER = (
    "Children's Services Scrutiny Committee, item {i}\n\n"
    "The directorate forecasts an overspend of £{a}.{b}m in 2025/26. Savings of £{c}k per annum "
    "are proposed from the review of {n} posts ({f} FTE).\n\n"
    "Ref\tProposal\t2025/26 £000\t2026/27 £000\n"
    "CS{i}-1\tEdge of care review\t({c})\t(10)\n"
    "CS{i}-2\tTransport review\t({b}5)\t0\n\n"
    "RESOLVED:\n1. That the report be noted.\n2. That the savings be agreed.\n"
)


def make_papers(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = PAPER.format(
            i=i, a=i % 9 + 1, b=i % 7 + 1, c=100 + i % 400, n=i % 12 + 2, f=i % 9 + 1.5
        )
        (folder / f"paper-{i:05d}.txt").write_text(text, encoding="utf-8")


def timed(folder: Path, workers: int) -> float:
    from scrutiny.config import get_settings
    from scrutiny.store.engine import dispose_engines
    from scrutiny.workflows.ingest import ingest_paths

    db = folder.parent / f"bench-{workers}.db"
    db.unlink(missing_ok=True)
    os.environ["SCRUTINY_DATABASE_URL"] = f"sqlite:///{db}"
    get_settings.cache_clear()
    dispose_engines()
    t0 = time.perf_counter()
    report = ingest_paths([folder], workers=workers)
    elapsed = time.perf_counter() - t0
    assert report.count("stored") == len(list(folder.iterdir()))
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 180, 600, 1500])
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores")
    print("papers   1 process   2 Dask workers")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "papers"
            make_papers(folder, n)
            one = timed(folder, 1)
            two = timed(folder, 2)
            print(
                f"{n:6d}   {one:8.2f} s   {two:8.2f} s   {'two pay' if two < one else 'one is faster'}"
            )


if __name__ == "__main__":
    main()
