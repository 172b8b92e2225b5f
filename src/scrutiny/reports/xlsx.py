"""The savings tracker as an Excel workbook a council finance officer would recognise.

One row per proposal, a column per financial year of incremental savings [GBP], a total column
and a totals row written as formulas (``=SUM(...)``), the header frozen, money as ``£#,##0``.
Optional results add columns: a simulation adds, for every financial year, the expected delivered
cumulative saving, the money at risk and the RAG rating in words (filled red, amber or green by
conditional formatting), then the chance of delivering the target less materiality; a challenge adds
the verdict on each of the three questions (a member's override when recorded), filled red,
amber or green by conditional formatting that repeats what the words say. An `MTFS` sheet sets
the register against the funding gap when the file gives one; an `Assumptions` sheet lists every
assumption with its rationale and source, and the parameters with theirs; an `Overrides` sheet
lists members' overrides beside the engine's verdicts. Text goes through `cells.put`, so a title
such as ``=1+1`` stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scrutiny.domain.delivery import RAG_WORDS
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Question
from scrutiny.parameters.schema import ParameterSet
from scrutiny.reports.atomic import replaced_atomically
from scrutiny.reports.cells import put
from scrutiny.reports.monitoring_sheet import MonitoringSheet, add_monitoring_sheet
from scrutiny.reports.tracker import DESCRIPTIVE, tracker_table
from scrutiny.reports.wording import grade_words

MONEY = "£#,##0"
SHARE = "0%"
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TRACKER_SHEET = "Savings tracker"


@dataclass(frozen=True)
class ResultColumn:
    """A column added by a result: heading, value for a proposal, cell format, width."""

    header: str
    value: Callable[[Proposal], Any]
    number_format: str | None = None
    width: float = 16


def simulation_columns(summary: SimulationSummary) -> list[ResultColumn]:
    """For each year: expected delivered cumulative saving [GBP], money at risk [GBP], the RAG
    rating in words, and (second) the chance of delivering at least the target less
    materiality [0–1]."""

    def stat(year: str, name: str) -> Callable[[Proposal], Any]:
        def read(p: Proposal) -> Any:
            sim = summary.for_ref(p.ref)
            stats = sim.years.get(year) if sim else None
            if stats is None or (name != "mean" and not stats.has_target):
                return None
            value = getattr(stats, name)
            return RAG_WORDS[value] if name == "rag" and value else value

        return read

    floor = f"{(1 - summary.materiality) * 100:.0f}%"
    columns = []
    for year in summary.years:
        columns += [
            ResultColumn(f"Expected delivery {year}", stat(year, "mean"), MONEY),
            ResultColumn(f"At risk {year}", stat(year, "at_risk"), MONEY),
            ResultColumn(f"RAG {year}", stat(year, "rag"), None, 10),
            ResultColumn(f"Chance of {floor} of target {year}", stat(year, "p_meet_target"), SHARE),
        ]
    return columns


def challenge_columns(challenge: ChallengeReport) -> list[ResultColumn]:
    """The verdict on each of the three questions (a member's override when recorded)."""

    def verdict(question: Question) -> Callable[[Proposal], Any]:
        def read(p: Proposal) -> Any:
            result = challenge.for_ref(p.ref)
            q = result.questions.get(question) if result else None
            return q.effective_verdict.value.replace("_", " ") if q else None

        return read

    return [ResultColumn(q.value.capitalize(), verdict(q), None, 22) for q in Question]


def _header(ws: Worksheet, row: int, headers: list[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = put(ws, row, col, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _tracker_sheet(
    ws: Worksheet, pf: ProposalFile, extra: list[ResultColumn]
) -> tuple[list[str], int]:
    """Fill the tracker; returns (years, row number of the totals row)."""
    table = tracker_table(pf)
    n_desc = len(DESCRIPTIVE)
    first_year = n_desc + 1
    total_col = first_year + len(table.years)
    stated_col = total_col + 1
    _header(ws, 1, table.headers + [c.header for c in extra])
    first, last = 2, 1 + len(table.rows)
    for i, (p, values) in enumerate(zip(pf.proposals, table.rows, strict=True)):
        r = first + i
        for col, value in enumerate(values[:n_desc], start=1):
            put(ws, r, col, value)
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
        for k, c in enumerate(extra):
            cell = put(ws, r, stated_col + 1 + k, c.value(p))
            if c.number_format:
                cell.number_format = c.number_format
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
    widths += [c.width for c in extra]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=2, column=3)  # header row and ref/title stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(last, 1)}"
    return table.years, totals


def _mtfs_sheet(ws: Worksheet, pf: ProposalFile, years: list[str], totals_row: int) -> None:
    """Funding gap per year beside the register's savings (formulas into the tracker)."""
    gap = pf.mtfs.funding_gap if pf.mtfs else {}
    grade = pf.grade("mtfs.funding_gap").value
    gap_title = "Funding gap" + grade_words(gap or None, grade)
    _header(ws, 1, ["Financial year", gap_title, "Savings in register", "Share of gap"])
    for i, year in enumerate(years):
        r = 2 + i
        put(ws, r, 1, year)
        ws.cell(row=r, column=2, value=gap.get(year)).number_format = MONEY
        letter = get_column_letter(len(DESCRIPTIVE) + 1 + i)
        ws.cell(
            row=r, column=3, value=f"='{TRACKER_SHEET}'!{letter}{totals_row}"
        ).number_format = MONEY
        ws.cell(row=r, column=4, value=f'=IF(B{r}>0,C{r}/B{r},"")').number_format = SHARE
    for col, width in zip("ABCD", (16, 16, 20, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"


def write_tracker(
    pf: ProposalFile,
    path: Path,
    summary: SimulationSummary | None = None,
    challenge: ChallengeReport | None = None,
    *,
    parameters: ParameterSet | None = None,
    out_of_date: str | None = None,
    monitoring: MonitoringSheet | None = None,
) -> Path:
    """Write the savings tracker workbook to `path` (through a temporary file); returns `path`.
    With `out_of_date` (why the results are older than the file), the workbook opens on a first
    sheet saying so; with `monitoring`, a second sheet holds the period's returns to fill in."""
    extra: list[ResultColumn] = []
    if summary is not None:
        extra += simulation_columns(summary)
    if challenge is not None:
        extra += challenge_columns(challenge)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = TRACKER_SHEET
    years, totals_row = _tracker_sheet(ws, pf, extra)
    if summary is not None:
        _rag_colours(ws, len(pf.proposals))
    if challenge is not None:
        _verdict_colours(ws, len(pf.proposals), len(extra))
    if pf.mtfs and pf.mtfs.funding_gap:
        _mtfs_sheet(wb.create_sheet("MTFS"), pf, years, totals_row)
    if monitoring is not None:
        add_monitoring_sheet(wb, monitoring)
    _assumptions_sheet(wb.create_sheet("Assumptions"), pf, parameters)
    if challenge is not None and any(
        q.override for pc in challenge.proposals for q in pc.questions.values()
    ):
        _overrides_sheet(wb.create_sheet("Overrides"), challenge)
    if out_of_date:
        note = wb.create_sheet("Out of date", 0)
        note["A1"] = "Out of date"
        note["A1"].font = Font(bold=True)
        note["A2"] = out_of_date[:1].upper() + out_of_date[1:]
        note.column_dimensions["A"].width = 100
        wb.active = note
    wb.properties.title = f"{pf.council} savings tracker"
    wb.properties.creator = "scrutiny"
    with replaced_atomically(path) as tmp:
        wb.save(tmp)
    return path


VERDICT_FILLS = {
    "assured": "CDEEE3",
    "partially assured": "FBE7B5",
    "not assured": "F6CBB0",
    "insufficient information": "E6E6E6",
}


def _verdict_colours(ws: Worksheet, rows: int, extra: int) -> None:
    """Red/amber/green (grey for insufficient information) on the three verdict columns."""
    last_col = ws.max_column
    first_col = last_col - len(Question) + 1
    area = f"{get_column_letter(first_col)}2:{get_column_letter(last_col)}{max(rows, 1) + 1}"
    for words, colour in VERDICT_FILLS.items():
        fill = PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour)
        ws.conditional_formatting.add(
            area, CellIsRule(operator="equal", formula=[f'"{words}"'], fill=fill)
        )


RAG_FILLS = {"Red": "F6CBB0", "Amber": "FBE7B5", "Green": "CDEEE3"}


def _rag_colours(ws: Worksheet, rows: int) -> None:
    """Red, amber and green fills on the RAG columns, repeating what the words say."""
    for col in range(1, ws.max_column + 1):
        if not str(ws.cell(row=1, column=col).value or "").startswith("RAG "):
            continue
        letter = get_column_letter(col)
        area = f"{letter}2:{letter}{max(rows, 1) + 1}"
        for words, colour in RAG_FILLS.items():
            fill = PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour)
            ws.conditional_formatting.add(
                area, CellIsRule(operator="equal", formula=[f'"{words}"'], fill=fill)
            )


def _wrap(ws: Worksheet, row: int, values: list[Any]) -> None:
    for col, value in enumerate(values, start=1):
        cell = put(ws, row, col, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _assumptions_sheet(ws: Worksheet, pf: ProposalFile, parameters: ParameterSet | None) -> None:
    """Every assumption with its rationale and source; then the parameters with theirs."""
    _header(ws, 1, ["Ref", "Field", "Value", "Rationale", "Source"])
    rows = [("(file)", a) for a in pf.assumptions]
    rows += [(p.ref, a) for p in pf.proposals for a in p.assumptions]
    r = 1
    for ref, a in rows:
        r += 1
        _wrap(ws, r, [ref, a.field, a.value, a.rationale, a.source])
    if parameters:
        r += 2
        _header(ws, r, ["Parameter", "Description", "Value", "Unit", "Year", "Source", "Checked"])
        for name, param in parameters.items():
            year, value = param.entry()
            r += 1
            _wrap(
                ws,
                r,
                [
                    name,
                    param.description,
                    value.value,
                    param.unit.value,
                    year,
                    value.source.cite(),
                    param.as_of.isoformat(),
                ],
            )
    for col, width in zip("ABCDEFG", (22, 30, 16, 70, 50, 16, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"


def _overrides_sheet(ws: Worksheet, challenge: ChallengeReport) -> None:
    """Members' overrides beside the engine's verdicts, with who, when and why."""
    _header(
        ws, 1, ["Ref", "Question", "Engine's verdict", "Members' verdict", "Reason", "By", "At"]
    )
    r = 1
    for pc in challenge.proposals:
        for question, result in pc.questions.items():
            if result.override is None:
                continue
            o = result.override
            r += 1
            _wrap(
                ws,
                r,
                [
                    pc.ref,
                    question.value,
                    result.verdict.value.replace("_", " "),
                    o.verdict.value.replace("_", " "),
                    o.reason,
                    o.by,
                    o.at.replace(tzinfo=None),
                ],
            )
    for col, width in zip("ABCDEFG", (22, 14, 24, 24, 60, 20, 18), strict=True):
        ws.column_dimensions[col].width = width
