"""Children's care records from SSDA903 header and episode rows, validated (pure).

The SSDA903 return gives, per child, a header row (`CHILD`, `SEX`, `DOB`) and one row per
episode of care (`CHILD`, `DECOM` start, `DEC` end, `PLACE` placement type, `PLACE_PROVIDER`).
A council keeps either one folder per year (dates written dd/mm/yyyy) or one stacked file with
`LA` and `YEAR` columns (ISO dates); the reader at the edge turns either into `Row`s. Rows that
cannot be used are dropped and counted by reason, with the first place each reason occurred, so
the person running the projection sees what was left out. The same episode appears in every
year's return while it is open; the latest return's version is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

# States of the individual-level projection, in the order they are shown.
STATES = (
    "inhouse_fostering",
    "agency_fostering",
    "kinship",
    "inhouse_residential",
    "external_residential",
    "supported_accommodation",
    "placed_with_parents",
    "other",
)
STATE_LABELS: Mapping[str, str] = {
    "inhouse_fostering": "Council's own foster care",
    "agency_fostering": "Agency foster care",
    "kinship": "Foster care with family or friends",
    "inhouse_residential": "Council's own children's homes",
    "external_residential": "External children's homes and residential",
    "supported_accommodation": "Supported and independent accommodation",
    "placed_with_parents": "Placed with parents",
    "other": "Adoption placements and other",
}
HEADER_COLUMNS = ("CHILD", "DOB")
EPISODE_COLUMNS = ("CHILD", "DECOM", "DEC", "PLACE", "PLACE_PROVIDER")


class RecordsError(ValueError):
    """Care records that cannot be used at all (one line naming what and where)."""


@dataclass(frozen=True, slots=True)
class CodeMaps:
    """Placement code to group (fostering, kinship, residential, supported, parents, adoption,
    other) and provider code to whether it is the council's own provision."""

    placement: Mapping[str, str]
    in_house: Mapping[str, bool]

    def state(self, place: str, provider: str) -> str | None:
        group = self.placement.get(place)
        if group is None:
            return None
        own = self.in_house.get(provider, False)
        if group == "fostering":
            return "inhouse_fostering" if own else "agency_fostering"
        if group == "residential":
            return "inhouse_residential" if own else "external_residential"
        return {
            "kinship": "kinship",
            "supported": "supported_accommodation",
            "parents": "placed_with_parents",
        }.get(group, "other")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a file: where it came from (`file:line`), the return year, its cells."""

    where: str
    year: int
    cells: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Episode:
    child: str
    start: date
    end: date | None  # None: still open at the end of the data
    state: str


@dataclass(frozen=True, slots=True)
class Dropped:
    """What was left out, by reason, with how many rows and the first place each happened."""

    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)

    def add(self, reason: str, where: str) -> None:
        self.counts[reason] += 1
        self.first.setdefault(reason, where)

    def lines(self) -> list[str]:
        return [
            f"{n:,} row{'s' if n != 1 else ''} {reason} (first: {self.first[reason]})"
            for reason, n in sorted(self.counts.items(), key=lambda kv: -kv[1])
        ]


@dataclass(frozen=True, slots=True)
class CareRecords:
    births: Mapping[str, date]
    episodes: tuple[Episode, ...]
    data_start: date  # 1 April before the first return year
    data_end: date  # 31 March of the last return year
    dropped: Dropped


def parse_date(text: str, style: str) -> date | None:
    """A dd/mm/yyyy (`style` "dmy") or yyyy-mm-dd ("iso") date; None when blank or invalid."""
    text = text.strip()
    if not text:
        return None
    try:
        if style == "dmy":
            return datetime.strptime(text, "%d/%m/%Y").date()
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def require_columns(columns: Iterable[str], needed: tuple[str, ...], where: str) -> None:
    have = {c.strip().upper() for c in columns}
    missing = [c for c in needed if c not in have]
    if missing:
        raise RecordsError(
            f"{where}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )


def build_records(
    headers: Iterable[Row], episodes: Iterable[Row], style: str, codes: CodeMaps
) -> CareRecords:
    """Validate header and episode rows into care records, counting what is dropped."""
    dropped = Dropped()
    births: dict[str, date] = {}
    last_year, first_year = 0, 10_000
    for row in headers:
        child = row.cells.get("CHILD", "").strip()
        dob = parse_date(row.cells.get("DOB", ""), style)
        last_year = max(last_year, row.year)
        if not child:
            dropped.add("in a header file without a child identifier", row.where)
        elif dob is None:
            dropped.add("in a header file without a valid date of birth", row.where)
        else:
            births[child] = dob
    latest: dict[tuple[str, date], tuple[int, Episode]] = {}
    for row in episodes:
        last_year = max(last_year, row.year)
        first_year = min(first_year, row.year)
        child = row.cells.get("CHILD", "").strip()
        start = parse_date(row.cells.get("DECOM", ""), style)
        end_text = row.cells.get("DEC", "").strip()
        end = parse_date(end_text, style)
        state = codes.state(
            row.cells.get("PLACE", "").strip().upper(),
            row.cells.get("PLACE_PROVIDER", "").strip().upper(),
        )
        if child not in births:
            dropped.add("of episodes for a child with no usable header row", row.where)
        elif start is None:
            dropped.add("of episodes without a valid start date", row.where)
        elif end_text and end is None:
            dropped.add("of episodes with an end date that is not a date", row.where)
        elif end is not None and end < start:
            dropped.add("of episodes ending before they start", row.where)
        elif start < births[child]:
            dropped.add("of episodes starting before the child's date of birth", row.where)
        elif state is None:
            dropped.add("of episodes with a placement code not in the code list", row.where)
        else:
            key = (child, start)
            if key not in latest or latest[key][0] <= row.year:
                latest[key] = (row.year, Episode(child, start, end, state))
    if not latest:
        raise RecordsError("no usable episodes in the files")
    kept = sorted((e for _, e in latest.values()), key=lambda e: (e.child, e.start))
    return CareRecords(
        births, tuple(kept), date(first_year - 1, 4, 1), date(last_year, 3, 31), dropped
    )
