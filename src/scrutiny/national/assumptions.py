"""Proposal assumptions beside published figures (pure).

A model input that has a published counterpart (a vacancy rate, an agency rate, a caseload, a
rate of children looked after) is put beside the council's own figure, England's and its
region's, and compared with the range the council itself and its similar councils have achieved:

- the council's own published values in every year up to the benchmark year, and
- the similar councils' values in the benchmark year.

An assumption whose central value (the number, or the distribution's mean) lies outside that
range is flagged `below` or `above` the range. Weekly placement costs have no published council
counterpart; they are shown beside the council's net spend per child looked after per week as
context only (all placement types together, net of income: not like for like, so not flagged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrutiny.domain.distributions import is_random
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.national.compare import Figure, council_observation, figure
from scrutiny.national.dataset import ENGLAND, Area, NationalData
from scrutiny.national.similarity import similar_councils

WITHIN, BELOW, ABOVE, NO_BENCHMARK, CONTEXT = "within", "below", "above", "no_benchmark", "context"
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
) -> AssumptionCheck | None:
    """One input beside the published figures; None when the input has no counterpart."""
    if name in WEEKLY_COST_INPUTS:
        spec, scale = WEEKLY_COST, 1.0 / weeks_per_year
    elif name in BENCHMARKED_INPUTS:
        spec = BENCHMARKED_INPUTS[name]
        scale = spec.scale
    else:
        return None
    value, low, high = _central(raw)
    obs, combined = _latest(data, spec.measure, council.code, year)
    own = figure(data, obs, combined)
    at = obs.year if obs is not None else year
    england = figure(data, data.get(spec.measure, at, ENGLAND))
    region = figure(data, data.get(spec.measure, at, council.region_code))
    history = _history(data, spec.measure, council.code, year, scale)
    achieved = [v for _, v in history]
    if spec.neighbours:
        for n in similar_councils(data, council.code, year):
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
        status, message = CONTEXT, f"{ref}.{name}: {shown} beside {beside}"
    elif range_low is None or range_high is None:
        status, message = NO_BENCHMARK, f"{ref}.{name}: {shown}; no published figure to compare"
    else:
        span = f"{_fmt(range_low, spec.unit)} to {_fmt(range_high, spec.unit)}"
        who = (
            f"{council.name} and its similar councils have"
            if spec.neighbours
            else f"{council.name} has"
        )
        if value < range_low:
            status = BELOW
        elif value > range_high:
            status = ABOVE
        else:
            status = WITHIN
        message = (
            f"{ref}.{name}: assumes {shown}, {status} the range {who} achieved ({span}); {beside}"
        )
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


def check_assumptions(
    pf: ProposalFile, data: NationalData, council: Area, year: int
) -> list[AssumptionCheck]:
    """Every benchmarked model input of every proposal, in file order."""
    checks = []
    for proposal in pf.proposals:
        if proposal.model is None:
            continue
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
            )
            if check is not None:
                checks.append(check)
    return checks
