"""A council's published figures beside England, its region and its similar councils (pure).

For a chosen year Y the figures are matched as follows (each figure also carries its own period):

- children looked after, children in need and child protection: 31 March Y (or the year to
  31 March Y);
- the social work workforce: the census of 30 September Y (six months later; the DfE labels it
  "reporting year Y");
- spending: the financial year ending 31 March Y (Y-1 to Y).

As at a date (a meeting), each dataset instead uses the latest period that ended before that
date (`years_as_at`): a meeting on 12 October 2021 sees children looked after at 31 March 2021,
the workforce at 30 September 2021 and spending for 2020-21; nothing dated later.

The councils compared with are a `NeighbourSet`: the DfE statistical neighbours in force at the
date (default) or our own similar councils (`scrutiny.national.neighbours`).

Rank counts from the lowest value (rank 1 = lowest) among every council with a value that year,
leaving out City of London and the Isles of Scilly; quartile 1 holds the lowest quarter of
values, quartile 4 the highest. `direction` says which way is better only where that is
meaningful (e.g. vacancy, agency and turnover rates and caseloads: lower is better); for rates
of need or care, and for spending, it is None, because a lower figure is not in itself better.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scrutiny.national.dataset import ENGLAND, Area, NationalData, Observation
from scrutiny.national.neighbours import NeighbourSet, dfe_neighbours
from scrutiny.national.similarity import EXCLUDED, Neighbour

LOWER = "lower is better"
HIGHER = "higher is better"


@dataclass(frozen=True, slots=True)
class Indicator:
    measure: str
    label: str
    dataset: str  # cla | workforce | cin | spend
    unit: str
    direction: str | None = None
    ranked: bool = True  # counts and totals are shown, not ranked


INDICATORS: tuple[Indicator, ...] = (
    Indicator("cla_number", "Children looked after", "cla", "children", ranked=False),
    Indicator("cla_rate_per_10k", "Children looked after per 10,000", "cla", "rate_per_10k"),
    Indicator(
        "cla_started_rate_per_10k", "Started to be looked after per 10,000", "cla", "rate_per_10k"
    ),
    Indicator("placement_foster_percent", "In foster placements", "cla", "percent", HIGHER),
    Indicator(
        "placement_secure_and_childrens_homes_percent",
        "In secure or children's homes",
        "cla",
        "percent",
    ),
    Indicator(
        "placement_independent_semi_independent_supported_percent",
        "Independent, semi-independent or supported",
        "cla",
        "percent",
    ),
    Indicator("provider_private_percent", "Placements with private providers", "cla", "percent"),
    Indicator(
        "placed_outside_boundary_percent",
        "Placed outside the council's boundary",
        "cla",
        "percent",
        LOWER,
    ),
    Indicator(
        "placed_over_20_miles_percent",
        "Placed more than 20 miles from home",
        "cla",
        "percent",
        LOWER,
    ),
    Indicator("inpost_fte", "Social workers in post", "workforce", "fte", ranked=False),
    Indicator("vacancy_rate_fte", "Vacancy rate", "workforce", "percent", LOWER),
    Indicator("agency_rate_fte", "Agency worker rate", "workforce", "percent", LOWER),
    Indicator(
        "agency_cover_rate_fte", "Agency workers as a share of vacancies", "workforce", "percent"
    ),
    Indicator("turnover_rate_fte", "Turnover rate", "workforce", "percent", LOWER),
    Indicator(
        "caseload_fte",
        "Average caseload per case-holding social worker",
        "workforce",
        "cases_per_fte",
        LOWER,
    ),
    Indicator("absence_rate_fte", "Sickness absence rate", "workforce", "percent", LOWER),
    Indicator("cin_at_31_march_rate_per_10k", "Children in need per 10,000", "cin", "rate_per_10k"),
    Indicator(
        "cpp_at_31_march_rate_per_10k",
        "On a child protection plan per 10,000",
        "cin",
        "rate_per_10k",
    ),
    Indicator("referrals_rate_per_10k", "Referrals per 10,000", "cin", "rate_per_10k"),
    Indicator(
        "rereferrals_within_12_months_percent",
        "Re-referrals within 12 months",
        "cin",
        "percent",
        LOWER,
    ),
    Indicator(
        "cpp_second_or_subsequent_percent",
        "Second or later child protection plans",
        "cin",
        "percent",
        LOWER,
    ),
    Indicator(
        "total_childrens_social_care:net_current_expenditure",
        "Net children's social care spend",
        "spend",
        "gbp_thousand",
        ranked=False,
    ),
    Indicator(
        "total_childrens_social_care_net_expenditure_per_child_0_17",
        "Net children's social care spend per child",
        "spend",
        "gbp",
    ),
    Indicator(
        "cla_net_expenditure_per_child_looked_after",
        "Net spend per child looked after",
        "spend",
        "gbp",
    ),
)
INDICATOR_BY_MEASURE = {i.measure: i for i in INDICATORS}


@dataclass(frozen=True, slots=True)
class Figure:
    """One value with where it comes from; `value` None means missing or suppressed."""

    value: float | None
    year: int
    period: str
    source: str
    publication: str
    flag: str = ""
    missing: str | None = None  # why the value is blank, in words
    area: str = ""  # the area the figure belongs to when it is a combined return

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "year": self.year,
            "period": self.period,
            "source": self.source,
            "publication": self.publication,
            "flag": self.flag or None,
            "missing": self.missing,
            **({"combined_return": self.area} if self.area else {}),
        }


@dataclass(frozen=True, slots=True)
class Spread:
    """The similar councils' values of one indicator."""

    count: int
    median: float | None
    low: float | None
    high: float | None
    values: tuple[tuple[str, float | None], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "councils": [{"name": n, "value": v} for n, v in self.values],
        }


