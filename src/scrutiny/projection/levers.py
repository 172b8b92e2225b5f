"""Savings levers as flows between the states of the care-records projection (pure).

- **Extra in-house foster care.** Households recruited evenly over a ramp, lost at an attrition
  rate; each open place (households × children a household × utilisation) takes a child who
  would otherwise be in agency foster care, when the place opens.
- **Step-down from residential.** From a start month and after a lag, children move from
  external children's homes to a chosen state at a rate a year.
- **Entry prevention.** From a start month, a share of the children who would have started to
  be looked after do not.

`monthly_flows` turns the levers into, for each month of the projection, the number of places
that open, the children expected to step down, and the share of entries prevented; the
simulation applies them on every path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from scrutiny.projection.episodes import STATES


class LeverError(ValueError):
    """A scenario that cannot be used (one line naming the lever and the field)."""


@dataclass(frozen=True, slots=True)
class FosteringCapacity:
    households: float
    children_per_household: float
    utilisation: float
    ramp_months: int
    attrition_per_year: float
    start: date


@dataclass(frozen=True, slots=True)
class StepDown:
    children_per_year: float
    lag_months: int
    to_state: str
    start: date


@dataclass(frozen=True, slots=True)
class EntryPrevention:
    share: float
    start: date


@dataclass(frozen=True, slots=True)
class Levers:
    fostering: FosteringCapacity | None = None
    step_down: StepDown | None = None
    prevention: EntryPrevention | None = None


@dataclass(frozen=True, slots=True)
class Flows:
    places_opening: np.ndarray  # [months] new in-house places (negative when places close)
    step_downs: np.ndarray  # [months] expected children moved from external residential
    step_down_to: int  # state index
    entries_kept: np.ndarray  # [months] share of entries that still happen


def _months_from(origin: date, start: date) -> int:
    """Whole months from the origin's month end to the start date (0: the first month)."""
    return max((start.year - origin.year) * 12 + start.month - origin.month - 1, 0)


def open_places(
    households: Any, places_per_household: Any, ramp_months: Any, attrition: Any, since: Any
) -> np.ndarray:
    """New in-house foster places open in each month: households recruited evenly over
    `ramp_months`, a share `attrition` of them lost a year, each giving `places_per_household`
    (children a household × the share of places filled). `since` counts the months from the
    start, 1 for its first (none open before). Arrays broadcast."""
    recruited = households * np.clip(since / np.maximum(ramp_months, 1.0), 0.0, 1.0)
    kept = (1.0 - attrition) ** (np.maximum(since - 1.0, 0.0) / 12.0)
    return np.asarray(recruited * kept * places_per_household, dtype=np.float64)


def monthly_flows(levers: Levers, origin: date, months: int) -> Flows:
    m = np.arange(months)
    places = np.zeros(months)
    if levers.fostering is not None:
        f = levers.fostering
        since = m - _months_from(origin, f.start) + 1
        places_open = open_places(
            f.households,
            f.children_per_household * f.utilisation,
            f.ramp_months,
            f.attrition_per_year,
            since,
        )
        places = np.diff(np.concatenate([[0.0], places_open]))
    steps = np.zeros(months)
    to_state = STATES.index("inhouse_fostering")
    if levers.step_down is not None:
        s = levers.step_down
        first = _months_from(origin, s.start) + s.lag_months
        steps = np.where(m >= first, s.children_per_year / 12.0, 0.0)
        to_state = STATES.index(s.to_state)
    entries = np.ones(months)
    if levers.prevention is not None:
        entries = np.where(
            m >= _months_from(origin, levers.prevention.start), 1.0 - levers.prevention.share, 1.0
        )
    return Flows(places, steps, to_state, entries)


LIMITS: dict[str, dict[str, tuple[float, float | None]]] = {
    "inhouse_fostering": {
        "households": (0, None),
        "children_per_household": (0, 4),
        "utilisation": (0, 1),
        "ramp_months": (0, 120),
        "attrition_per_year": (0, 1),
    },
    "step_down": {"children_per_year": (0, None), "lag_months": (0, 120)},
    "entry_prevention": {"share": (0, 1)},
}
"""The lowest and highest value (None: no highest) each lever's figures may take."""


def _number(
    block: Mapping[str, Any], key: str, where: str, low: float, high: float | None = None
) -> float:
    value = block.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LeverError(f"{where}.{key}: a number is needed")
    if value < low or (high is not None and value > high):
        span = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
        raise LeverError(f"{where}.{key}: must be {span}, not {value:g}")
    return float(value)


def _date(block: Mapping[str, Any], key: str, where: str) -> date:
    value = block.get(key)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise LeverError(f"{where}.{key}: a date (yyyy-mm-dd) is needed, not {value!r}") from None


def parse_levers(data: Any) -> Levers:
    """Levers from a scenario mapping (as read from YAML or JSON)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("levers"), Mapping):
        raise LeverError("levers: a mapping of levers is needed")
    blocks = data["levers"]
    unknown = set(blocks) - {"inhouse_fostering", "step_down", "entry_prevention"}
    if unknown:
        raise LeverError(
            f"levers.{sorted(unknown)[0]}: not a lever (inhouse_fostering, step_down, entry_prevention)"
        )
    fostering = step = prevention = None
    if "inhouse_fostering" in blocks:
        b, w = blocks["inhouse_fostering"], "levers.inhouse_fostering"
        limits = LIMITS["inhouse_fostering"]
        fostering = FosteringCapacity(
            households=_number(b, "households", w, *limits["households"]),
            children_per_household=_number(
                b, "children_per_household", w, *limits["children_per_household"]
            ),
            utilisation=_number(b, "utilisation", w, *limits["utilisation"]),
            ramp_months=int(_number(b, "ramp_months", w, *limits["ramp_months"])),
            attrition_per_year=_number(b, "attrition_per_year", w, *limits["attrition_per_year"]),
            start=_date(b, "from", w),
        )
    if "step_down" in blocks:
        b, w = blocks["step_down"], "levers.step_down"
        to_state = str(b.get("to", "inhouse_fostering"))
        if to_state not in STATES:
            raise LeverError(f"{w}.to: not a placement state ({', '.join(STATES)})")
        step = StepDown(
            children_per_year=_number(
                b, "children_per_year", w, *LIMITS["step_down"]["children_per_year"]
            ),
            lag_months=int(_number(b, "lag_months", w, *LIMITS["step_down"]["lag_months"])),
            to_state=to_state,
            start=_date(b, "from", w),
        )
    if "entry_prevention" in blocks:
        b, w = blocks["entry_prevention"], "levers.entry_prevention"
        share = _number(b, "share", w, *LIMITS["entry_prevention"]["share"])
        prevention = EntryPrevention(share=share, start=_date(b, "from", w))
    return Levers(fostering, step, prevention)
