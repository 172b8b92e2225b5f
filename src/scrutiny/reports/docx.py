"""The report as a Word document officers can edit (python-docx).

Real heading styles (so Word's navigation pane and contents work), numbered lists that restart
for each proposal, tables with a repeating header row and captions, and the charts as PNG images
with their text alternative set as the picture's description.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from scrutiny.domain.money import format_gbp_rounded as rounded
from scrutiny.domain.vocab import Question
from scrutiny.reports import docx_blocks as blocks
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.comparison import ComparisonView
from scrutiny.reports.docx_blocks import Doc
from scrutiny.reports.view import QUESTION_SHORT, ProposalSection, Removed, ReportContext
from scrutiny.reports.wording import grade_words, money, percent


def write_docx(ctx: ReportContext, path: Path) -> Path:
    doc = _document()
    _cover(doc, ctx)
    _contents(doc)
    _summary(doc, ctx)
    _register(doc, ctx)
    if ctx.comparison:
        doc.add_page_break()
        _comparison(doc, ctx.comparison, 4 if ctx.removed else 3)
    for i, section in enumerate(ctx.proposals):
        doc.add_page_break()
        if i == 0:
            blocks.heading(doc, "The proposals", level=1)
        _proposal(doc, section, ctx.meet_floor)
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
    span = f", {ctx.years[0]} to {ctx.years[-1]}" if ctx.years else ""
    sims = f"; risk of non-delivery from {ctx.iterations:,} simulations" if ctx.iterations else ""
    _out_of_date(doc, ctx)
    note = doc.add_paragraph(
        f"Scrutiny report on {len(ctx.proposals)} savings proposals{span}{sims}."
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


def _key_questions(doc: Doc, ctx: ReportContext) -> None:
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


def _summary(doc: Doc, ctx: ReportContext) -> None:
    _key_questions(doc, ctx)
    blocks.heading(doc, "Executive summary", level=1)
    _out_of_date(doc, ctx)
    blocks.item_list(doc, ctx.key_points, numbered=False)
    contingency = ["Recommended contingency (derived)"] if ctx.has_contingency else []
    blocks.table(
        doc,
        "Table 1: savings required in each year against the funding gap, the delivery the "
        "proposals are expected to make, the money at risk and the RAG rating",
        [
            "Financial year",
            "Funding gap",
            "Savings in year",
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
                money(y.funding_gap) + grade_words(y.funding_gap, y.funding_gap_grade),
                money(y.savings_required),
                money(y.cumulative_target),
                y.delivery.expected_text if y.delivery else "—",
                y.delivery.at_risk_text if y.delivery else "—",
                y.delivery.rag_text if y.delivery else "—",
                *([_rounded_or_dash(y.contingency)] if contingency else []),
                percent(y.p_meet),
            ]
            for y in ctx.summary_years
        ],
        numeric=[1, 2, 3, 4, 5, *([7] if contingency else []), 7 + len(contingency)],
    )
    if ctx.removed:
        rows: list[list[object]] = [
            [r.ref, r.title, money(r.amount), _reason(r)] for r in ctx.removed
        ]
        rows.append(["Total", "still to be found elsewhere", money(ctx.removed_total), ""])
        blocks.table(
            doc,
            "Table 2: proposals removed from the MTFS: money still to be found elsewhere, and "
            "why the papers say each was removed",
            ["Ref", "Proposal", "Target still to be found", "Reason the papers give"],
            rows,
            numeric=[2],
        )
        if ctx.removed_recommendations:
            blocks.item_list(doc, ctx.removed_recommendations, numbered=False)
    if ctx.file_recommendations:
        blocks.heading(doc, "Recommendations on several proposals", level=2)
        blocks.item_list(doc, list(ctx.file_recommendations), numbered=False)
    for chart in ctx.portfolio_charts:
        blocks.picture(doc, chart)


def _reason(r: Removed) -> str:
    if not r.reason:
        return "The papers give no reason."
    return f"“{r.reason}” ({r.where})" if r.where else r.reason


def _rounded_or_dash(value: float | None) -> str:
    return "—" if value is None else rounded(value)


def _register(doc: Doc, ctx: ReportContext) -> None:
    blocks.heading(doc, "Proposals at a glance", level=1)
    questions = list(Question)
    header = [
        "Ref",
        "Proposal",
        *ctx.years,
        "Expected (share)",
        "At risk",
        "RAG",
        *(QUESTION_SHORT[q] for q in questions),
    ]
    rows = []
    for r in ctx.rows:
        d = r.delivery
        rows.append(
            [
                r.ref,
                r.title,
                *(money(r.targets[y]) if r.targets[y] else "—" for y in ctx.years),
                d.expected_text if d else "—",
                d.at_risk_text if d else "—",
                d.rag_text if d else "—",
                *(r.tags.get(q, "—") for q in questions),
            ]
        )
    number = 3 if ctx.removed else 2
    blocks.table(
        doc,
        f"Table {number}: savings proposals still in the plan, targets by year, expected "
        "delivery, money at risk, RAG rating and the committee's three questions",
        header,
        rows,
        numeric=range(2, 4 + len(ctx.years)),
    )
    if ctx.comparison_note:
        doc.add_paragraph(ctx.comparison_note)


def _comparison(doc: Doc, b: ComparisonView, number: int) -> None:
    """How the council compares with England, its region and similar councils."""
    blocks.heading(doc, b.heading, level=1)
    doc.add_paragraph(b.intro)
    blocks.table(
        doc,
        f"Table {number}: {b.council}'s published figures beside England, {b.region} and "
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
            [f"OUTSIDE THE RANGE (D12): {line}" for line in b.outside] + list(b.assumptions),
            numbered=False,
        )


def _proposal(doc: Doc, p: ProposalSection, floor: str) -> None:
    blocks.heading(doc, f"{p.ref}: {p.row.title}", level=2)
    glance = doc.add_paragraph()
    glance.add_run("At a glance: ").bold = True
    verdicts = "".join(f" {QUESTION_SHORT[q]}: {t.text}." for q, t in p.row.tags.items())
    glance.add_run(p.glance + verdicts)
    if p.description:
        doc.add_paragraph(p.description)
    facts = [
        ("Service", p.service),
        ("Status", p.row.status),
        ("Model", p.row.model),
        ("Total target", money(p.row.total)),
        ("Staffing", p.staffing),
        ("Who is affected", p.service_users),
    ]
    for label, value in facts:
        if value:
            para = doc.add_paragraph()
            para.add_run(f"{label}: ").bold = True
            para.add_run(str(value))
    blocks.heading(doc, "The saving and its model", level=3)
    if p.years:
        blocks.table(
            doc,
            f"{p.ref}: target and delivered cumulative saving by year",
            [
                "Financial year",
                "Target in year",
                "Cumulative target",
                "Expected delivery (share)",
                "At risk",
                "RAG",
                "P10 to P90",
                f"Chance of at least {floor} of target",
            ],
            [
                [
                    y.year,
                    money(y.increment),
                    money(y.cumulative_target),
                    y.delivery.expected_text if y.delivery else _rounded_or_dash(y.mean),
                    y.delivery.at_risk_text if y.delivery else "—",
                    y.delivery.rag_text if y.delivery else "—",
                    "—" if y.p10 is None else f"{rounded(y.p10)} to {_rounded_or_dash(y.p90)}",
                    percent(y.p_meet),
                ]
                for y in p.years
            ],
            numeric=[1, 2, 3, 4, 6, 7],
        )
    else:
        doc.add_paragraph(
            "The papers give no savings profile for this proposal, and it was not simulated."
        )
    if p.inputs:
        blocks.heading(doc, "Key assumptions", level=3)
        blocks.table(
            doc,
            f"{p.ref}: model inputs, and where each comes from",
            ["Input", "Value", "Basis and source"],
            [
                [
                    i.label,
                    i.value,
                    (f"Assumption: {i.rationale}" + (f" Source: {i.source}" if i.source else ""))
                    if i.assumed
                    else "From the papers.",
                ]
                for i in p.inputs
            ],
            widths=[3.5, 4.0, 9.5],
        )
    if p.charts or p.driver_note:
        blocks.heading(doc, "Charts", level=3)
        for chart in p.charts:
            blocks.picture(doc, chart)
        if p.driver_note:
            doc.add_paragraph(p.driver_note)
    if p.questions:
        blocks.heading(doc, "The committee's three questions", level=3)
        blocks.table(
            doc,
            f"{p.ref}: verdicts on the three questions",
            ["Question", "Engine's verdict", "Members' verdict"],
            [
                [q.text, q.engine, q.override.tag if q.override else "No override"]
                for q in p.questions
            ],
            widths=[8.0, 4.5, 4.5],
        )
        for q in p.questions:
            blocks.heading(doc, q.text, level=4)
            doc.add_paragraph(f"Verdict: {q.effective.text}")
            if q.override:
                doc.add_paragraph(
                    f"Members' override by {q.override.by} on {q.override.at}: {q.override.reason} "
                    f"(the engine's verdict was {q.engine.label.lower()})",
                    style="Intense Quote",
                )
            blocks.item_list(
                doc,
                [
                    f"{f.severity.upper()} {f.rule}: {f.message} Evidence: {'; '.join(f.evidence)}"
                    for f in q.findings
                ]
                or ["No findings."],
                numbered=False,
            )
    if p.risks:
        blocks.heading(doc, "Risks", level=3)
        blocks.table(
            doc,
            f"{p.ref}: risks in the papers, highest score first (likelihood and impact on 1 to 5 "
            "scales)",
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


def _appendix(doc: Doc, ctx: ReportContext) -> None:
    blocks.heading(doc, "Appendix A: assumptions and parameters", level=1)
    if ctx.file_assumptions:
        blocks.heading(doc, "Assumptions about the council's figures", level=2)
        blocks.item_list(
            doc,
            [
                f"{a.field}: {a.rationale}" + (f" Source: {a.source}" if a.source else "")
                for a in ctx.file_assumptions
            ],
            numbered=False,
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
    blocks.heading(doc, "Appendix B: method", level=1)
    for para in ctx.method:
        doc.add_paragraph(para)
