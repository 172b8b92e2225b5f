"""Project a council's children looked after from the published figures (use-case).

Reads the shipped national reference dataset (edge), turns one council's published series into a
`History` and hands it to the pure projection in `scrutiny.projection.aggregate`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from scrutiny.domain.money import format_gbp
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import FinancialYear
from scrutiny.errors import UsageError
from scrutiny.models.cla_projection import ClaProjection
from scrutiny.national.dataset import Area, NationalData
from scrutiny.projection.aggregate import (
    CATEGORIES,
    CATEGORY_LABELS,
    History,
    Projection,
    ProjectionInputError,
    Settings,
    pooled_drift,
    pooled_spread,
    project,
)
from scrutiny.projection.aggregate_levers import LeverPaths, avoided_cost, lever_paths
from scrutiny.projection.episodes import STATE_LABELS, STATES, CareRecords
from scrutiny.projection.individual import (
    IndividualProjection,
    IndividualSettings,
    ProjectionDataError,
    fit,
    simulate,
    simulate_levers,
)
from scrutiny.projection.levers import LeverError, Levers, parse_levers
from scrutiny.projection.prices import uplift
from scrutiny.reports.projection_chart import CouncilOutlook
from scrutiny.workflows.benchmark import dataset, resolve_council

# Published placement percentages making up each category of the projection.
MIX_MEASURES: dict[str, tuple[str, ...]] = {
    "foster": ("placement_foster_percent",),
    "residential": (
        "placement_secure_and_childrens_homes_percent",
        "placement_other_residential_settings_percent",
        "placement_residential_schools_percent",
    ),
    "supported_accommodation": ("placement_independent_semi_independent_supported_percent",),
    "placed_with_parents": ("placement_placed_with_parents_percent",),
    "placed_for_adoption": ("placement_placed_for_adoption_percent",),
    "other": ("placement_other_placements_percent",),
}
COST_MEASURE = "cla_net_expenditure_per_child_looked_after"


class PreventionNotCosted(UsageError):
    """Entry prevention asked of a council whose spending per child looked after is not
    published, so the children kept out of care cannot be costed."""


def _value(data: NationalData, measure: str, year: int, code: str) -> float | None:
    obs = data.get(measure, year, code)
    return None if obs is None else obs.value


def history_of(data: NationalData, area: Area, data_to: int | None = None) -> History:
    """The council's consecutive run of complete years ending at `data_to` (default: latest)."""
    years = [y for y in data.years("cla_number") if data_to is None or y <= data_to]
    rows: list[tuple[int, float, float, float]] = []
    for year in reversed(years):
        stock = _value(data, "cla_number", year, area.code)
        started = _value(data, "cla_started_rate_per_10k", year, area.code)
        pop = _value(data, "cla_population_0_17", year, area.code)
        if stock is None or started is None or not pop:
            break
        rows.append((year, stock, started * pop / 1e4, pop))
    rows.reverse()
    if not rows:
        raise UsageError(f"no published children looked after figures for {area.name}")
    mix: dict[int, dict[str, float]] = {}
    for year, *_ in rows:
        shares: dict[str, float] = {}
        for category, measures in MIX_MEASURES.items():
            found = [data.get(m, year, area.code) for m in measures]
            if any(o is None for o in found):
                break
            shares[category] = sum((o.value or 0.0) for o in found if o is not None) / 100.0
        else:
            if sum(shares.values()) > 0:
                mix[year] = shares
    try:
        return History(
            years=tuple(r[0] for r in rows),
            looked_after=tuple(r[1] for r in rows),
            started=tuple(r[2] for r in rows),
            population=tuple(r[3] for r in rows),
            mix=mix,
        )
    except ProjectionInputError as exc:
        raise UsageError(f"{area.name}: {exc}") from exc


def council_histories(data: NationalData, data_to: int | None) -> dict[str, History]:
    """Every council with at least three complete consecutive years to `data_to`."""
    out: dict[str, History] = {}
    for area in data.councils():
        if len(area.combined) != 1:
            continue
        try:
            out[area.code] = history_of(data, area, data_to)
        except UsageError:
            continue
    return out


