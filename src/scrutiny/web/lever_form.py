"""The projection page's savings levers as form fields, in words, and the `Levers` they make.

Every field is optional. A lever is used when its main figure is given (households, children a
year, share of entries); its other fields take the defaults of the illustrative scenario file
(examples/scenarios/illustrative-placement-levers.yaml) when left empty, and a start date left
empty means the first month of the projection. Each figure is checked against the limits the
scenario file's are (`scrutiny.projection.levers.LIMITS`); shares are typed as percentages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from scrutiny.projection.episodes import STATE_LABELS
from scrutiny.projection.levers import (
    LIMITS,
    EntryPrevention,
    FosteringCapacity,
    Levers,
    StepDown,
)
from scrutiny.workflows.projection import MAX_INFLATION

Kind = Literal["number", "whole", "percent", "date", "placement"]


@dataclass(frozen=True)
class Field:
    name: str
    """The field's name in the address and its id on the page."""
    label: str
    subject: str
    """What the field is, for an error message that stands on its own."""
    kind: Kind
    lever: str
    key: str
    default: float | str | None = None
    """Used when the field is left empty, in the lever's own unit (a share, not a percentage);
    None: the lever's main figure (no default) or, for a date, the projection's first month."""
    width: int = 4

    def limits(self) -> tuple[float, float | None]:
        """The lowest and highest value as typed (percentages for shares)."""
        low, high = LIMITS[self.lever][self.key] if self.lever in LIMITS else (0.0, MAX_INFLATION)
        scale = 100.0 if self.kind == "percent" else 1.0
        return low * scale, None if high is None else high * scale


@dataclass(frozen=True)
class Group:
    lever: str
    legend: str
    lead: str
    fields: tuple[Field, ...]


GROUPS = (
    Group(
        "inhouse_fostering",
        "Extra in-house foster care",
        "New in-house foster households, each place taking a child who would otherwise be with "
        "an agency foster carer.",
        (
            Field(
                "fostering_households",
                "Extra households",
                "Extra in-house foster households",
                "number",
                "inhouse_fostering",
                "households",
            ),
            Field(
                "fostering_children",
                "Children a household",
                "Children a new foster household",
                "number",
                "inhouse_fostering",
                "children_per_household",
                1.4,
            ),
            Field(
                "fostering_filled",
                "Share of the new places filled (%)",
                "Share of the new foster places filled",
                "percent",
                "inhouse_fostering",
                "utilisation",
                0.9,
                width=3,
            ),
            Field(
                "fostering_ramp",
                "Months to recruit the households",
                "Months to recruit the foster households",
                "whole",
                "inhouse_fostering",
                "ramp_months",
                12,
                width=3,
            ),
            Field(
                "fostering_lost",
                "Share of the new households lost a year (%)",
                "Share of the new foster households lost a year",
                "percent",
                "inhouse_fostering",
                "attrition_per_year",
                0.1,
                width=3,
            ),
            Field(
                "fostering_from",
                "Recruitment starts on",
                "Start of the extra foster care",
                "date",
                "inhouse_fostering",
                "from",
                width=10,
            ),
        ),
    ),
    Group(
        "step_down",
        "Step-down from residential care",
        "Children moving out of children's homes and other residential care to a family "
        "placement or supported accommodation.",
        (
            Field(
                "step_down_children",
                "Children a year",
                "Children stepped down a year",
                "number",
                "step_down",
                "children_per_year",
            ),
            Field(
                "step_down_lag",
                "Months before the first move",
                "Months before the first step-down",
                "whole",
                "step_down",
                "lag_months",
                3,
                width=3,
            ),
            Field(
                "step_down_to",
                "Placement they move to",
                "Placement children step down to",
                "placement",
                "step_down",
                "to",
                "inhouse_fostering",
            ),
            Field(
                "step_down_from",
                "Step-downs start on",
                "Start of the step-downs",
                "date",
                "step_down",
                "from",
                width=10,
            ),
        ),
    ),
    Group(
        "entry_prevention",
        "Entry prevention",
        "Children who would have started to be looked after and, with support, do not.",
        (
            Field(
                "prevention_share",
                "Share of entries prevented (%)",
                "Share of entries prevented",
                "percent",
                "entry_prevention",
                "share",
                width=3,
            ),
            Field(
                "prevention_from",
                "Prevention starts on",
                "Start of the entry prevention",
                "date",
                "entry_prevention",
                "from",
                width=10,
            ),
        ),
    ),
)

INFLATION = Field(
    "inflation",
    "Yearly rise in costs (inflation) (%)",
    "Yearly rise in costs",
    "percent",
    "inflation",
    "rate",
    0.0,
    width=3,
)

FIELDS = (*(f for g in GROUPS for f in g.fields), INFLATION)
MAX_LENGTH = 40
"""Longest text a field takes [characters]."""


def _figure(value: float) -> str:
    return f"{value:g}"


