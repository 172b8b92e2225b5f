"""The savings tracker as a table: one row per proposal, a column per financial year [GBP].

Shared by the CSV export and the Excel tracker (xlsx.py) so both show the same register.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.reports.cells import csv_cell
from scrutiny.reports.monitoring_sheet import CSV_HEADERS, MonitoringSheet, csv_columns


@dataclass(frozen=True)
class Column:
    """A descriptive column: its heading, how to read it off a proposal, its width [characters]."""

    header: str
    value: Callable[[Proposal], Any]
    width: float = 14


def _text(value: Any) -> str:
    return "" if value is None else str(value.value if hasattr(value, "value") else value)


DESCRIPTIVE: list[Column] = [
    Column("Ref", lambda p: p.ref, 16),
    Column("Title", lambda p: p.title, 48),
    Column("Service", lambda p: p.service or "", 28),
    Column("Owner", lambda p: p.owner or "", 24),
    Column("Category", lambda p: _text(p.category), 16),
    Column("Kind", lambda p: _text(p.kind), 14),
    Column("Status", lambda p: _text(p.status), 12),
    Column("Model", lambda p: p.model_type, 20),
    Column("Recurring", lambda p: "yes" if p.recurring else "no", 10),
]


@dataclass(frozen=True)
class TrackerTable:
    """Headers and rows of the register; year cells are incremental savings [GBP]."""

    years: list[str]
    headers: list[str]
    rows: list[list[Any]]

    @property
    def first_year_column(self) -> int:
        """0-based index of the first year column."""
        return len(DESCRIPTIVE)


def tracker_table(pf: ProposalFile) -> TrackerTable:
    """One row per proposal: descriptive columns, a column per year, the total, the stated total."""
    years = pf.horizon()
    headers = [c.header for c in DESCRIPTIVE] + years + ["Total", "Stated total"]
    rows = []
    for p in pf.proposals:
        row: list[Any] = [c.value(p) for c in DESCRIPTIVE]
        row += [p.savings.get(y, 0.0) for y in years]
        row += [p.total_target(), p.stated_total]
        rows.append(row)
    return TrackerTable(years=years, headers=headers, rows=rows)


def tracker_csv(pf: ProposalFile, monitoring: MonitoringSheet | None = None) -> str:
    """The tracker as CSV text (pounds as plain numbers, contracts.md §1); text that a
    spreadsheet would read as a formula is written with a leading apostrophe. With
    `monitoring`, the period's columns follow (monitoring_sheet.py)."""
    table = tracker_table(pf)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers + (CSV_HEADERS if monitoring else []))
    for p, row in zip(pf.proposals, table.rows, strict=True):
        extra = csv_columns(monitoring, p.ref) if monitoring else []
        writer.writerow([csv_cell(v) for v in row] + extra)
    return out.getvalue()
