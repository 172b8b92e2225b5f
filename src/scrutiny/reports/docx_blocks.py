"""Building blocks of the Word report (python-docx): styled paragraphs, headings, fields,
captioned tables with a repeating header row, pictures with their text alternative, and lists
(numbered lists restart for each use)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

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
    """A captioned table whose header row repeats on each page and whose rows never split.

    Rows are written as WordprocessingML directly: python-docx's cell API looks every property
    up again for each cell, and a long report has thousands of cells.
    """
    caption(doc, title)
    table = doc.add_table(rows=0, cols=len(header))
    table._tbl.tblPr.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    twips = [round(Cm(w).twips) for w in widths] if widths else None
    xml = [_row(header, header=True, numeric=(), twips=twips)]
    xml += [_row(values, header=False, numeric=numeric, twips=twips) for values in rows]
    for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"):
        table._tbl.append(tr)
    doc.add_paragraph()
    return table


TABLE_STYLE = "TableGrid"
"""The id of Word's built-in "Table Grid" style."""
TABLE_TEXT = 17
"""Size of the text in tables [half-points]: 8.5 pt."""


def _row(
    values: Sequence[object], *, header: bool, numeric: Sequence[int], twips: Sequence[int] | None
) -> str:
    """One table row (``w:tr``): cells in 8.5 pt text, bold and shaded in the header row, right
    aligned in numeric columns; verdicts shaded in their colour."""
    cells = []
    for j, value in enumerate(values):
        fill = "F3F2F1" if header else None
        if isinstance(value, VerdictTag):
            fill = SHADE[value.css]
            value = value.text
        props = ""
        if twips:
            props += f'<w:tcW w:w="{twips[j]}" w:type="dxa"/>'
        if fill:
            props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        para = '<w:pPr><w:jc w:val="right"/></w:pPr>' if j in numeric else ""
        bold = "<w:b/>" if header else ""
        text = escape(str(value))
        run = (
            f'<w:r><w:rPr>{bold}<w:sz w:val="{TABLE_TEXT}"/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>'
            if text
            else ""
        )
        cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{para}{run}</w:p></w:tc>")
    head = '<w:tblHeader w:val="true"/>' if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{''.join(cells)}</w:tr>"


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
