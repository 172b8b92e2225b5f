"""Evidence and findings: every verdict carries what it rests on (challenge.md)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from scrutiny.domain.limits import Name, RequiredText, Text, Url
from scrutiny.domain.vocab import Grade, Question, Severity, Verdict


class Evidence(BaseModel):
    """A quoted passage of a document, with where it is (as written in proposal files)."""

    model_config = ConfigDict(extra="forbid")

    source: Name
    locator: Name | None = None
    quote: Text | None = None
    url: Url | None = None
    page: int | None = Field(default=None, ge=1, le=1_000_000)
    start: int | None = Field(default=None, ge=0, le=2**31 - 1)
    end: int | None = Field(default=None, ge=0, le=2**31 - 1)
    published: datetime.date | None = None
    """When the document was published: a document published after the meeting is left out of
    the challenge unless hindsight is asked for (challenge.md, "As at the meeting")."""


class FieldEvidence(BaseModel):
    """A proposal field and its value: ``proposals[0].eqia.status = planned``."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["field"] = "field"
    path: str
    value: object = None
    grade: Grade | None = None
    """Where the value comes from, for the proposal's numbers (None for words and states)."""

    def describe(self) -> str:
        return f"{self.path} = {self.value}"


class OutputEvidence(BaseModel):
    """A model or simulation result and its value: ``p_meet_target 2022/23 = 0.31``."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["output"] = "output"
    name: str
    value: float | None
    year: str | None = None

    def describe(self) -> str:
        year = f" {self.year}" if self.year else ""
        return f"{self.name}{year} = {self.value}"


class DocumentEvidence(BaseModel):
    """A quoted passage of a document with its locator (paragraph, page, offsets)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["document"] = "document"
    source: str
    locator: str | None = None
    quote: str
    page: int | None = None
    start: int | None = None
    end: int | None = None

    def describe(self) -> str:
        where = ", ".join(x for x in (self.source, self.locator) if x)
        return f"“{self.quote}” ({where})"


EvidenceItem = Annotated[
    FieldEvidence | OutputEvidence | DocumentEvidence, Field(discriminator="kind")
]


class Finding(BaseModel):
    """What one rule found about one proposal (or about the file, for cross-proposal rules)."""

    model_config = ConfigDict(extra="forbid")

    rule: str = Field(pattern=r"^[A-Z][0-9]+$")
    severity: Severity
    message: str = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(min_length=1)
    question: Question | None = None
    ref: str | None = None
    rests_on_assumed: bool = False
    """True when the finding rests on a figure the papers do not give (an assumed input): its
    severity is then one step lower than the rule's (challenge.md, "Evidence grades")."""
    answered: bool = False
    """True when the meeting answered its line of enquiry: severity one step lower."""


class Override(BaseModel):
    """A member's own verdict on a question, with the reason, who and when."""

    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    reason: RequiredText
    by: Name
    at: datetime.datetime
