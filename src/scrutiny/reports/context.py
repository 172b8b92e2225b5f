"""The report view-model: everything a writer prints, built once from the results (pure).

`build_context` takes the proposal file, the simulation summary, the challenge report and the
parameters, and returns a `ReportContext`. Writers (HTML, PDF, Word, Excel) only lay it out; they
never recompute a figure. Every figure keeps where it came from: evidence quotes with their
locators, assumption rationales and sources, parameter sources, and the simulation's settings.
Money is in pounds [GBP]; probabilities are shares in [0, 1].
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence

from scrutiny.challenge.figures import listing, removal_reason
from scrutiny.domain.delivery import DEFAULT
from scrutiny.domain.evidence import DocumentEvidence, EvidenceItem, FieldEvidence, Finding
from scrutiny.domain.money import format_gbp, format_gbp_rounded
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import (
    ChallengeReport,
    ProposalChallenge,
    SimulationSummary,
    YearStats,
)
from scrutiny.domain.vocab import QUESTION_TEXT, Question, Verdict
from scrutiny.domain.years import day_words
from scrutiny.models import registry
from scrutiny.models.cla_projection import ClaProjection
from scrutiny.national.section import BenchmarkSection
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reports.chart_specs import (
    delivery_charts,
    driver_note,
    portfolio_charts,
    proposal_charts,
)
from scrutiny.reports.comparison import build_comparison, not_compared
from scrutiny.reports.projection_chart import (
    CouncilOutlook,
    council_outlook_chart,
    levers_spec,
    source_sentence,
)
from scrutiny.reports.view import (
    APPENDICES,
    DEFAULT_APPENDICES,
    AssumptionLine,
    Delivery,
    EvidenceLine,
    FindingLine,
    InputLine,
    KeyQuestionLine,
    MemberConclusion,
    OverrideLine,
    ParameterLine,
    ProjectionView,
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
from scrutiny.reports.wording import (
    describe_input,
    evidence_words,
    executive_points,
    field_words,
    input_label,
    method_paragraphs,
    named_sources,
    paper_names,
)


def build_context(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    challenge: ChallengeReport | None,
    parameters: ParameterSet | None = None,
    *,
    benchmark: BenchmarkSection | None = None,
    benchmarked: bool = False,
    member_conclusions: Mapping[str, Sequence[MemberConclusion]] | None = None,
    out_of_date: str | None = None,
    appendices: str = DEFAULT_APPENDICES,
    outlook: CouncilOutlook | None = None,
    baseline: CouncilOutlook | None = None,
) -> ReportContext:
    """The whole report as data; no I/O, no clock.

    `benchmark` is the national comparison the workflow computed for the file's council;
    `benchmarked` says one was looked for, so its absence is explained in a sentence.
    `member_conclusions` are members' recorded conclusions by ref; `out_of_date` is the
    sentence printed on the cover and summary when the results are older than the file;
    `appendices` says how much follows the briefing (`APPENDICES`). `outlook` is the
    council's children looked after projection from its published figures, charted in the
    appendix; `baseline` the projection a proposal costed with its levers is drawn against.
    """
    if appendices not in APPENDICES:
        raise ValueError(f"appendices must be one of {', '.join(APPENDICES)} (got {appendices!r})")
    member_conclusions = member_conclusions or {}
    years = tuple(summary.years if summary else pf.horizon())
    refs = [p.ref for p in pf.proposals]
    papers = paper_names(pf)
    sections = tuple(  # a removed proposal appears only among the money still to be found
        _section(
            p,
            years,
            summary,
            challenge.for_ref(p.ref) if challenge else None,
            parameters,
            refs,
            papers,
            baseline,
        )
        for p in pf.proposals
        if not p.is_removed
    )
    sections = tuple(
        dataclasses.replace(s, member_conclusions=tuple(member_conclusions.get(s.ref, ())))
        for s in sections
    )
    summary_years = _summary_years(pf, summary, years)
    removed = tuple(
        _removed(p, challenge.for_ref(p.ref) if challenge else None, papers)
        for p in pf.proposals
        if p.is_removed
    )
    return ReportContext(
        council=pf.council,
        directorate=pf.directorate,
        committee=pf.committee,
        meeting_date=_long_date(pf.meeting_date),
        title=pf.title or f"Budget scrutiny: {pf.directorate or 'savings proposals'}",
        years=years,
        summary_years=summary_years,
        removed=removed,
        key_points=tuple(
            executive_points(
                summary_years, removed, [s.row for s in sections], _headline(pf, papers)
            )
        ),
        headline_quote=_headline(pf, papers),
        proposals_total=float(sum(s.row.total for s in sections)),
        span=_span(pf, years),
        appendices=appendices,
        key_questions=tuple(
            KeyQuestionLine(k.ref, k.question, k.why)
            for k in (challenge.key_questions if challenge else [])
        ),
        file_recommendations=tuple(challenge.file_recommendations if challenge else ()),
        procedure=pf.procedure,
        rows=tuple(s.row for s in sections),
        proposals=sections,
        portfolio_charts=(
            *portfolio_charts(pf, summary_years),
            *delivery_charts([s.row for s in sections]),
        ),
        file_findings=tuple(
            _finding(f, refs, None, papers) for f in (challenge.file_findings if challenge else [])
        ),
        file_assumptions=tuple(
            AssumptionLine(None, a.field, _text(a.value), a.rationale, a.source)
            for a in pf.assumptions
        ),
        mtfs_evidence=tuple(
            EvidenceLine(e.quote or "", papers.get(e.source, e.source), e.locator)
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
        out_of_date=out_of_date,
        materiality=summary.materiality if summary else DEFAULT.materiality,
        projection=(
            ProjectionView(council_outlook_chart(outlook), source_sentence(outlook))
            if outlook is not None and appendices != "none"
            else None
        ),
    )


def _span(pf: ProposalFile, years: Sequence[str]) -> str:
    """The plan's years as the cover names them: every year the file gives a figure for."""
    named = pf.horizon() or list(years)
    if not named:
        return ""
    return named[0] if len(named) == 1 else f"{named[0]} to {named[-1]}"


