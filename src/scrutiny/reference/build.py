"""Build the shipped national reference dataset from the published reference files.

    python -m scrutiny.reference.build [--reference DIR] [--out DIR]

`DIR` holds `cla_by_la.csv`, `workforce_by_la.csv`, `cin_cp_by_la.csv` and `spend_by_la.csv`
(the tidy republication of the DfE and MHCLG statistics, each row with its source id and flag).
The build keeps the measures the workbench compares, one value per row, as published (the value
text is copied unchanged, never re-rounded), and writes:

- `national.csv.gz`: dataset, measure, year, period, code, value, unit, flag, source
- `areas.csv`: code, ons_code, name, level, region_code, region_name, last_year
- `sources.csv`: source id, publication, address
- `savings_delivery.csv`: council, year, scope, planned_gbp, delivered_gbp, pct_delivered,
  point_in_year, url — the year-end (outturn) rows of `savings_delivery/savings_delivery.csv`,
  the published figures for how much of their planned savings councils delivered: the national
  reference class for a plan's share delivered (risk/track_record.py). In-year forecasts and
  delivered-to-date snapshots understate or guess the outturn and are left out.
- `statistical_neighbours.csv`: grouping, in_force_from, code, rank, neighbour_code, source —
  the DfE children's services statistical neighbours (ten per council, closest first) of each
  grouping shipped: the April 2021 grouping (in force from April 2021) and the May 2025 revision
  after the 2021 census (from May 2025), read from `statistical_neighbours/`. Their
  publications are in `sources.csv` (`sn2021`, `sn2025`).

Rows are sorted and the gzip header carries no name and no time, so rebuilding from the same
reference files reproduces the shipped files byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ENGLAND = "E92000001"

DFE_CLA = "https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions"
DFE_CSWW = "https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce"
DFE_CIN = "https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-children-in-need"
RO3 = "https://www.gov.uk/government/collections/local-authority-revenue-expenditure-and-financing"

# Source ids used in the reference files → (publication, address).
SOURCES: dict[str, tuple[str, str]] = {
    "cla25": ("DfE, Children looked after in England, reporting year 2025", DFE_CLA),
    "cla24": ("DfE, Children looked after in England, reporting year 2024", DFE_CLA),
    "cla23": ("DfE, Children looked after in England, reporting year 2023", DFE_CLA),
    "cla25x": ("DfE, Children looked after in England 2025, LA placement characteristics", DFE_CLA),
    "cla24x": ("DfE, Children looked after in England 2024, LA placement characteristics", DFE_CLA),
    "csww25": ("DfE, Children's social work workforce, reporting year 2025", DFE_CSWW),
    "cin25": ("DfE, Characteristics of children in need 2025, table B1", DFE_CIN),
    "cpp25": ("DfE, Characteristics of children in need 2025, table D5", DFE_CIN),
    "cps25": ("DfE, Characteristics of children in need 2025, table D3", DFE_CIN),
    "ref25": ("DfE, Characteristics of children in need 2025, table C1", DFE_CIN),
    "pop25": ("ONS mid-year estimates, children aged 0-17, as shipped with DfE CIN 2025", DFE_CIN),
    "ro3_2425": ("MHCLG, RO3 social care outturn 2024-25 (second release)", RO3),
    "ro3_2324": ("MHCLG, RO3 social care outturn 2023-24 (first release)", RO3),
    "ro3_2223": ("MHCLG, RO3 social care outturn 2022-23 (second release)", RO3),
    "sn2021": (
        "DfE, Children's services statistical neighbour benchmarking tool, LGR version, April 2021",
        "https://assets.publishing.service.gov.uk/media/606458acd3bf7f0c8d06b7e2/"
        "Childrens_services_statistical_neighbour_benchmarking_tool_-_LGR_Version__April_2021_.xlsx",
    ),
    "sn2025": (
        "DfE, Children's services statistical neighbour benchmarking tool, May 2025 revision "
        "(after the 2021 census)",
        "https://github.com/dfe-analytical-services/local-authority-interactive-tool",
    ),
}

# The DfE statistical neighbour groupings shipped: file in `statistical_neighbours/`, the
# grouping's `version` there, the first day it was in force, its source id.
SN_FOLDER = Path("statistical_neighbours")
SN_GROUPINGS: tuple[tuple[str, str, str, str], ...] = (
    ("statistical_neighbours_april2021.csv", "2021", "2021-04-01", "sn2021"),
    ("statistical_neighbours.csv", "2025", "2025-05-01", "sn2025"),
)
SN_HEADER = ("grouping", "in_force_from", "code", "rank", "neighbour_code", "source")

# CLA groups kept → which column becomes which measure.
CLA_KEEP: dict[tuple[str, str], tuple[tuple[str, str, str], ...]] = {
    ("cla_31_march", "total"): (
        ("number", "cla_number", "children"),
        ("rate_per_10k", "cla_rate_per_10k", "rate_per_10k"),
    ),
    ("started_during_year", "total"): (
        ("rate_per_10k", "cla_started_rate_per_10k", "rate_per_10k"),
    ),
    ("ceased_during_year", "total"): (("rate_per_10k", "cla_ceased_rate_per_10k", "rate_per_10k"),),
    ("population_0_17", "total"): (("number", "cla_population_0_17", "children"),),
    ("uasc", "uasc"): (("percent", "uasc_percent", "percent"),),
    ("placement_locality", "outside_la_boundary"): (
        ("percent", "placed_outside_boundary_percent", "percent"),
    ),
    ("placement_distance", "more_than_20_miles"): (
        ("percent", "placed_over_20_miles_percent", "percent"),
    ),
}
PLACEMENT_TYPES = (
    "foster",
    "secure_and_childrens_homes",
    "independent_semi_independent_supported",
    "placed_with_parents",
    "placed_for_adoption",
    "other_residential_settings",
    "residential_schools",
    "other_placements",
)
PROVIDERS = ("own_la", "private", "voluntary_third_sector", "other_la", "other_public")
for _t in PLACEMENT_TYPES:
    CLA_KEEP[("placement_type", _t)] = (("percent", f"placement_{_t}_percent", "percent"),)
for _p in PROVIDERS:
    CLA_KEEP[("placement_provider", _p)] = (("percent", f"provider_{_p}_percent", "percent"),)

SPEND_KEEP = (
    "total_childrens_social_care:net_current_expenditure",
    "cla_total:net_current_expenditure",
    "cla_residential_care:net_current_expenditure",
    "cla_fostering_services:net_current_expenditure",
    "safeguarding:net_current_expenditure",
    "family_support:net_current_expenditure",
    "cla_net_expenditure_per_child_looked_after",
    "total_childrens_social_care_net_expenditure_per_child_0_17",
)

HEADER = ("dataset", "measure", "year", "period", "code", "value", "unit", "flag", "source")
AREA_HEADER = ("code", "ons_code", "name", "level", "region_code", "region_name", "last_year")
LEVELS = {"National": "england", "Regional": "region", "Local authority": "council"}


def _code(row: dict[str, str]) -> str:
    level = row["geographic_level"]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        return row["region_code"]
    return row["old_la_code"]


def _field_flag(flag: str, field: str) -> str:
    """The part of a CLA flag (`number:c;percent:c`) that concerns one column."""
    if not flag:
        return ""
    parts = [p for p in flag.split(";") if p]
    if all(":" in p and p.split(":", 1)[0] in ("number", "percent", "rate") for p in parts):
        mine = [p.split(":", 1)[1] for p in parts if p.split(":", 1)[0] == field.split("_")[0]]
        return ";".join(mine)
    return flag


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _cla_rows(path: Path) -> Iterator[tuple[str, ...]]:
    for row in _read(path):
        for column, measure, unit in CLA_KEEP.get((row["group"], row["category"]), ()):
            yield (
                "cla",
                measure,
                row["year"],
                row["period"],
                _code(row),
                row[column],
                unit,
                _field_flag(row["flag"], column),
                row["source"],
            )


def _long_rows(dataset: str, path: Path, keep: Iterable[str] | None) -> Iterator[tuple[str, ...]]:
    wanted = set(keep) if keep is not None else None
    for row in _read(path):
        if wanted is not None and row["measure"] not in wanted:
            continue
        yield (
            dataset,
            row["measure"],
            row["year"],
            row["period"],
            _code(row),
            row["value"],
            row["unit"],
            row["flag"],
            row["source"],
        )


def _areas(reference: Path) -> list[tuple[str, ...]]:
    """One row per area code with the last year it appears (two councils have been called
    Dorset: the county to 2019 and the unitary council from 2020)."""
    found: dict[str, tuple[int, tuple[str, ...]]] = {}
    for name in ("cla_by_la.csv", "workforce_by_la.csv", "cin_cp_by_la.csv"):
        for row in _read(reference / name):
            level = LEVELS[row["geographic_level"]]
            code = _code(row)
            if level == "england":
                area = (code, ENGLAND, "England", level, "", "")
            elif level == "region":
                area = (code, code, row["region_name"], level, "", "")
            else:
                area = (
                    code,
                    row["new_la_code"],
                    row["la_name"],
                    level,
                    row["region_code"],
                    row["region_name"],
                )
            year = int(row["year"])
            if code not in found or year >= found[code][0]:
                found[code] = (year, area)
    return sorted((*area, str(year)) for year, area in found.values())


def _sort_key(row: tuple[str, ...]) -> tuple[str, str, int, str]:
    return (row[0], row[1], int(row[2]), row[4])


def _csv_bytes(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


SAVINGS_DELIVERY = Path("savings_delivery") / "savings_delivery.csv"
SAVINGS_HEADER = (
    "council",
    "year",
    "scope",
    "planned_gbp",
    "delivered_gbp",
    "pct_delivered",
    "point_in_year",
    "url",
)
YEAR_END_WORDS = ("outturn", "year-end")


def is_year_end(point_in_year: str) -> bool:
    """A figure taken once the year had closed (`outturn`, `year-end`), not an in-year one."""
    text = point_in_year.casefold()
    return any(w in text for w in YEAR_END_WORDS)


def _savings_rows(path: Path) -> list[tuple[str, ...]]:
    """The year-end rows with a delivered percentage, as published (text unchanged), sorted."""
    rows = [
        tuple(row[c] for c in SAVINGS_HEADER)
        for row in _read(path)
        if is_year_end(row["point_in_year"]) and row["pct_delivered"].strip()
    ]
    return sorted(rows)


def _neighbour_rows(reference: Path) -> list[tuple[str, ...]]:
    """Every grouping's neighbours, ten per council ranked 1 (closest) to 10, sorted; refused
    when a file holds another version or a council without exactly ranks 1 to 10."""
    rows: list[tuple[str, ...]] = []
    for name, version, since, source in SN_GROUPINGS:
        path = reference / SN_FOLDER / name
        ranks: dict[str, list[int]] = {}
        for row in _read(path):
            if row["version"] != version:
                raise ValueError(f"{path.name}: version {row['version']!r}, expected {version}")
            code, rank = row["la_code_old"], int(row["rank"])
            ranks.setdefault(code, []).append(rank)
            rows.append((version, since, code, str(rank), row["sn_la_code_old"], source))
        bad = sorted(c for c, r in ranks.items() if sorted(r) != list(range(1, 11)))
        if bad:
            raise ValueError(f"{path.name}: council {bad[0]} has not exactly ten ranked neighbours")
    return sorted(rows, key=lambda r: (r[0], int(r[2]) if r[2].isdigit() else 0, r[2], int(r[3])))


def build_files(reference: Path) -> dict[str, bytes]:
    """The shipped files' contents (name → bytes), built from the reference folder."""
    missing = [
        n
        for n in (
            "cla_by_la.csv",
            "workforce_by_la.csv",
            "cin_cp_by_la.csv",
            "spend_by_la.csv",
            str(SAVINGS_DELIVERY),
            *(str(SN_FOLDER / g[0]) for g in SN_GROUPINGS),
        )
        if not (reference / n).is_file()
    ]
    if missing:
        raise FileNotFoundError(f"{reference}: missing {', '.join(missing)}")
    rows = [
        *_cla_rows(reference / "cla_by_la.csv"),
        *_long_rows("workforce", reference / "workforce_by_la.csv", None),
        *_long_rows("cin", reference / "cin_cp_by_la.csv", None),
        *_long_rows("spend", reference / "spend_by_la.csv", SPEND_KEEP),
    ]
    rows.sort(key=_sort_key)
    neighbours = _neighbour_rows(reference)
    used = sorted({part for row in rows for part in row[8].split("+")} | {r[5] for r in neighbours})
    unknown = [s for s in used if s not in SOURCES]
    if unknown:
        raise ValueError(f"unknown source ids in the reference files: {', '.join(unknown)}")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(_csv_bytes(HEADER, rows))
    return {
        "national.csv.gz": buffer.getvalue(),
        "areas.csv": _csv_bytes(AREA_HEADER, _areas(reference)),
        "sources.csv": _csv_bytes(
            ("source", "publication", "url"), ((s, *SOURCES[s]) for s in used)
        ),
        "savings_delivery.csv": _csv_bytes(
            SAVINGS_HEADER, _savings_rows(reference / SAVINGS_DELIVERY)
        ),
        "statistical_neighbours.csv": _csv_bytes(SN_HEADER, neighbours),
    }


def write_files(files: dict[str, bytes], out: Path) -> None:
    """Write each file through a temporary name renamed into place."""
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        tmp = out / f".{name}.tmp"
        tmp.write_bytes(content)
        tmp.replace(out / name)


def default_reference() -> Path:
    """`shared/reference` next to the repository (the source checkout's parent folder)."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "reference"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference", type=Path, default=None, help="reference folder")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder")
    args = parser.parse_args(argv)
    reference = args.reference or default_reference()
    try:
        files = build_files(reference)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_files(files, args.out)
    for name, content in sorted(files.items()):
        print(f"{args.out / name}: {len(content):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
