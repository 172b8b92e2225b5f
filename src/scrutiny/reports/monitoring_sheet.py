"""The period's columns of the savings tracker, out and back in.

The tracker workbook gets a `Monitoring return` sheet: the period and the council in two cells at
the top, then one row per proposal with a target in the period's year: its target for the year,
and the columns a finance officer fills in (delivered to date, forecast for the year, RAG,
commentary, mitigations, replacement savings, reported by, reported on, evidence), filled with
the period's latest returns when there are any. The tracker CSV gets the same columns after its
own, with the council and the period on every row.

`read_returns_file` reads either back as raw cells keyed by field name; the domain
(`domain.monitoring.parse_return`) turns them into returns. A file that cannot be read, has no
such sheet, or lacks a column is refused with one line.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from scrutiny.domain.delivery import RAG_WORDS
from scrutiny.domain.monitoring import FIELD_WORDS, MonitoringReturn, Period
from scrutiny.errors import DocumentError
from scrutiny.reports.cells import csv_cell, put

SHEET = "Monitoring return"
PERIOD_CELL = "B1"
COUNCIL_CELL = "B2"
HEADER_ROW = 5
TARGET = "Target for the year"
TITLE = "Title"
SERVICE = "Service"
PERIOD = "Period"
COUNCIL = "Council"
ENTERED = [k for k in FIELD_WORDS if k != "ref"]
"""The fields an officer fills in, in column order."""
HEADERS = ["Ref", TITLE, SERVICE, TARGET] + [FIELD_WORDS[k] for k in ENTERED]
CSV_HEADERS = [COUNCIL, PERIOD, TARGET] + [FIELD_WORDS[k] for k in ENTERED]
REQUIRED = ("ref", "delivered_to_date", "forecast", "rag")
MONEY = "£#,##0"
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
HEADER_FONT = Font(bold=True, color="FFFFFF")
GUIDANCE = (
    "Fill in one row for each proposal you report on: amounts in pounds, RAG as Red, Amber or "
    "Green. Leave a row blank to make no return for it. Import with: scrutiny monitor import FILE"
)


@dataclass(frozen=True)
class SheetRow:
    """A proposal on the monitoring sheet, with its latest return for the period if any."""

    ref: str
    title: str
    service: str | None
    target: float | None
    """The saving planned in the period's year [GBP]; None when it has none that year."""
    latest: MonitoringReturn | None = None


@dataclass(frozen=True)
class MonitoringSheet:
    council: str
    period: Period
    rows: list[SheetRow]

    def row(self, ref: str) -> SheetRow | None:
        for r in self.rows:
            if r.ref == ref:
                return r
        return None


def _entered(latest: MonitoringReturn | None) -> list[Any]:
    if latest is None:
        return [None] * len(ENTERED)
    data = latest.to_data()
    data["rag"] = RAG_WORDS[latest.rag]
    data["reported_on"] = latest.reported_on
    return [data[k] for k in ENTERED]


def add_monitoring_sheet(wb: Workbook, sheet: MonitoringSheet) -> None:
    """Add the `Monitoring return` sheet to a tracker workbook."""
    ws = wb.create_sheet(SHEET, 1)
    put(ws, 1, 1, PERIOD).font = Font(bold=True)
    put(ws, 1, 2, sheet.period.label)
    put(ws, 2, 1, COUNCIL).font = Font(bold=True)
    put(ws, 2, 2, sheet.council)
    put(ws, 3, 1, GUIDANCE)
    for col, text in enumerate(HEADERS, start=1):
        cell = put(ws, HEADER_ROW, col, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    money_cols = {HEADERS.index(h) + 1 for h in HEADERS if h in _MONEY_HEADERS}
    for i, row in enumerate(sheet.rows):
        r = HEADER_ROW + 1 + i
        values = [row.ref, row.title, row.service, row.target, *_entered(row.latest)]
        for col, value in enumerate(values, start=1):
            cell = put(ws, r, col, value)
            if col in money_cols:
                cell.number_format = MONEY
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    rag_col = get_column_letter(HEADERS.index(FIELD_WORDS["rag"]) + 1)
    choose = DataValidation(type="list", formula1='"Red,Amber,Green"', allow_blank=True)
    choose.error = "RAG is Red, Amber or Green"
    ws.add_data_validation(choose)
    choose.add(f"{rag_col}{HEADER_ROW + 1}:{rag_col}{HEADER_ROW + max(len(sheet.rows), 1)}")
    widths = [16, 40, 24, 14, 14, 14, 10, 40, 40, 14, 20, 14, 40]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)