@dataclass(frozen=True, slots=True)
class CostBasis:
    """Net spending per child looked after a year, from the published RO3 outturn."""

    per_child: float
    year: str  # financial year, e.g. "2024-25"
    source: str
    note: str


def cost_basis(data: NationalData, area: Area, data_to: int) -> CostBasis | None:
    """The council's published net spending per child looked after: the latest year to `data_to`,
    or, when none is published that early, the earliest there is (said so in the note)."""
    found = [
        obs
        for y in data.years(COST_MEASURE)
        if (obs := data.get(COST_MEASURE, y, area.code)) is not None and obs.value is not None
    ]
    if not found:
        return None
    usable = [obs for obs in found if obs.year <= data_to]
    obs = usable[-1] if usable else found[0]
    period = obs.period.replace("-", "/")
    note = "derived from published figures"
    if not usable:
        note += f"; none is published for {data_to} or before, so the earliest, {period}, is used"
    return CostBasis(float(obs.value or 0.0), period, obs.source, note)


@dataclass(frozen=True, slots=True)
class CouncilScenario:
    """The savings levers on a council's projection from published figures."""

    levers: LeverPaths
    avoided: np.ndarray  # [paths, years] cost avoided in each financial year
    weekly_costs: dict[str, tuple[float, str, str]]  # placement -> (gbp a week, year, source)
    step_down_to: str | None
    weeks_per_year: float
    inflation: float

    def note(self) -> str:
        """How the avoided cost is reckoned, naming each weekly cost used with its year."""
        used = ["agency_fostering", "inhouse_fostering"]
        if self.step_down_to is not None:
            used += ["external_residential", self.step_down_to]
        figures = "; ".join(
            f"{STATE_LABELS[s].lower()} {format_gbp(value)} a week in {year}, from {source}"
            for s in dict.fromkeys(used)
            for value, year, source in [self.weekly_costs[s]]
        )
        return (
            "Children kept out of care are costed at the council's net spending per child "
            "looked after; children stepped down from residential care or placed in the new "
            f"in-house foster places at the difference in weekly cost: {figures}. "
            f"{_prices_note(self.inflation).capitalize()}."
        )

    def to_json(self, projection: Projection) -> dict[str, Any]:
        return {
            "forecasts": {
                str(year): {"total": _band(self.levers.totals[:, i])}
                for i, year in enumerate(projection.years)
            },
            "avoided_cost_by_financial_year": {
                _to_march(year): _band_and_mean(self.avoided[:, i])
                for i, year in enumerate(projection.years)
            },
            "basis": {
                "weekly_cost_gbp": {s: v[0] for s, v in self.weekly_costs.items()},
                "weeks_per_year": self.weeks_per_year,
                "inflation_per_year": self.inflation,
                "note": self.note(),
            },
        }


