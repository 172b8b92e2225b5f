"""Savings tables: Word, HTML and text tables read as draft proposals with yearly profiles."""

from __future__ import annotations

from pathlib import Path

import docx
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_documents import make_table_pdf

from scrutiny.ingest.document import Table
from scrutiny.ingest.extract.facts import extract
from scrutiny.ingest.extract.tables import (
    _CARD_FIGURE,
    _card_figures,
    financial_year,
    read_cell,
    read_table,
)
from scrutiny.ingest.readers import Limits, read_document
from scrutiny.ingest.readers.html import read_html
from scrutiny.ingest.readers.text import read_text

HEADER = ("Ref", "Description", "2026/27 (£)", "2027/28 (£)", "Total (£)")
ROWS = (
    ("CS01", "Emergency foster carers", "(437,369)", "0", "(437,369)"),
    ("CS02", "Housing project for care leavers", "(742,032)", "645,032", "(97,000)"),
    ("CS03", "Family help restructure", "(100,000)", "(50,000)", "(150,001)"),
)


def _drafts(rows: tuple[tuple[str, ...], ...], context: str = "") -> dict[str, object]:
    reading = read_table(Table(1, rows, None, context))
    return {d.ref or d.title: d for d in reading.drafts}


def test_word_appendix_gives_yearly_profiles_with_reversals_and_evidence(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Appendix 1: Children's operational savings")
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for i, row in enumerate((HEADER, *ROWS)):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    path = tmp_path / "appendix.docx"
    document.save(str(path))
    result = extract(read_document(path, Limits()))
    by_ref = {p.ref: p for p in result.proposals}
    assert by_ref["CS01"].savings == {"2026/27": 437_369, "2027/28": 0}
    # A bracketed saving with the reversal printed positive: the next year's increment falls.
    assert by_ref["CS02"].savings == {"2026/27": 742_032, "2027/28": -645_032}
    assert by_ref["CS02"].total == 97_000 and by_ref["CS02"].unit == "(£)"
    assert by_ref["CS02"].source == {"page": None, "table": 1, "row": 3, "cells": list(ROWS[1])}
    # A row total that disagrees with its years is reported, not corrected.
    assert by_ref["CS03"].total == 150_001
    assert [(f.row, f.message) for f in result.findings] == [
        (4, "CS03: the years add up to £150,000 but the row total prints £150,001")
    ]
    payload = result.to_json()
    assert payload["proposals"][1]["source"]["cells"][3] == "645,032"


def test_html_table_with_spans_header_over_two_rows_and_unit_row() -> None:
    page = b"""<html><body><p>Savings proposals (figures in \xc2\xa3000)</p><table>
    <tr><th rowspan=2>Service</th><th colspan=2>Savings</th><th rowspan=2>FTE</th></tr>
    <tr><th>2025-26</th><th>26/27</th></tr>
    <tr><td>Early help</td><td>120</td><td>-</td><td>4.5</td></tr>
    <tr><td>Fostering</td><td>80.5</td><td>40</td><td>0</td></tr>
    <tr><td>Total</td><td>200.5</td><td>40</td><td>4.5</td></tr>
    </table></body></html>"""
    result = extract(read_html("page.html", page))
    assert [(p.title, p.savings, p.unit) for p in result.proposals] == [
        ("Early help", {"2025/26": 120_000, "2026/27": 0}, "£000"),
        ("Fostering", {"2025/26": 80_500, "2026/27": 40_000}, "£000"),
    ]
    assert result.findings == ()


def test_tab_separated_text_with_sub_totals_headings_and_staff_columns() -> None:
    text = (
        "Savings by unit\n\n"
        "Unit\tSavings 2024/25 £'000\tFTE 2024/25\n"
        "Schools\t\t\n"
        "Primary\t667\t3.2\n"
        "Secondary\t724\t1.0\n"
        "Schools Total\t1,391\t4.2\n"
        "Central Budgets Total\t300\t0\n"
        "Grand Total\t1,691\t4.2\n"
    )
    result = extract(read_text("units.txt", text.encode()))
    assert [(p.title, p.savings) for p in result.proposals] == [
        ("Primary", {"2024/25": 667_000}),
        ("Secondary", {"2024/25": 724_000}),
        ("Central Budgets Total", {"2024/25": 300_000}),
    ]
    assert result.findings == ()  # both totals agree with their rows
    wrong = read_table(Table(1, (("Unit", "Savings £"), ("A", "10"), ("B", "5"), ("Total", "16"))))
    assert [f.message for f in wrong.findings] == [
        "Total: prints £16 but the rows above add up to £15"
    ]


def test_minus_savings_with_positive_reversals_and_unit_assumed_when_unprinted() -> None:
    rows = (
        ("Directorate", "2024/25", "2025/26", "Total"),
        ("Children", "-4,214", "-6,632", "-10,846"),
        ("Place", "-5,482", "991", "-4,491"),
        ("Total reductions", "-9,696", "-5,641", "-15,337"),
    )
    reading = read_table(Table(1, rows))
    assert [d.savings for d in reading.drafts] == [
        {"2024/25": 4_214_000, "2025/26": 6_632_000},
        {"2024/25": 5_482_000, "2025/26": -991_000},
    ]
    assert [f.message for f in reading.findings] == [
        "no unit is printed; figures are read as £000 (assumed)"
    ]


def test_single_amount_column_takes_the_year_stated_above_and_cell_units() -> None:
    drafts = _drafts(
        (("Ref", "Amount"), ("A5", "£275,000"), ("E2", "£1.2m")), "Savings 2015-16 delegated"
    )
    assert drafts["A5"].savings == {"2015/16": 275_000} and drafts["A5"].total == 275_000  # type: ignore[attr-defined]
    assert drafts["E2"].total == 1_200_000  # type: ignore[attr-defined]


def test_year_n_columns_count_from_the_year_stated_nearby() -> None:
    drafts = _drafts(
        (("Proposal", "Year 1 £k", "Year 2 £k"), ("Edge of care", "50", "25")),
        "Medium term plan from 2026/27",
    )
    assert drafts["Edge of care"].savings == {"2026/27": 50_000, "2027/28": 25_000}  # type: ignore[attr-defined]


def test_columns_that_are_not_savings_are_left_out() -> None:
    rows = (
        ("Directorate", "2024/25 Savings Proposed £'000", "Achieved £'000", "At risk £'000", "%"),
        ("Families", "5,020", "4,611", "409", "0.6%"),
        ("Housing", "6,754", "5,714", "(328)", "1.1%"),
    )
    assert [d.savings for d in read_table(Table(1, rows)).drafts] == [
        {"2024/25": 5_020_000},
        {"2024/25": 6_754_000},
    ]


def test_money_unit_in_some_labels_makes_unlabelled_figures_not_money() -> None:
    rows = (
        ("Location", "Current hours", "Reduction proposed", "Total saving (£m)"),
        ("North hall", "111", "15", "0.014"),
    )
    drafts = read_table(Table(1, rows)).drafts
    assert [(d.savings, d.total, d.unit) for d in drafts] == [({}, 14_000, "(£m)")]


def test_references_with_a_space_and_figures_in_the_titles() -> None:
    rows = (
        ("Ref", "Description", "2025/26 £000", "2026/27 £000"),
        ("CYP 01", "Reduce 15 residential placements to 10 through step-down", "(250)", "(250)"),
        ("CYP 02", "Recruit 20 more foster carers over 2 years", "(100)", "(200)"),
    )
    drafts = _drafts(rows)
    assert sorted(drafts) == ["CYP 01", "CYP 02"]
    assert drafts["CYP 02"].savings == {"2025/26": 100_000, "2026/27": 200_000}  # type: ignore[attr-defined]


def test_budgets_with_their_change_and_tables_of_pressures_give_no_drafts() -> None:
    budgets = (
        ("Service", "2024/25 Budget £000", "2025/26 Budget £000", "Change £000"),
        ("Children's Social Care", "45,200", "47,900", "2,700"),
        ("Education", "12,100", "11,800", "(300)"),
    )
    assert _drafts(budgets, "Net revenue budget by service") == {}
    pressures = (
        ("Ref", "Pressure", "2025/26 £000", "2026/27 £000"),
        ("P1", "Demographic growth in children looked after", "1,200", "800"),
        ("P2", "Pay award", "600", "600"),
    )
    reading = read_table(Table(3, pressures, None, "Growth and pressures"))
    assert reading.drafts == ()
    assert [f.message for f in reading.findings] == [
        "a table of pressures or growth, not savings: no draft proposals taken from it"
    ]
    # The same figures under a heading about savings are savings.
    assert sorted(_drafts(pressures, "Savings proposals 2025/26")) == ["P1", "P2"]


def test_cells_and_year_labels() -> None:
    assert read_cell("(1,480,219)").value == -1_480_219  # type: ignore[union-attr]
    assert read_cell("TBA") is None
    assert read_cell("-").value == 0  # type: ignore[union-attr]
    assert read_cell("(12") is None
    assert [financial_year(s) for s in ("2026-27", "2026/7", "26/27", "2026/28", "Year 1")] == [
        "2026/27",
        "2026/27",
        "2026/27",
        None,
        None,
    ]


def test_a_table_of_text_gives_no_drafts() -> None:
    rows = (("Risk", "Mitigation"), ("Demand rises", "Monitor monthly"), ("Staff leave", "Retain"))
    assert read_table(Table(1, rows)).drafts == ()


def test_ten_thousand_rows_are_read() -> None:
    body = tuple((f"S{i}", f"Saving {i}", f"{i + 1:,}") for i in range(10_000))
    rows = (("Ref", "Title", "2026/27 £"), *body)
    drafts = read_table(Table(1, rows)).drafts
    assert len(drafts) == 10_000 and drafts[-1].savings == {"2026/27": 10_000}


_CELL = st.one_of(
    st.sampled_from(["", "-", "0", "(1,234)", "£5k", "2026/27", "Total", "FTE", "£000", "TBA"]),
    st.text(max_size=12),
    st.integers(-(10**9), 10**9).map(str),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=8), max_size=12), st.text(max_size=40))
