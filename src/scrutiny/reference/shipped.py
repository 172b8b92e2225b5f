"""Reading the shipped reference files into a `NationalData` value and the savings-delivery
reference class (edge)."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from scrutiny.errors import ConfigError
from scrutiny.national.dataset import Area, NationalData, Observation, Source
from scrutiny.national.neighbours import Grouping
from scrutiny.risk.track_record import ReferenceRow

DATA = Path(__file__).resolve().parent / "data"


def _bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{path.name}: the national reference dataset cannot be read ({exc.strerror})"
        ) from exc
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_bytes(path).decode("utf-8"))))[1:]


def _observation(row: list[str]) -> Observation:
    dataset, measure, year, period, code, value, unit, flag, source = row
    return Observation(
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


class _Measures(Mapping[str, list[Observation]]):
    """The lines of `national.csv.gz` grouped by measure, parsed on first access."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, list[str]] = {}
        for line in text.splitlines()[1:]:
            self._lines.setdefault(line.split(",", 2)[1], []).append(line)
        self._parsed: dict[str, list[Observation]] = {}

    def __getitem__(self, measure: str) -> list[Observation]:
        if measure not in self._parsed:
            lines = self._lines[measure]
            self._parsed[measure] = [_observation(row) for row in csv.reader(lines)]
        return self._parsed[measure]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


def read_groupings(path: Path) -> tuple[Grouping, ...]:
    """The DfE statistical neighbour groupings in `statistical_neighbours.csv`, each council's
    neighbours in rank order."""
    found: dict[str, tuple[str, str, dict[str, list[tuple[int, str]]]]] = {}
    for grouping, since, code, rank, neighbour, source in _rows(path):
        entry = found.setdefault(grouping, (since, source, {}))
        entry[2].setdefault(code, []).append((int(rank), neighbour))
    return tuple(
        Grouping(
            version,
            datetime.date.fromisoformat(since),
            source,
            {code: tuple(n for _, n in sorted(pairs)) for code, pairs in by_code.items()},
        )
        for version, (since, source, by_code) in sorted(found.items())
    )


def read(folder: Path = DATA) -> NationalData:
    """Read `areas.csv`, `sources.csv`, `national.csv.gz` and `statistical_neighbours.csv`."""
    areas = [
        Area(code, ons, name, level, region_code, region_name, int(last_year))
        for code, ons, name, level, region_code, region_name, last_year in _rows(
            folder / "areas.csv"
        )
    ]
    sources = [Source(*row) for row in _rows(folder / "sources.csv")]
    measures = _Measures(_bytes(folder / "national.csv.gz").decode("utf-8"))
    groupings = read_groupings(folder / "statistical_neighbours.csv")
    return NationalData(areas, measures, sources, groupings)


@lru_cache(maxsize=1)
def shipped() -> NationalData:
    """The dataset shipped in the package (read once per process)."""
    return read(DATA)


def read_savings_delivery(folder: Path = DATA) -> tuple[ReferenceRow, ...]:
    """The year-end rows of `savings_delivery.csv`: the reference class of shares delivered."""
    path = folder / "savings_delivery.csv"
    rows = []
    for council, year, scope, _planned, _delivered, pct, *_ in _rows(path):
        try:
            share = float(pct) / 100
        except ValueError:
            raise ConfigError(
                f"{path.name}: {council} {year}: {pct!r} is not a percentage"
            ) from None
        rows.append(ReferenceRow(council, year, scope, share))
    return tuple(rows)


@lru_cache(maxsize=1)
def savings_delivery() -> tuple[ReferenceRow, ...]:
    """The reference class shipped in the package (read once per process)."""
    return read_savings_delivery(DATA)
