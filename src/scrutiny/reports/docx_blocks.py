"""Building blocks of the Word report (python-docx): styled paragraphs, headings, fields,
captioned tables with a repeating header row, pictures with their text alternative, and lists
(numbered lists restart for each use)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from scrutiny.reports import charts
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.reports.view import VerdictTag

Doc = Any  # python-docx's Document object (the library ships no type hints)

SHADE = {
    "assured": "CDEEE3",
    "partially-assured": "FBE7B5",
    "not-assured": "F6CBB0",
    "insufficient-information": "E6E6E6",
}


def styled(doc: Doc, text: str, style: str) -> Any:
    """A paragraph in one of the template's built-in styles, set by its id: looking a style up
    by name walks every style in the template, and a long report adds thousands of paragraphs."""
    para = doc.add_paragraph(text)
    para._p.style = style.replace(" ", "")
    return para


def heading(doc: Doc, text: str, level: int) -> Any:
    """A real heading (Word's navigation pane and contents use it); level 0 is the title."""
    return styled(doc, text, "Title" if level == 0 else f"Heading {level}")


def field(paragraph: Any, code: str, placeholder: str) -> None:
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


def caption(doc: Doc, text: str) -> None:
    styled(doc, text, "Caption")


def table(
    doc: Doc,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: Sequence[int] = (),
    widths: Sequence[float] | None = None,
) -> Any:
    """A captioned table whose header row repeats on each page and whose rows never split."""
    caption(doc, title)
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
        shade(cell, "F3F2F1")
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if isinstance(value, VerdictTag):
                cell.text = value.text
                shade(cell, SHADE[value.css])
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


def shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def picture(doc: Doc, chart: ChartSpec) -> None:
    shape = doc.add_picture(io.BytesIO(charts.png(chart)), width=Cm(16))
    shape._inline.docPr.set("descr", chart.alt)
    shape._inline.docPr.set("title", chart.title)
    caption(doc, f"Figure: {chart.title}.")


def item_list(doc: Doc, items: Sequence[str], numbered: bool) -> None:
    if not numbered:
        for item in items:
            styled(doc, item, "List Bullet")
        return
    numbering = doc.part.numbering_part.numbering_definitions._numbering
    style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for item in items:
        para = styled(doc, item, "List Number")
        num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId
