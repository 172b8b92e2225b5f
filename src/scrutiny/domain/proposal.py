"""A savings proposal as the committee papers describe it (contracts.md §2)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
from scrutiny.domain.vocab import (
    Answered,
    Category,
    Grade,
    Kind,
    Outcome,
    Progress,
    Question,
    Status,
    Verdict,
)
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
    """An option the papers or the meeting considered. `outcome` says what became of it: only a
    rejected option is asked why it was rejected."""

    title: Title
    outcome: Outcome = Outcome.rejected
    reason_rejected: Text | None = None
    cost: Money | None = None


class Risk(_Strict):
    """A risk as the papers list it. Likelihood and impact (1 to 5) only when the papers score
    it: a risk given in words alone is kept in its words, and the rules read them."""

    description: RequiredText
    likelihood: Annotated[int, Field(ge=1, le=5)] | None = None
    impact: Annotated[int, Field(ge=1, le=5)] | None = None
    mitigation: Text | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> Risk:
        if (self.likelihood is None) != (self.impact is None):
            raise ValueError("give both likelihood and impact, or neither")
        return self

    @property
    def score(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact


AssumedGrade = Literal[Grade.assumed, Grade.derived, Grade.default]


class Assumption(_Strict):
    """A number the papers do not give, chosen so a model can run; says why and from where.

    `grade` says what kind of number it is: `assumed` (a judgement, the default), `derived`
    (arithmetic on quoted figures; give the `formula`) or `default` (a sourced parameter; give
    the `source`)."""

    field: Title
    value: Annotated[float, Field(allow_inf_nan=False)] | Text | None = None
    rationale: RequiredText
    source: Text | None = None
    grade: AssumedGrade = Grade.assumed
    formula: Text | None = None
    published: datetime.date | None = None
    """When the `source` was published: a default whose source was published after the meeting
    counts as assumed in the challenge unless hindsight is asked for."""

    @model_validator(mode="after")
    def _formula_for_derived(self) -> Assumption:
        if self.grade == Grade.derived and not self.formula:
            raise ValueError("a derived figure needs its formula")
        if self.grade == Grade.default and not self.source:
            raise ValueError("a default figure needs its source")
        return self


class Answer(_Strict):
    """An answer given at the meeting: the words, where they are and who gave them."""

    quote: RequiredText
    locator: Name | None = None
    by: Name | None = None


class SessionQuestion(_Strict):
    """A question members put at the meeting, and the answers given.

    `question` is which of the three scrutiny questions it bears on; `rules` (optional) names
    the challenge rules whose line of enquiry it covers. `answered` is a person's judgement of
    how far the answers met it."""

    asked: RequiredText
    locator: Name | None = None
    question: Question | None = None
    rules: list[Annotated[str, Field(pattern=r"^[A-Z][0-9]+$")]] = Field(
        default_factory=list, max_length=MAX_ITEMS
    )
    answers: list[Answer] = Field(default_factory=list, max_length=MAX_ITEMS)
    answered: Answered | None = None

    @property
    def status(self) -> Answered:
        if self.answered is not None:
            return self.answered
        return Answered.answered if self.answers else Answered.not_answered


class RecordedConclusion(_Strict):
    """A conclusion the committee recorded, as written, with its stance on a question when it
    takes one (members "optimistic" it is deliverable: `deliverable`, `assured`)."""

    text: RequiredText
    locator: Name | None = None
    question: Question | None = None
    stance: Verdict | None = None


class Session(_Strict):
    """What happened at the meeting on this proposal (from the minutes)."""

    questions: list[SessionQuestion] = Field(default_factory=list, max_length=MAX_ITEMS)
    conclusions: list[RecordedConclusion] = Field(default_factory=list, max_length=MAX_ITEMS)
    recommendations: list[RequiredText] = Field(default_factory=list, max_length=MAX_ITEMS)

    def stance(self, q: Question) -> RecordedConclusion | None:
        """The committee's recorded stance on `q` (the last conclusion that takes one)."""
        found = [c for c in self.conclusions if c.question == q and c.stance is not None]
        return found[-1] if found else None


class Proposal(_Strict):
    ref: Ref
    title: Title
    description: Text | None = None
    service: Name | None = None
    owner: Name | None = None
    """The officer accountable for delivering the saving (a role or a name)."""
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
    session: Session | None = None

    def grade(self, field: str) -> Grade:
        """The grade of one of this proposal's numbers (``model.inputs.vacancy_rate``,
        ``savings``): its assumption's grade when one is listed, else quoted."""
        for a in self.assumptions:
            if (
                a.field == field
                or field.startswith(a.field + ".")
                or field.startswith(a.field + "[")
            ):
                return a.grade
        return Grade.quoted

    def grades(self) -> dict[str, Grade]:
        """The grade of every number the proposal gives: savings, one-off costs, stated total
        and model inputs."""
        fields = []
        if self.savings:
            fields.append("savings")
        if self.one_off_costs:
            fields.append("one_off_costs")
        if self.stated_total is not None:
            fields.append("stated_total")
        if self.model:
            fields.extend(f"model.inputs.{name}" for name in self.model.inputs)
        return {f: self.grade(f) for f in fields}

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
