"""One parameter: a number with a unit, the financial year it applies to and its source.

A parameter file (YAML) looks like::

    description: Average weekly cost of an independent fostering agency placement
    unit: gbp_per_week
    as_of: 2026-11-20            # the date the values were last checked against the source
    note: where the evidence is weak, say so here
    values:
      "2023/24":
        value: 1150
        source: {title: ..., publisher: ..., url: ..., locator: "Table 3", published: 2024-11-01}

The ParameterSet is the read-only collection the core receives; it never reads files.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scrutiny.domain.vocab import Unit
from scrutiny.domain.years import FinancialYear, FYLabel


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str | None = None
    locator: str | None = None
    published: datetime.date | str | None = None

    def cite(self) -> str:
        parts = [self.publisher, self.title]
        if self.locator:
            parts.append(self.locator)
        text = ", ".join(parts)
        return f"{text} <{self.url}>" if self.url else text


class Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[float, Field(allow_inf_nan=False)]
    source: Source


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    description: str = Field(min_length=1)
    unit: Unit
    as_of: datetime.date
    values: dict[FYLabel, Value] = Field(min_length=1)
    note: str | None = None
    uprating: str | None = None
    price_base: FYLabel | None = None

    @field_validator("values")
    @classmethod
    def _sorted(cls, values: dict[str, Value]) -> dict[str, Value]:
        return dict(sorted(values.items(), key=lambda kv: FinancialYear.parse(kv[0])))

    def entry(self, year: str | None = None) -> tuple[str, Value]:
        """The value for `year`: the latest one dated on or before it, else the earliest.

        Without a year, the latest value.
        """
        items = list(self.values.items())
        if year is None:
            return items[-1]
        fy = FinancialYear.parse(year)
        chosen = items[0]
        for label, value in items:
            if FinancialYear.parse(label) <= fy:
                chosen = (label, value)
        return chosen

    def value(self, year: str | None = None) -> float:
        return self.entry(year)[1].value


class ParameterSet(Mapping[str, Parameter]):
    """Dotted name (``unit_costs.ifa_weekly``) → Parameter. Read-only."""

    def __init__(self, parameters: Mapping[str, Parameter] | None = None) -> None:
        self._items = dict(sorted((parameters or {}).items()))

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"no parameter named {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def value(self, name: str, year: str | None = None) -> float:
        return self[name].value(year)

    def with_overrides(self, overrides: Mapping[str, Parameter]) -> ParameterSet:
        """A new set where `overrides` replace the parameters of the same name."""
        merged = dict(self._items)
        merged.update(overrides)
        return ParameterSet(merged)

    def under(self, prefix: str) -> ParameterSet:
        """The parameters whose name starts with ``prefix.``, with the prefix removed."""
        cut = prefix.rstrip(".") + "."
        return ParameterSet({k[len(cut) :]: v for k, v in self._items.items() if k.startswith(cut)})
