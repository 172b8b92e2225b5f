"""The national reference dataset as values: areas and published observations (pure).

An `Observation` is one published figure for one area, measure and year, with its source and
flag. A suppressed or missing figure has `value = None` and a flag saying why (`c` suppressed,
`x` not available, `u` low reliability, `z` not applicable, `k`/`low` rounds to zero); it is
never turned into zero. The edge (`scrutiny.reference.shipped`) builds a `NationalData` from
the files shipped in the package; the core only reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from scrutiny.national.neighbours import Grouping

ENGLAND = "E92000001"

# What each flag symbol means (the publishers' notes).
FLAG_MEANINGS: Mapping[str, str] = MappingProxyType(
    {
        "c": "suppressed to protect confidentiality",
        "k": "rounds to zero but is not zero",
        "low": "rounds to zero but is not zero",
        "u": "low reliability, not published",
        "x": "not available",
        "x:incomplete_returns": "not available: incomplete returns",
        "z": "not applicable",
        "n": "no appropriate estimation",
        "note 4": "not available: the council could not split this line",
        "derived": "derived from published figures",
        "derived:sum_of_rounded": "sum of two published figures each rounded to the nearest 10",
        "derived:sum_of_las": "sum of the published council figures",
    }
)


@dataclass(frozen=True, slots=True)
class Area:
    """England, a region or a council. `code` is the DfE LA number for councils (the stable key
    across years), the ONS code for regions and England."""

    code: str
    ons_code: str
    name: str
    level: str  # england | region | council
    region_code: str = ""
    region_name: str = ""
    last_year: int = 0  # the last year the area appears in the published figures

    @property
    def combined(self) -> tuple[str, ...]:
        """The councils of a combined return (`314 / 318`), else just this code."""
        return tuple(part.strip() for part in self.code.split("/"))


@dataclass(frozen=True, slots=True)
class Source:
    """A publication a figure comes from."""

    id: str
    publication: str
    url: str


class Observation(NamedTuple):
    """One published figure. `value` is None when suppressed or missing (see `flag`).

    A named tuple rather than a frozen dataclass: the dataset holds some 56,000 of them and
    a tuple is several times quicker to make, which keeps `scrutiny benchmark` fast.
    """

    dataset: str  # cla | workforce | cin | spend
    measure: str
    year: int
    period: str  # e.g. "31 March 2024", "30 September 2024", "2023-24"
    code: str
    value: float | None
    unit: str
    flag: str
    source: str

    @property
    def missing_reason(self) -> str | None:
        """Why the value is blank, in words; None when there is a value."""
        if self.value is not None:
            return None
        return FLAG_MEANINGS.get(self.flag, self.flag or "not published")


class NationalData:
    """Every area and observation of the reference dataset, indexed for look-ups.

    Observations are given grouped by measure. The groups may be a lazy mapping (the edge reads
    a measure's rows only when it is first asked for); each group is indexed on first use.
    """

    def __init__(
        self,
        areas: Iterable[Area],
        by_measure: Mapping[str, Iterable[Observation]],
        sources: Iterable[Source] = (),
        groupings: Iterable[Grouping] = (),
    ) -> None:
        self.areas: Mapping[str, Area] = MappingProxyType({a.code: a for a in areas})
        self.sources: Mapping[str, Source] = MappingProxyType({s.id: s for s in sources})
        self.groupings: tuple[Grouping, ...] = tuple(groupings)  # DfE statistical neighbours
        self._groups = by_measure
        self._indexed: dict[str, dict[int, dict[str, Observation]]] = {}

    @classmethod
    def of(
        cls,
        areas: Iterable[Area],
        observations: Iterable[Observation],
        sources: Iterable[Source] = (),
        groupings: Iterable[Grouping] = (),
    ) -> NationalData:
        """From a flat list of observations (any order)."""
        groups: dict[str, list[Observation]] = {}
        for obs in observations:
            groups.setdefault(obs.measure, []).append(obs)
        return cls(areas, groups, sources, groupings)

    def _index(self, measure: str) -> dict[int, dict[str, Observation]]:
        found = self._indexed.get(measure)
        if found is None:
            found = {}
            for obs in self._groups.get(measure, ()):
                found.setdefault(obs.year, {})[obs.code] = obs
            self._indexed[measure] = found
        return found

    def measures(self) -> list[str]:
        return sorted(self._groups)

    def get(self, measure: str, year: int, code: str) -> Observation | None:
        """The observation for one area, or None when the area has no row that year."""
        return self._index(measure).get(year, {}).get(code)

    def across(self, measure: str, year: int) -> list[Observation]:
        """Every area's observation of one measure in one year."""
        return list(self._index(measure).get(year, {}).values())

    def years(self, measure: str) -> list[int]:
        """The years in which a measure is published, in order."""
        return sorted(self._index(measure))

    def councils(self) -> list[Area]:
        return sorted(
            (a for a in self.areas.values() if a.level == "council"), key=lambda a: a.name
        )

    def region_of(self, area: Area) -> Area | None:
        return self.areas.get(area.region_code)

    def source_label(self, source: str) -> str:
        """The publication(s) behind a source id (`a+b` for a figure derived from two)."""
        parts = [self.sources[s].publication if s in self.sources else s for s in source.split("+")]
        return "; ".join(parts)