_MONEY_HEADERS = {TARGET, FIELD_WORDS["delivered_to_date"], FIELD_WORDS["forecast"]} | {
    FIELD_WORDS["replacement"]
}


def csv_columns(sheet: MonitoringSheet, ref: str) -> list[Any]:
    """The monitoring columns of one tracker CSV row (`CSV_HEADERS`)."""
    row = sheet.row(ref)
    entered = _entered(row.latest if row else None)
    entered = [v.isoformat() if isinstance(v, datetime.date) else v for v in entered]
    target = row.target if row else None
    values = [sheet.council, sheet.period.label, target, *entered]
    return [csv_cell(v) for v in values]


# Reading back ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnsFile:
    """A filled-in tracker as read: the council and period it names, and its rows of cells
    keyed by field name, each with where it is (``row 7``)."""

    source: str
    council: str | None
    period_text: str | None
    period_where: str
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _by_heading(headings: list[Any]) -> dict[str, int]:
    words = {v: k for k, v in FIELD_WORDS.items()}
    found: dict[str, int] = {}
    for i, h in enumerate(headings):
        key = words.get(str(h or "").strip())
        if key and key not in found:
            found[key] = i
    return found


def _missing_column(source: str, columns: dict[str, int], where: str) -> None:
    for key in REQUIRED:
        if key not in columns:
            raise DocumentError(
                source, f"{where} has no column {FIELD_WORDS[key]!r}; export the tracker again"
            )


def read_returns_file(path: Path) -> ReturnsFile:
    """The filled-in tracker at `path`: an Excel workbook (.xlsx) or a CSV file."""
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise DocumentError(path.name, "is neither an Excel workbook (.xlsx) nor a CSV file (.csv)")


def _read_xlsx(path: Path) -> ReturnsFile:
    source = path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(source, f"cannot be read as an Excel workbook ({exc})") from None
    try:
        if SHEET not in wb.sheetnames:
            raise DocumentError(
                source,
                f"has no sheet named {SHEET!r}; export the tracker with "
                "scrutiny export --format xlsx and fill in that sheet",
            )
        ws = wb[SHEET]
        cells = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()

    def cell(row: int, col: int) -> Any:
        if row - 1 < len(cells) and col - 1 < len(cells[row - 1]):
            return cells[row - 1][col - 1]
        return None

    headings = cells[HEADER_ROW - 1] if len(cells) >= HEADER_ROW else []
    columns = _by_heading(list(headings))
    _missing_column(source, columns, f"sheet {SHEET!r} row {HEADER_ROW}")
    rows = []
    for n in range(HEADER_ROW + 1, len(cells) + 1):
        values = {k: cell(n, i + 1) for k, i in columns.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        rows.append((f"{source} row {n}", values))
    council = cell(2, 2)
    period = cell(1, 2)
    return ReturnsFile(
        source=source,
        council=None if council is None else str(council).strip(),
        period_text=None if period is None else str(period),
        period_where=f"{source} sheet {SHEET!r} cell {PERIOD_CELL}",
        rows=rows,
    )


def _read_csv(path: Path) -> ReturnsFile:
    source = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(source, f"cannot be read as UTF-8 CSV text ({exc})") from None
    table = list(csv.reader(io.StringIO(text)))
    if not table:
        raise DocumentError(source, "is empty")
    headings = [h.strip() for h in table[0]]
    columns = _by_heading(headings)
    _missing_column(source, columns, "the header row")
    if PERIOD not in headings:
        raise DocumentError(source, f"has no column {PERIOD!r}; export the tracker again")
    period_col = headings.index(PERIOD)
    council_col = headings.index(COUNCIL) if COUNCIL in headings else None
    periods: set[str] = set()
    councils: set[str] = set()
    rows = []
    for n, raw in enumerate(table[1:], start=2):
        values = {k: (raw[i] if i < len(raw) else "") for k, i in columns.items()}
        if period_col < len(raw) and raw[period_col].strip():
            periods.add(raw[period_col].strip())
        if council_col is not None and council_col < len(raw) and raw[council_col].strip():
            councils.add(raw[council_col].strip())
        if all(not str(v).strip() for v in values.values()):
            continue
        rows.append((f"{source} row {n}", values))
    if len(periods) > 1:
        raise DocumentError(
            source, f"names more than one period ({', '.join(sorted(periods))}); give one"
        )
    if len(councils) > 1:
        raise DocumentError(source, f"names more than one council ({', '.join(sorted(councils))})")
    return ReturnsFile(
        source=source,
        council=next(iter(councils), None),
        period_text=next(iter(periods), None),
        period_where=f"{source} column {PERIOD!r}",
        rows=rows,
    )