def test_any_grid_is_read_without_crashing(rows: list[list[str]], context: str) -> None:
    """Ragged rows, merged-looking repeats, text everywhere: drafts or none, never a crash, and
    every draft names a printed row of the table."""
    reading = read_table(Table(1, tuple(tuple(r) for r in rows), None, context))
    for draft in reading.drafts:
        assert draft.source is not None
        assert 1 <= int(draft.source["row"]) <= len(rows)  # type: ignore[call-overload]
        assert all(isinstance(v, int | float) for v in draft.savings.values())


def test_cards_lists_and_lines_give_drafts() -> None:
    text = (
        "Approved proposals\n\n"
        "Fees & Charges\nService: Education Services\nEstimated savings 2020/21 £000's: 75\n"
        "Full-time equivalent: 0\n"
        "Primary Learning Review\nPrimary Education\nEstimated savings £000's\n367\n"
        "Full-time equivalent: 7.6\n\n"
        "• A1: Adult Care cost effective care packages £2,480k – App 2\n"
        "OP13: Emergency foster carers £437k\n"
    )
    result = extract(read_text("cards.txt", text.encode()))
    got = {(p.ref, p.title): (p.savings, p.total or sum(p.amounts)) for p in result.proposals}
    assert got == {
        (None, "Fees & Charges"): ({"2020/21": 75_000}, 75_000),
        (None, "Primary Learning Review"): ({}, 367_000),
        ("A1", "Adult Care cost effective care packages"): ({}, 2_480_000),
        ("OP13", "Emergency foster carers"): ({}, 437_000),
    }


