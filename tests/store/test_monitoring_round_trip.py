"""The tracker's period columns round-trip through the database, on SQLite and PostgreSQL:
export, fill in a quarter, import, export again gives the same figures; a damaged workbook is
refused with one line and nothing is written; each import is a new, audited version."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from scrutiny.domain.monitoring import Period
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.errors import DocumentError, InvalidInput, ScrutinyError
from scrutiny.reports.monitoring_sheet import HEADER_ROW, HEADERS, SHEET
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.monitoring import import_returns, record_return
from scrutiny.workflows.transfer import ExportFormat, export_register, import_proposal_file

TODAY = datetime.date(2022, 7, 15)


def _col(name: str) -> int:
    return HEADERS.index(name) + 1


def _fill_quarter(
    path: Path, share: float, *, rag: str = "Green"
) -> dict[str, tuple[float, float]]:
    """Fill in every proposal's row at `share` of its target; returns ref → (delivered, forecast)."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    filled = {}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        ref = ws.cell(r, 1).value
        target = ws.cell(r, _col("Target for the year")).value
        if not ref or not target:
            continue
        delivered = round(target * share)
        ws.cell(r, _col("Delivered to date"), delivered)
        ws.cell(r, _col("Forecast for the year"), target)
        ws.cell(r, _col("RAG"), rag)
        ws.cell(r, _col("Commentary"), "On track")
        ws.cell(r, _col("Evidence"), "Ledger to 30 June")
        filled[ref] = (float(delivered), float(target))
    wb.save(path)
    return filled


def _sheet_figures(path: Path) -> tuple[str, dict[str, tuple[float, float, str]]]:
    ws = load_workbook(path)[SHEET]
    figures = {}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        delivered = ws.cell(r, _col("Delivered to date")).value
        if delivered is not None:
            figures[ws.cell(r, 1).value] = (
                float(delivered),
                float(ws.cell(r, _col("Forecast for the year")).value),
                ws.cell(r, _col("RAG")).value,
            )
    return ws["B1"].value, figures


@pytest.fixture
def stored(engine: Engine, thurrock: ProposalFile) -> Engine:
    import_proposal_file(thurrock, source="thurrock.yaml", actor="officer", engine=engine)
    return engine


def test_workbook_round_trip_gives_the_same_figures(stored: Engine, tmp_path: Path) -> None:
    first = tmp_path / "tracker.xlsx"
    export_register(ExportFormat.xlsx, out=first, engine=stored)
    period, before = _sheet_figures(first)
    assert period == "2022/23 Q1" and before == {}
    filled = _fill_quarter(first, 0.25)
    assert len(filled) == 3
    result = import_returns(first, actor="A. Finance", engine=stored, today=TODAY)
    assert (result.period, result.version, result.returns) == ("2022/23 Q1", 1, 3)

    again = tmp_path / "again.xlsx"
    export_register(ExportFormat.xlsx, out=again, engine=stored)
    period, after = _sheet_figures(again)
    assert period == "2022/23 Q1"
    assert after == {ref: (d, f, "Green") for ref, (d, f) in filled.items()}


def test_csv_round_trip_gives_the_same_figures(stored: Engine, tmp_path: Path) -> None:
    text, _ = export_register(ExportFormat.csv, engine=stored, period="2022/23 Q2")
    assert text is not None
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["Target for the year"]:
            row["Delivered to date"] = "£" + f"{float(row['Target for the year']) / 2:,.0f}"
            row["Forecast for the year"] = row["Target for the year"]
            row["RAG"] = "amber"
    path = tmp_path / "tracker.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_returns(path, actor="A. Finance", engine=stored, today=TODAY)
    text2, _ = export_register(ExportFormat.csv, engine=stored)
    assert text2 is not None
    again = {r["Ref"]: r for r in csv.DictReader(io.StringIO(text2))}
    for row in rows:
        if row["Target for the year"]:
            got = again[row["Ref"]]
            assert got["Period"] == "2022/23 Q2"
            assert float(got["Delivered to date"]) == float(row["Target for the year"]) / 2
            assert got["RAG"] == "Amber" and got["Reported by"] == "A. Finance"


def _count_returns(engine: Engine) -> int:
    with UnitOfWork(engine) as uow:
        return sum(
            len(s.returns)
            for y in uow.monitoring.years("Thurrock")
            for s in uow.monitoring.history("Thurrock", y)
        )


