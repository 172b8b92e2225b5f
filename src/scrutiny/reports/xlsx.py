"""The savings tracker (openpyxl): one row per proposal, a block of columns per financial year.

Sheet "Tracker": ref, title, status, model; for each year the target in that year, the median
delivered cumulative saving (P50) and the probability of meeting the cumulative target; the
total target; the three verdicts (members' verdict where recorded) with red/amber/green fills
that repeat what the words say. The totals row holds formulas, so the sheet stays right when an
officer edits a figure. Sheet "Assumptions": every assumption with its rationale and source, and
the parameters with theirs. Amounts in pounds [GBP].
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Question
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.context import QUESTION_SHORT, ReportContext, build_context
from scrutiny.reports.wording import VERDICT_LABEL

GBP = '"£"#,##0'
PERCENT = "0%"
FILLS = {
    "Assured": "CDEEE3",
    "Partially assured": "FBE7B5",
    "Not assured": "F6CBB0",
    "Insufficient information": "E6E6E6",
}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="F3F2F1")


def write_tracker(
    pf: ProposalFile,
    path: Path,
    summary: SimulationSummary | None = None,
    challenge: ChallengeReport | None = None,
    *,
    parameters: ParameterSet | None = None,
) -> Path:
    """Write the tracker workbook to `path` (temporary name, then renamed into place)."""
    ctx = build_context(pf, summary, challenge, parameters)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tracker"
    _tracker(ws, ctx.years, ctx, summary is not None)
    _assumptions(wb.create_sheet("Assumptions"), ctx)
    wb.properties.title = f"{pf.council}: savings tracker"
    return write_atomically(path, lambda tmp: wb.save(str(tmp)))


def _header(ws: Worksheet, row: int, names: Sequence[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row=row, column=col, value=name)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _tracker(ws: Worksheet, years: Sequence[str], ctx: ReportContext, simulated: bool) -> None:
    questions = list(Question)
    header = ["Ref", "Proposal", "Status", "Model"]
    for y in years:
        header += [f"Target {y}", f"P50 {y}", f"P(meet) {y}"]
    header += ["Total target", *(QUESTION_SHORT[q] for q in questions), "Members' overrides"]
    _header(ws, 1, header)
    first = 2
    for i, (row, section) in enumerate(zip(ctx.rows, ctx.proposals, strict=True)):
        r = first + i
        values: list[object] = [row.ref, row.title, row.status, row.model]
        by_year = {y.year: y for y in section.years}
        for y in years:
            stats = by_year.get(y)
            values += [
                row.targets[y],
                stats.p50 if stats and simulated else None,
                stats.p_meet if stats and simulated else None,
            ]
        target_cols = [get_column_letter(5 + 3 * j) for j in range(len(years))]
        values.append("=" + "+".join(f"{c}{r}" for c in target_cols) if target_cols else 0)
        values += [VERDICT_LABEL[row.tags[q].verdict] if q in row.tags else None for q in questions]
        notes = [
            f"{QUESTION_SHORT[q.key]}: {q.override.tag.label} (engine: {q.engine.label}) — "
            f"{q.override.reason} ({q.override.by}, {q.override.at})"
            for q in section.questions
            if q.override
        ]
        values.append("; ".join(notes) or None)
        for col, value in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=value)
    last = first + len(ctx.rows) - 1
    total_row = last + 1
    ws.cell(row=total_row, column=1, value="Total").font = BOLD
    ws.cell(row=total_row, column=2, value="All proposals, including removed ones").font = BOLD
    live_row = total_row + 1
    ws.cell(row=live_row, column=1, value="Total in the MTFS").font = BOLD
    ws.cell(row=live_row, column=2, value="Excluding proposals with status removed").font = BOLD
    money_cols = [5 + 3 * j for j in range(len(years))] + [5 + 3 * len(years)]
    for col in money_cols:
        letter = get_column_letter(col)
        span = f"{letter}{first}:{letter}{last}"
        ws.cell(row=total_row, column=col, value=f"=SUM({span})").font = BOLD
        ws.cell(
            row=live_row,
            column=col,
            value=f'=SUMIF(C{first}:C{last},"<>removed",{span})',
        ).font = BOLD
    for r in range(first, live_row + 1):
        for col in money_cols:
            ws.cell(row=r, column=col).number_format = GBP
        for j in range(len(years)):
            ws.cell(row=r, column=6 + 3 * j).number_format = GBP
            ws.cell(row=r, column=7 + 3 * j).number_format = PERCENT
    verdict_first = 6 + 3 * len(years)
    verdict_range = (
        f"{get_column_letter(verdict_first)}{first}:"
        f"{get_column_letter(verdict_first + len(questions) - 1)}{max(last, first)}"
    )
    for label, colour in FILLS.items():
        ws.conditional_formatting.add(
            verdict_range,
            CellIsRule(
                operator="equal",
                formula=[f'"{label}"'],
                fill=PatternFill("solid", fgColor=colour, bgColor=colour),
            ),
        )
    widths = [22, 44, 12, 20] + [13, 13, 10] * len(years) + [14, 18, 18, 18, 50]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "C2"
    ws.row_dimensions[1].height = 32


def _assumptions(ws: Worksheet, ctx: ReportContext) -> None:
    _header(ws, 1, ["Ref", "Field", "Value", "Rationale", "Source"])
    r = 2
    lines = list(ctx.file_assumptions) + [a for p in ctx.proposals for a in p.assumptions]
    for a in lines:
        for col, value in enumerate(
            [a.ref or "(file)", a.field, a.value, a.rationale, a.source], 1
        ):
            ws.cell(row=r, column=col, value=value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
        r += 1
    r += 1
    _header(ws, r, ["Parameter", "Description", "Value", "Year", "Source", "Checked"])
    for m in ctx.parameters:
        r += 1
        for col, value in enumerate([m.name, m.description, m.value, m.year, m.source, m.as_of], 1):
            ws.cell(row=r, column=col, value=value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    for col, width in enumerate([22, 28, 18, 70, 50, 12], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