@dataclass(frozen=True, slots=True)
class Row:
    indicator: Indicator
    council: Figure
    england: Figure
    region: Figure
    similar: Spread
    rank: int | None
    of: int | None
    quartile: int | None

    def to_json(self) -> dict[str, Any]:
        ind = self.indicator

        return {
            "measure": ind.measure,
            "label": ind.label,
            "dataset": ind.dataset,
            "unit": ind.unit,
            "direction": ind.direction,
            "council": self.council.to_json(),
            "england": self.england.to_json(),
            "region": self.region.to_json(),
            "similar": self.similar.to_json(),
            "rank": self.rank,
            "of": self.of,
            "quartile": self.quartile,
        }


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    kind: str  # council | england | region | similar
    value: float | None


@dataclass(frozen=True)
class Benchmark:
    council: Area
    region: Area | None
    year: int  # the year of the children looked after figures (31 March)
    periods: dict[str, str]
    neighbour_set: NeighbourSet
    rows: list[Row] = field(default_factory=list)
    years: dict[str, int] = field(default_factory=dict)  # dataset → year of its figures
    as_at: datetime.date | None = None  # figures dated after this are left out

    @property
    def neighbours(self) -> tuple[Neighbour, ...]:
        return self.neighbour_set.councils

    def row(self, measure: str) -> Row:
        for r in self.rows:
            if r.indicator.measure == measure:
                return r
        raise KeyError(measure)

    def chart(self, measure: str) -> list[Bar]:
        """Bars for a chart of one indicator: the council, England, its region, then each
        similar council (nearest first). A missing value stays None (draw it as a gap)."""
        row = self.row(measure)
        bars = [
            Bar(self.council.name, "council", row.council.value),
            Bar("England", "england", row.england.value),
            Bar(self.region.name if self.region else "Region", "region", row.region.value),
        ]
        bars += [Bar(name, "similar", value) for name, value in row.similar.values]
        return bars

    def to_json(self) -> dict[str, Any]:
        return {
            "council": {
                "name": self.council.name,
                "la_code": self.council.code,
                "ons_code": self.council.ons_code,
                "region": self.region.name if self.region else None,
            },
            "year": self.year,
            "as_at": self.as_at.isoformat() if self.as_at else None,
            "years": self.years,
            "periods": self.periods,
            "neighbours": self.neighbour_set.to_json(),
            "indicators": [r.to_json() for r in self.rows],
        }


NOT_PUBLISHED = "not published"


def absent(year: int, period: str) -> Figure:
    """A figure with no row in the dataset: shown as missing, never as zero."""
    return Figure(None, year, period, "", "", missing=NOT_PUBLISHED)


def figure(data: NationalData, obs: Observation | None, area: str = "") -> Figure | None:
    if obs is None:
        return None
    return Figure(
        value=obs.value,
        year=obs.year,
        period=obs.period,
        source=obs.source,
        publication=data.source_label(obs.source),
        flag=obs.flag,
        missing=obs.missing_reason,
        area=area,
    )


def council_observation(
    data: NationalData, measure: str, year: int, code: str
) -> tuple[Observation | None, str]:
    """A council's observation, falling back on a combined return that includes it."""
    obs = data.get(measure, year, code)
    if obs is not None:
        return obs, ""
    for other in data.areas.values():
        if len(other.combined) > 1 and code in other.combined:
            obs = data.get(measure, year, other.code)
            if obs is not None:
                return obs, other.name
    return None, ""


