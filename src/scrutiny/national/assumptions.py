"""Proposal assumptions beside published figures (pure).

A model input that has a published counterpart (a vacancy rate, an agency rate, a caseload, a
rate of children looked after) is put beside the council's own figure, England's and its
region's, and compared with the range the council itself and its similar councils have achieved:

- the council's own published values in every year up to the benchmark year, and
- the similar councils' values in the benchmark year.

An assumption whose central value (the number, or the distribution's mean) lies outside that
range is flagged `below` or `above` the range.

Weekly placement costs have no published council counterpart. The fostering costs
(`ifa_weekly_cost`, `inhouse_weekly_cost`) are compared with the national figures among the
shipped parameters (`unit_costs.*`, each value with its source): outside the range of those
figures widened by `margin` (a share either side, the challenge policy's
`d12_unit_cost_margin`) they are flagged. Every weekly cost is also shown beside the council's
net spend per child looked after per week, as context only (all placement types together, net
of income: not like for like).

Like with like in time. A national cost is compared only with a figure for the proposal's own
first year of savings: no sourced price index is shipped to bring a figure from another year to
that year, so a cost whose national figures are all for other years is not compared and the
check says why (`not_comparable`). Figures published after the date the comparison is made as
at (the meeting) are left out, and so are the council's own published figures for later years.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from scrutiny.domain.distributions import is_random
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import sort_labels
from scrutiny.national.compare import Figure, council_observation, figure
from scrutiny.national.dataset import ENGLAND, Area, NationalData
from scrutiny.national.neighbours import dfe_neighbours
from scrutiny.national.similarity import Neighbour
from scrutiny.parameters.schema import ParameterSet, Value

WITHIN, BELOW, ABOVE, NO_BENCHMARK, CONTEXT = "within", "below", "above", "no_benchmark", "context"
NOT_COMPARABLE = "not_comparable"  # no figure for the same year and no sourced index
ACHIEVED, NATIONAL = "achieved", "national"
# The models' own default (models.md: weeks_per_year W = 52) for turning annual into weekly.
DEFAULT_WEEKS_PER_YEAR = 52.0


@dataclass(frozen=True, slots=True)
class Benchmarked:
    """A model input with a published counterpart."""

    measure: str
    label: str
    scale: float  # published value × scale = the input's unit (percent → share: 0.01)
    unit: str  # the input's unit
    ranged: bool = True  # False: shown as context, never flagged
    neighbours: bool = True  # False: counts, compared with the council's own history only


BENCHMARKED_INPUTS: dict[str, Benchmarked] = {
    "vacancy_rate": Benchmarked("vacancy_rate_fte", "vacancy rate", 0.01, "share"),
    "agency_cover": Benchmarked(
        "agency_cover_rate_fte", "agency workers as a share of vacancies", 0.01, "share"
    ),
    "agency_rate": Benchmarked("agency_rate_fte", "agency worker rate", 0.01, "share"),
    "turnover_rate": Benchmarked("turnover_rate_fte", "turnover rate", 0.01, "share"),
    "caseload": Benchmarked("caseload_fte", "average caseload", 1.0, "cases per FTE"),
    "caseload_threshold": Benchmarked(
        "caseload_fte", "average caseload", 1.0, "cases per FTE", ranged=False
    ),
    "open_cases": Benchmarked("cases", "cases held", 1.0, "cases", neighbours=False),
    "cla_rate_per_10k": Benchmarked(
        "cla_rate_per_10k", "children looked after per 10,000", 1.0, "rate per 10,000"
    ),
}
WEEKLY_COST_INPUTS = (
    "ifa_weekly_cost",
    "inhouse_weekly_cost",
    "from_weekly_cost",
    "to_weekly_cost",
)
# Weekly cost inputs with a national figure among the shipped parameters.
NATIONAL_UNIT_COSTS = {
    "ifa_weekly_cost": ("unit_costs.ifa_weekly_cost", "independent fostering agency weekly cost"),
    "inhouse_weekly_cost": (
        "unit_costs.inhouse_foster_weekly_cost",
        "in-house foster care weekly cost",
    ),
}
WEEKLY_COST = Benchmarked(
    "cla_net_expenditure_per_child_looked_after",
    "net spend per child looked after per week (all placement types)",
    1.0,
    "GBP per week",
    ranged=False,
)


@dataclass(frozen=True, slots=True)
class AssumptionCheck:
    """One proposal input beside the published figures (units: the input's own)."""

    ref: str
    input: str
    model: str
    label: str
    unit: str
    value: float  # the number, or the distribution's mean
    low: float  # the smallest value the input can take
    high: float
    council: Figure | None  # published, in the published unit
    england: Figure | None
    region: Figure | None
    scale: float
    history: tuple[tuple[int, float], ...]  # the council's own values, input unit
    range_low: float | None  # achieved range, input unit
    range_high: float | None
    status: str  # within | below | above | no_benchmark | context
    message: str
    basis: str = ACHIEVED  # achieved: the council's and neighbours' range; national: unit costs
    council_scale: float | None = None  # for `council` when it differs from `scale`

    @property
    def outside(self) -> bool:
        return self.status in (BELOW, ABOVE)

    def to_json(self) -> dict[str, Any]:
        def fig(f: Figure | None) -> dict[str, Any] | None:
            return f.to_json() if f else None

        return {
            "ref": self.ref,
            "input": self.input,
            "model": self.model,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "council": fig(self.council),
            "england": fig(self.england),
            "region": fig(self.region),
            "scale": self.scale,
            "history": [{"year": y, "value": v} for y, v in self.history],
            "range": {"min": self.range_low, "max": self.range_high},
            "status": self.status,
            "message": self.message,
            "basis": self.basis,
        }


def _fmt(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value:.0%}" if abs(value * 100 - round(value * 100)) < 1e-9 else f"{value:.1%}"
    if unit.startswith("GBP"):
        return f"£{value:,.0f}"
    return f"{value:,.1f}".removesuffix(".0")


def _central(raw: object) -> tuple[float, float, float]:
    if isinstance(raw, int | float):
        return float(raw), float(raw), float(raw)
    mean = float(raw.analytic_mean())  # type: ignore[attr-defined]
    low, high = raw.support() if is_random(raw) else (mean, mean)  # type: ignore[attr-defined]
    return mean, float(low), float(high)


def _history(
    data: NationalData, measure: str, code: str, year: int, scale: float
) -> tuple[tuple[int, float], ...]:
    out = []
    for y in data.years(measure):
        if y > year:
            continue
        obs, _ = council_observation(data, measure, y, code)
        if obs is not None and obs.value is not None:
            out.append((y, obs.value * scale))
    return tuple(out)


def _latest(data: NationalData, measure: str, code: str, year: int) -> tuple[Any, str]:
    for y in sorted((y for y in data.years(measure) if y <= year), reverse=True):
        obs, combined = council_observation(data, measure, y, code)
        if obs is not None:
            return obs, combined
    return None, ""


def _national_figure(parameters: ParameterSet, name: str, year: str | None = None) -> Figure:
    label, value = parameters[name].entry(year)
    src = value.source
    return Figure(
        value=value.value,
        year=int(label[:4]) + 1,
        period=label,
        source=name,
        publication=src.cite(),
    )


def published_by(value: Value, as_at: datetime.date | None) -> bool:
    """Whether a parameter value's source was published on or before `as_at` (always, without
    a date). A source dated by its year alone counts from the end of that year; an undated one
    is kept."""
    when = value.source.published
    if as_at is None or when is None:
        return True
    if isinstance(when, datetime.date):
        return when <= as_at
    text = str(when).strip()
    if len(text) >= 4 and text[:4].isdigit():
        try:
            return datetime.date.fromisoformat(text[:10]) <= as_at
        except ValueError:
            return datetime.date(int(text[:4]), 12, 31) <= as_at
    return True


def _cost_check(
    ref: str,
    model: str,
    name: str,
    label: str,
    central: tuple[float, float, float],
    own: Figure | None,
    weeks_per_year: float,
    *,
    status: str,
    message: str,
    england: Figure | None = None,
    bounds: tuple[float | None, float | None] = (None, None),
) -> AssumptionCheck:
    """A weekly cost's check against the national figures [GBP/week]."""
    value, low, high = central
    return AssumptionCheck(
        ref=ref,
        input=name,
        model=model,
        label=label,
        unit="GBP per week",
        value=value,
        low=low,
        high=high,
        council=own,
        england=england,
        region=None,
        scale=1.0,
        history=(),
        range_low=bounds[0],
        range_high=bounds[1],
        status=status,
        message=message,
        basis=NATIONAL,
        council_scale=1.0 / weeks_per_year,
    )


def check_national_cost(
    parameters: ParameterSet,
    council: Area,
    own: Figure | None,
    *,
    ref: str,
    model: str,
    name: str,
    raw: object,
    weeks_per_year: float,
    margin: float,
    year: str | None = None,
    as_at: datetime.date | None = None,
) -> AssumptionCheck | None:
    """A fostering weekly cost against the national figures among the parameters [GBP/week].

    Only the figures for `year` (the proposal's first year of savings; None: every year) that
    were published by `as_at` count: with none, the check is `not_comparable` and says why.
    Flagged when the value lies below the lowest figure × (1 − margin) or above the highest ×
    (1 + margin). None when the input has no national figure or the parameter is absent.
    """
    if name not in NATIONAL_UNIT_COSTS or NATIONAL_UNIT_COSTS[name][0] not in parameters:
        return None
    parameter, label = NATIONAL_UNIT_COSTS[name]
    central = _central(raw)
    value = central[0]
    cost_check = partial(_cost_check, ref, model, name, label, central, own, weeks_per_year)
    known = {y: v for y, v in parameters[parameter].values.items() if published_by(v, as_at)}
    same = {y: v for y, v in known.items() if year is None or y == year}
    if not same:
        why = (
            f"the national figures are for {' and '.join(known)}, not {year}, and no sourced "
            "price index is held to bring them to the same year"
            if known
            else f"no national figure had been published by {as_at:%-d %B %Y}"
        )
        return cost_check(
            status=NOT_COMPARABLE,
            message=f"{ref} assumes {label} £{value:,.0f}; not compared: {why}",
        )
    figures = [v.value for v in same.values()]
    years = list(same)
    range_low, range_high = min(figures) * (1 - margin), max(figures) * (1 + margin)
    status = BELOW if value < range_low else ABOVE if value > range_high else WITHIN
    published = (
        f"£{min(figures):,.0f}"
        if min(figures) == max(figures)
        else f"£{min(figures):,.0f} to £{max(figures):,.0f}"
    )
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    allowed = f" (± {margin:.0%}: £{range_low:,.0f} to £{range_high:,.0f})" if margin else ""
    context = ""
    if own is not None and own.value is not None:
        context = (
            f"; {council.name} net spend per child looked after "
            f"£{own.value / weeks_per_year:,.0f} a week ({own.period}, {own.source})"
        )
    message = (
        f"{ref} assumes {label} £{value:,.0f}, {status} the national figures "
        f"{published} ({span}){allowed}{context}"
    )
    return cost_check(
        status=status,
        message=message,
        england=_national_figure(parameters, parameter, years[-1]),
        bounds=(range_low, range_high),
    )


def check_input(
    data: NationalData,
    council: Area,
    year: int,
    *,
    ref: str,
    model: str,
    name: str,
    raw: object,
    weeks_per_year: float = DEFAULT_WEEKS_PER_YEAR,
    parameters: ParameterSet | None = None,
    margin: float = 0.0,
    neighbours: Sequence[Neighbour] | None = None,
    years: Mapping[str, int] | None = None,
    proposal_year: str | None = None,
    as_at: datetime.date | None = None,
) -> AssumptionCheck | None:
    """One input beside the published figures; None when the input has no counterpart.

    `parameters` (the shipped national unit costs) and `margin` [share] serve the fostering
    weekly costs; without them those are shown as context only. They are compared only with
    figures for `proposal_year` published by `as_at` (see `check_national_cost`).
    `neighbours` are the councils whose achieved values widen the range (default: the DfE
    statistical neighbours in force at 31 March `year`); `years` each dataset's latest year
    (default: `year` for all).
    """
    if parameters is not None and name in NATIONAL_UNIT_COSTS:
        own, _ = _latest(
            data, WEEKLY_COST.measure, council.code, _year(data, WEEKLY_COST.measure, year, years)
        )
        found = check_national_cost(
            parameters,
            council,
            figure(data, own),
            ref=ref,
            model=model,
            name=name,
            raw=raw,
            weeks_per_year=weeks_per_year,
            margin=margin,
            year=proposal_year,
            as_at=as_at,
        )
        if found is not None:
            return found
    if name in WEEKLY_COST_INPUTS:
        spec, scale = WEEKLY_COST, 1.0 / weeks_per_year
    elif name in BENCHMARKED_INPUTS:
        spec = BENCHMARKED_INPUTS[name]
        scale = spec.scale
    else:
        return None
    value, low, high = _central(raw)
    year = _year(data, spec.measure, year, years)
    obs, combined = _latest(data, spec.measure, council.code, year)
    own = figure(data, obs, combined)
    at = obs.year if obs is not None else year
    england = figure(data, data.get(spec.measure, at, ENGLAND))
    region = figure(data, data.get(spec.measure, at, council.region_code))
    history = _history(data, spec.measure, council.code, year, scale)
    achieved = [v for _, v in history]
    if spec.neighbours:
        if neighbours is None:
            neighbours = dfe_neighbours(data, council.code, datetime.date(year, 3, 31)).councils
        for n in neighbours:
            n_obs, _ = council_observation(data, spec.measure, year, n.code)
            if n_obs is not None and n_obs.value is not None:
                achieved.append(n_obs.value * scale)
    range_low = min(achieved) if achieved else None
    range_high = max(achieved) if achieved else None
    shown = f"{spec.label} {_fmt(value, spec.unit)}"
    if own is not None and own.value is not None:
        beside = f"{council.name} {_fmt(own.value * scale, spec.unit)} ({own.period}, {own.source})"
    else:
        beside = f"{council.name}: no published figure"
    if not spec.ranged:
        status, message = CONTEXT, f"{ref}: {shown} beside {beside}"
    elif range_low is None or range_high is None:
        status, message = NO_BENCHMARK, f"{ref}: {shown}; no published figure to compare"
    else:
        span = f"{_fmt(range_low, spec.unit)} to {_fmt(range_high, spec.unit)}"
        who = (
            f"{council.name} and its neighbours have" if spec.neighbours else f"{council.name} has"
        )
        if value < range_low:
            status = BELOW
        elif value > range_high:
            status = ABOVE
        else:
            status = WITHIN
        message = f"{ref} assumes {shown}, {status} the range {who} achieved ({span}); {beside}"
    return AssumptionCheck(
        ref=ref,
        input=name,
        model=model,
        label=spec.label,
        unit=spec.unit,
        value=value,
        low=low,
        high=high,
        council=own,
        england=england,
        region=region,
        scale=scale,
        history=history,
        range_low=range_low,
        range_high=range_high,
        status=status,
        message=message,
    )


def _year(data: NationalData, measure: str, year: int, years: Mapping[str, int] | None) -> int:
    """The year to read `measure` in: its dataset's year in `years`, else `year`."""
    if years:
        for y in data.years(measure):
            for obs in data.across(measure, y)[:1]:
                return years.get(obs.dataset, year)
    return year


def check_assumptions(
    pf: ProposalFile,
    data: NationalData,
    council: Area,
    year: int,
    *,
    parameters: ParameterSet | None = None,
    margin: float = 0.0,
    neighbours: Sequence[Neighbour] | None = None,
    years: Mapping[str, int] | None = None,
    as_at: datetime.date | None = None,
) -> list[AssumptionCheck]:
    """Every benchmarked model input of every proposal, in file order (see `check_input`); each
    proposal's costs are compared in its first year of savings."""
    checks = []
    for proposal in pf.proposals:
        if proposal.model is None:
            continue
        first = sort_labels(proposal.savings)[:1]
        inputs = proposal.model.inputs
        weeks = inputs.get("weeks_per_year", DEFAULT_WEEKS_PER_YEAR)
        weeks_value = _central(weeks)[0]
        for name, raw in inputs.items():
            check = check_input(
                data,
                council,
                year,
                ref=proposal.ref,
                model=proposal.model.type,
                name=name,
                raw=raw,
                weeks_per_year=weeks_value,
                parameters=parameters,
                margin=margin,
                neighbours=neighbours,
                years=years,
                proposal_year=first[0] if first else None,
                as_at=as_at,
            )
            if check is not None:
                checks.append(check)
    return checks
