"""The report's view-model: plain, read-only records a writer lays out without computing.

`context.build_context` fills them from the results. Money is in pounds [GBP]; probabilities are
shares in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutiny.domain.delivery import RAG_WORDS, Rag
from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.vocab import QUESTION_TEXT, Question, Verdict
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.reports.comparison import ComparisonView
from scrutiny.reports.wording import VERDICT_LABEL, VERDICT_SYMBOL, percent

APPENDICES = ("none", "summary", "full")
"""How much the report appends to the briefing: nothing; the national comparison and the
method; or also every finding with its rule and evidence, the risks, quotes and parameters."""
DEFAULT_APPENDICES = "summary"

QUESTION_SHORT = {
    Question.deliverable: "Deliverable",
    Question.impact: "Impact understood",
    Question.alternatives: "Alternatives explored",
}


@dataclass(frozen=True)
class VerdictTag:
    """A verdict as printed: words and a symbol, so it never relies on colour alone."""

    verdict: Verdict
    overridden: bool = False

    @property
    def label(self) -> str:
        return VERDICT_LABEL[self.verdict]

    @property
    def symbol(self) -> str:
        return VERDICT_SYMBOL[self.verdict]

    @property
    def css(self) -> str:
        return self.verdict.value.replace("_", "-")

    @property
    def text(self) -> str:
        mark = " (members)" if self.overridden else ""
        return f"{self.symbol} {self.label}{mark}"


@dataclass(frozen=True)
class Delivery:
    """Expected delivery against a cumulative target, as a finance team measures it: expected
    delivery [GBP] and its share of the target, money at risk (the expected shortfall) [GBP], the
    RAG rating, and (second) the chance of delivering at least the target less materiality."""

    year: str
    target: float
    expected: float
    share: float
    at_risk: float
    rag: Rag
    p_meet: float | None = None
    materiality: float = 0.05

    @property
    def rag_text(self) -> str:
        """The rating in words, never colour alone: ``Amber``."""
        return RAG_WORDS[self.rag]

    @property
    def expected_text(self) -> str:
        """``£917k (92%)``: the expected delivery and its share of the target."""
        return f"{format_gbp_rounded(self.expected)} ({percent(self.share)})"

    @property
    def at_risk_text(self) -> str:
        return format_gbp_rounded(self.at_risk)

    @property
    def chance_text(self) -> str | None:
        """``a 48% chance of delivering at least 95% of it``: the figure behind the rating."""
        if self.p_meet is None:
            return None
        return (
            f"a {percent(self.p_meet)} chance of delivering at least "
            f"{percent(1 - self.materiality)} of it"
        )

    @property
    def sentence(self) -> str:
        """``expected £917k of the £1m target by 2022/23 (92%), £83k at risk: rated amber``."""
        return (
            f"expected {format_gbp_rounded(self.expected)} of the "
            f"{format_gbp_rounded(self.target)} target by {self.year} ({percent(self.share)}), "
            f"{self.at_risk_text} at risk: rated {self.rag}"
        )


@dataclass(frozen=True)
class YearRow:
    """One financial year of one proposal: target and delivered cumulative saving [GBP]."""

    year: str
    increment: float
    cumulative_target: float
    mean: float | None = None
    p10: float | None = None
    p50: float | None = None
    p90: float | None = None
    p_meet: float | None = None
    delivery: Delivery | None = None


@dataclass(frozen=True)
class SummaryYear:
    """One financial year of the portfolio against the council's funding gap [GBP]."""

    year: str
    funding_gap: float | None
    savings_required: float
    cumulative_target: float
    p50: float | None
    p10: float | None
    p_meet: float | None
    delivery: Delivery | None = None
    contingency: float | None = None
    """Recommended savings-delivery risk reserve [GBP], from the reference-class view."""
    funding_gap_grade: str = "quoted"
    """Where the funding gap comes from (quoted, derived, assumed, default): marked when not the
    papers' own figure."""

    @property
    def share_of_gap(self) -> float | None:
        if not self.funding_gap:
            return None
        return self.savings_required / self.funding_gap


@dataclass(frozen=True)
class Removed:
    """A proposal removed from the plan: the sum still to be found, and why the papers say it
    was removed (a quoted passage with where it is, or the proposal's own description)."""

    ref: str
    title: str
    amount: float
    reason: str | None = None
    where: str | None = None
    recommendations: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputLine:
    """A model input as the committee sees it, with the assumption behind it when there is one."""

    name: str
    value: str
    """The value in words with its unit: ``0 to 6 months, most likely 0``."""
    assumed: bool
    rationale: str | None = None
    source: str | None = None
    label: str = ""
    grade: str = "quoted"
    """quoted, derived, assumed or default."""
    formula: str | None = None
    """The arithmetic behind a derived or assumed figure: ``£1.1m ÷ 7% ÷ £60,000 per FTE``."""

    @property
    def basis(self) -> str:
        """Where the figure comes from, in a few words (the reasons are in the full appendix)."""
        if self.grade == "derived":
            return "Derived from the papers' figures"
        if self.grade == "default":
            return "A published figure standing in for a local one"
        if self.assumed:
            return "Assumed: the papers give no figure"
        return "From the papers"