@dataclass(frozen=True, slots=True)
class CouncilProjection:
    area: Area
    history: History
    projection: Projection
    cost: CostBasis | None
    scenario: CouncilScenario | None = None
    inflation: float = 0.0  # yearly rise of costs from the price year of each figure

    def to_json(self) -> dict[str, Any]:
        p = self.projection
        forecasts: dict[str, Any] = {}
        for i, year in enumerate(p.years):
            fan = p.fan(i)
            forecasts[str(year)] = {
                "total": dict(zip(("p2_5", "p10", "p50", "p90", "p97_5"), fan, strict=True)),
                "by_placement": {
                    c: dict(zip(("p10", "p50", "p90"), p.category_band(c, i), strict=True))
                    for c in CATEGORIES
                    if c in p.by_category
                },
            }
        costs: dict[str, Any] = {}
        if self.cost is not None:
            spend = p.year_average() * self.cost.per_child
            for i, year in enumerate(p.years):
                spend[:, i] *= uplift(self.cost.year, year - 1, self.inflation)
                costs[_to_march(year)] = _band(spend[:, i])
        r = p.rates
        return {
            "council": {
                "name": self.area.name,
                "code": self.area.code,
                "ons_code": self.area.ons_code,
            },
            "mode": "published_figures",
            "data_to": f"31 March {self.history.years[-1]}",
            "history": {
                str(y): {"total": n, "started": round(s, 1)}
                for y, n, s in zip(
                    self.history.years,
                    self.history.looked_after,
                    self.history.started,
                    strict=True,
                )
            },
            "rates": {
                "exit_rate": r.exit_rate,
                "exit_rate_sd": r.exit_rate_sd,
                "entry_rate_per_10k": r.entry_rate_per_10k,
                "entry_trend_per_year": r.entry_trend,
                "entry_log_sd": r.entry_log_sd,
                "window": f"{r.window[0]} to {r.window[1]}",
                "own_change_kept": r.own_drift,
            },
            "forecasts": forecasts,
            "cost": {
                "basis": None
                if self.cost is None
                else {
                    "per_child_per_year_gbp": self.cost.per_child,
                    "financial_year": self.cost.year,
                    "source": self.cost.source,
                    "inflation_per_year": self.inflation,
                    "note": f"{self.cost.note}, "
                    + (
                        f"raised by {self.inflation:.1%} a year from {self.cost.year} prices"
                        if self.inflation
                        else "held at that year's prices"
                    ),
                },
                "by_financial_year": costs,
            },
            "placement_labels": dict(CATEGORY_LABELS),
            **({"scenario": self.scenario.to_json(p)} if self.scenario is not None else {}),
        }


def run_projection(
    council: str,
    *,
    data_to: int | None = None,
    years: int = 3,
    paths: int = 2000,
    scenario: Path | None = None,
    levers: Levers | None = None,
    inflation: float = 0.0,
) -> CouncilProjection:
    """The council's projection from the published figures up to 31 March `data_to`, with the
    savings levers of the `scenario` file, or the `levers` already read, beside it when one is
    given; costs rise by `inflation` a year from the price year of each figure."""
    if scenario is not None and levers is not None:
        raise UsageError("give the levers either as a scenario file or already read, not both")
    data = dataset()
    area = resolve_council(data, council)
    available = data.years("cla_number")
    if data_to is not None and not available[0] + 2 <= data_to <= available[-1]:
        raise UsageError(
            f"--data-to must be a year from {available[0] + 2} to {available[-1]}, not {data_to}"
        )
    if not 1 <= years <= 10:
        raise UsageError(f"--years must be 1 to 10, not {years}")
    _check_inflation(inflation)
    history = history_of(data, area, data_to)
    councils = list(council_histories(data, history.years[-1]).values())
    settings = Settings(paths=paths, spread=pooled_spread(councils))
    settings = replace(settings, pooled_drift=pooled_drift(councils, settings))
    if scenario is not None:
        levers = read_scenario(scenario)
    projection = project(history, years, settings)
    cost = cost_basis(data, area, history.years[-1])
    found = (
        None if levers is None else _council_scenario(projection, levers, cost, scenario, inflation)
    )
    return CouncilProjection(area, history, projection, cost, found, inflation)


def _prices_note(inflation: float) -> str:
    if inflation:
        return f"each raised by {inflation:.1%} a year from its year's prices"
    return "each held at its year's prices (no inflation)"


MAX_INFLATION = 0.5
"""Highest yearly rise in costs a projection takes [share a year]."""


def _check_inflation(inflation: float) -> None:
    if not 0 <= inflation <= MAX_INFLATION:
        raise UsageError(f"--inflation must be a share from 0 to 0.5 a year, not {inflation:g}")


def _weekly_costs() -> tuple[dict[str, tuple[float, str, str]], float]:
    """The national weekly unit cost of each placement that has one, and the weeks in a year."""
    from scrutiny.parameters.loader import load_defaults

    params = load_defaults()
    weekly: dict[str, tuple[float, str, str]] = {}
    for state, name in STATE_COSTS.items():
        if name is not None:
            label, value = params[name].entry()
            weekly[state] = (value.value, label, value.source.title)
    return weekly, params.value("unit_costs.weeks_per_year")


