"""How long uploading a long text paper takes: reading it, extracting every figure and storing
the document (`store_upload`, as the Documents page does).

Generates a text paper of about `--mb` megabytes [MB] of short lines, each with four amounts,
a financial year, a percentage and a post count (about 22 amounts per kilobyte, near the densest
papers seen), into a temporary folder with a fresh SQLite database, then times the upload. CPU
time [s] is reported beside wall time because other work on a shared machine inflates the latter.
Usage:
    uv run python bench/upload.py [--mb 5]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path


def make_paper(megabytes: float) -> bytes:
    lines: list[str] = []
    size, i = 0, 0
    while size < megabytes * 1024 * 1024:
        line = (
            f"Item {i}: the saving is £{(i * 37) % 9000 + 100:,}k in 2024/25 and the cost is "
            f"£{i % 500 + 1},000 a year; 3.5% of the budget, 12 posts. The pressure is "
            f"£{i % 90 + 1}m over two years.\n"
        )
        lines.append(line)
        size += len(line.encode())
        i += 1
    return "".join(lines).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="paper size [MB]")
    args = parser.parse_args()

    from scrutiny.config import load_settings
    from scrutiny.store.engine import open_database
    from scrutiny.store.unit_of_work import UnitOfWork
    from scrutiny.workflows.documents import store_upload

    paper = make_paper(args.mb)
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            database_url=f"sqlite:///{Path(folder) / 'bench.db'}",
            data_dir=Path(folder),
            upload_dir=Path(folder) / "uploads",
        )
        engine = open_database(settings.database_url)
        wall, cpu = time.perf_counter(), time.process_time()
        document = store_upload(engine, settings, io.BytesIO(paper), "paper.txt", actor="bench")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        with UnitOfWork(engine) as uow:
            found = uow.documents.get(document).amounts_found
            kept = uow.documents.count_figures(document, "money")
        engine.dispose()
    print(
        f"{len(paper) / 1e6:.1f} MB paper: {found:,} amounts found, {kept:,} kept; "
        f"upload {wall:.1f} s wall, {cpu:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
