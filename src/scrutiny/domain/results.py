"""Results that pass between the core and the edges, shaped as contracts.md §4 and §5.

The risk engine produces a `SimulationSummary`; the challenge engine, reports and the web app
read it. The challenge engine produces a `ChallengeReport`. Both serialise to the contract JSON
with `to_json()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scrutiny.domain.delivery import Rag, hardness
from scrutiny.domain.evidence import Finding, Override
from scrutiny.domain.vocab import Answered, Grade, Question, Verdict


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class YearStats(_Out):
    """Delivered cumulative saving in one year against the cumulative target.

    `expected_share`, `p_meet_target` and `rag` are None when the year has no cumulative target
    to measure against (a proposal with no savings is never "100% likely")."""

    target: float
    cumulative_target: float
    mean: float
    p10: float
    p50: float
    p90: float
    expected_share: float | None = None
    """Expected delivery as a share of the cumulative target (mean ÷ cumulative target)."""
    at_risk: float = Field(default=0.0, ge=0)
    """Expected shortfall [GBP]: the mean of max(cumulative target − delivered, 0)."""
    p_meet_target: float | None = Field(default=None, ge=0, le=1)
    """Share of iterations delivering at least (1 − materiality) × cumulative target."""
    rag: Rag | None = None

    @property
    def has_target(self) -> bool:
        return self.cumulative_target > 0


class Spread(_Out):
    """Mean and percentiles of a delivered saving [GBP]."""

    mean: float
    p10: float
    p50: float
    p90: float


class PortfolioYearStats(YearStats):
    """The plan's year, with the reference-class view beside the proposals' own."""

    adjusted: Spread | None = None
    """Delivered cumulative saving [GBP] when the plan's share delivered follows the council's
    track record and the national reference class."""
    contingency: float | None = Field(default=None, ge=0)
    """Recommended savings-delivery risk reserve [GBP]: the shortfall against the cumulative
    target at the 80th percentile of the reference-class view."""


class TrackRecordView(_Out):
    """Where the plan's reference-class view of the share delivered comes from."""

    source: Literal["council", "reference_class", "blend"]
    years: int = Field(ge=0)
    """Years of the council's own record used (0 for the reference class alone)."""
    share_p10: float
    share_p50: float
    share_p90: float


class Driver(_Out):
    input: str
    rank_correlation: float = Field(ge=-1, le=1)


class Histogram(_Out):
    """Counts of the delivered cumulative saving [GBP] in one year, for distribution charts.

    `edges` [GBP] has one more entry than `counts` [iterations]; bins are half-open
    ``[edges[i], edges[i+1])`` except the last, which includes its right edge (numpy's rule).
    """

    year: str
    edges: list[float] = Field(min_length=2)
    counts: list[int] = Field(min_length=1)

    @property
    def total(self) -> int:
        return sum(self.counts)


class ProposalSimulation(_Out):
    ref: str
    model: str
    years: dict[str, YearStats]
    drivers: list[Driver] = Field(default_factory=list)
    outputs: dict[str, dict[str, float | None]] = Field(default_factory=dict)
    status: str | None = None
    histogram: Histogram | None = None
    """Optional: the delivered saving in the horizon's last year, binned (left out of JSON)."""

    def hardest_year(self) -> tuple[str, YearStats] | None:
        """The rated year with the worst RAG rating (then the lowest expected share, then the
        most money at risk); None when no year has a target."""
        rated = [(y, s) for y, s in self.years.items() if s.rag is not None]
        if not rated:
            return None
        return max(rated, key=lambda r: hardness(r[1].rag, r[1]))  # type: ignore[arg-type]

    def lowest_p_meet(self) -> float | None:
        """The lowest probability of meeting the target over years with a target (rule D2)."""
        values = [s.p_meet_target for s in self.years.values() if s.p_meet_target is not None]
        return min(values) if values else None


class PortfolioSimulation(_Out):
    years: dict[str, PortfolioYearStats]
    removed_targets: float = 0.0
    funding_gap: dict[str, float] = Field(default_factory=dict)
    track_record: TrackRecordView | None = None

    @field_validator("years", mode="before")
    @classmethod
    def _widen(cls, years: Any) -> Any:
        """A proposal-level YearStats is accepted and widened (no reference-class view yet)."""
        if isinstance(years, dict):
            return {y: s.model_dump() if type(s) is YearStats else s for y, s in years.items()}
        return years


class SimulationSummary(_Out):
    iterations: int = Field(ge=1)
    seed: int
    materiality: float = Field(default=0.05, ge=0, lt=1)
    """The materiality in force: a shortfall up to this share of the target counts as met."""
    years: list[str]
    proposals: list[ProposalSimulation]
    portfolio: PortfolioSimulation

    def for_ref(self, ref: str) -> ProposalSimulation | None:
        return next((p for p in self.proposals if p.ref == ref), None)

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        for p in data["proposals"]:
            if p.get("status") is None:
                p.pop("status", None)
            p.pop("histogram", None)  # a chart aid for reports, not part of the JSON
        return data


class QuestionResult(_Out):
    verdict: Verdict
    findings: list[Finding] = Field(default_factory=list)
    override: Override | None = None
    committee: Verdict | None = None
    """The committee's own recorded stance on the question, from the minutes, if any."""

    @property
    def effective_verdict(self) -> Verdict:
        """The member's verdict when one is recorded, else the engine's."""
        return self.override.verdict if self.override else self.verdict


class ProposalChallenge(_Out):
    ref: str
    title: str | None = None
    questions: dict[Question, QuestionResult]
    lines_of_enquiry: list[str] = Field(default_factory=list)
    enquiry_status: list[Answered] = Field(default_factory=list)
    """How far the meeting answered each line of enquiry, in the same order (empty when no
    session is recorded)."""
    conclusions: list[str] = Field(default_factory=list)
    recommendations: list[str] = Field(default_factory=list)
    grades: dict[str, Grade] = Field(default_factory=dict)
    """The grade of each of the proposal's numbers, by field (quoted, derived, assumed,
    default)."""


class KeyQuestion(_Out):
    """One of the questions the report opens with, ranked, with why it matters."""

    rank: int = Field(ge=1)
    ref: str
    question: str
    why: str
    """Why it matters: the finding behind the question, in plain words."""
    rule: str


class ChallengeReport(_Out):
    proposals: list[ProposalChallenge]
    file_findings: list[Finding] = Field(default_factory=list)
    file_recommendations: list[str] = Field(default_factory=list)
    """Recommendations common to several proposals, put once for the file."""
    key_questions: list[KeyQuestion] = Field(default_factory=list)
    """At most eight questions for the meeting, most important first."""

    def for_ref(self, ref: str) -> ProposalChallenge | None:
        return next((p for p in self.proposals if p.ref == ref), None)

    def with_overrides(self, overrides: Mapping[tuple[str, Question], Override]) -> ChallengeReport:
        """The report with members' verdicts as recorded now, keyed by (ref, question): each
        question's override is replaced, or removed where none is given; the engine's verdicts
        and findings are untouched."""
        proposals = [
            p.model_copy(
                update={
                    "questions": {
                        q: r.model_copy(update={"override": overrides.get((p.ref, q))})
                        for q, r in p.questions.items()
                    }
                }
            )
            for p in self.proposals
        ]
        return self.model_copy(update={"proposals": proposals})

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"proposals": {"__all__": {"title"}}})
