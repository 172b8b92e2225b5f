"""The bounds every stored value keeps, whoever writes it (a file, a form or the API).

A proposal file with values outside these bounds is refused before anything is written, naming
the field. The limits are generous for real committee papers and stop values that would break a
simulation, a page or a download (docs/web.md, "Limits").

>>> MAX_MONEY
10000000000.0
>>> unit_bounds(Unit.share)
(0.0, 1.0)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from scrutiny.domain.vocab import Unit

MAX_MONEY = 1e10
"""Any amount of money must be below £10bn [GBP] (a large county's whole budget is ~£1bn)."""

MAX_COUNT = 1e6
"""Counts of staff, children, households, cases or posts must be at most a million [count]."""

MAX_REF = 100
"""Characters in a proposal ref."""
MAX_NAME = 300
"""Characters in a title, a name, a source or a locator (one line of text)."""
MAX_TEXT = 10_000
"""Characters in a description, a reason, a quote or any other free text (about three pages)."""
MAX_URL = 1_000
"""Characters in a web address."""
MAX_COUNCIL = 200
"""Characters in a council's name."""
MAX_ITEMS = 500
"""Items in any list of a proposal (risks, alternatives, evidence, assumptions...)."""
MAX_PROPOSALS = 5_000
"""Proposals in one file."""
MAX_YEARS = 50
"""Financial years in one savings profile."""

Ref = Annotated[str, Field(min_length=1, max_length=MAX_REF)]
Name = Annotated[str, Field(max_length=MAX_NAME)]
Title = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
RequiredText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Url = Annotated[str, Field(max_length=MAX_URL)]
Council = Annotated[str, Field(min_length=1, max_length=MAX_COUNCIL)]
Count = Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)]

_MONEY = (-MAX_MONEY, MAX_MONEY)
_COUNT = (0.0, MAX_COUNT)

UNIT_BOUNDS: dict[Unit, tuple[float, float]] = {
    Unit.gbp: _MONEY,
    Unit.gbp_per_week: _MONEY,
    Unit.gbp_per_year: _MONEY,
    Unit.gbp_per_fte_year: _MONEY,
    Unit.gbp_per_household: _MONEY,
    Unit.gbp_per_child: _MONEY,
    Unit.gbp_per_person: _MONEY,
    Unit.gbp_thousand: (-MAX_MONEY / 1e3, MAX_MONEY / 1e3),
    Unit.share: (0.0, 1.0),
    Unit.percent: (0.0, 100.0),
    Unit.probability: (0.0, 1.0),
    Unit.fte: _COUNT,
    Unit.posts: _COUNT,
    Unit.people: _COUNT,
    Unit.children: _COUNT,
    Unit.children_per_year: _COUNT,
    Unit.households: _COUNT,
    Unit.households_per_year: _COUNT,
    Unit.enquiries_per_year: (0.0, 100 * MAX_COUNT),
    Unit.children_per_household: (0.0, 100.0),
    Unit.cases: _COUNT,
    Unit.cases_per_fte: (0.0, 10_000.0),
    Unit.rate_per_10k: (0.0, 10_000.0),
    Unit.weeks: (0.0, 5_200.0),
    Unit.weeks_per_year: (0.0, 53.0),
    Unit.months: (0.0, 1_200.0),
    Unit.years: (0.0, 100.0),
    Unit.days: (0.0, 36_600.0),
    Unit.number: (0.0, 1e9),
    Unit.ratio: (0.0, MAX_COUNT),
    Unit.index_points: (-MAX_COUNT, MAX_COUNT),
    Unit.flag: (0.0, 1.0),
}
"""The widest values a quantity in each unit can take (a model's inputs table may narrow them):
shares and probabilities within 0–1, counts non-negative and at most a million, money below
£10bn, durations within a century."""


def unit_bounds(unit: Unit) -> tuple[float, float]:
    """The domain's (lower, upper) for a quantity in `unit`."""
    return UNIT_BOUNDS[unit]
