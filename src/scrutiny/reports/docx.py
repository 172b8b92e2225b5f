"""The report as a Word document officers can edit (python-docx).

Real heading styles (so Word's navigation pane and contents work), numbered lists that restart
for each proposal, tables with a repeating header row and captions, and the charts as PNG images
with their text alternative set as the picture's description.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from scrutiny.domain.vocab import Question
from scrutiny.reports import charts
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.reports.view import QUESTION_SHORT, ProposalSection, ReportContext, VerdictTag
from scrutiny.reports.wording import money, percent

Doc = Any  # python-docx's Document object (the library ships no type hints)

SHADE = {
    "assured": "CDEEE3",
    "partially-assured": "FBE7B5",
    "not-assured": "F6CBB0",
    "insufficient-information": "E6E6E6",
}


def write_docx(ctx: ReportContext, path: Path) -> Path:
    doc = _document()
    _cover(doc, ctx)
    _contents(doc)
    _summary(doc, ctx)
    _register(doc, ctx)
    for i, section in enumerate(ctx.proposals):
        doc.add_page_break()
        if i == 0:
            doc.add_heading("The proposals", level=1)
        _proposal(doc, section)
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
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    return doc


def _field(paragraph: Any, code: str, placeholder: str) -> None:
    """A Word field (page number, contents), updated by Word when the document opens."""
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        ("instr", code),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _cover(doc: Doc, ctx: ReportContext) -> None:
    council = ctx.council + (f", {ctx.directorate}" if ctx.directorate else "")
    doc.add_paragraph(council).runs[0].font.size = Pt(14)
    doc.add_heading(ctx.title, level=0)
    if ctx.committee:
        doc.add_paragraph(ctx.committee).runs[0].font.size = Pt(13)
    if ctx.meeting_date:
        doc.add_paragraph(f"Meeting of {ctx.meeting_date}").runs[0].font.size = Pt(13)
    span = f", {ctx.years[0]} to {ctx.years[-1]}" if ctx.years else ""
    sims = f"; risk of non-delivery from {ctx.iterations:,} simulations" if ctx.iterations else ""
    note = doc.add_paragraph(
        f"Scrutiny report on {len(ctx.proposals)} savings proposals{span}{sims}."
    )
    note.runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    doc.add_page_break()


def _contents(doc: Doc) -> None:
    doc.add_heading("Contents", level=1)
    _field(
        doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "Update this field to list the contents."
    )
    doc.add_page_break()


def _caption(doc: Doc, text: str) -> None:
    doc.add_paragraph(text, style="Caption")


def _table(
    doc: Doc,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: Sequence[int] = (),
    widths: Sequence[float] | None = None,
) -> Any:
    _caption(doc, caption)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell, "F3F2F1")
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if isinstance(value, VerdictTag):
                cell.text = value.text
                _shade(cell, SHADE[value.css])
            else:
                cell.text = str(value)
            if j in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(8.5)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    doc.add_paragraph()
    return table


def _shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _picture(doc: Doc, chart: ChartSpec) -> None:
    shape = doc.add_picture(io.BytesIO(charts.png(chart)), width=Cm(16))
    shape._inline.docPr.set("descr", chart.alt)
    shape._inline.docPr.set("title", chart.title)
    _caption(doc, f"Figure: {chart.title}.")


def _list(doc: Doc, items: Sequence[str], numbered: bool) -> None:
    if not numbered:
        for item in items:
            doc.add_paragraph(item, style="List Bullet")
        return
    numbering = doc.part.numbering_part.numbering_definitions._numbering
    style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for item in items:
        para = doc.add_paragraph(item, style="List Number")
        num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId


def _summary(doc: Doc, ctx: ReportContext) -> None:
    doc.add_heading("Executive summary", level=1)
    _list(doc, ctx.key_points, numbered=False)
    _table(
        doc,
        "Table 1: savings required in each year against the funding gap, and the probability "
        "the proposals deliver them",
        [
            "Financial year",
            "Funding gap",
            "Savings in year",
            "Cumulative target",
            "Delivered (P50)",
            "Delivered (P10)",
            "Probability of meeting target",
        ],
        [
            [
                y.year,
                money(y.funding_gap),
                money(y.savings_required),
                money(y.cumulative_target),
                money(y.p50),
                money(y.p10),
                percent(y.p_meet),
            ]
            for y in ctx.summary_years
        ],
        numeric=range(1, 7),
    )
    if ctx.removed:
        rows: list[list[object]] = [[r.ref, r.title, money(r.amount)] for r in ctx.removed]
        rows.append(["Total", "still to be found elsewhere", money(ctx.removed_total)])
        _table(
            doc,
            "Table 2: proposals removed from the MTFS: money still to be found elsewhere",
            ["Ref", "Proposal", "Target still to be found"],
            rows,
            numeric=[2],
        )
    for chart in ctx.portfolio_charts:
        _picture(doc, chart)


def _register(doc: Doc, ctx: ReportContext) -> None:
    doc.add_heading("Proposals at a glance", level=1)
    questions = list(Question)
    header = ["Ref", "Proposal", *ctx.years, "Probability", *(QUESTION_SHORT[q] for q in questions)]
    rows = []
    for r in ctx.rows:
        title = r.title + (" (removed)" if r.status == "removed" else "")
        rows.append(
            [
                r.ref,
                title,
                *(money(r.targets[y]) if r.targets[y] else "—" for y in ctx.years),
                percent(r.p_meet),
                *(r.tags.get(q, "—") for q in questions),
            ]
        )
    number = 3 if ctx.removed else 2
    _table(
        doc,
        f"Table {number}: savings proposals, targets by year, probability of delivery "
        "and the committee's three questions",
        header,
        rows,
        numeric=range(2, 3 + len(ctx.years)),
    )


def _proposal(doc: Doc, p: ProposalSection) -> None:
    doc.add_heading(f"{p.ref}: {p.row.title}", level=2)
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
    doc.add_heading("The saving and its model", level=3)
    if p.years:
        _table(
            doc,
            f"{p.ref}: target and delivered cumulative saving by year",
            [
                "Financial year",
                "Target in year",
                "Cumulative target",
                "P10",
                "P50",
                "P90",
                "Probability of meeting target",
            ],
            [
                [
                    y.year,
                    money(y.increment),
                    money(y.cumulative_target),
                    money(y.p10),
                    money(y.p50),
                    money(y.p90),
                    percent(y.p_meet),
                ]
                for y in p.years
            ],
            numeric=range(1, 7),
        )
    else:
        doc.add_paragraph(
            "The papers give no savings profile for this proposal, and it was not simulated."
        )
    if p.inputs:
        doc.add_heading("Key assumptions", level=3)
        _table(
            doc,
            f"{p.ref}: model inputs, and where each comes from",
            ["Input", "Value", "Basis and source"],
            [
                [
                    i.name.replace("_", " "),
                    i.value,
                    (f"Assumption: {i.rationale}" + (f" Source: {i.source}" if i.source else ""))
                    if i.assumed
                    else "From the papers.",
                ]
                for i in p.inputs
            ],
            widths=[3.5, 4.0, 9.5],
        )
    if p.charts:
        doc.add_heading("Charts", level=3)
        for chart in p.charts:
            _picture(doc, chart)
    if p.questions:
        doc.add_heading("The committee's three questions", level=3)
        _table(
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
            doc.add_heading(q.text, level=4)
            doc.add_paragraph(f"Verdict: {q.effective.text}")
            if q.override:
                doc.add_paragraph(
                    f"Members' override by {q.override.by} on {q.override.at}: {q.override.reason} "
                    f"(the engine's verdict was {q.engine.label.lower()})",
                    style="Intense Quote",
                )
            _list(
                doc,
                [
                    f"{f.severity.upper()} {f.rule}: {f.message} Evidence: {'; '.join(f.evidence)}"
                    for f in q.findings
                ]
                or ["No findings."],
                numbered=False,
            )
    if p.risks:
        doc.add_heading("Risks", level=3)
        _table(
            doc,
            f"{p.ref}: risks in the papers, highest score first (likelihood and impact on 1 to 5 "
            "scales)",
            ["Risk", "Likelihood", "Impact", "Score", "Mitigation"],
            [
                [r.description, r.likelihood, r.impact, r.score, r.mitigation or "None stated"]
                for r in p.risks
            ],
            numeric=[1, 2, 3],
            widths=[6.5, 1.8, 1.6, 1.4, 5.7],
        )
    if p.evidence:
        doc.add_heading("Evidence from the papers", level=3)
        for e in p.evidence:
            doc.add_paragraph(f"“{e.quote}” ({e.where})", style="Quote")
    for title, items, numbered in (
        ("Lines of enquiry", p.lines_of_enquiry, False),
        ("Conclusions", p.conclusions, True),
        ("Recommendations", p.recommendations, True),
    ):
        if items:
            doc.add_heading(title, level=3)
            _list(doc, items, numbered=numbered)


def _appendix(doc: Doc, ctx: ReportContext) -> None:
    doc.add_heading("Appendix A: assumptions and parameters", level=1)
    if ctx.file_assumptions:
        doc.add_heading("Assumptions about the council's figures", level=2)
        _list(
            doc,
            [
                f"{a.field}: {a.rationale}" + (f" Source: {a.source}" if a.source else "")
                for a in ctx.file_assumptions
            ],
            numbered=False,
        )
    doc.add_heading("Parameters", level=2)
    if ctx.parameters:
        _table(
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
    doc.add_heading("Appendix B: method", level=1)
    for para in ctx.method:
        doc.add_paragraph(para)
