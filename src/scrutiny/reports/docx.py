"""The report as a Word document officers can edit (python-docx).

Real heading styles (so Word's navigation pane and contents work), numbered lists that restart
for each proposal, tables with a repeating header row and captions, and the charts as PNG images
with their text alternative set as the picture's description.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from scrutiny.domain.money import money
from scrutiny.domain.vocab import Question
from scrutiny.reports import docx_blocks as blocks
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.comparison import ComparisonView
from scrutiny.reports.docx_blocks import Doc
from scrutiny.reports.view import (
    QUESTION_SHORT,
    FindingLine,
    ProjectionView,
    ProposalSection,
    Removed,
    ReportContext,
)
from scrutiny.reports.wording import field_name, grade_words, percent


def write_docx(ctx: ReportContext, path: Path) -> Path:
    """The briefing as a Word document: cover and contents, summary, key questions, the
    proposals, then the appendices `ctx.appendices` asks for."""
    doc = _document()
    _cover(doc, ctx)
    _contents(doc)
    _summary(doc, ctx)
    doc.add_page_break()
    _key_questions(doc, ctx)
    for i, section in enumerate(ctx.proposals):
        doc.add_page_break()
        if i == 0:
            blocks.heading(doc, "The proposals", level=1)
        _proposal(doc, section, ctx.meet_floor)
    if ctx.appendix_summary:
        if ctx.comparison:
            doc.add_page_break()
            _comparison(doc, ctx.comparison)
            _outlook(doc, ctx.projection)
        doc.add_page_break()
        blocks.heading(doc, f"Appendix {'B' if ctx.comparison else 'A'}: method", level=1)
        if not ctx.comparison:
            _outlook(doc, ctx.projection)
        for para in ctx.method:
            doc.add_paragraph(para)
    if ctx.appendix_full:
        doc.add_page_break()
        _findings_in_full(doc, ctx)
        doc.add_page_break()
        _appendix(doc, ctx)

    def save(tmp: Path) -> None:
        doc.save(str(tmp))

    return write_atomically(path, save)


def _document() -> Doc:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    blocks.field(footer, "PAGE", "1")
    footer.add_run(" of ")
    blocks.field(footer, "NUMPAGES", "1")
    return doc


def _cover(doc: Doc, ctx: ReportContext) -> None:
    council = ctx.council + (f", {ctx.directorate}" if ctx.directorate else "")
    doc.add_paragraph(council).runs[0].font.size = Pt(14)
    blocks.heading(doc, ctx.title, level=0)
    if ctx.committee:
        doc.add_paragraph(ctx.committee).runs[0].font.size = Pt(13)
    if ctx.meeting_date:
        doc.add_paragraph(f"Meeting of {ctx.meeting_date}").runs[0].font.size = Pt(13)
    span = f", {ctx.span}" if ctx.span else ""
    sims = (
        f"; the risk of not delivering each saving is estimated from {ctx.iterations:,} simulations"
        if ctx.iterations
        else ""
    )
    removed = f" and {len(ctx.removed)} removed from the plan" if ctx.removed else ""
    _out_of_date(doc, ctx)
    note = doc.add_paragraph(
        f"Scrutiny briefing on {len(ctx.proposals)} savings proposals{removed}{span}{sims}. "
        "Figures are rounded to at most three significant figures; figures quoted from the "
        "papers keep the form they are printed in."
    )
    note.runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    doc.add_page_break()


def _contents(doc: Doc) -> None:
    blocks.heading(doc, "Contents", level=1)
    blocks.field(
        doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "Update this field to list the contents."
    )
    doc.add_page_break()


def _out_of_date(doc: Doc, ctx: ReportContext) -> None:
    if ctx.out_of_date:
        para = doc.add_paragraph()
        para.add_run("Out of date: ").bold = True
        para.add_run(ctx.out_of_date)


def rounded(amount: float | None) -> str:
    return money(amount, "rounded")


def _key_questions(doc: Doc, ctx: ReportContext) -> None:
    if ctx.file_recommendations and not ctx.key_questions:
        blocks.heading(doc, "Recommendations on several proposals", level=1)
        blocks.item_list(doc, list(ctx.file_recommendations), numbered=True)
    if not ctx.key_questions:
        return
    blocks.heading(doc, "Key questions for the meeting", level=1)
    doc.add_paragraph(ctx.key_questions_intro)
    blocks.item_list(
        doc,
        [
            (f"{k.ref}. " if k.ref else "") + f"{k.question} Why it matters: {k.why}"
            for k in ctx.key_questions
        ],
        numbered=True,
    )
    if ctx.file_recommendations:
        blocks.heading(doc, "Recommendations on several proposals", level=2)
        blocks.item_list(doc, list(ctx.file_recommendations), numbered=True)


def _summary(doc: Doc, ctx: ReportContext) -> None:
    blocks.heading(doc, "Summary", level=1)
    _out_of_date(doc, ctx)
    blocks.item_list(doc, ctx.key_points, numbered=False)
    contingency = ["Recommended contingency (derived)"] if ctx.has_contingency else []
    if any(y.cumulative_target or y.funding_gap for y in ctx.summary_years):
        blocks.table(
            doc,
            "Table 1: the plan by year: savings against the funding gap, expected delivery, "
            "money at risk and RAG rating",
            [
                "Financial year",
                "Funding gap",
                "Cumulative target",
                "Expected delivery (share of target)",
                "At risk",
                "RAG",
                *contingency,
                f"Chance of at least {ctx.meet_floor} of target",
            ],
            [
                [
                    y.year,
                    rounded(y.funding_gap) + grade_words(y.funding_gap, y.funding_gap_grade),
                    rounded(y.cumulative_target),
                    y.delivery.expected_text if y.delivery else "—",
                    y.delivery.at_risk_text if y.delivery else "—",
                    y.delivery.rag_text if y.delivery else "—",
                    *([rounded(y.contingency)] if contingency else []),
                    percent(y.p_meet),
                ]
                for y in ctx.summary_years
            ],
            numeric=[1, 2, 3, 4, *([6] if contingency else []), 6 + len(contingency)],
        )
    if ctx.mtfs_evidence:
        quotes = "; ".join(f"“{e.quote}” ({e.locator or e.source})" for e in ctx.mtfs_evidence)
        doc.add_paragraph(f"Funding gap as the papers state it: {quotes}.")
    _register(doc, ctx)
    if ctx.removed:
        blocks.table(
            doc,
            "Table 3: proposals removed from the plan: money still to be found elsewhere, and "
            "why the papers say each was removed",
            ["Proposal", "Still to be found", "Reason the papers give"],
            [[f"{r.ref}: {r.title}", rounded(r.amount), _reason(r)] for r in ctx.removed],
            numeric=[1],
        )
        if ctx.removed_recommendations:
            blocks.item_list(doc, ctx.removed_recommendations, numbered=False)
    doc.add_paragraph(
        "Expected delivery is the average of the simulated savings; money at risk is the "
        "average shortfall below the target; a proposal is rated for its hardest year. Verdicts "
        "marked “(members)” are the committee's own."
        + (f" {ctx.comparison_note}" if ctx.comparison_note else "")
    )


def _reason(r: Removed) -> str:
    if not r.reason:
        return "The papers give no reason."
    return f"“{r.reason}” ({r.where})" if r.where else r.reason


def _register(doc: Doc, ctx: ReportContext) -> None:
    questions = list(Question)
    rows = []
    for r in ctx.rows:
        d = r.delivery
        rows.append(
            [
                f"{r.ref}: {r.title}",
                rounded(r.total) if r.total else "—",
                d.expected_text if d else "—",
                d.at_risk_text if d else "—",
                d.rag_text if d else "—",
                *(r.tags.get(q, "—") for q in questions),
            ]
        )
    blocks.table(
        doc,
        "Table 2: the proposals at a glance: total target, expected delivery and money at risk "
        "in the hardest year, RAG rating and the committee's three questions",
        [
            "Proposal",
            "Total target",
            "Expected (share)",
            "At risk",
            "RAG",
            *(QUESTION_SHORT[q] for q in questions),
        ],
        rows,
        numeric=range(1, 4),
    )


def _comparison(doc: Doc, b: ComparisonView) -> None:
    """How the council compares with England, its region and similar councils."""
    blocks.heading(doc, f"Appendix A: {b.heading}", level=1)
    doc.add_paragraph(b.intro)
    blocks.table(
        doc,
        f"Table A1: {b.council}'s published figures beside England, {b.region} and "
        "its neighbours, with the period and source of each",
        [
            "Indicator",
            b.council,
            "England",
            b.region,
            "Neighbours: median (range)",
            "Rank",
            "Period and source",
        ],
        [
            [r.label, r.council, r.england, r.region, r.similar, r.rank, f"{r.period}; {r.source}"]
            for r in b.rows
        ],
        numeric=range(1, 6),
        widths=[3.2, 1.9, 1.9, 1.9, 2.6, 1.5, 4.0],
    )
    doc.add_paragraph(f"{b.similar_method} They are: {', '.join(b.similar_councils)}.")
    if b.chart:
        blocks.picture(doc, b.chart)
    if b.outside or b.assumptions:
        blocks.heading(doc, "Assumptions checked against published figures", level=2)
        blocks.item_list(
            doc,
            [f"Outside the published range: {line}" for line in b.outside] + list(b.assumptions),
            numbered=False,
        )


def _projection(doc: Doc, v: ProjectionView | None) -> None:
    """A children looked after projection chart and the sentence under it."""
    if v is None:
        return
    if v.chart:
        blocks.picture(doc, v.chart)
    doc.add_paragraph(v.note)


def _outlook(doc: Doc, v: ProjectionView | None) -> None:
    """The council's children looked after, published and projected, in the appendix."""
    if v is None:
        return
    blocks.heading(doc, "Children looked after: published and projected", level=2)
    _projection(doc, v)


