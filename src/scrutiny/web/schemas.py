"""Request and response shapes of the JSON API, kept apart from tables and domain models.

The OpenAPI document is generated from these (and from the domain's Proposal), so it says what
the API does: the typed proposal, the closed vocabularies as enums, and every error the API
answers as `{"detail": "one line"}`.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scrutiny.domain.limits import Council
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.vocab import Category, Question, Role, Status, Verdict


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


Sort = Literal["ref", "title", "total", "status", "probability"]
"""How the register is ordered (as on the register page)."""


class ErrorRead(_Shape):
    detail: str = Field(description="One line naming what is wrong and where.")


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorRead,
        "description": "The request cannot be read (not JSON, a bad header).",
    },
    401: {"model": ErrorRead, "description": "Not signed in."},
    403: {"model": ErrorRead, "description": "The role does not allow it, or no CSRF token."},
    404: {"model": ErrorRead, "description": "No such proposal or file version."},
    409: {"model": ErrorRead, "description": "Someone saved a newer version; nothing changed."},
    422: {"model": ErrorRead, "description": "Invalid input; the field is named."},
    428: {"model": ErrorRead, "description": "No version named (`version` or If-Match)."},
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers for a route."""
    return {s: ERRORS[s] for s in statuses}


class SessionRead(_Shape):
    email: str
    role: Role
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
    status: Status
    category: Category | None
    total: float = Field(description="Sum of the savings profile [GBP].")
    version: int
    p_meet: float | None = Field(
        description="Probability of meeting the last year's cumulative target [probability], "
        "from the latest stored simulation."
    )
    verdicts: dict[Question, Verdict] = Field(description="The engine's verdict on each question.")
    member_verdicts: dict[Question, Verdict] = Field(
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
    verdict: Verdict = Field(description="The members' verdict, beside the engine's.")
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
    proposal: Proposal = Field(description="The proposal as in a proposal file (§1).")
    analysis: Literal["current", "out_of_date", "not_run"] = Field(
        default="current",
        description="`current`, `out_of_date` (the register changed after the last analysis) "
        "or `not_run`.",
    )
    verdicts: dict[Question, Verdict] = Field(
        default_factory=dict, description="The engine's verdict on each question."
    )
    member_verdicts: dict[Question, MemberVerdictRead] = Field(
        default_factory=dict, description="Members' own verdict on each question they overrode."
    )
    conclusions: list[ConclusionRead] = Field(
        default_factory=list, description="Members' recorded conclusions, oldest first."
    )


class ProposalCreate(_Shape):
    council: Council
    proposal: Proposal


class ProposalUpdate(_Shape):
    version: int | None = Field(
        default=None,
        ge=1,
        le=2**31 - 1,
        description="The version the change was made from (or send If-Match).",
    )
    proposal: Proposal