def test_a_card_with_a_savings_line_a_year_is_one_draft_with_its_reference() -> None:
    text = (
        "Reduce residential placements through edge of care support\n"
        "Reference: C1\nSaving 2025/26 £000: 300\nSaving 2026/27 £000: 200\n"
        "Lead: Director of Children's Services\n"
        "Increase in-house foster carers\n"
        "Saving 2025/26 £000: 150\nSaving 2026/27 £000: 250\nRef: C2\n"
    )
    result = extract(read_text("cards.txt", text.encode()))
    got = {p.ref: (p.title, p.savings, p.total) for p in result.proposals}
    assert got == {
        "C1": (
            "Reduce residential placements through edge of care support",
            {"2025/26": 300_000, "2026/27": 200_000},
            500_000,
        ),
        "C2": (
            "Increase in-house foster carers",
            {"2025/26": 150_000, "2026/27": 250_000},
            400_000,
        ),
    }
    cells = next(p for p in result.proposals if p.ref == "C1").source["cells"]  # type: ignore[index]
    assert cells[1:] == ["Saving 2025/26 £000: 300", "Saving 2026/27 £000: 200"]


def test_a_small_ruled_pdf_table_of_two_rows_is_read(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Proposal", "2025/26 Saving\n£000", "2025/26 FTE", "2026/27 Saving\n£000",
         "2026/27 FTE"],
        ["I1", "Social work academy", "150", "-3.0", "100", "-2.0"],
        ["I2", "Business support", "80", "-4.5", "0", "0"],
    ]  # fmt: skip
    pdf = make_table_pdf(tmp_path / "appendix.pdf", "Savings proposals", rows)
    drafts = {p.ref: p for p in extract(read_document(pdf, Limits())).proposals if p.source}
    assert drafts["I1"].savings == {"2025/26": 150_000, "2026/27": 100_000}
    assert drafts["I2"].savings == {"2025/26": 80_000, "2026/27": 0}