def _proposal(doc: Doc, p: ProposalSection, floor: str) -> None:
    blocks.heading(doc, f"{p.ref}: {p.row.title}", level=2)
    glance = doc.add_paragraph()
    glance.add_run("At a glance: ").bold = True
    verdicts = "".join(f" {QUESTION_SHORT[q]}: {t.text}." for q, t in p.row.tags.items())
    glance.add_run(p.glance + verdicts)
    blocks.heading(doc, "What it is", level=3)
    if p.description:
        doc.add_paragraph(p.description)
    for label, value in p.facts:
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
    if p.years and p.row.total:
        blocks.table(
            doc,
            f"{p.ref}: target and expected delivery by year",
            [
                "Financial year",
                "Cumulative target",
                "Expected delivery (share)",
                "At risk",
                "RAG",
                "Four times in five between",
                f"Chance of at least {floor} of target",
            ],
            [
                [
                    y.year,
                    rounded(y.cumulative_target),
                    y.delivery.expected_text if y.delivery else money(y.mean, "rounded"),
                    y.delivery.at_risk_text if y.delivery else "—",
                    y.delivery.rag_text if y.delivery else "—",
                    "—" if y.p10 is None else f"{rounded(y.p10)} and {money(y.p90, 'rounded')}",
                    percent(y.p_meet),
                ]
                for y in p.years
            ],
            numeric=[1, 2, 3, 5, 6],
        )
    else:
        doc.add_paragraph(
            "The papers give no savings profile for this proposal, so its delivery could not be "
            "simulated."
        )
    if p.inputs:
        blocks.heading(doc, "What it depends on", level=3)
        blocks.table(
            doc,
            f"{p.ref}: what the saving depends on, and where each figure comes from",
            ["Figure", "Value", "Basis"],
            [[i.label, i.value, i.basis] for i in p.inputs],
            widths=[5.0, 5.0, 7.0],
        )
    if p.chart:
        blocks.picture(doc, p.chart)
    _projection(doc, p.projection)
    if p.questions:
        blocks.heading(doc, "The committee's three questions", level=3)
        for q in p.questions:
            blocks.heading(doc, q.text, level=4)
            if q.override:
                doc.add_paragraph(
                    f"Members' verdict: {q.override.tag.text} (the analysis found: "
                    f"{q.engine.text}). {q.override.reason} ({q.override.by}, {q.override.at})"
                )
            else:
                doc.add_paragraph(f"Verdict: {q.engine.text}")
            lines = [
                f"{f.severity_words}: {f.message}" + (f" ({'; '.join(f.where)})" if f.where else "")
                for f in q.main_findings
            ]
            if lines:
                blocks.item_list(doc, lines, numbered=False)
            if q.minor_count:
                doc.add_paragraph(
                    f"{q.minor_count} minor point{'' if q.minor_count == 1 else 's'}."
                )
    for title, items, numbered in (
        (
            "Members' conclusions",
            [f"{m.text} ({m.by}, {m.on})" for m in p.member_conclusions],
            False,
        ),
        ("Recommendations", p.recommendations, True),
    ):
        if items:
            blocks.heading(doc, title, level=3)
            blocks.item_list(doc, items, numbered=numbered)