@dataclass(frozen=True)
class AssumptionLine:
    ref: str | None
    field: str
    value: str | None
    rationale: str
    source: str | None


@dataclass(frozen=True)
class EvidenceLine:
    quote: str
    source: str
    locator: str | None

    @property
    def where(self) -> str:
        return ", ".join(x for x in (self.source, self.locator) if x)


SEVERITY_WORDS = {
    "high": "Serious concern",
    "medium": "Concern",
    "low": "Minor point",
    "info": "Note",
}
"""A finding's severity as the briefing names it."""


@dataclass(frozen=True)
class FindingLine:
    """A finding: its rule code and full evidence (for the appendix), and where in the papers it
    rests (``para 3.12``: the evidence that matters, for the body)."""

    rule: str
    severity: str
    message: str
    evidence: tuple[str, ...]
    where: tuple[str, ...] = ()

    @property
    def minor(self) -> bool:
        """Low and information findings are listed in the appendix, not the briefing's body."""
        return self.severity in ("low", "info")

    @property
    def severity_words(self) -> str:
        return SEVERITY_WORDS.get(self.severity, self.severity.capitalize())


@dataclass(frozen=True)
class OverrideLine:
    tag: VerdictTag
    reason: str
    by: str
    at: str


@dataclass(frozen=True)
class QuestionView:
    key: Question
    text: str
    engine: VerdictTag
    override: OverrideLine | None
    findings: tuple[FindingLine, ...]

    @property
    def effective(self) -> VerdictTag:
        return self.override.tag if self.override else self.engine

    @property
    def main_findings(self) -> tuple[FindingLine, ...]:
        """The findings the briefing's body shows: the concerns, most serious first."""
        order = {"high": 0, "medium": 1}
        return tuple(
            sorted((f for f in self.findings if not f.minor), key=lambda f: order[f.severity])
        )

    @property
    def minor_count(self) -> int:
        return sum(f.minor for f in self.findings)


@dataclass(frozen=True)
class MemberConclusion:
    """A conclusion members recorded on a proposal, with who and when ("7 December 2026")."""

    text: str
    by: str
    on: str


@dataclass(frozen=True)
class RiskLine:
    description: str
    likelihood: int | None
    impact: int | None
    score: int | None
    """None when the papers give the risk in words only."""
    mitigation: str | None


@dataclass(frozen=True)
class ProposalRow:
    """A line of the table of proposals (and of the savings tracker)."""

    ref: str
    title: str
    status: str
    model: str
    targets: dict[str, float]
    total: float
    p_meet: float | None
    tags: dict[Question, VerdictTag]
    delivery: Delivery | None = None
    """The proposal's hardest rated year (worst RAG rating, then lowest share of its target)."""

    @property
    def anchor(self) -> str:
        """The id of the proposal's section in HTML and PDF."""
        return "p-" + "".join(c if c.isalnum() else "-" for c in self.ref).lower()


@dataclass(frozen=True)
class ProjectionView:
    """A children looked after projection chart with the sentence printed under it: for a
    proposal costed with the projection's levers, the avoided cost by financial year (the chart
    only when the council's published figures can be projected); for the appendix, the years
    of published figures the projection rests on."""

    chart: ChartSpec | None
    note: str


@dataclass(frozen=True)
class ProposalSection:
    row: ProposalRow
    description: str | None
    service: str | None
    category: str | None
    kind: str
    recurring: bool
    stated_total: float | None
    one_off_costs: dict[str, float]
    staffing: str | None
    service_users: str | None
    years: tuple[YearRow, ...]
    inputs: tuple[InputLine, ...]
    assumptions: tuple[AssumptionLine, ...]
    evidence: tuple[EvidenceLine, ...]
    risks: tuple[RiskLine, ...]
    drivers: tuple[tuple[str, float], ...]
    charts: tuple[ChartSpec, ...]
    driver_note: str | None  # stands for the drivers chart when one input alone moves the saving
    questions: tuple[QuestionView, ...]
    lines_of_enquiry: tuple[str, ...]
    conclusions: tuple[str, ...]
    recommendations: tuple[str, ...]
    member_conclusions: tuple[MemberConclusion, ...] = ()
    projection: ProjectionView | None = None
    """Children looked after without and with the proposal's levers (the cla_projection model)."""

    @property
    def ref(self) -> str:
        return self.row.ref

    @property
    def glance(self) -> str:
        """One sentence on the money and how likely it is, for a reader with a minute."""
        if self.row.status == "removed":
            return (
                f"removed from the MTFS; {format_gbp_rounded(self.row.total)} still to be found "
                "elsewhere."
            )
        if not self.row.total:
            return "no saving is quantified in the papers."
        d = self.row.delivery
        total = format_gbp_rounded(self.row.total)
        if d is None:
            return f"a saving of {total}, not simulated."
        chance = f"; {d.chance_text}" if d.chance_text else ""
        return f"a saving of {total}; {d.sentence}{chance}."

    @property
    def anchor(self) -> str:
        return self.row.anchor

    @property
    def chart(self) -> ChartSpec | None:
        """The one chart the briefing's body shows (delivery against target by year); the
        others are in the full appendix."""
        return self.charts[0] if self.charts else None

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """What the proposal is, in a few labelled facts."""
        rows = [
            ("Service", self.service),
            (
                "Kind",
                f"{self.kind}{f' ({self.category})' if self.category else ''}, "
                f"{'recurring' if self.recurring else 'one-off'}",
            ),
            ("Staffing", self.staffing),
            ("Who is affected", self.service_users),
        ]
        return tuple((k, v) for k, v in rows if v)


