"""Small documents made by the tests themselves (PDF, Word, HTML), with known figures."""

from __future__ import annotations

from pathlib import Path

PARAGRAPHS = [
    "Budget monitoring: Children's Services",
    "The directorate forecasts an overspend of £2.4m, mainly on external placements.",
    "Savings of £0.750m per annum are proposed from the review of 18 posts (12.5 FTE).",
    "RESOLVED:",
    "1. That the forecast position be noted.",
    "2. That the recovery plan be approved.",
]


def make_pdf(path: Path, pages: list[list[str]], password: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():
        pdfmetrics.registerFont(TTFont("DejaVu", str(dejavu)))
        font = "DejaVu"
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=password)
    for lines in pages:
        y = A4[1] - 60
        for line in lines:
            c.setFont(font, 10)
            c.drawString(50, y, line)
            y -= 14
        c.showPage()
    c.save()
    return path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if table and i == 0:
            t = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for col, value in enumerate(row):
                    t.cell(r, col).text = value
    document.save(str(path))
    return path


def make_table_pdf(path: Path, intro: str, rows: list[list[str]], ruled: bool = True) -> Path:
    """A PDF with a savings table that may run over several pages, its header repeated."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    table = Table(rows, repeatRows=1)
    if ruled:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(intro, styles["BodyText"]), table])
    return path