def _findings_in_full(doc: Doc, ctx: ReportContext) -> None:
    """Every finding with its rule and evidence, the other charts, risks, quotes, lines of
    enquiry and conclusions."""
    blocks.heading(
        doc, f"Appendix {'C' if ctx.comparison else 'B'}: findings and evidence in full", level=1
    )
    for chart in ctx.portfolio_charts:
        blocks.picture(doc, chart)

    def findings(items: Sequence[FindingLine]) -> None:
        blocks.item_list(
            doc,
            [
                f"{f.severity_words} ({f.rule}): {f.message} Evidence: {'; '.join(f.evidence)}"
                for f in items
            ],
            numbered=False,
        )

    if ctx.file_findings:
        blocks.heading(doc, "Across the proposals", level=2)
        findings(ctx.file_findings)
    for p in ctx.proposals:
        blocks.heading(doc, f"{p.ref}: {p.row.title}", level=2)
        for q in p.questions:
            if q.findings:
                blocks.heading(doc, q.text, level=3)
                findings(q.findings)
        for chart in p.charts[1:]:
            blocks.picture(doc, chart)
        if p.driver_note:
            doc.add_paragraph(p.driver_note)
        if p.risks:
            blocks.table(
                doc,
                f"{p.ref}: risks in the papers, highest score first (likelihood and impact on 1 "
                "to 5 scales)",
                ["Risk", "Likelihood", "Impact", "Score", "Mitigation"],
                [
                    [
                        r.description,
                        r.likelihood or "Not scored",
                        r.impact or "Not scored",
                        r.score or "Not scored",
                        r.mitigation or "None stated",
                    ]
                    for r in p.risks
                ],
                numeric=[1, 2, 3],
                widths=[6.5, 1.8, 1.6, 1.4, 5.7],
            )
        if p.evidence:
            blocks.heading(doc, "Evidence from the papers", level=3)
            for e in p.evidence:
                blocks.styled(doc, f"“{e.quote}” ({e.where})", "Quote")
        for title, items, numbered in (
            ("Lines of enquiry", p.lines_of_enquiry, False),
            ("Conclusions", p.conclusions, True),
        ):
            if items:
                blocks.heading(doc, title, level=3)
                blocks.item_list(doc, items, numbered=numbered)


