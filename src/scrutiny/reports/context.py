"""The report view-model: everything a writer prints, built once from the results (pure).

`build_context` takes the proposal file, the simulation summary, the challenge report and the
parameters, and returns a `ReportContext`. Writers (HTML, PDF, Word, Excel) only lay it out; they
never recompute a figure. Every figure keeps where it came from: evidence quotes with their
locators, assumption rationales and sources, parameter sources, and the simulation's settings.
Money is in pounds [GBP]; probabilities are shares in [0, 1].
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from scrutiny.domain.money import format_gbp
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, ProposalChallenge, SimulationSummary
from scrutiny.domain.vocab import QUESTION_TEXT, Question, Verdict
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reports.chart_specs import ChartSpec, portfolio_charts, proposal_charts
from scrutiny.reports.wording import (
    METHOD,
    VERDICT_LABEL,
    VERDICT_SYMBOL,
    describe_input,
    executive_points,
    percent,
)

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

    @property
    def share_of_gap(self) -> float | None:
        if not self.funding_gap:
            return None
        return self.savings_required / self.funding_gap


@dataclass(frozen=True)
class Removed:
    ref: str
    title: str
    amount: float


@dataclass(frozen=True)
class InputLine:
    """A model input as the committee sees it, with the assumption behind it when there is one."""

    name: str
    value: str
    assumed: bool
    rationale: str | None = None
    source: str | None = None


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


@dataclass(frozen=True)
class FindingLine:
    rule: str
    severity: str
    message: str
    evidence: tuple[str, ...]


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


@dataclass(frozen=True)
class RiskLine:
    description: str
    likelihood: int
    impact: int
    score: int
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

    @property
    def anchor(self) -> str:
        """The id of the proposal's section in HTML and PDF."""
        return "p-" + "".join(c if c.isalnum() else "-" for c in self.ref).lower()


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
    questions: tuple[QuestionView, ...]
    lines_of_enquiry: tuple[str, ...]
    conclusions: tuple[str, ...]
    recommendations: tuple[str, ...]

    @property
    def ref(self) -> str:
        return self.row.ref

    @property
    def anchor(self) -> str:
        return self.row.anchor


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

    @property
    def removed_total(self) -> float:
        return sum(r.amount for r in self.removed)

    @property
    def recommendations(self) -> list[str]:
        return [r for p in self.proposals for r in p.recommendations]


def build_context(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    challenge: ChallengeReport | None,
    parameters: ParameterSet | None = None,
) -> ReportContext:
    """The whole report as data; no I/O, no clock."""
    years = tuple(summary.years if summary else pf.horizon())
    sections = tuple(
        _section(p, years, summary, challenge.for_ref(p.ref) if challenge else None, parameters)
        for p in pf.proposals
    )
    summary_years = _summary_years(pf, summary, years)
    removed = tuple(Removed(p.ref, p.title, p.total_target()) for p in pf.proposals if p.is_removed)
    return ReportContext(
        council=pf.council,
        directorate=pf.directorate,
        committee=pf.committee,
        meeting_date=_long_date(pf.meeting_date),
        title=pf.title or f"Budget scrutiny: {pf.directorate or 'savings proposals'}",
        years=years,
        summary_years=summary_years,
        removed=removed,
        key_points=tuple(executive_points(summary_years, removed, [s.row for s in sections])),
        rows=tuple(s.row for s in sections),
        proposals=sections,
        portfolio_charts=tuple(portfolio_charts(pf, summary_years)),
        file_findings=tuple(_finding(f) for f in (challenge.file_findings if challenge else [])),
        file_assumptions=tuple(
            AssumptionLine(None, a.field, _text(a.value), a.rationale, a.source)
            for a in pf.assumptions
        ),
        mtfs_evidence=tuple(
            EvidenceLine(e.quote or "", e.source, e.locator)
            for e in (pf.mtfs.evidence if pf.mtfs else [])
        ),
        parameters=tuple(_parameters(parameters)),
        method=tuple(METHOD(summary.iterations, summary.seed) if summary else METHOD(None, None)),
        iterations=summary.iterations if summary else None,
        seed=summary.seed if summary else None,
    )


def _long_date(day: datetime.date | None) -> str | None:
    return f"{day.day} {day:%B %Y}" if day else None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and abs(value) >= 1000:
        return f"{value:,}"
    return str(value)


def _summary_years(
    pf: ProposalFile, summary: SimulationSummary | None, years: Sequence[str]
) -> tuple[SummaryYear, ...]:
    gap = pf.mtfs.funding_gap if pf.mtfs else {}
    live = [p for p in pf.proposals if not p.is_removed]
    out = []
    for year in years:
        stats = summary.portfolio.years.get(year) if summary else None
        out.append(
            SummaryYear(
                year=year,
                funding_gap=gap.get(year),
                savings_required=float(sum(p.savings.get(year, 0) for p in live)),
                cumulative_target=float(sum(p.cumulative_target(year) for p in live)),
                p50=stats.p50 if stats else None,
                p10=stats.p10 if stats else None,
                p_meet=stats.p_meet_target if stats and stats.cumulative_target > 0 else None,
            )
        )
    return tuple(out)


def _finding(f: object) -> FindingLine:
    from scrutiny.domain.evidence import Finding

    assert isinstance(f, Finding)
    return FindingLine(f.rule, f.severity.value, f.message, tuple(e.describe() for e in f.evidence))