def test_a_small_unruled_pdf_table_under_its_units_is_read(tmp_path: Path) -> None:
    # No cell borders and two rows: the header ending in its unit says it is a table.
    rows = [
        ["Ref", "Proposal", "Total £000", "2025/26 £000", "2026/27 £000"],
        ["T1", "Commissioning review", "350", "200", "150"],
        ["T2", "Digital front door", "90", "90", "0"],
    ]
    pdf = make_table_pdf(tmp_path / "appendix.pdf", "Savings proposals", rows, ruled=False)
    drafts = {p.ref: p for p in extract(read_document(pdf, Limits())).proposals if p.source}
    assert drafts["T1"].savings == {"2025/26": 200_000, "2026/27": 150_000}
    assert drafts["T2"].savings == {"2025/26": 90_000, "2026/27": 0}


def test_a_small_pdf_table_of_one_money_column_is_read(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Proposal", "2025/26 £"],
        ["PN1", "Printing contract", "12,500.50"],
        ["PN2", "Mileage policy", "8,250.00"],
    ]
    pdf = make_table_pdf(tmp_path / "appendix.pdf", "Savings proposals", rows)
    drafts = {p.ref: p for p in extract(read_document(pdf, Limits())).proposals if p.source}
    assert drafts["PN1"].savings == {"2025/26": 12_500.5}
    assert drafts["PN2"].savings == {"2025/26": 8_250}


def test_a_title_led_by_its_reference_gives_both() -> None:
    rows = (
        ("Proposal", "2025/26 £000", "2026/27 £000"),
        ("CS01 – Emergency foster carers", "150", "50"),
        ("CS02: Staying close for care leavers", "80", "40"),
        ("2025 review - youth offer", "10", "0"),
        ("Total", "240", "90"),
    )
    drafts = _drafts(rows)
    assert sorted(drafts) == ["2025 review - youth offer", "CS01", "CS02"]
    assert drafts["CS01"].title == "Emergency foster carers"  # type: ignore[attr-defined]
    assert drafts["CS02"].savings == {"2025/26": 80_000, "2026/27": 40_000}  # type: ignore[attr-defined]


def test_pdf_table_across_a_page_break_with_its_header_repeated(tmp_path: Path) -> None:
    rows = [["Ref", "Proposal", "2026/27 £000", "2027/28 £000"]] + [
        [f"CS{i:02d}", f"Saving number {i}", f"({i})", "-"] for i in range(1, 81)
    ]
    pdf = make_table_pdf(tmp_path / "appendix.pdf", "Savings proposals", rows)
    doc = read_document(pdf, Limits())
    assert doc.page_count and doc.page_count >= 2
    result = extract(doc)
    drafts = [p for p in result.proposals if p.source]
    assert len(drafts) == 80 and len(doc.tables) == 1
    assert drafts[-1].ref == "CS80" and drafts[-1].savings == {"2026/27": 80_000, "2027/28": 0}
    assert drafts[-1].source["page"] == doc.page_count  # type: ignore[index]


def test_pdf_header_wrapped_with_its_unit_on_a_line_of_its_own(tmp_path: Path) -> None:
    # Narrow columns wrap the header: the unit ("£000") ends up on a line of its own under
    # each label. It is the header's, not a row of nil figures, and not savings' either where
    # it sits over a budget column.
    rows = [
        ["Ref", "Proposal", "FTE\nreduction", "Budget\n2024/25\n£000", "Saving\n2025/26\n£000",
         "Saving\n2026/27\n£000"],
        ["W1", "Business support review", "12.5", "1,200", "300", "100"],
        ["W2", "Management de-layering", "4.0", "800", "200", "0"],
        ["", "Total", "16.5", "2,000", "500", "100"],
    ]  # fmt: skip
    pdf = make_table_pdf(tmp_path / "appendix.pdf", "Savings proposals", rows)
    drafts = {p.ref: p for p in extract(read_document(pdf, Limits())).proposals if p.source}
    assert sorted(drafts) == ["W1", "W2"]
    assert drafts["W1"].savings == {"2025/26": 300_000, "2026/27": 100_000}
    assert drafts["W2"].savings == {"2025/26": 200_000, "2026/27": 0}