def _headline(pf: ProposalFile, papers: Mapping[str, str]) -> EvidenceLine | None:
    """The savings total as the papers state it, in their words."""
    e = pf.headline.evidence if pf.headline else None
    if e is None or not e.quote:
        return None
    return EvidenceLine(e.quote, papers.get(e.source, e.source), e.locator)


def _removed(
    p: Proposal, challenge: ProposalChallenge | None, papers: Mapping[str, str]
) -> Removed:
    reason = removal_reason(p)
    return Removed(
        ref=p.ref,
        title=p.title,
        amount=p.total_target() or p.stated_total or 0.0,
        reason=reason[0] if reason else None,
        where=named_sources(reason[1], papers) if reason and reason[1] else None,
        recommendations=tuple(challenge.recommendations if challenge else ()),
    )


def delivery(
    year: str, stats: YearStats | None, materiality: float = DEFAULT.materiality
) -> Delivery | None:
    """A rated year's delivery as the report shows it; None without a target or a rating."""
    if stats is None or stats.rag is None or not stats.has_target:
        return None
    share = stats.expected_share
    return Delivery(
        year=year,
        target=stats.cumulative_target,
        expected=stats.mean,
        share=share if share is not None else stats.mean / stats.cumulative_target,
        at_risk=stats.at_risk,
        rag=stats.rag,
        p_meet=stats.p_meet_target,
        materiality=materiality,
    )


def _long_date(day: datetime.date | None) -> str | None:
    return day_words(day) if day else None


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
    materiality = summary.materiality if summary else DEFAULT.materiality
    out = []
    for year in years:
        stats = summary.portfolio.years.get(year) if summary else None
        out.append(
            SummaryYear(
                year=year,
                funding_gap=gap.get(year),
                funding_gap_grade=pf.grade("mtfs.funding_gap").value,
                savings_required=float(sum(p.savings.get(year, 0) for p in live)),
                cumulative_target=float(sum(p.cumulative_target(year) for p in live)),
                p50=stats.p50 if stats else None,
                p10=stats.p10 if stats else None,
                p_meet=stats.p_meet_target if stats and stats.cumulative_target > 0 else None,
                delivery=delivery(year, stats, materiality),
                contingency=stats.contingency if stats else None,
            )
        )
    return tuple(out)


def _finding(
    f: Finding,
    refs: Sequence[str],
    p: Proposal | None = None,
    papers: Mapping[str, str] | None = None,
) -> FindingLine:
    """A finding with its evidence in words (`p`: the proposal it is about)."""
    lines = _evidence(f.evidence, refs, f.message, p, papers)
    places = [
        e.locator or (f"page {e.page}" if e.page else "")
        for e in f.evidence
        if isinstance(e, DocumentEvidence)
    ]
    where = tuple(dict.fromkeys(x for x in places if x and x not in f.message))
    return FindingLine(f.rule, f.severity.value, f.message, lines, where)


_PROPOSAL_FIELD = re.compile(r"^proposals\[(\d+)\]\.(.+)$")


def _names(text: str, ref: str) -> bool:
    """Whether `text` names `ref` as a whole (``P-1`` is not named by ``P-10``)."""
    return re.search(rf"(?<![\w-]){re.escape(ref)}(?![\w-])", text) is not None


