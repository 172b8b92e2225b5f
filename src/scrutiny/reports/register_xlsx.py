"""The register as an Excel savings tracker a council finance officer would recognise
(`scrutiny export --format xlsx`).

One row per proposal, a column per financial year of incremental savings [GBP], a total column
and totals rows written as formulas (``=SUM(...)``, and a total leaving out removed proposals),
the header frozen, money as ``£#,##0``. An `MTFS` sheet sets the register against the funding
gap when the file gives one. The scrutiny report's tracker, with simulation results and
verdicts, is written by the report workflow.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.tracker import DESCRIPTIVE, tracker_table

MONEY = "£#,##0"
SHARE = "0%"
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TRACKER_SHEET = "Savings tracker"


def _header(ws: Worksheet, row: int, headers: list[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _tracker_sheet(ws: Worksheet, pf: ProposalFile) -> tuple[list[str], int]:
    """Fill the tracker; returns (years, row number of the totals row)."""
    table = tracker_table(pf)
    n_desc = len(DESCRIPTIVE)
    first_year = n_desc + 1
    total_col = first_year + len(table.years)
    stated_col = total_col + 1
    _header(ws, 1, table.headers)
    first, last = 2, 1 + len(table.rows)
    for i, (p, values) in enumerate(zip(pf.proposals, table.rows, strict=True)):
        r = first + i
        for col, value in enumerate(values[:n_desc], start=1):
            ws.cell(row=r, column=col, value=value)
        for j, _year in enumerate(table.years):
            ws.cell(row=r, column=first_year + j, value=values[n_desc + j]).number_format = MONEY
        if table.years:
            a = get_column_letter(first_year)
            b = get_column_letter(total_col - 1)
            ws.cell(row=r, column=total_col, value=f"=SUM({a}{r}:{b}{r})")
        else:
            ws.cell(row=r, column=total_col, value=0)
        ws.cell(row=r, column=total_col).number_format = MONEY
        ws.cell(row=r, column=stated_col, value=p.stated_total).number_format = MONEY
    totals = last + 1
    excluding = last + 2
    status_col = get_column_letter(1 + [c.header for c in DESCRIPTIVE].index("Status"))
    ws.cell(row=totals, column=1, value="Total").font = Font(bold=True)
    ws.cell(row=excluding, column=1, value="Total excluding removed").font = Font(bold=True)
    for col in range(first_year, total_col + 1):
        letter = get_column_letter(col)
        rng = f"{letter}{first}:{letter}{max(last, first)}"
        status_rng = f"${status_col}${first}:${status_col}${max(last, first)}"
        for row, formula in (
            (totals, f"=SUM({rng})"),
            (excluding, f'=SUMIF({status_rng},"<>removed",{rng})'),
        ):
            cell = ws.cell(row=row, column=col, value=formula)
            cell.number_format = MONEY
            cell.font = Font(bold=True)
    widths = [c.width for c in DESCRIPTIVE] + [14] * (len(table.years) + 2)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=2, column=3)  # header row and ref/title stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(last, 1)}"
    return table.years, totals


def _mtfs_sheet(ws: Worksheet, pf: ProposalFile, years: list[str], totals_row: int) -> None:
    """Funding gap per year beside the register's savings (formulas into the tracker)."""
    gap = pf.mtfs.funding_gap if pf.mtfs else {}
    _header(ws, 1, ["Financial year", "Funding gap", "Savings in register", "Share of gap"])
    for i, year in enumerate(years):
        r = 2 + i
        ws.cell(row=r, column=1, value=year)
        ws.cell(row=r, column=2, value=gap.get(year)).number_format = MONEY
        letter = get_column_letter(len(DESCRIPTIVE) + 1 + i)
        ws.cell(
            row=r, column=3, value=f"='{TRACKER_SHEET}'!{letter}{totals_row}"
        ).number_format = MONEY
        ws.cell(row=r, column=4, value=f'=IF(B{r}>0,C{r}/B{r},"")').number_format = SHARE
    for col, width in zip("ABCD", (16, 16, 20, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"


def write_register_workbook(pf: ProposalFile, path: Path) -> Path:
    """Write the register's savings tracker to `path` (through a temporary file)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = TRACKER_SHEET
    years, totals_row = _tracker_sheet(ws, pf)
    if pf.mtfs and pf.mtfs.funding_gap:
        _mtfs_sheet(wb.create_sheet("MTFS"), pf, years, totals_row)
    wb.properties.title = f"{pf.council} savings tracker"
    wb.properties.creator = "scrutiny"
    return write_atomically(path, lambda tmp: wb.save(str(tmp)))
