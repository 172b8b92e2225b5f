"""Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is written as text in the
Excel tracker and the CSV export; the tracker's own formulas still work."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scrutiny.reports.cells import csv_text
from scrutiny.reports.tracker import tracker_csv
from scrutiny.reports.xlsx import write_tracker
from scrutiny.workflows.validate import parse

RISKY = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")']


def _file() -> object:
    proposals = [
        {
            "ref": f"R-{i}",
            "title": text,
            "service": text,
            "savings": {"2024/25": 1000 * (i + 1)},
            "assumptions": [{"field": "savings", "rationale": text, "source": text}],
        }
        for i, text in enumerate(RISKY)
    ]
    return parse({"council": "Testshire", "proposals": proposals}, "t.yaml")


def test_formula_text_is_text_in_the_excel_tracker(tmp_path: Path) -> None:
    path = write_tracker(_file(), tmp_path / "tracker.xlsx")  # type: ignore[arg-type]
    wb = load_workbook(path)
    ws = wb["Savings tracker"]
    headers = [c.value for c in ws[1]]
    title_col = headers.index("Title") + 1
    service_col = headers.index("Service") + 1
    for i, text in enumerate(RISKY):
        for col in (title_col, service_col):
            cell = ws.cell(row=2 + i, column=col)
            assert cell.data_type == "s" and cell.value == text
    total = ws.cell(row=2, column=headers.index("Total") + 1)
    assert total.data_type == "f" and str(total.value).startswith("=SUM(")
    assumptions = wb["Assumptions"]
    cells = [c for row in assumptions.iter_rows(min_row=2) for c in row if c.value in RISKY]
    assert len(cells) == 2 * len(RISKY)
    assert all(c.data_type == "s" for c in cells)


def test_formula_text_opens_as_text_from_the_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(tracker_csv(_file()))))  # type: ignore[arg-type]
    assert [r["Title"] for r in rows] == ["'" + t for t in RISKY]
    assert [r["Service"] for r in rows] == ["'" + t for t in RISKY]
    assert [r["2024/25"] for r in rows] == ["1000", "2000", "3000", "4000", "5000"]


@pytest.mark.parametrize("text", ["Fostering", "", "a=b", "Early help - phase 2"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert csv_text(text) == text