def _appendix(doc: Doc, ctx: ReportContext) -> None:
    letter = "D" if ctx.comparison else "C"
    blocks.heading(doc, f"Appendix {letter}: assumptions and parameters", level=1)
    if ctx.file_assumptions:
        blocks.heading(doc, "Assumptions about the council's figures", level=2)
        blocks.item_list(
            doc,
            [
                f"{field_name(a.field)}: {a.rationale}"
                + (f" Source: {a.source}" if a.source else "")
                for a in ctx.file_assumptions
            ],
            numbered=False,
        )
    for p in ctx.proposals:
        if not p.inputs:
            continue
        blocks.heading(doc, f"{p.ref}: the figures behind the model", level=2)
        blocks.table(
            doc,
            f"{p.ref}: model inputs, and where each comes from",
            ["Input", "Value", "Basis and source"],
            [
                [
                    i.label,
                    i.value,
                    (f"{i.basis}: {i.rationale}" if i.rationale else i.basis)
                    + (f" Source: {i.source}" if i.source else ""),
                ]
                for i in p.inputs
            ],
            widths=[3.5, 4.0, 9.5],
        )
    blocks.heading(doc, "Parameters", level=2)
    if ctx.parameters:
        blocks.table(
            doc,
            "Parameters used by the models, with their sources",
            ["Parameter", "Value", "Year", "Source", "Checked"],
            [
                [f"{m.name}: {m.description}", m.value, m.year, m.source, m.as_of]
                for m in ctx.parameters
            ],
        )
    else:
        doc.add_paragraph(
            "No national or policy parameters were used: every input comes from the proposal file."
        )
