"""Request and response shapes of the API's monitoring returns (apart from tables and domain)."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from scrutiny.domain.limits import MAX_MONEY

Pounds = float


class ReturnCreate(BaseModel):
    """One proposal's monitoring return for a period."""

    model_config = ConfigDict(extra="forbid")

    council: str = Field(min_length=1, max_length=200, description="The council's name.")
    period: str = Field(
        min_length=1,
        max_length=20,
        description="A quarter of the financial year (2022/23 Q2) or a month (2022-09).",
    )
    ref: str = Field(min_length=1, max_length=200, description="The proposal's ref.")
    delivered_to_date: float = Field(ge=0, lt=MAX_MONEY, description="Delivered so far [GBP].")
    forecast: float = Field(ge=0, lt=MAX_MONEY, description="Forecast for the year [GBP].")
    rag: Literal["green", "amber", "red"]
    commentary: str | None = Field(default=None, max_length=5000)
    mitigations: str | None = Field(default=None, max_length=5000)
    replacement: float | None = Field(
        default=None, ge=0, lt=MAX_MONEY, description="Replacement savings found [GBP]."
    )
    evidence: str | None = Field(
        default=None, max_length=5000, description="What the figures rest on."
    )
    reported_on: datetime.date | None = Field(
        default=None, description="When the return was made (default: today)."
    )


class ReturnRead(BaseModel):
    """A stored return, with the version of the period's returns it is in."""

    council: str
    period: str
    version: int = Field(description="Version of the period's returns this return is in.")
    ref: str
    delivered_to_date: float
    forecast: float
    rag: Literal["green", "amber", "red"]
    commentary: str | None
    mitigations: str | None
    replacement: float | None
    reported_by: str
    reported_on: datetime.date
    evidence: str | None