def _section(
    p: Proposal,
    years: Sequence[str],
    summary: SimulationSummary | None,
    challenge: ProposalChallenge | None,
    parameters: ParameterSet | None,
) -> ProposalSection:
    sim = summary.for_ref(p.ref) if summary else None
    year_rows = []
    for year in years:
        stats = sim.years.get(year) if sim else None
        increment = float(p.savings.get(year, 0))
        cumulative = p.cumulative_target(year)
        if stats is None and not cumulative:
            continue
        year_rows.append(
            YearRow(
                year=year,
                increment=increment,
                cumulative_target=cumulative,
                mean=stats.mean if stats else None,
                p10=stats.p10 if stats else None,
                p50=stats.p50 if stats else None,
                p90=stats.p90 if stats else None,
                p_meet=stats.p_meet_target if stats and stats.cumulative_target > 0 else None,
            )
        )
    questions = tuple(_question(q, challenge) for q in Question if challenge)
    tags = {q.key: q.effective for q in questions}
    row = ProposalRow(
        ref=p.ref,
        title=p.title,
        status=p.status.value.replace("_", " "),
        model=p.model_type.replace("_", " "),
        targets={y: float(p.savings.get(y, 0)) for y in years},
        total=p.total_target(),
        p_meet=sim.lowest_p_meet() if sim else None,
        tags=tags,
    )
    assumed = {a.field: a for a in p.assumptions}
    inputs = []
    for name, value in (p.model.inputs if p.model else {}).items():
        a = assumed.get(f"model.inputs.{name}")
        inputs.append(
            InputLine(
                name=name,
                value=describe_input(value),
                assumed=a is not None,
                rationale=a.rationale if a else None,
                source=a.source if a else None,
            )
        )
    return ProposalSection(
        row=row,
        description=p.description,
        service=p.service,
        category=p.category.value.replace("_", " ") if p.category else None,
        kind=p.kind.value.replace("_", " "),
        recurring=p.recurring,
        stated_total=p.stated_total,
        one_off_costs=dict(p.one_off_costs),
        staffing=_staffing(p),
        service_users=p.service_users_affected,
        years=tuple(year_rows),
        inputs=tuple(inputs),
        assumptions=tuple(
            AssumptionLine(p.ref, a.field, _text(a.value), a.rationale, a.source)
            for a in p.assumptions
        ),
        evidence=tuple(EvidenceLine(e.quote or "", e.source, e.locator) for e in p.evidence),
        risks=tuple(
            RiskLine(r.description, r.likelihood, r.impact, r.score, r.mitigation)
            for r in sorted(p.risks, key=lambda r: -r.score)
        ),
        drivers=tuple((d.input, d.rank_correlation) for d in (sim.drivers if sim else [])),
        charts=tuple(proposal_charts(p, sim, year_rows, parameters)),
        questions=questions,
        lines_of_enquiry=tuple(challenge.lines_of_enquiry if challenge else ()),
        conclusions=tuple(_unnumbered(challenge.conclusions if challenge else [])),
        recommendations=tuple(_unnumbered(challenge.recommendations if challenge else [])),
    )


_NUMBER = re.compile(r"^\s*\(?\d+[.)]\s+")


def _unnumbered(lines: Sequence[str]) -> list[str]:
    """Drop a leading "1. " the wording may carry: every writer numbers its own lists."""
    return [_NUMBER.sub("", line, count=1) for line in lines]


def _question(q: Question, challenge: ProposalChallenge | None) -> QuestionView:
    assert challenge is not None
    result = challenge.questions.get(q)
    if result is None:
        return QuestionView(
            q, QUESTION_TEXT[q], VerdictTag(Verdict.insufficient_information), None, ()
        )
    override = None
    if result.override:
        o = result.override
        override = OverrideLine(
            VerdictTag(o.verdict, overridden=True), o.reason, o.by, _long_date(o.at.date()) or ""
        )
    return QuestionView(
        key=q,
        text=QUESTION_TEXT[q],
        engine=VerdictTag(result.verdict),
        override=override,
        findings=tuple(_finding(f) for f in result.findings),
    )


def _staffing(p: Proposal) -> str | None:
    s = p.staffing
    if s is None:
        return None
    parts = []
    if s.posts is not None:
        parts.append(f"{_text(s.posts)} posts")
    if s.fte is not None:
        parts.append(f"{_text(s.fte)} FTE")
    if s.vacant_posts is not None:
        parts.append(f"{_text(s.vacant_posts)} vacant")
    if s.redundancies_max is not None:
        parts.append(f"at most {s.redundancies_max} redundancies")
    return ", ".join(parts) or None


def _parameters(parameters: ParameterSet | None) -> list[ParameterLine]:
    lines = []
    for name, param in (parameters or ParameterSet()).items():
        year, value = param.entry()
        amount = value.value
        shown = format_gbp(amount) if param.unit.value.startswith("gbp") else f"{amount:g}"
        lines.append(
            ParameterLine(
                name=name,
                description=param.description,
                value=f"{shown} ({param.unit.value.replace('_', ' ')})",
                year=year,
                source=value.source.cite(),
                as_of=param.as_of.isoformat(),
            )
        )
    return lines


__all__ = ["QUESTION_SHORT", "ReportContext", "VerdictTag", "build_context", "percent"]
