"""Reading a folder of SSDA903 header and episode files into care records (edge).

Two layouts are read:

- one folder per return year (`2023/header.csv`, `2023/episodes.csv`, ...), dates dd/mm/yyyy;
- one stacked pair (`header.csv`, `episodes.csv`) with `LA` and `YEAR` columns, ISO dates.

A file is a header file when its name contains "header" and an episode file when it contains
"episode" (any case, `.csv`). The placement and provider code lists are the CSV files shipped in
`scrutiny/reference/data`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

from scrutiny.errors import ScrutinyError
from scrutiny.projection.episodes import (
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    STATES,
    CareRecords,
    CodeMaps,
    Episode,
    RecordsError,
    Row,
    build_records,
    require_columns,
)

DATA = Path(__file__).resolve().parent / "codes"
"""The SSDA903 code lists (placement and provider codes), kept by hand beside the reader."""


class CareRecordsError(ScrutinyError):
    """Care records that cannot be read (exit status 2: bad input)."""

    exit_code = 2


@lru_cache(maxsize=1)
def code_maps() -> CodeMaps:
    """The shipped placement and provider code lists."""
    with (DATA / "ssda903_placement_codes.csv").open(encoding="utf-8") as f:
        placement = {r["code"]: r["group"] for r in csv.DictReader(f)}
    with (DATA / "ssda903_provider_codes.csv").open(encoding="utf-8") as f:
        in_house = {r["code"]: r["in_house"] == "yes" for r in csv.DictReader(f)}
    return CodeMaps(placement, in_house)


def _find(folder: Path, word: str) -> Path | None:
    found = sorted(
        p for p in folder.iterdir() if p.suffix.lower() == ".csv" and word in p.name.lower()
    )
    return found[0] if found else None


def _rows(path: Path, needed: tuple[str, ...], year: int | None, label: str) -> Iterator[Row]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            head = next(reader, None)
            if head is None:
                raise RecordsError(f"{label}: the file is empty")
            columns = [c.strip().upper() for c in head]
            require_columns(columns, needed + (() if year is not None else ("YEAR",)), label)
            for line, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                cells = dict(zip(columns, values, strict=False))
                row_year = year
                if row_year is None:
                    text = cells.get("YEAR", "").strip()
                    if not re.fullmatch(r"\d{4}", text):
                        raise RecordsError(f"{label}:{line}: YEAR {text!r} is not a year")
                    row_year = int(text)
                yield Row(f"{label}:{line}", row_year, cells)
    except UnicodeDecodeError as exc:
        raise RecordsError(f"{label}: not a UTF-8 CSV file") from exc


def read_folder(folder: Path) -> CareRecords:
    """The care records in `folder` (either layout), or one clear error line."""
    try:
        return _read(folder)
    except RecordsError as exc:
        raise CareRecordsError(str(exc)) from exc


def _read(folder: Path) -> CareRecords:
    if not folder.is_dir():
        raise RecordsError(f"{folder}: not a folder of SSDA903 files")
    years = sorted(
        (int(p.name), p) for p in folder.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)
    )
    if years:
        headers: list[Row] = []
        episodes: list[Row] = []
        for year, sub in years:
            h, e = _find(sub, "header"), _find(sub, "episode")
            if h is None or e is None:
                missing = "header" if h is None else "episodes"
                raise RecordsError(f"{sub.name}/: no {missing} file (a CSV file named *{missing}*)")
            headers += _rows(h, HEADER_COLUMNS, year, f"{sub.name}/{h.name}")
            episodes += _rows(e, EPISODE_COLUMNS, year, f"{sub.name}/{e.name}")
        return build_records(headers, episodes, "dmy", code_maps())
    h, e = _find(folder, "header"), _find(folder, "episode")
    if h is None or e is None:
        raise RecordsError(
            f"{folder.name}/: neither year folders (2023/...) nor a header and an episodes CSV file"
        )
    header_rows = list(_rows(h, HEADER_COLUMNS, None, h.name))
    episode_rows = list(_rows(e, EPISODE_COLUMNS, None, e.name))
    councils = {r.cells.get("LA", "").strip() for r in header_rows + episode_rows} - {""}
    if len(councils) > 1:
        raise RecordsError(
            f"{e.name}: rows of {len(councils)} councils (LA {', '.join(sorted(councils)[:3])}); "
            "give one council's rows"
        )
    return build_records(header_rows, episode_rows, "iso", code_maps())


def write_folder(
    births: Mapping[str, date],
    episodes: Iterable[Episode],
    folder: Path,
    *,
    first_year: int,
    last_year: int,
    layout: str = "years",
    la: str = "999",
) -> None:
    """Write care records as SSDA903 returns, one per year to 31 March (for the synthetic
    records of tests and back-tests): `layout` "years" (a folder a year, dd/mm/yyyy) or
    "stacked" (one pair of files with LA and YEAR columns, ISO dates)."""
    reverse = {state: _code_for(state) for state in STATES}
    eps = list(episodes)
    stacked = layout == "stacked"
    fmt = "%Y-%m-%d" if stacked else "%d/%m/%Y"
    head_rows: list[list[str]] = []
    ep_rows: list[list[str]] = []
    folder.mkdir(parents=True, exist_ok=True)
    for year in range(first_year, last_year + 1):
        start, end = date(year - 1, 4, 1), date(year, 3, 31)
        in_year = [e for e in eps if e.start <= end and (e.end is None or e.end >= start)]
        children = sorted({e.child for e in in_year})
        prefix = [la, str(year)] if stacked else []
        heads = [[*prefix, c, "1", births[c].strftime(fmt)] for c in children]
        rows = [
            [
                *prefix,
                e.child,
                e.start.strftime(fmt),
                e.end.strftime(fmt) if e.end is not None and e.end <= end else "",
                *reverse[e.state],
            ]
            for e in in_year
        ]
        if stacked:
            head_rows += heads
            ep_rows += rows
        else:
            _write(folder / str(year) / "header.csv", ["CHILD", "SEX", "DOB"], heads)
            _write(
                folder / str(year) / "episodes.csv",
                ["CHILD", "DECOM", "DEC", "PLACE", "PLACE_PROVIDER"],
                rows,
            )
    if stacked:
        _write(folder / "header.csv", ["LA", "YEAR", "CHILD", "SEX", "DOB"], head_rows)
        _write(
            folder / "episodes.csv",
            ["LA", "YEAR", "CHILD", "DECOM", "DEC", "PLACE", "PLACE_PROVIDER"],
            ep_rows,
        )


def _code_for(state: str) -> tuple[str, str]:
    """A placement and provider code pair that maps to `state`."""
    maps = code_maps()
    for place in maps.placement:
        for provider in maps.in_house:
            if maps.state(place, provider) == state:
                return place, provider
    raise ValueError(f"no code pair for {state}")


def _write(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(rows)