def step_down_placements() -> list[str]:
    """The placements children may step down to from residential care: those with a national
    weekly cost to compare with a children's home's, in the projection's order."""
    weekly, _ = _weekly_costs()
    return [s for s in weekly if "residential" not in s]


def _council_scenario(
    projection: Projection,
    levers: Levers,
    cost: CostBasis | None,
    path: Path | None,
    inflation: float,
) -> CouncilScenario:
    """The levers on the projection's paths and the cost they avoid."""
    from scrutiny.errors import InvalidInput, Problem

    weekly, weeks = _weekly_costs()
    to = levers.step_down.to_state if levers.step_down is not None else None
    if to is not None and to not in weekly:
        raise InvalidInput(
            "the levers" if path is None else str(path),
            [
                Problem(
                    "levers.step_down.to",
                    f"{STATE_LABELS[to]} has no national weekly cost to compare with residential "
                    f"care; choose one of {', '.join(step_down_placements())}",
                )
            ],
        )
    if cost is None and levers.prevention is not None:
        raise PreventionNotCosted(
            "entry prevention needs the council's net spending per child looked after, which is "
            "not published for this council"
        )
    starts = [year - 1 for year in projection.years]  # each financial year's April

    def priced(state: str) -> np.ndarray:
        value, year, _ = weekly[state]
        return np.array([value * uplift(year, start, inflation) for start in starts])

    found = lever_paths(projection, levers)
    avoided = avoided_cost(
        found,
        per_child_a_year=(
            None
            if cost is None
            else np.array([cost.per_child * uplift(cost.year, y, inflation) for y in starts])
        ),
        step_down_saving_a_week=(
            priced("external_residential") - priced(to) if to is not None else np.zeros(len(starts))
        ),
        in_house_saving_a_week=priced("agency_fostering") - priced("inhouse_fostering"),
        weeks_per_year=weeks,
    )
    return CouncilScenario(found, avoided, weekly, to, weeks, inflation)


# For the briefing: the council's outlook for its appendix, and the projection a proposal costed
# with the projection's levers is drawn against.


def council_outlook(
    council: str, *, data_to: int | None = None, years: int = 3
) -> CouncilOutlook | None:
    """The council's projection from its published figures, as `run_projection` makes it, for
    a chart; None when the figures do not name the council or cannot be projected."""
    try:
        result = run_projection(council, data_to=data_to, years=years)
    except UsageError:
        return None
    return CouncilOutlook(result.area.name, result.history, result.projection)


def levers_baseline(pf: ProposalFile) -> CouncilOutlook | None:
    """The projection the file's levers proposals are charted against: from the published
    figures to the 31 March before the first of them starts (or the latest published), to the
    end of the file's plan; None when no proposal pulls the levers or there are no figures."""
    firsts = [
        FinancialYear.parse(p.target_years()[0]).start_year
        for p in pf.proposals
        if p.model_type == ClaProjection.name and not p.is_removed and p.target_years()
    ]
    horizon = pf.horizon()
    if not firsts or not horizon:
        return None
    low, high = data_to_range()
    data_to = min(max(min(firsts), low), high)
    last = FinancialYear.parse(horizon[-1]).start_year + 1
    return council_outlook(pf.council, data_to=data_to, years=min(max(last - data_to, 1), 10))


# Weekly cost parameter of each state of the care-records projection (None: no national figure).
STATE_COSTS: dict[str, str | None] = {
    "inhouse_fostering": "unit_costs.inhouse_foster_weekly_cost",
    "agency_fostering": "unit_costs.ifa_weekly_cost",
    "kinship": None,
    "inhouse_residential": "unit_costs.childrens_home_weekly_cost",
    "external_residential": "unit_costs.childrens_home_weekly_cost",
    "supported_accommodation": "unit_costs.supported_accommodation_weekly_cost",
    "placed_with_parents": None,
    "other": None,
}


