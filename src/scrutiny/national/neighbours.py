"""Which councils a council is compared with: the DfE statistical neighbours in force at a date,
or our own similar councils (pure).

The DfE's children's services statistical neighbours are the grouping every council uses: ten
neighbours per council, closest first. The DfE revises the grouping now and then; the package
ships the April 2021 grouping and the May 2025 revision (after the 2021 census). A benchmark
as at a date uses the grouping in force on that date. Before the earliest grouping shipped the
earliest one is used and the set says so (`note`), because it was published after that date.

Our own similar councils (`scrutiny.national.similarity`) stay available as an option.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scrutiny.national.dataset import NationalData
from scrutiny.national.similarity import FEATURES, Neighbour, similar_councils

DFE, SIMILAR = "dfe", "similar"
KINDS = (DFE, SIMILAR)
SIMILAR_METHOD = "ten nearest councils by standardised Euclidean distance"


@dataclass(frozen=True, slots=True)
class Grouping:
    """One version of the DfE statistical neighbours: council code → neighbour codes, closest
    first; in force from `in_force_from` until the next version."""

    version: str
    in_force_from: datetime.date
    source: str  # source id in the dataset's sources
    neighbours: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class NeighbourSet:
    """The councils a benchmark compares with, and what they are in words."""

    kind: str  # dfe | similar
    name: str  # e.g. "DfE statistical neighbours (April 2021 grouping)"
    method: str  # one sentence for the reader
    councils: tuple[Neighbour, ...]
    source: str = ""  # source id (DfE groupings)
    publication: str = ""
    url: str = ""
    in_force_from: datetime.date | None = None
    note: str = ""  # e.g. the grouping was published after the date asked for

    def to_json(self) -> dict[str, Any]:
        return {
            "set": self.kind,
            "name": self.name,
            "method": self.method,
            "source": self.source or None,
            "publication": self.publication or None,
            "url": self.url or None,
            "in_force_from": self.in_force_from.isoformat() if self.in_force_from else None,
            "note": self.note or None,
            **({"features": [label for _, label, _ in FEATURES]} if self.kind == SIMILAR else {}),
            "councils": [
                {
                    "name": n.name,
                    "la_code": n.code,
                    "rank": i,
                    **({"distance": round(n.distance, 4)} if n.distance is not None else {}),
                }
                for i, n in enumerate(self.councils, start=1)
            ],
        }


def _month(day: datetime.date) -> str:
    return day.strftime("%B %Y")


def grouping_in_force(
    groupings: tuple[Grouping, ...], at: datetime.date | None
) -> tuple[Grouping | None, bool]:
    """The grouping in force on `at` (None: the latest), and whether it was published after
    `at` (true only when `at` is before every grouping shipped)."""
    ordered = sorted(groupings, key=lambda g: g.in_force_from)
    if not ordered:
        return None, False
    if at is None:
        return ordered[-1], False
    before = [g for g in ordered if g.in_force_from <= at]
    return (before[-1], False) if before else (ordered[0], True)


def dfe_neighbours(data: NationalData, code: str, at: datetime.date | None) -> NeighbourSet:
    """The council's DfE statistical neighbours in force on `at` (None: the latest grouping)."""
    grouping, later = grouping_in_force(data.groupings, at)
    if grouping is None:
        return NeighbourSet(DFE, "DfE statistical neighbours", "none shipped", ())
    councils = tuple(
        Neighbour(c, data.areas[c].name if c in data.areas else c, None)
        for c in grouping.neighbours.get(code, ())
    )
    source = data.sources.get(grouping.source)
    name = f"DfE statistical neighbours ({_month(grouping.in_force_from)} grouping)"
    note = (
        f"No grouping in force on {at:%-d %B %Y} is shipped; this one was published later."
        if later and at is not None
        else ""
    )
    return NeighbourSet(
        kind=DFE,
        name=name,
        method=(
            f"Statistical neighbours are the ten councils the Department for Education groups "
            f"with this one, closest first (the grouping in force from "
            f"{_month(grouping.in_force_from)})."
        ),
        councils=councils,
        source=grouping.source,
        publication=source.publication if source else grouping.source,
        url=source.url if source else "",
        in_force_from=grouping.in_force_from,
        note=note,
    )


def similar_set(data: NationalData, code: str, name: str, year: int) -> NeighbourSet:
    """Our own ten most similar councils in `year` (see `scrutiny.national.similarity`)."""
    return NeighbourSet(
        kind=SIMILAR,
        name="similar councils (this tool's own grouping)",
        method=(
            f"Similar councils are the ten nearest to {name} on child population, children in "
            f"need per 10,000 and children looked after per 10,000 at 31 March {year}."
        ),
        councils=tuple(similar_councils(data, code, year)),
    )


def neighbour_set(
    data: NationalData, code: str, name: str, kind: str, *, year: int, at: datetime.date | None
) -> NeighbourSet:
    """The DfE neighbours in force on `at`, or our similar councils in `year`."""
    if kind == SIMILAR:
        return similar_set(data, code, name, year)
    return dfe_neighbours(data, code, at)
