"""The monitoring report as HTML, PDF and Word, from the monitoring view-model.

It reuses the briefing's machinery: the Jinja environment and stylesheets of html.py (the same
SVG charts as data URIs), WeasyPrint with the print stylesheet and a tagged PDF as in pdf.py, and
the Word building blocks of docx_blocks.py.
"""

from __future__ import annotations

from pathlib import Path

from scrutiny.reports import docx_blocks as blocks
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.docx import _document
from scrutiny.reports.html import _template_text, environment
from scrutiny.reports.monitoring_view import ILLUSTRATIVE_NOTE, MonitoringView
from scrutiny.reports.pdf import write_tagged_pdf


def render_monitoring_html(view: MonitoringView, *, for_print: bool = False) -> str:
    sheet = _template_text("report.css")
    if for_print:
        sheet += "\n" + _template_text("print.css")
    template = environment().get_template("monitoring.html.j2")
    return template.render(v=view, css=sheet, illustrative_note=ILLUSTRATIVE_NOTE)


def write_monitoring_html(view: MonitoringView, path: Path) -> Path:
    text = render_monitoring_html(view)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomically(path, write)


def write_monitoring_pdf(view: MonitoringView, path: Path) -> Path:
    return write_tagged_pdf(
        lambda: render_monitoring_html(view, for_print=True), path, view.council
    )


def write_monitoring_docx(view: MonitoringView, path: Path) -> Path:
    doc = _document()
    doc.add_paragraph(view.council)
    blocks.heading(doc, view.title, level=0)
    generated = f"; written on {view.generated}" if view.generated else ""
    doc.add_paragraph(f"Position at {view.period_words}{generated}.")
    if view.illustrative:
        doc.add_paragraph(ILLUSTRATIVE_NOTE).runs[0].bold = True
    blocks.heading(doc, "Summary", level=1)
    for line in view.summary:
        doc.add_paragraph(line)
    n = view.counts()
    doc.add_paragraph(f"{n['red']} red, {n['amber']} amber and {n['green']} green.")
    blocks.heading(doc, "The savings by RAG rating", level=1)
    blocks.table(
        doc,
        "Each proposal's return and year-end forecast, red first",
        [
            "Proposal",
            "RAG",
            "Target",
            "Delivered to date",
            "Year-end forecast (range)",
            "Commentary",
            "Reported",
        ],
        [
            [
                r.heading,
                r.rag_words,
                r.target,
                r.delivered,
                f"{r.forecast} ({r.band})",
                r.commentary,
                f"{r.reported}. Evidence: {r.evidence}",
            ]
            for r in view.rows
        ],
        numeric=(2, 3),
    )
    blocks.heading(doc, "Movement since the last quarter", level=1)
    blocks.table(
        doc,
        "Change in each proposal's year-end forecast since the previous period",
        ["Proposal", "Year-end forecast", "Movement", "Replacement savings"],
        [[r.ref, r.forecast, r.movement, r.replacement] for r in view.rows],
        numeric=(1,),
    )
    if view.chart:
        blocks.heading(doc, "The year-end forecast", level=1)
        blocks.picture(doc, view.chart)
    blocks.heading(doc, "Recommendations and the work programme", level=1)
    if view.recommendations:
        blocks.table(
            doc,
            "The committee's recommendations and where they stand",
            ["Recommendation", "Owner", "Response due", "Status"],
            [
                [
                    r.text,
                    r.owner,
                    r.due_words,
                    r.status_shown,
                ]
                for r in view.recommendations
            ],
        )
    else:
        doc.add_paragraph("No recommendations are being tracked.")
    if view.programme:
        blocks.table(
            doc,
            "The work programme",
            ["Item", "When", "Proposals it follows"],
            [[p.title, p.date_words, ", ".join(p.proposals) or "—"] for p in view.programme],
        )
    else:
        doc.add_paragraph("There are no work programme items.")

    def save(tmp: Path) -> None:
        doc.save(str(tmp))

    return write_atomically(path, save)


WRITERS = {
    "html": write_monitoring_html,
    "pdf": write_monitoring_pdf,
    "docx": write_monitoring_docx,
}