def test_a_damaged_workbook_is_refused_with_one_line_and_nothing_written(
    stored: Engine, tmp_path: Path
) -> None:
    good = tmp_path / "good.xlsx"
    export_register(ExportFormat.xlsx, out=good, engine=stored)
    _fill_quarter(good, 0.25)

    no_sheet = tmp_path / "no-sheet.xlsx"
    wb = load_workbook(good)
    del wb[SHEET]
    wb.save(no_sheet)

    text_in_number = tmp_path / "text.xlsx"
    wb = load_workbook(good)
    wb[SHEET].cell(HEADER_ROW + 2, _col("Forecast for the year"), "about a million")
    wb.save(text_in_number)

    unknown = tmp_path / "unknown.xlsx"
    wb = load_workbook(good)
    wb[SHEET].cell(HEADER_ROW + 3, 1, "THR-NOT-THERE")
    wb.save(unknown)

    not_a_workbook = tmp_path / "broken.xlsx"
    not_a_workbook.write_bytes(b"not a zip")

    expected = {
        no_sheet: (DocumentError, "no sheet named 'Monitoring return'"),
        text_in_number: (InvalidInput, "Forecast for the year: must be an amount in pounds"),
        unknown: (InvalidInput, "[THR-NOT-THERE] Ref: is not a proposal in the council's register"),
        not_a_workbook: (DocumentError, "cannot be read as an Excel workbook"),
    }
    for path, (kind, words) in expected.items():
        with pytest.raises(kind) as caught:
            import_returns(path, actor="A. Finance", engine=stored, today=TODAY)
        assert isinstance(caught.value, ScrutinyError)
        line = caught.value.one_line()
        assert words in line and "\n" not in line and line.startswith(path.name), line
    assert _count_returns(stored) == 0


def test_each_import_is_a_new_audited_version_and_periods_go_forward(
    stored: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "q2.xlsx"
    export_register(ExportFormat.xlsx, out=path, engine=stored, period="2022/23 Q2")
    _fill_quarter(path, 0.5)
    import_returns(path, actor="A. Finance", engine=stored, today=TODAY)
    _fill_quarter(path, 0.5, rag="Amber")
    second = import_returns(path, actor="B. Finance", engine=stored, today=TODAY)
    assert second.version == 2
    with UnitOfWork(stored) as uow:
        versions = uow.monitoring.versions("Thurrock", Period.parse("2022/23 Q2"))
        assert [v.number for v in versions] == [1, 2]
        assert {r.rag for r in versions[0].returns} == {"green"}
        assert {r.rag for r in versions[1].returns} == {"amber"}
        trail = uow.audit.entries(entity="monitoring_return", council="Thurrock")
    assert [e.action for e in trail] == ["create"] * 3 + ["update"] * 3
    assert trail[-1].actor == "B. Finance" and trail[-1].changed == ["rag", "reported_by"]

    late = tmp_path / "q1.xlsx"
    export_register(ExportFormat.xlsx, out=late, engine=stored, period="2022/23 Q1")
    _fill_quarter(late, 0.25)
    with pytest.raises(InvalidInput, match="2022/23 Q1 comes before 2022/23 Q2"):
        import_returns(late, actor="A. Finance", engine=stored, today=TODAY)


def test_one_return_entered_keeps_the_others(stored: Engine) -> None:
    values = {"ref": "THR-CSC-02", "delivered_to_date": "50000", "forecast": 200000, "rag": "G"}
    record_return("Thurrock", values, period="2022-06", actor="web officer", engine=stored)
    values = {"ref": "THR-CSC-01", "delivered_to_date": 0, "forecast": 0, "rag": "red"}
    latest = record_return("Thurrock", values, period="2022-06", actor="web officer", engine=stored)
    assert latest.number == 2
    assert {r.ref: r.rag for r in latest.returns} == {"THR-CSC-01": "red", "THR-CSC-02": "green"}
    bad = {"ref": "THR-CSC-01", "delivered_to_date": 0, "forecast": "soon", "rag": "red"}
    with pytest.raises(InvalidInput, match="Forecast for the year: must be an amount"):
        record_return("Thurrock", bad, period="2022-06", actor="web officer", engine=stored)
    assert _count_returns(stored) == 2
