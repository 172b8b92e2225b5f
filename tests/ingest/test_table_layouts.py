"""Kinds of savings table layout beyond the development tables, each written as a Word table, an
HTML table, a ruled PDF table with cells that wrap (their text at the foot of each cell, as
spreadsheets print it, or at the top, as word processors do), and tab-separated text (cards,
lists and prose as paragraphs): every proposal read with its yearly savings, and nothing else
drafted.

The layouts (`table_layouts.jsonl`) are made up for these tests and name no council: Year 1/2/3
columns with the years in the title, 2025-26 and 2025/6 and 25/26 and 2025-2026 labels, £k, £m
and £000 units in labels, cells or the title, minus signs and brackets, costs among savings,
references with slashes, spaces or dots or none at all, a reference leading the title, section
headings and sub-totals, blank rows, text columns (lead officer, RAG, type, status), FTE,
budget and full-year-effect columns, a header over two rows, the total before the years, cards
and lists with several years, and tables of budgets and of pressures that hold no savings.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from scrutiny.ingest.extract.facts import extract
from scrutiny.ingest.readers import Limits, read_document

LAYOUTS = [
    json.loads(line)
    for line in (Path(__file__).parent / "table_layouts.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
INTRO = "The table below sets out the proposals."


def _paragraphs(t: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for row in t["rows"]:
        cells = [c for c in row if c.strip()]
        if t["render"] == "cards":
            title = next(c for c in row if any(c == g["title"] for g in t["gold"]))
            out.append(title)
            out += [f"{h}: {c}" for h, c in zip(t["header"], row, strict=False) if c and c != title]
        elif t["render"] == "list":
            out.append(f"• {cells[0]}: {' '.join(cells[1:])}")
        else:
            out.append(" ".join(cells))
    return out


def _write(t: dict[str, Any], fmt: str, folder: Path) -> Path:
    grid = [t["header"], *t["rows"]]
    paragraphs = None if t["render"] == "grid" else _paragraphs(t)
    path = folder / f"layout.{fmt.split('-')[0]}"
    if fmt == "txt":
        body = (
            "\n".join("\t".join(r) for r in grid) if paragraphs is None else "\n".join(paragraphs)
        )
        path.write_text(f"{t['title']}\n\n{INTRO}\n\n{body}\n", encoding="utf-8")
    elif fmt == "html":
        if paragraphs is None:
            cells = ["".join(f"<td>{html.escape(c)}</td>" for c in r) for r in grid]
            body = "<table>" + "".join(f"<tr>{r}</tr>" for r in cells) + "</table>"
        else:
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        path.write_text(
            f"<html><body><h1>{html.escape(t['title'])}</h1><p>{INTRO}</p>{body}</body></html>",
            encoding="utf-8",
        )
    elif fmt == "docx":
        import docx

        document = docx.Document()
        document.add_heading(t["title"], 1)
        document.add_paragraph(INTRO)
        if paragraphs is None:
            table = document.add_table(rows=len(grid), cols=len(t["header"]))
            for i, row in enumerate(grid):
                for j, value in enumerate(row):
                    table.cell(i, j).text = value
        else:
            for p in paragraphs:
                document.add_paragraph(p)
        document.save(str(path))
    else:
        _write_pdf(t, grid, paragraphs, path, "TOP" if fmt == "pdf-top" else "BOTTOM")
    return path


def _write_pdf(
    t: dict[str, Any], grid: list[list[str]], paragraphs: list[str] | None, path: Path, align: str
) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("cell", fontSize=8, leading=9.5)
    story: list[Any] = [Paragraph(html.escape(t["title"]), styles["Heading1"])]
    story.append(Paragraph(INTRO, styles["BodyText"]))
    columns = len(t["header"])
    page = landscape(A4) if columns > 5 else A4
    if paragraphs is None:
        # Narrow figure columns, so long labels wrap as they do in council appendices.
        widest = max(range(columns), key=lambda j: sum(len(r[j]) for r in grid))
        narrow = min(70.0, (page[0] - 72) * 0.5 / max(1, columns - 1))
        widths = [narrow] * columns
        widths[widest] = page[0] - 72 - narrow * (columns - 1)
        cells = [[Paragraph(html.escape(c), small) for c in r] for r in grid]
        table = Table(cells, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), align)]
            )
        )
        story.append(table)
    else:
        story += [Paragraph(html.escape(p), styles["BodyText"]) for p in paragraphs]
    SimpleDocTemplate(str(path), pagesize=page, leftMargin=36, rightMargin=36).build(story)


def _key(text: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf", "pdf-top", "txt"])
@pytest.mark.parametrize("layout", LAYOUTS, ids=[t["id"] for t in LAYOUTS])
def test_every_proposal_is_read_with_its_yearly_savings(
    layout: dict[str, Any], fmt: str, tmp_path: Path
) -> None:
    result = extract(read_document(_write(layout, fmt, tmp_path), Limits()))
    drafts = list(result.proposals)
    assert len(drafts) == len(layout["gold"]), [d.title for d in drafts]
    for gold in layout["gold"]:
        found = [
            d
            for d in drafts
            if (gold["ref"] and _key(d.ref) == _key(gold["ref"]))
            or (not gold["ref"] and d.title == gold["title"])
        ]
        assert len(found) == 1, gold["title"]
        draft = found[0]
        if gold["savings"]:
            savings = {y: v for y, v in draft.savings.items() if v}
            assert savings == pytest.approx(gold["savings"], abs=1), gold["title"]
        else:  # one amount: the row's total, else its savings, else the one amount it states
            total = draft.total
            if total is None:
                total = sum(draft.savings.values()) if draft.savings else draft.amounts[0]
            assert total == pytest.approx(gold["total"], abs=1), gold["title"]
