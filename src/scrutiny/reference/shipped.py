"""Reading the shipped reference files into a `NationalData` value (edge)."""

from __future__ import annotations

import csv
import gzip
import io
from functools import lru_cache
from pathlib import Path

from scrutiny.errors import ConfigError
from scrutiny.national.dataset import Area, NationalData, Observation, Source

DATA = Path(__file__).resolve().parent / "data"


def _rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{path.name}: the national reference dataset cannot be read ({exc.strerror})"
        ) from exc
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    return rows[1:]


def read(folder: Path = DATA) -> NationalData:
    """Read `areas.csv`, `sources.csv` and `national.csv.gz` from a folder."""
    areas = [Area(*row) for row in _rows(folder / "areas.csv")]
    sources = [Source(*row) for row in _rows(folder / "sources.csv")]
    observations = [
        Observation(
            dataset,
            measure,
            int(year),
            period,
            code,
            float(value) if value else None,
            unit,
            flag,
            source,
        )
        for dataset, measure, year, period, code, value, unit, flag, source in _rows(
            folder / "national.csv.gz"
        )
    ]
    return NationalData.of(areas, observations, sources)


@lru_cache(maxsize=1)
def shipped() -> NationalData:
    """The dataset shipped in the package (read once per process)."""
    return read(DATA)
