"""Request and response shapes of the JSON API, kept apart from tables and domain models."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionRead(_Shape):
    email: str
    role: str
    csrf_token: str = Field(description="Send as the X-CSRF-Token header on every write.")


class YearDelivery(_Shape):
    """One financial year of a proposal's simulated delivery against its cumulative target."""

    model_config = ConfigDict(extra="ignore", from_attributes=True)

    cumulative_target: float = Field(description="Cumulative target to this year [GBP].")
    expected_share: float | None = Field(
        description="Expected delivery as a share of the cumulative target [share]."
    )
    at_risk: float = Field(description="Expected shortfall against the target [GBP].")
    p_meet_target: float | None = Field(
        description="Probability of delivering the target less the materiality margin "
        "[probability]."
    )
    rag: Literal["green", "amber", "red"] | None = Field(
        description="Delivery rating: green, amber or red (policy.rag_* parameters)."
    )


class ProposalSummary(_Shape):
    id: int
    council: str
    ref: str
    title: str
    status: str
    category: str | None
    total: float = Field(description="Sum of the savings profile [GBP].")
    version: int
    p_meet: float | None = Field(
        description="Probability of meeting the last year's cumulative target [probability], "
        "from the latest stored simulation."
    )
    verdicts: dict[str, str] = Field(description="The engine's verdict on each question.")
    member_verdicts: dict[str, str] = Field(
        default_factory=dict, description="Members' own verdicts, where they recorded one."
    )
    conclusion: str | None = Field(
        default=None, description="The members' latest recorded conclusion."
    )
    out_of_date: bool = Field(
        default=False,
        description="True when `p_meet` and `verdicts` come from an analysis older than the "
        "register (run the analysis again).",
    )
    years: dict[str, YearDelivery] = Field(
        default_factory=dict,
        description="Each simulated financial year that has a cumulative target, by its label.",
    )


class ConclusionRead(_Shape):
    text: str
    by: str
    at: datetime.datetime


class MemberVerdictRead(_Shape):
    verdict: str = Field(description="The members' verdict, beside the engine's.")
    reason: str
    by: str
    at: datetime.datetime


class ProposalRead(_Shape):
    id: int = Field(description="The proposal's lasting id: the same in every version.")
    council: str
    file_version_id: int
    current: bool = Field(
        default=True, description="False when this is not the proposal in the latest register."
    )
    version: int = Field(description="Send back as `version` or If-Match to update.")
    proposal: dict[str, Any] = Field(description="The proposal as in a proposal file (§1).")
    analysis: str = Field(
        default="current",
        description="`current`, `out_of_date` (the register changed after the last analysis) "
        "or `not_run`.",
    )
    verdicts: dict[str, str] = Field(
        default_factory=dict, description="The engine's verdict on each question."
    )
    member_verdicts: dict[str, MemberVerdictRead] = Field(
        default_factory=dict, description="Members' own verdict on each question they overrode."
    )
    conclusions: list[ConclusionRead] = Field(
        default_factory=list, description="Members' recorded conclusions, oldest first."
    )


class ProposalCreate(_Shape):
    council: str = Field(min_length=1)
    proposal: dict[str, Any]


class ProposalUpdate(_Shape):
    version: int | None = Field(
        default=None, description="The version the change was made from (or send If-Match)."
    )
    proposal: dict[str, Any]
