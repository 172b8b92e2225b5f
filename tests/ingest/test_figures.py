"""Workforce figures, percentages, references, years and periods."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scrutiny.ingest.extract.percentages import find_percentages
from scrutiny.ingest.extract.references import _NOT_CODES, find_references
from scrutiny.ingest.extract.workforce import find_workforce
from scrutiny.ingest.extract.years import find_years, period_for


def _wf(text: str) -> list[tuple[str, str, float]]:
    return [(w.text, w.what, w.value) for w in find_workforce(text)]


def test_posts_fte_and_redundancies() -> None:
    text = "Some 40 posts (31.5 FTE) are affected, with at most 9 redundancies."
    assert _wf(text) == [
        ("40 posts", "posts", 40),
        ("31.5 FTE", "fte", 31.5),
        ("9 redundancies", "redundancies", 9),
    ]


def test_numbers_written_as_words_and_agency_staff() -> None:
    text = "Three agency social workers will be retained and one team manager added."
    assert _wf(text) == [
        ("Three agency social workers", "posts", 3),
        ("one team manager", "posts", 1),
    ]


def test_rates_caseloads_and_movements() -> None:
    text = (
        "The vacancy rate rose by 5% to 22%. Caseloads averaged 17 per FTE. "
        "In the year 12 new employees joined and 15 had left posts."
    )
    assert _wf(text) == [
        ("22%", "vacancy_rate", 22),
        ("17 per FTE", "caseload", 17),
        ("12 new employees", "other", 12),
        ("15 had left posts", "other", 15),
    ]


def test_counts_of_children_carers_and_paragraph_numbers_are_not_workforce() -> None:
    text = "3.1 Current position\n45 children in care, 12 foster carers and 7 members attended."
    assert _wf(text) == []


def test_full_stop_as_thousands_separator_in_fte() -> None:
    assert _wf("from 6.120 FTE in 2012") == [("6.120 FTE", "fte", 6120)]


def test_percentages_each_occurrence_and_ranges() -> None:
    found = find_percentages("rates of 4.99%, 2% and 5–6% (again 2%) and 12 per cent")
    assert [(p.text, p.value) for p in found] == [
        ("4.99%", 4.99),
        ("2%", 2),
        ("5–6%", 5),
        ("2%", 2),
        ("12 per cent", 12),
    ]


@given(st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda x: round(x, 2)))
def test_any_percentage_reads_back(value: float) -> None:
    text = f"a rise of {value:g}% this year"
    (found,) = find_percentages(text)
    assert found.value == pytest.approx(value)
    assert text[found.start : found.end] == found.text


def test_savings_references_and_distractors() -> None:
    text = (
        "2025-29 SAV ASC 014 – Review of day services.\n"
        "The saving remained PQRS 210 – Reduction in residential placements.\n"
        "£50,000 through a review of transport (T4) and £20,000 from commissioning (T5).\n"
        "See report ED19001 and CG/11/305, the Better Care Programme (BCP24) and PDF 120 KB."
    )
    assert find_references(text) == ["2025-29 SAV ASC 014", "PQRS 210", "T4", "T5"]


def test_references_mixing_letters_digits_and_dashes_in_any_order() -> None:
    text = (
        "CYP-24-01 – Reduce agency social workers.\n"
        "24-CYP-02 – Review of home to school transport.\n"
        "CF1-A\tEmergency foster carers\t£437k\n"
        "AB12-3C\tShort breaks review\t(120)\t£000\n"
        "Saving ref: 7B-FS-2 Family support hubs.\n"
        "£80,000 from a review of commissioning (CS24-07), a saving agreed in February."
    )
    assert find_references(text) == [
        "CYP-24-01",
        "24-CYP-02",
        "CF1-A",
        "AB12-3C",
        "7B-FS-2",
        "CS24-07",
    ]


def test_codes_listed_after_a_plural_label_are_references() -> None:
    text = (
        "That the Cabinet considers the savings proposals CYP-25-01 and 25-CYP-02 before "
        "approval, and the references CS4, CS5 & CS6 with them.\n"
        "The proposals in 2025-26 and the savings of KS2-4 pupils are not codes."
    )
    assert find_references(text) == ["CYP-25-01", "25-CYP-02", "CS4", "CS5", "CS6"]


def test_dashed_codes_in_passing_are_not_references() -> None:
    # ranges, key stages, dates and decision numbers joined by dashes, with no saving attached
    text = (
        "Pupils in KS2-4 and children aged 0-5 were seen during COVID-19 in 2024-25.\n"
        "The panel noted decision CAB-24-12 and report ED-19-001 on savings."
    )
    assert find_references(text) == []


_SEGMENT = st.text(alphabet="ABCDEFGHJKLMNPRTUVWXYZ0123456789", min_size=1, max_size=4)


@st.composite
def _mixed_codes(draw: st.DrawFn) -> str:
    segments = draw(st.lists(_SEGMENT, min_size=2, max_size=4))
    code = "-".join(segments)
    assume(any(c.isalpha() for c in code) and any(c.isdigit() for c in code))
    leading = re.match(r"[A-Z]+", code)
    assume(leading is None or leading.group(0) not in _NOT_CODES)
    return code


@given(_mixed_codes())
def test_any_mixed_code_heading_a_proposal_or_a_row_reads_back(code: str) -> None:
    assert find_references(f"{code} – Savings from fewer agency placements.") == [code]
    assert find_references(f"{code}\tRespite review\t£120k") == [code]
    assert find_references(f"A £40,000 saving from a review of respite ({code}).") == [code]


@given(_mixed_codes())
def test_a_mixed_code_in_passing_is_not_a_reference(code: str) -> None:
    assert find_references(f"The meeting discussed {code} at length.") == []


def test_financial_years_and_periods() -> None:
    assert [y for y, _s, _e in find_years("2022/23, 2023-24, 2024/2025 but not 2024/26")] == [
        "2022/23",
        "2023/24",
        "2024/25",
    ]
    text = "Savings of £2m in 2025/26; £40 per week; a one-off cost of £3m."
    assert period_for(text, 11, 14) == "2025/26"
    assert period_for(text, 25, 28) == "per week"
    assert period_for(text, 58, 61) == "one-off"


def test_rates_written_before_what_they_measure_and_compound_number_words() -> None:
    text = "A 12% vacancy rate and 30% agency workers; twenty-two posts and forty staff remain."
    assert _wf(text) == [
        ("12%", "vacancy_rate", 12),
        ("30%", "agency_rate", 30),
        ("twenty-two posts", "posts", 22),
        ("forty staff", "posts", 40),
    ]