def test_pdf_section_heading_between_the_header_and_the_first_row(tmp_path: Path) -> None:
    rows = [
        ["", "Ref", "Saving", "2025/26 £000", "2026/27 £000"],
        ["Children's Social Care", "", "", "", ""],
        ["", "SC1", "Staffing restructure", "(150)", "(50)"],
        ["", "SC2", "Placement step-down", "(300)", "(200)"],
        ["Sub-total Children's Social Care", "", "", "(450)", "(250)"],
        ["Education", "", "", "", ""],
        ["", "ED1", "School improvement traded service", "(100)", "0"],
        ["Grand total", "", "", "(550)", "(250)"],
    ]
    pdf = make_table_pdf(tmp_path / "appendix.pdf", "Savings proposals", rows)
    drafts = {p.ref: p for p in extract(read_document(pdf, Limits())).proposals if p.source}
    assert sorted(drafts) == ["ED1", "SC1", "SC2"]
    assert drafts["SC2"].savings == {"2025/26": 300_000, "2026/27": 200_000}
    assert drafts["ED1"].savings == {"2025/26": 100_000, "2026/27": 0}


def test_unit_over_the_text_columns_fy_labels_and_marked_cells() -> None:
    rows = (
        ("Ref", "Proposal £'000", "2026/27", "FY27/28"),
        ("A1", "Respite review", "100*", "£(20)"),
        ("A2", "Transport", "50", "0"),
    )
    drafts = read_table(Table(1, rows)).drafts
    assert [(d.ref, d.savings, d.unit) for d in drafts] == [
        ("A1", {"2026/27": 100_000, "2027/28": -20}, "£'000"),  # the cell's own £ is pounds
        ("A2", {"2026/27": 50_000, "2027/28": 0}, "£'000"),
    ]


def test_numbered_rows_and_numeric_references_are_not_money() -> None:
    numbered = read_table(
        Table(1, (("No.", "Proposal", "2026/27 £000"), ("1.1", "A", "10"), ("1.2", "B", "20")))
    ).drafts
    assert [(d.ref, d.savings) for d in numbered] == [
        ("1.1", {"2026/27": 10_000}),
        ("1.2", {"2026/27": 20_000}),
    ]
    counted = read_table(
        Table(
            1,
            (("", "Proposal", "2026/27 £000"), ("1", "A", "10"), ("2", "B", "20"), ("3", "C", "5")),
        )
    ).drafts
    assert [(d.title, d.savings, d.total) for d in counted] == [
        ("A", {"2026/27": 10_000}, None),
        ("B", {"2026/27": 20_000}, None),
        ("C", {"2026/27": 5_000}, None),
    ]


def test_a_listed_item_wrapped_onto_the_next_line_keeps_its_amount() -> None:
    text = (
        "Savings approved\n\n• N1: Reduction in maintenance of some parks, highways enclosures\n"
        "and management £108k – App 16\n• N2: Library hours £40k\n"
    )
    drafts = {p.ref: p for p in extract(read_text("list.txt", text.encode())).proposals}
    assert drafts["N1"].amounts == (108_000,) and drafts["N2"].amounts == (40_000,)


_CARD_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        " ",
        "\t",
        "Savings",
        "saving",
        "SAVINGS",
        "Estimated savings 2020/21 £000's",
        "Fees review",
        "Service: Schools",
        ": ",
        ":",
        "(75)",
        "£1.2m",
        "-40k",
        "367",
        "1,250",
        "a",
        "£",
        "x" * 50,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CARD_PIECES, max_size=30))
def test_card_figures_are_found_exactly_where_the_pattern_finds_them(pieces: list[str]) -> None:
    # Trying the card pattern only at lines that say "saving" gives every match a scan of the
    # whole text gives, in order, and no other.
    text = "".join(pieces)
    fast = [(m.start(), m.end()) for m in _card_figures(text)]
    assert fast == [(m.start(), m.end()) for m in _CARD_FIGURE.finditer(text)]
