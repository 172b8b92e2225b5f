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

from scrutiny.challenge.figures import listing
from scrutiny.domain.evidence import EvidenceItem, FieldEvidence, Finding
from scrutiny.domain.money import format_gbp
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, ProposalChallenge, SimulationSummary
from scrutiny.domain.vocab import QUESTION_TEXT, Question, Verdict
from scrutiny.national.section import BenchmarkSection
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reports.chart_specs import driver_note, portfolio_charts, proposal_charts
from scrutiny.reports.comparison import build_comparison, not_compared
from scrutiny.reports.view import (
    AssumptionLine,
    EvidenceLine,
    FindingLine,
    InputLine,
    OverrideLine,
    ParameterLine,
    ProposalRow,
    ProposalSection,
    QuestionView,
    Removed,
    ReportContext,
    RiskLine,
    SummaryYear,
    VerdictTag,
    YearRow,
)
from scrutiny.reports.wording import describe_input, executive_points, method_paragraphs


def build_context(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    challenge: ChallengeReport | None,
    parameters: ParameterSet | None = None,
    *,
    benchmark: BenchmarkSection | None = None,
    benchmarked: bool = False,
) -> ReportContext:
    """The whole report as data; no I/O, no clock.

    `benchmark` is the national comparison the workflow computed for the file's council;
    `benchmarked` says one was looked for, so its absence is explained in a sentence.
    """
    years = tuple(summary.years if summary else pf.horizon())
    refs = [p.ref for p in pf.proposals]
    sections = tuple(
        _section(
            p, years, summary, challenge.for_ref(p.ref) if challenge else None, parameters, refs
        )
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
        file_findings=tuple(
            _finding(f, refs) for f in (challenge.file_findings if challenge else [])
        ),
        file_assumptions=tuple(
            AssumptionLine(None, a.field, _text(a.value), a.rationale, a.source)
            for a in pf.assumptions
        ),
        mtfs_evidence=tuple(
            EvidenceLine(e.quote or "", e.source, e.locator)
            for e in (pf.mtfs.evidence if pf.mtfs else [])
        ),
        parameters=tuple(_parameters(parameters)),
        method=tuple(
            method_paragraphs(summary.iterations, summary.seed)
            if summary
            else method_paragraphs(None, None)
        ),
        iterations=summary.iterations if summary else None,
        seed=summary.seed if summary else None,
        comparison=build_comparison(benchmark) if benchmark else None,
        comparison_note=not_compared(pf.council) if benchmarked and not benchmark else None,
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


def _finding(f: Finding, refs: Sequence[str]) -> FindingLine:
    return FindingLine(f.rule, f.severity.value, f.message, _evidence(f.evidence, refs, f.message))


_PROPOSAL_FIELD = re.compile(r"^proposals\[(\d+)\]\.(.+)$")


def _names(text: str, ref: str) -> bool:
    """Whether `text` names `ref` as a whole (``P-1`` is not named by ``P-10``)."""
    return re.search(rf"(?<![\w-]){re.escape(ref)}(?![\w-])", text) is not None


def _evidence(
    items: Sequence[EvidenceItem], refs: Sequence[str], message: str = ""
) -> tuple[str, ...]:
    """Each evidence item as a line; the same field with the same value in several proposals (a
    cross-proposal rule's evidence) is one line naming them: ``service = Early Help for P-1, P-2
    and P-3``, where a large register would otherwise repeat it for every proposal. When the
    finding's `message` already names them all, the line says so rather than naming them again."""
    order: list[tuple[str, str]] = []  # (field, value), or ("", line) for a line of its own
    named: dict[tuple[str, str], list[tuple[str, str]]] = {}  # → [(ref, line)]
    for e in items:
        match = _PROPOSAL_FIELD.match(e.path) if isinstance(e, FieldEvidence) else None
        if match is None or int(match[1]) >= len(refs):
            order.append(("", e.describe()))
            continue
        key = (match[2], str(e.value))  # type: ignore[union-attr]
        if key not in named:
            named[key] = []
            order.append(key)
        named[key].append((refs[int(match[1])], e.describe()))
    out = []
    for key in order:
        these = named.get(key, [])
        if not key[0] or len(these) == 1:
            out.append(these[0][1] if these else key[1])
        elif all(_names(message, ref) for ref, _ in these):
            out.append(f"{key[0]} = {key[1]} for each of the {len(these)} proposals named")
        else:
            out.append(f"{key[0]} = {key[1]} for {listing([ref for ref, _ in these])}")
    return tuple(out)


def _unit(p: Proposal, name: str) -> str | None:
    """The unit of model input `name` of `p`, when its model is known."""
    from scrutiny.models import registry

    try:
        return registry.get(p.model_type).input(name).unit.value
    except KeyError:
        return None


def _section(
    p: Proposal,
    years: Sequence[str],
    summary: SimulationSummary | None,
    challenge: ProposalChallenge | None,
    parameters: ParameterSet | None,
    refs: Sequence[str],
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
    questions = tuple(_question(q, challenge, refs) for q in Question if challenge)
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
                value=describe_input(value, _unit(p, name)),
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
        driver_note=driver_note(sim),
        questions=questions,
        lines_of_enquiry=tuple(challenge.lines_of_enquiry if challenge else ()),
        conclusions=tuple(_unnumbered(challenge.conclusions if challenge else [])),
        recommendations=tuple(_unnumbered(challenge.recommendations if challenge else [])),
    )


_NUMBER = re.compile(r"^\s*\(?\d+[.)]\s+")


def _unnumbered(lines: Sequence[str]) -> list[str]:
    """Drop a leading "1. " the wording may carry: every writer numbers its own lists."""
    return [_NUMBER.sub("", line, count=1) for line in lines]


def _question(
    q: Question, challenge: ProposalChallenge | None, refs: Sequence[str]
) -> QuestionView:
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
        findings=tuple(_finding(f, refs) for f in result.findings),
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
