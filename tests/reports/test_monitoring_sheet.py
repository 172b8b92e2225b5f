"""The tracker's period columns read back exactly as written (CSV and Excel), whatever the
officer typed: a property over returns with any amounts, ratings and words."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from scrutiny.domain.monitoring import MonitoringReturn, Period, is_empty_row, parse_return
from scrutiny.reports.cells import csv_cell
from scrutiny.reports.monitoring_sheet import (
    CSV_HEADERS,
    SHEET,
    MonitoringSheet,
    SheetRow,
    add_monitoring_sheet,
    csv_columns,
    read_returns_file,
)

PERIOD = Period.parse("2022/23 Q2")
ON = datetime.date(2022, 10, 1)

words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s != "" and not s.startswith("'")
)
pounds = st.integers(0, 10**9).map(float)
returns = st.builds(
    MonitoringReturn,
    ref=st.from_regex(r"[A-Z]{3}-[0-9]{2}", fullmatch=True),
    period=st.just(PERIOD),
    delivered_to_date=pounds,
    forecast=pounds,
    rag=st.sampled_from(["green", "amber", "red"]),
    reported_by=words,
    reported_on=st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1)),
    commentary=st.none() | words,
    mitigations=st.none() | words,
    replacement=st.none() | pounds,
    evidence=st.none() | words,
)


def _sheet(found: list[MonitoringReturn]) -> MonitoringSheet:
    unique = {r.ref: r for r in found}
    rows = [SheetRow(ref, f"Title {ref}", None, 1000.0, r) for ref, r in unique.items()]
    return MonitoringSheet("Anyshire", PERIOD, rows)


def _read_back(path: Path) -> tuple[str | None, str | None, list[MonitoringReturn]]:
    found = read_returns_file(path)
    period = Period.parse(found.period_text or "")
    back = [
        parse_return(values, period, where=where, reported_by="x", reported_on=ON)
        for where, values in found.rows
        if not is_empty_row(values)
    ]
    return found.council, found.period_text, back


@settings(max_examples=40, deadline=None)
@given(st.lists(returns, min_size=1, max_size=4))
def test_csv_columns_read_back_as_written(found: list[MonitoringReturn]) -> None:
    import csv

    sheet = _sheet(found)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["Ref", "Title", *CSV_HEADERS])
            for row in sheet.rows:
                writer.writerow([row.ref, csv_cell(row.title), *csv_columns(sheet, row.ref)])
        council, period, back = _read_back(path)
    assert (council, period) == ("Anyshire", PERIOD.label)
    assert back == [r.latest for r in sheet.rows]


@settings(max_examples=25, deadline=None)
@given(st.lists(returns, min_size=1, max_size=4))
def test_the_workbook_sheet_reads_back_as_written(found: list[MonitoringReturn]) -> None:
    sheet = _sheet(found)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        wb = Workbook()
        add_monitoring_sheet(wb, sheet)
        wb.save(path)
        assert SHEET in load_workbook(path).sheetnames
        council, period, back = _read_back(path)
    assert (council, period) == ("Anyshire", PERIOD.label)
    assert back == [r.latest for r in sheet.rows]
