"""Spreadsheet cells that can never run what someone typed.

Text that begins with `=`, `+`, `-` or `@` (or a tab or carriage return) is read as a formula by
Excel and LibreOffice. Every spreadsheet writer puts text through here: `put` writes an Excel
cell whose text stays text, `csv_text` makes a CSV field that opens as text. The writers' own
formulas (`=SUM(...)`) are written with `ws.cell` directly.

>>> csv_text("=1+1")
"'=1+1"
>>> csv_text("Fostering")
'Fostering'
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write `value` to a cell; text is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and cell.data_type != "s":
        cell.data_type = "s"  # openpyxl stores "=..." as a formula unless told otherwise
    return cell


def csv_text(value: Any) -> Any:
    """A CSV field that a spreadsheet opens as text: a leading apostrophe before formula text
    (numbers are left as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    """A value as a CSV field: whole pounds without a decimal point, nothing for None, text
    through `csv_text`."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else csv_text(value)