@dataclass(frozen=True, slots=True)
class RecordsProjection:
    source: str
    records: CareRecords
    projection: IndividualProjection
    weekly_costs: dict[str, tuple[float, str, str]]  # state -> (gbp a week, year, source title)
    weeks_per_year: float
    scenario: IndividualProjection | None = None
    inflation: float = 0.0  # yearly rise of costs from the price year of each figure

    def _weekly(self, year_start: int) -> np.ndarray:
        """Each state's weekly cost [GBP] at the prices of the financial year from `year_start`
        (nothing for a state with no national figure)."""
        out = np.zeros(len(STATES))
        for j, state in enumerate(STATES):
            if state in self.weekly_costs:
                value, year, _ = self.weekly_costs[state]
                out[j] = value * uplift(year, year_start, self.inflation)
        return out

    def _yearly_cost(self, projection: IndividualProjection) -> dict[str, np.ndarray]:
        """Cost of each financial year wholly inside the projection, per path."""
        out: dict[str, np.ndarray] = {}
        for year, i in self._forecast_index():
            if i < 11:
                continue
            months = projection.by_state[:, i - 11 : i + 1, :]
            weekly = self._weekly(year - 1)
            out[_to_march(year)] = (months * weekly).sum(axis=(1, 2)) * (self.weeks_per_year / 12.0)
        return out

    def _forecast_index(self) -> list[tuple[int, int]]:
        months = self.projection.months
        return [(d.year, i) for i, d in enumerate(months) if d.month == 3 and d.day == 31]

    def to_json(self) -> dict[str, Any]:
        p = self.projection
        forecasts: dict[str, Any] = {}
        for year, i in self._forecast_index():
            fan = np.quantile(p.totals[:, i], (0.025, 0.10, 0.50, 0.90, 0.975))
            forecasts[str(year)] = {
                "total": dict(
                    zip(("p2_5", "p10", "p50", "p90", "p97_5"), map(float, fan), strict=True)
                ),
                "by_placement": {
                    s: dict(
                        zip(
                            ("p10", "p50", "p90"),
                            map(float, np.quantile(p.by_state[:, i, j], (0.10, 0.50, 0.90))),
                            strict=True,
                        )
                    )
                    for j, s in enumerate(STATES)
                },
            }
        costs = {fy: _band(v) for fy, v in self._yearly_cost(p).items()}
        scenario: dict[str, Any] | None = None
        if self.scenario is not None:
            base, lever = self._yearly_cost(p), self._yearly_cost(self.scenario)
            scenario = {
                "forecasts": {
                    str(year): {"total": _band(self.scenario.totals[:, i])}
                    for year, i in self._forecast_index()
                },
                "avoided_cost_by_financial_year": {
                    fy: _band_and_mean(base[fy] - lever[fy]) for fy in base
                },
            }
        return {
            "council": None,
            "mode": "care_records",
            "data_to": f"{p.fitted.origin.day} {p.fitted.origin:%B %Y}",
            "records": {
                "children": len({e.child for e in self.records.episodes}),
                "episodes": len(self.records.episodes),
                "dropped": self.records.dropped.lines(),
            },
            "forecasts": forecasts,
            "cost": {
                "basis": {
                    "weekly_cost_gbp": {s: v[0] for s, v in self.weekly_costs.items()},
                    "weeks_per_year": self.weeks_per_year,
                    "inflation_per_year": self.inflation,
                    "note": f"national unit costs, {_prices_note(self.inflation)}; placements "
                    "with no national unit cost (family and friends foster care, placed with "
                    "parents, adoption and other) are not costed",
                },
                "by_financial_year": costs,
            },
            "placement_labels": dict(STATE_LABELS),
            **({"scenario": scenario} if scenario is not None else {}),
        }


def _band(values: np.ndarray) -> dict[str, float]:
    low, mid, high = np.quantile(values, (0.10, 0.50, 0.90))
    return {"p10": float(low), "p50": float(mid), "p90": float(high)}


def _band_and_mean(values: np.ndarray) -> dict[str, float]:
    return {**_band(values), "mean": float(np.mean(values))}


