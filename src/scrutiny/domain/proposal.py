"""A savings proposal as the committee papers describe it (contracts.md §2)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scrutiny.domain.distributions import InputValue
from scrutiny.domain.evidence import Evidence
from scrutiny.domain.limits import (
    MAX_ITEMS,
    MAX_MONEY,
    MAX_YEARS,
    Count,
    Name,
    Ref,
    RequiredText,
    Text,
    Title,
)
from scrutiny.domain.money import Money, SignedMoney, format_gbp
from scrutiny.domain.vocab import Category, Kind, Progress, Status
from scrutiny.domain.years import FinancialYear, FYLabel

SavingsProfile = dict[FYLabel, Money]
"""Incremental amounts per financial year, never negative (one-off costs)."""

IncrementProfile = dict[FYLabel, SignedMoney]
"""Incremental budget reduction per financial year (contracts.md §1). An increment may be
negative: a one-off saving that falls out the next year is a reversal, and the cumulative
target falls."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Post(_Strict):
    """One post in a restructure: its FTE, its annual cost per FTE [GBP] and whether it is vacant."""

    fte: Count
    annual_cost: Annotated[float, Field(ge=0, lt=MAX_MONEY, allow_inf_nan=False)]
    vacant: bool = False


class ModelSpec(_Strict):
    """Which service model explains the saving, and its inputs (numbers or distributions).

    `posts` is the structured alternative a restructure accepts instead of `fte_deleted` and
    `cost_per_fte`; models that take no posts list refuse it.
    """

    type: Title
    inputs: dict[Name, InputValue] = Field(default_factory=dict, max_length=MAX_ITEMS)
    posts: Annotated[list[Post], Field(max_length=MAX_ITEMS)] | None = None


class Staffing(_Strict):
    posts: Count | None = None
    fte: Count | None = None
    redundancies_max: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    vacant_posts: Count | None = None


class EqIA(_Strict):
    """Equality impact assessment."""

    status: Progress
    date: Name | None = None
    evidence: list[Evidence] = Field(default_factory=list, max_length=MAX_ITEMS)


class Consultation(_Strict):
    staff: Progress | None = None
    service_users: Progress | None = None


class Alternative(_Strict):
    title: Title
    reason_rejected: Text | None = None
    cost: Money | None = None


class Risk(_Strict):
    description: RequiredText
    likelihood: Annotated[int, Field(ge=1, le=5)]
    impact: Annotated[int, Field(ge=1, le=5)]
    mitigation: Text | None = None

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Assumption(_Strict):
    """A number the papers do not give, chosen so a model can run; says why and from where."""

    field: Title
    value: Annotated[float, Field(allow_inf_nan=False)] | Text | None = None
    rationale: RequiredText
    source: Text | None = None


class Proposal(_Strict):
    ref: Ref
    title: Title
    description: Text | None = None
    service: Name | None = None
    category: Category | None = None
    kind: Kind = Kind.saving
    status: Status = Status.proposed
    savings: IncrementProfile = Field(default_factory=dict, max_length=MAX_YEARS)
    stated_total: Money | None = None
    recurring: bool = True
    one_off_costs: SavingsProfile = Field(default_factory=dict, max_length=MAX_YEARS)
    model: ModelSpec | None = None
    staffing: Staffing | None = None
    service_users_affected: Text | None = None
    eqia: EqIA | None = None
    consultation: Consultation | None = None
    alternatives: list[Alternative] = Field(default_factory=list, max_length=MAX_ITEMS)
    risks: list[Risk] = Field(default_factory=list, max_length=MAX_ITEMS)
    dependencies: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    statutory_duties: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    assumptions: list[Assumption] = Field(default_factory=list, max_length=MAX_ITEMS)
    evidence: list[Evidence] = Field(default_factory=list, max_length=MAX_ITEMS)

    @field_validator("savings")
    @classmethod
    def _not_a_cost(cls, savings: dict[str, float]) -> dict[str, float]:
        """Reversals are real, but a profile that is a cost overall is a pressure, not a saving."""
        if any(v < 0 for v in savings.values()) and sum(savings.values()) <= 0:
            raise ValueError(
                f"the yearly figures add up to {format_gbp(sum(savings.values()))}, a cost rather "
                "than a saving: record it as a pressure"
            )
        return savings

    def reversal_years(self) -> list[str]:
        """Years whose increment is negative: part of an earlier saving falls out."""
        return [y for y in self.target_years() if self.savings[y] < 0]

    @property
    def model_type(self) -> str:
        return self.model.type if self.model else "fixed"

    @property
    def is_removed(self) -> bool:
        return self.status == Status.removed

    def target_years(self) -> list[str]:
        """Years with a savings increment, in time order."""
        return [fy.label for fy in sorted(FinancialYear.parse(y) for y in self.savings)]

    def total_target(self) -> float:
        return float(sum(self.savings.values()))

    def cumulative_target(self, year: str) -> float:
        """The sum of increments up to and including `year` (contracts.md §1)."""
        fy = FinancialYear.parse(year)
        return float(sum(v for y, v in self.savings.items() if FinancialYear.parse(y) <= fy))