def _span(field: Field) -> str:
    low, high = field.limits()
    unit = "%" if field.kind == "percent" else ""
    if high is None:
        return f"{_figure(low)}{unit} or more"
    return f"from {_figure(low)}{unit} to {_figure(high)}{unit}"


def hint(field: Field, start: date) -> str:
    """What the field takes and what an empty one means, in words."""
    if field.kind == "date":
        return (
            f"Such as 1/6/{start.year}. Leave empty to start on {start.day} "
            f"{start:%B %Y}, when the projection starts."
        )
    if field.kind == "placement":
        return (
            "The placements with a national weekly cost to compare with a children's home's. "
            f"{STATE_LABELS[str(field.default)]} unless you choose another."
        )
    text = "A whole number" if field.kind == "whole" else "A number"
    text += (" " if field.limits()[1] is not None else ", ") + _span(field) + "."
    if field.default is None:
        return text + " Leave empty not to use this lever."
    if field is INFLATION:
        return text + " Leave empty to hold each cost at the prices of its year."
    shown = float(field.default) * (100 if field.kind == "percent" else 1)
    return text + f" Leave empty for {_figure(shown)}{'%' if field.kind == 'percent' else ''}."


def placement_options(placements: Sequence[str]) -> list[tuple[str, str]]:
    """The placements children may step down to, by label."""
    return [(s, STATE_LABELS[s]) for s in placements]


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    found = _DAY_MONTH_YEAR.fullmatch(text)
    if found is None:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _check(
    field: Field, text: str, start: date, placements: Sequence[str]
) -> tuple[object, str | None]:
    """The field's value in the lever's unit, or the message saying what is wrong."""
    if field.kind == "date":
        found = _date(text)
        if found is None:
            return None, f"{field.subject} must be a real date, such as 1/6/{start.year}"
        return found, None
    if field.kind == "placement":
        if text not in placements:
            names = ", ".join(STATE_LABELS[s].lower() for s in placements)
            return None, (
                f"{field.subject} must be one with a national weekly cost to compare with a "
                f"children's home: {names}"
            )
        return text, None
    cleaned = text.replace(",", "")
    if field.kind == "percent":
        cleaned = cleaned.removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    whole = field.kind == "whole"
    if not math.isfinite(value) or (whole and not value.is_integer()):
        return None, f"{field.subject} must be {'a whole number' if whole else 'a number'}"
    low, high = field.limits()
    if value < low or (high is not None and value > high):
        return None, f"{field.subject} must be {_span(field)}"
    return value / 100.0 if field.kind == "percent" else value, None


@dataclass(frozen=True)
class LeverForm:
    values: dict[str, str]
    """What was typed, by field name, to give the form back."""
    errors: dict[str, str]
    levers: Levers | None
    inflation: float

    @property
    def used(self) -> bool:
        """Whether any lever field or the inflation was filled in (the details open)."""
        return any(v for k, v in self.values.items() if k != "step_down_to")


def read_form(query: Mapping[str, str], start: date, placements: Sequence[str]) -> LeverForm:
    """The levers and the inflation the form asks for, checking every field filled in."""
    values = {f.name: str(query.get(f.name, "")).strip()[: MAX_LENGTH + 1] for f in FIELDS}
    errors: dict[str, str] = {}
    found: dict[str, object] = {}
    for field in FIELDS:
        text = values[field.name]
        if not text:
            found[field.name] = start if field.kind == "date" else field.default
            continue
        if len(text) > MAX_LENGTH:
            errors[field.name] = f"{field.subject} must be {MAX_LENGTH} characters or fewer"
            continue
        value, error = _check(field, text, start, placements)
        if error is not None:
            errors[field.name] = error
        found[field.name] = value
    if errors:
        return LeverForm(values, errors, None, 0.0)

    def number(name: str) -> float:
        value = found[name]
        assert isinstance(value, float | int)
        return float(value)

    def day(name: str) -> date:
        value = found[name]
        assert isinstance(value, date)
        return value

    fostering = step_down = prevention = None
    if found["fostering_households"] is not None:
        fostering = FosteringCapacity(
            households=number("fostering_households"),
            children_per_household=number("fostering_children"),
            utilisation=number("fostering_filled"),
            ramp_months=int(number("fostering_ramp")),
            attrition_per_year=number("fostering_lost"),
            start=day("fostering_from"),
        )
    if found["step_down_children"] is not None:
        step_down = StepDown(
            children_per_year=number("step_down_children"),
            lag_months=int(number("step_down_lag")),
            to_state=str(found["step_down_to"]),
            start=day("step_down_from"),
        )
    if found["prevention_share"] is not None:
        prevention = EntryPrevention(share=number("prevention_share"), start=day("prevention_from"))
    levers = (
        None
        if fostering is None and step_down is None and prevention is None
        else Levers(fostering, step_down, prevention)
    )
    return LeverForm(values, errors, levers, number("inflation"))