def _to_march(year: int) -> str:
    """The financial year ending on 31 March of `year`: 2025 → "2024/25"."""
    return FinancialYear(year - 1).label


def read_scenario(path: Path) -> Levers:
    """The savings levers of a scenario file (YAML or JSON), or one line naming what is wrong."""
    from scrutiny.errors import InvalidInput, Problem
    from scrutiny.yaml_files import read

    try:
        return parse_levers(read(path))
    except LeverError as exc:
        where, _, message = str(exc).partition(": ")
        raise InvalidInput(str(path), [Problem(where, message)]) from None


def run_records_projection(
    folder: Path,
    *,
    data_to: int | None = None,
    years: int = 3,
    paths: int = 1000,
    scenario: Path | None = None,
    inflation: float = 0.0,
) -> RecordsProjection:
    """Project from a folder of SSDA903 files, from 31 March `data_to` (default: the last)."""
    from datetime import date

    from scrutiny.ingest.readers.ssda903 import read_folder

    if not 1 <= years <= 10:
        raise UsageError(f"--years must be 1 to 10, not {years}")
    _check_inflation(inflation)
    records = read_folder(folder)
    origin = records.data_end
    if data_to is not None:
        first, last = records.data_start.year + 2, records.data_end.year
        if not first <= data_to <= last:
            raise UsageError(f"--data-to must be a year from {first} to {last}, not {data_to}")
        origin = date(data_to, 3, 31)
    levers = read_scenario(scenario) if scenario is not None else None
    settings = IndividualSettings(paths=paths)
    try:
        fitted = fit(records.births, records.episodes, origin, settings, records.data_start)
        if levers is None:
            projection, with_levers = simulate(fitted, years * 12, settings), None
        else:
            projection, with_levers = simulate_levers(fitted, years * 12, settings, levers)
    except ProjectionDataError as exc:
        raise UsageError(f"{folder.name}: {exc}") from exc
    weekly, weeks = _weekly_costs()
    return RecordsProjection(
        folder.name, records, projection, weekly, weeks, with_levers, inflation
    )


# For the web page: the councils to choose from, the years the figures can be cut at, and the
# publications a council's projection rests on.


def projection_councils() -> list[str]:
    """The English councils in the latest published figures, by name, in order."""
    data = dataset()
    latest = data.years("cla_number")[-1]
    return sorted(
        {a.name for a in data.councils() if len(a.combined) == 1 and a.last_year >= latest}
    )


def data_to_range() -> tuple[int, int]:
    """The earliest and latest 31 March the published figures can be cut at (`data_to`)."""
    available = dataset().years("cla_number")
    return available[0] + 2, available[-1]


def find_projection_council(name: str) -> str | None:
    """The DfE name of the council `name` means (name, ONS code or LA number), or None."""
    from scrutiny.national.lookup import find_council

    area = find_council(dataset(), name)
    return None if area is None else area.name


def similar_councils(name: str) -> list[str]:
    """Council names that look like `name`, best first."""
    from scrutiny.national.lookup import close_matches

    return close_matches(dataset(), name)


@dataclass(frozen=True, slots=True)
class Publication:
    title: str
    url: str


def published_sources(result: CouncilProjection) -> list[Publication]:
    """The publications behind the council's figures the projection used, in order of use:
    children looked after, entries, population, placement mix, then spending."""
    data = dataset()
    code = result.area.code
    measures = ("cla_number", "cla_started_rate_per_10k", "cla_population_0_17")
    mix = tuple(m for ms in MIX_MEASURES.values() for m in ms)
    ids: list[str] = []
    for measure in (*measures, *mix):
        for year in result.history.years:
            obs = data.get(measure, year, code)
            if obs is not None:
                ids += obs.source.split("+")
    if result.cost is not None:
        ids += result.cost.source.split("+")
    out: list[Publication] = []
    for source_id in dict.fromkeys(ids):
        source = data.sources.get(source_id)
        if source is not None:
            out.append(Publication(source.publication, source.url))
    return out