def rank_of(values: list[float], value: float) -> tuple[int, int, int]:
    """(rank from the lowest, count, quartile) of `value` among `values` (ties share a rank)."""
    n = len(values)
    rank = 1 + sum(1 for v in values if v < value)
    quartile = min(4, 1 + (4 * (rank - 1)) // n)
    return rank, n, quartile


def _spread(data: NationalData, measure: str, year: int, neighbours: list[Neighbour]) -> Spread:
    pairs: list[tuple[str, float | None]] = []
    for n in neighbours:
        obs, _ = council_observation(data, measure, year, n.code)
        pairs.append((n.name, obs.value if obs else None))
    known = [v for _, v in pairs if v is not None]
    if not known:
        return Spread(0, None, None, None, tuple(pairs))
    return Spread(len(known), statistics.median(known), min(known), max(known), tuple(pairs))


def _row(
    data: NationalData,
    ind: Indicator,
    council: Area,
    year: int,
    neighbours: list[Neighbour],
    period: str,
) -> Row:
    obs, combined = council_observation(data, ind.measure, year, council.code)
    rank = of = quartile = None
    if ind.ranked and obs is not None and obs.value is not None:
        values = [
            o.value
            for o in data.across(ind.measure, year)
            if o.value is not None
            and o.code not in EXCLUDED
            and (a := data.areas.get(o.code)) is not None
            and a.level == "council"
        ]
        if values:
            rank, of, quartile = rank_of(values, obs.value)
    missing = absent(year, period)
    return Row(
        indicator=ind,
        council=figure(data, obs, combined) or missing,
        england=figure(data, data.get(ind.measure, year, ENGLAND)) or missing,
        region=figure(data, data.get(ind.measure, year, council.region_code)) or missing,
        similar=_spread(data, ind.measure, year, neighbours),
        rank=rank,
        of=of,
        quartile=quartile,
    )


def years_available(data: NationalData, code: str) -> list[int]:
    """Years in which the council has at least one benchmarked figure."""
    years = {
        year
        for ind in INDICATORS
        for year in data.years(ind.measure)
        if council_observation(data, ind.measure, year, code)[0] is not None
    }
    return sorted(years)


# Each dataset: the measure that names its period, and the (month, day) its periods end.
DATASET_PERIODS: dict[str, tuple[str, tuple[int, int]]] = {
    "cla": ("cla_rate_per_10k", (3, 31)),
    "workforce": ("vacancy_rate_fte", (9, 30)),
    "cin": ("cin_at_31_march_rate_per_10k", (3, 31)),
    "spend": ("total_childrens_social_care_net_expenditure_per_child_0_17", (3, 31)),
}


def period_end(dataset: str, year: int) -> datetime.date:
    """The day a dataset's period for `year` ends (31 March, or 30 September for the workforce)."""
    month, day = DATASET_PERIODS[dataset][1]
    return datetime.date(year, month, day)


def years_as_at(data: NationalData, as_at: datetime.date) -> dict[str, int]:
    """Each dataset's latest published year whose period ended before `as_at`; when none has,
    the year that would have (its figures then show as not published)."""
    out: dict[str, int] = {}
    for dataset, (measure, _) in DATASET_PERIODS.items():
        bound = as_at.year if period_end(dataset, as_at.year) < as_at else as_at.year - 1
        published = [y for y in data.years(measure) if y <= bound]
        out[dataset] = published[-1] if published else bound
    return out


def periods_for(data: NationalData, years: int | Mapping[str, int]) -> dict[str, str]:
    """Which period each dataset's figures refer to (one year for all, or one per dataset)."""
    out: dict[str, str] = {}
    for dataset, (measure, _) in DATASET_PERIODS.items():
        year = years if isinstance(years, int) else years[dataset]
        obs = data.get(measure, year, ENGLAND)
        out[dataset] = obs.period if obs else NOT_PUBLISHED
    return out


def benchmark(
    data: NationalData,
    council: Area,
    year: int,
    *,
    years: Mapping[str, int] | None = None,
    neighbours: NeighbourSet | None = None,
    as_at: datetime.date | None = None,
) -> Benchmark:
    """Every indicator for one council, beside England, its region and its neighbours.

    `years` gives each dataset's year (default: `year` for all); `neighbours` the councils to
    compare with (default: the DfE statistical neighbours in force at 31 March `year`).
    """
    chosen = dict(years) if years is not None else dict.fromkeys(DATASET_PERIODS, year)
    group = neighbours or dfe_neighbours(data, council.code, datetime.date(year, 3, 31))
    periods = periods_for(data, chosen)
    rows = [
        _row(data, ind, council, chosen[ind.dataset], list(group.councils), periods[ind.dataset])
        for ind in INDICATORS
    ]
    return Benchmark(
        council=council,
        region=data.region_of(council),
        year=chosen["cla"],
        periods=periods,
        neighbour_set=group,
        rows=rows,
        years=chosen,
        as_at=as_at,
    )