def _evidence(
    items: Sequence[EvidenceItem],
    refs: Sequence[str],
    message: str = "",
    p: Proposal | None = None,
    papers: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Each evidence item as a line in words (`evidence_words`); the same field with the same
    value in several proposals (a cross-proposal rule's evidence) is one line naming them:
    ``Service: Early Help for P-1, P-2 and P-3``, where a large register would otherwise repeat
    it for every proposal. When the finding's `message` already names them all, the line says so
    rather than naming them again."""
    order: list[tuple[str, str]] = []  # (field, value), or ("", line) for a line of its own
    named: dict[tuple[str, str], list[tuple[str, str]]] = {}  # → [(ref, line)]
    values: dict[tuple[str, str], object] = {}  # → the value itself, to write in words
    for e in items:
        match = _PROPOSAL_FIELD.match(e.path) if isinstance(e, FieldEvidence) else None
        if match is None or int(match[1]) >= len(refs):
            order.append(("", evidence_words(e, p, refs, papers)))
            continue
        key = (match[2], str(e.value))  # type: ignore[union-attr]
        if key not in named:
            named[key] = []
            values[key] = e.value  # type: ignore[union-attr]
            order.append(key)
        named[key].append((refs[int(match[1])], evidence_words(e, p, refs, papers)))
    out = []
    for key in order:
        these = named.get(key, [])
        if not key[0] or len(these) == 1:
            out.append(these[0][1] if these else key[1])
        elif all(_names(message, ref) for ref, _ in these):
            words = field_words(key[0], values[key])
            out.append(f"{words} for each of the {len(these)} proposals named")
        else:
            words = field_words(key[0], values[key])
            out.append(f"{words} for {listing([ref for ref, _ in these])}")
    return tuple(out)


def _section(
    p: Proposal,
    years: Sequence[str],
    summary: SimulationSummary | None,
    challenge: ProposalChallenge | None,
    parameters: ParameterSet | None,
    refs: Sequence[str],
    papers: Mapping[str, str] | None = None,
    baseline: CouncilOutlook | None = None,
) -> ProposalSection:
    sim = summary.for_ref(p.ref) if summary else None
    materiality = summary.materiality if summary else DEFAULT.materiality
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
                delivery=delivery(year, stats, materiality),
            )
        )
    hardest = sim.hardest_year() if sim else None
    questions = tuple(_question(q, challenge, refs, p, papers) for q in Question if challenge)
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
        delivery=delivery(*hardest, materiality) if hardest else None,
    )
    assumed = {a.field: a for a in p.assumptions}
    inputs = []
    for name, value in (p.model.inputs if p.model else {}).items():
        a = assumed.get(f"model.inputs.{name}")
        spec = registry.input_spec(p.model_type, name)
        inputs.append(
            InputLine(
                name=name,
                label=input_label(spec, name),
                value=describe_input(value, spec.unit if spec else None, money_style="rounded"),
                assumed=a is not None,
                rationale=a.rationale if a else None,
                source=named_sources(a.source, papers or {}) if a and a.source else None,
                grade=p.grade(f"model.inputs.{name}").value,
                formula=a.formula if a else None,
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
        evidence=tuple(
            EvidenceLine(e.quote or "", (papers or {}).get(e.source, e.source), e.locator)
            for e in p.evidence
        ),
        risks=tuple(
            RiskLine(r.description, r.likelihood, r.impact, r.score, r.mitigation)
            for r in sorted(p.risks, key=lambda r: -(r.score or 0))
        ),
        drivers=tuple((d.input, d.rank_correlation) for d in (sim.drivers if sim else [])),
        charts=tuple(proposal_charts(p, sim, year_rows, parameters, materiality)),
        driver_note=driver_note(sim, p.model_type),
        questions=questions,
        lines_of_enquiry=tuple(challenge.lines_of_enquiry if challenge else ()),
        conclusions=tuple(_unnumbered(challenge.conclusions if challenge else [])),
        recommendations=tuple(_unnumbered(challenge.recommendations if challenge else [])),
        projection=_levers(p, year_rows, sim.outputs if sim else {}, baseline),
    )


def _levers(
    p: Proposal,
    rows: Sequence[YearRow],
    outputs: Mapping[str, Mapping[str, float | None]],
    baseline: CouncilOutlook | None,
) -> ProjectionView | None:
    """For a proposal costed with the projection's levers: the children looked after without
    and with them (when the council's figures can be projected), and the avoided cost by year."""
    costed = [r for r in rows if r.mean is not None]
    if p.model_type != ClaProjection.name or not costed:
        return None
    chart = levers_spec(p.ref, baseline, outputs) if baseline is not None else None
    avoided = listing([f"{format_gbp_rounded(r.mean or 0.0)} in {r.year}" for r in costed])
    return ProjectionView(
        chart,
        f"The levers are estimated to avoid {avoided} (the average of the simulations).",
    )


_NUMBER = re.compile(r"^\s*\(?\d+[.)]\s+")


def _unnumbered(lines: Sequence[str]) -> list[str]:
    """Drop a leading "1. " the wording may carry: every writer numbers its own lists."""
    return [_NUMBER.sub("", line, count=1) for line in lines]


def _question(
    q: Question,
    challenge: ProposalChallenge | None,
    refs: Sequence[str],
    p: Proposal | None = None,
    papers: Mapping[str, str] | None = None,
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
        findings=tuple(_finding(f, refs, p, papers) for f in result.findings),
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
