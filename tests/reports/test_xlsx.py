"""The Excel savings tracker: opens with openpyxl; its formulas add up to the register."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Status
from scrutiny.reports.xlsx import write_tracker
from scrutiny.workflows.validate import load

CELL = re.compile(r"\$?([A-Z]+)\$?(\d+)")


def _cells(ws: Worksheet, rng: str) -> list[tuple[int, int]]:
    (c1, r1), (c2, r2) = (CELL.fullmatch(part).groups() for part in rng.split(":"))  # type: ignore[union-attr]
    return [
        (r, c)
        for r in range(int(r1), int(r2) + 1)
        for c in range(column_index_from_string(c1), column_index_from_string(c2) + 1)
    ]


def evaluate(ws: Worksheet, value: object) -> float:
    """Work out the few formulas the tracker writes (SUM and SUMIF over ranges)."""
    if not isinstance(value, str) or not value.startswith("="):
        return float(value or 0)  # type: ignore[arg-type]
    if m := re.fullmatch(r"=SUM\(([A-Z$0-9:]+)\)", value):
        return sum(evaluate(ws, ws.cell(r, c).value) for r, c in _cells(ws, m.group(1)))
    if m := re.fullmatch(r'=SUMIF\(([A-Z$0-9:]+),"<>(\w+)",([A-Z$0-9:]+)\)', value):
        crit, excluded, summed = m.groups()
        return sum(
            evaluate(ws, ws.cell(r, c).value)
            for (r0, c0), (r, c) in zip(_cells(ws, crit), _cells(ws, summed), strict=True)
            if ws.cell(r0, c0).value != excluded
        )
    raise AssertionError(f"unexpected formula {value}")


@pytest.mark.parametrize("name", ["thurrock-2022.yaml", "croydon-2024.yaml"])
def test_totals_equal_the_sums_of_the_register(examples: Path, tmp_path: Path, name: str) -> None:
    pf = load(examples / name)
    path = write_tracker(pf, tmp_path / "tracker.xlsx")
    ws = load_workbook(path)["Savings tracker"]
    headers = [c.value for c in ws[1]]
    years = pf.horizon()
    first = headers.index("Recurring") + 1  # the years follow the descriptive columns
    assert headers[first : first + len(years)] == years
    total_col = headers.index("Total") + 1
    assert ws.freeze_panes == "C2"
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for p in pf.proposals:
        r = rows[p.ref]
        assert str(ws.cell(r, total_col).value).startswith("=SUM(")
        assert evaluate(ws, ws.cell(r, total_col).value) == pytest.approx(p.total_target())
        for j, y in enumerate(years):
            assert ws.cell(r, first + 1 + j).value == p.savings.get(y, 0)
            assert ws.cell(r, first + 1 + j).number_format == "£#,##0"
    totals, excluding = rows["Total"], rows["Total excluding removed"]
    for j, y in enumerate(years):
        assert evaluate(ws, ws.cell(totals, first + 1 + j).value) == pytest.approx(
            sum(p.savings.get(y, 0) for p in pf.proposals)
        )
        assert evaluate(ws, ws.cell(excluding, first + 1 + j).value) == pytest.approx(
            sum(p.savings.get(y, 0) for p in pf.proposals if p.status != Status.removed)
        )
    grand = evaluate(ws, ws.cell(totals, total_col).value)
    assert grand == pytest.approx(sum(p.total_target() for p in pf.proposals))


def test_croydon_removed_saving_is_left_out_of_the_second_total(
    examples: Path, tmp_path: Path
) -> None:
    pf = load(examples / "croydon-2024.yaml")
    assert any(p.status == Status.removed for p in pf.proposals)
    ws = load_workbook(write_tracker(pf, tmp_path / "t.xlsx"))["Savings tracker"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    col = [c.value for c in ws[1]].index("Total") + 1
    assert evaluate(ws, ws.cell(rows["Total"], col).value) - evaluate(
        ws, ws.cell(rows["Total excluding removed"], col).value
    ) == pytest.approx(sum(p.total_target() for p in pf.proposals if p.status == Status.removed))


def test_the_mtfs_sheet_sets_savings_against_the_gap(examples: Path, tmp_path: Path) -> None:
    pf: ProposalFile = load(examples / "thurrock-2022.yaml")
    assert pf.mtfs is not None
    wb = load_workbook(write_tracker(pf, tmp_path / "t.xlsx"))
    ws = wb["MTFS"]
    tracker = wb["Savings tracker"]
    for r in range(2, ws.max_row + 1):
        year = ws.cell(r, 1).value
        assert ws.cell(r, 2).value == pf.mtfs.funding_gap.get(year)
        ref = str(ws.cell(r, 3).value).split("!")[1]
        assert evaluate(tracker, f"=SUM({ref}:{ref})") == pytest.approx(
            sum(p.savings.get(year, 0) for p in pf.proposals)
        )


def test_results_add_columns(examples: Path, tmp_path: Path) -> None:
    pf = load(examples / "croydon-2024.yaml")
    ref = pf.proposals[0].ref
    stats = {
        "target": 1000000.0,
        "cumulative_target": 1000000.0,
        "mean": 900000.0,
        "p10": 600000.0,
        "p50": 950000.0,
        "p90": 1000000.0,
        "expected_share": 0.9,
        "at_risk": 120000.0,
        "p_meet_target": 0.25,
        "rag": "amber",
    }
    summary = SimulationSummary.model_validate(
        {
            "iterations": 10,
            "seed": 0,
            "years": ["2024/25"],
            "proposals": [{"ref": ref, "model": "fixed", "years": {"2024/25": stats}}],
            "portfolio": {"years": {"2024/25": stats}},
        }
    )
    challenge = ChallengeReport.model_validate(
        {
            "proposals": [
                {
                    "ref": ref,
                    "questions": {
                        "deliverable": {"verdict": "not_assured"},
                        "impact": {"verdict": "partially_assured"},
                        "alternatives": {"verdict": "insufficient_information"},
                    },
                }
            ]
        }
    )
    ws = load_workbook(write_tracker(pf, tmp_path / "t.xlsx", summary, challenge))[
        "Savings tracker"
    ]
    headers = [c.value for c in ws[1]]
    assert headers[-7:] == [
        "Expected delivery 2024/25",
        "At risk 2024/25",
        "RAG 2024/25",
        "Chance of 95% of target 2024/25",
        "Deliverable",
        "Impact",
        "Alternatives",
    ]
    row = [c.value for c in ws[2]]
    assert row[-7:] == [
        900000,
        120000,
        "Amber",
        0.25,
        "not assured",
        "partially assured",
        "insufficient information",
    ]
    assert [c.value for c in ws[3]][-7:] == [None] * 7
    assert ws.cell(2, len(headers) - 6).number_format == "£#,##0"
    assert ws.cell(2, len(headers) - 5).number_format == "£#,##0"
    assert ws.cell(2, len(headers) - 3).number_format == "0%"
    rag = get_column_letter(len(headers) - 4)
    fills = {
        r.formula[0].strip('"')
        for cf in ws.conditional_formatting
        if str(cf.sqref).startswith(rag)
        for r in cf.rules
    }
    assert fills == {"Red", "Amber", "Green"}  # the colour repeats what the words say
    assert get_column_letter(len(headers)) == ws.auto_filter.ref.split(":")[1].rstrip("0123456789")


def test_a_failed_write_leaves_the_old_file(examples: Path, tmp_path: Path) -> None:
    pf = load(examples / "croydon-2024.yaml")
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    bad = SimulationSummary.model_construct(years=["2024/25"], proposals=None)  # for_ref will fail
    with pytest.raises(TypeError):
        write_tracker(pf, path, bad)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