@dataclass(frozen=True)
class KeyQuestionLine:
    """One of the key questions the report opens with: the proposal, the question and why it
    matters."""

    ref: str
    question: str
    why: str


@dataclass(frozen=True)
class ParameterLine:
    name: str
    description: str
    value: str
    year: str
    source: str
    as_of: str


@dataclass(frozen=True)
class ReportContext:
    council: str
    directorate: str | None
    committee: str | None
    meeting_date: str | None
    title: str
    years: tuple[str, ...]
    summary_years: tuple[SummaryYear, ...]
    removed: tuple[Removed, ...]
    key_points: tuple[str, ...]
    rows: tuple[ProposalRow, ...]
    proposals: tuple[ProposalSection, ...]
    portfolio_charts: tuple[ChartSpec, ...]
    file_findings: tuple[FindingLine, ...]
    file_assumptions: tuple[AssumptionLine, ...]
    mtfs_evidence: tuple[EvidenceLine, ...]
    parameters: tuple[ParameterLine, ...]
    method: tuple[str, ...]
    iterations: int | None
    seed: int | None
    questions: dict[Question, str] = field(default_factory=lambda: dict(QUESTION_TEXT))
    comparison: ComparisonView | None = None  # "How [council] compares", from national data
    comparison_note: str | None = None  # why there is no comparison, when one was looked for
    out_of_date: str | None = None  # why the figures are not the register's as it is now
    materiality: float = 0.05
    """A shortfall up to this share of the target still counts as meeting it (the simulation's)."""
    key_questions: tuple[KeyQuestionLine, ...] = ()
    """At most eight questions for the meeting, most important first."""
    procedure: str | None = None
    """What the meeting does with the proposals, from the file."""
    file_recommendations: tuple[str, ...] = ()
    """Recommendations on points several proposals share, put once."""
    span: str = ""
    """The plan's financial years as the cover names them: ``2022/23 to 2023/24``, ``2024/25``."""
    headline_quote: EvidenceLine | None = None
    """The savings total as the papers state it, quoted in its printed form."""
    proposals_total: float = 0.0
    """What the proposals still in the plan add up to [GBP]."""
    projection: ProjectionView | None = None
    """The council's children looked after, published and projected, for the appendix."""
    appendices: str = "summary"
    """Which appendices the report carries: none, summary (comparison and method) or full
    (also every finding with its rule and evidence, risks, quotes, assumptions, parameters)."""

    @property
    def has_contingency(self) -> bool:
        """Whether any year carries a recommended contingency (a column for it then)."""
        return any(y.contingency is not None for y in self.summary_years)

    @property
    def meet_floor(self) -> str:
        """The share of the target that counts as meeting it: ``95%``."""
        return percent(1 - self.materiality)

    @property
    def key_questions_intro(self) -> str:
        """Who the key questions are for: the committee, its meeting and procedure, as the file
        gives them."""
        about = ", ".join(x for x in (self.committee, self.meeting_date) if x)
        what = f" ({self.procedure[0].lower()}{self.procedure[1:]})" if self.procedure else ""
        for_whom = f" for {about}{what}" if about else what
        return f"The questions that matter most{for_whom}, most important first."

    @property
    def appendix_summary(self) -> bool:
        return self.appendices in ("summary", "full")

    @property
    def appendix_full(self) -> bool:
        return self.appendices == "full"

    @property
    def removed_total(self) -> float:
        return sum(r.amount for r in self.removed)

    @property
    def recommendations(self) -> list[str]:
        return [
            *(r for p in self.proposals for r in p.recommendations),
            *self.file_recommendations,
            *self.removed_recommendations,
        ]

    @property
    def removed_recommendations(self) -> list[str]:
        """The committee's recommendations on removed proposals (where their sum will be found)."""
        return [r for p in self.removed for r in p.recommendations]
