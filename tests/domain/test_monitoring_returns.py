"""Monitoring periods and returns: parsing, order, and one clear line for bad cells."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.monitoring import (
    MonitoringReturn,
    Period,
    check_returns,
    is_empty_row,
    parse_pounds,
    parse_return,
)
from scrutiny.errors import InvalidInput

ON = datetime.date(2022, 7, 10)


@given(st.integers(2000, 2090), st.integers(1, 12))
def test_a_month_and_its_label_round_trip(year: int, month: int) -> None:
    p = Period.parse(f"{year}-{month:02d}")
    assert Period.parse(p.label) == p
    assert p.label == f"{year}-{month:02d}"
    assert p.year.start <= datetime.date(year, month, 1) <= p.year.end
    assert 1 <= p.months <= 12


@given(st.integers(2000, 2090), st.integers(1, 4))
def test_a_quarter_ends_with_its_third_month(year: int, quarter: int) -> None:
    q = Period.parse(f"{year}/{(year + 1) % 100:02d} Q{quarter}")
    assert Period.parse(q.label) == q
    month = Period(q.year, q.months, quarter=False)
    assert month.key == q.key and not month.before(q) and not q.before(month)
    if quarter > 1:
        earlier = Period.parse(f"{year}/{(year + 1) % 100:02d} Q{quarter - 1}")
        assert earlier.before(q)


@given(st.text(max_size=12))
def test_anything_else_is_not_a_period(text: str) -> None:
    try:
        p = Period.parse(text)
    except ValueError as exc:
        assert "is not a" in str(exc)
    else:
        assert Period.parse(p.label) == p


def test_periods_order_across_years() -> None:
    assert Period.parse("2023-03").is_year_end and Period.parse("2022/23 Q4").is_year_end
    assert Period.parse("2023-03").before(Period.parse("2023-04"))
    assert Period.parse("2022/23 Q4").before(Period.parse("2023/24 Q1"))
    assert Period.parse("2023-04").year.label == "2023/24"


@given(st.floats(0, 1e9, allow_nan=False))
def test_pounds_read_back_as_written(amount: float) -> None:
    assert parse_pounds(f"£{amount:,.2f}") == pytest.approx(round(amount, 2))
    assert parse_pounds(amount) == amount


@pytest.mark.parametrize("bad", ["about 1m", "n/a", "1.2.3", True])
def test_text_in_a_number_column_is_one_line(bad: object) -> None:
    values = {"ref": "A", "delivered_to_date": 0, "forecast": bad, "rag": "Green"}
    with pytest.raises(InvalidInput) as caught:
        parse_return(values, Period.parse("2022/23 Q1"), where="t.csv row 3",
                     reported_by="me", reported_on=ON)  # fmt: skip
    line = caught.value.one_line()
    assert line.startswith("t.csv row 3 [A] Forecast for the year: must be an amount in pounds")


def test_missing_and_bad_cells_name_the_column() -> None:
    period = Period.parse("2022/23 Q1")
    cases = {
        "Delivered to date: is missing": {"ref": "A", "forecast": 1, "rag": "g"},
        "RAG: must be Red, Amber or Green": {
            "ref": "A", "delivered_to_date": 1, "forecast": 1, "rag": "purple"},
        "Reported on: must be a date": {
            "ref": "A", "delivered_to_date": 1, "forecast": 1, "rag": "r", "reported_on": "soon"},
        "Replacement savings: must not be negative": {
            "ref": "A", "delivered_to_date": 1, "forecast": 1, "rag": "r", "replacement": -5},
    }  # fmt: skip
    for words, values in cases.items():
        with pytest.raises(InvalidInput, match=words):
            parse_return(values, period, where="x", reported_by="me", reported_on=ON)


def test_a_return_takes_who_and_when_from_the_row_or_the_importer() -> None:
    period = Period.parse("2022-09")
    row = {"ref": "A", "delivered_to_date": "1,000", "forecast": 4000, "rag": "Amber",
           "reported_by": "'Jo", "reported_on": "2022-10-03", "evidence": "Ledger"}  # fmt: skip
    r = parse_return(row, period, where="x", reported_by="importer", reported_on=ON)
    assert (r.reported_by, r.reported_on, r.rag, r.delivered_to_date) == (
        "Jo", datetime.date(2022, 10, 3), "amber", 1000.0)  # fmt: skip
    bare = parse_return({**row, "reported_by": "", "reported_on": None}, period, where="x",
                        reported_by="importer", reported_on=ON)  # fmt: skip
    assert (bare.reported_by, bare.reported_on) == ("importer", ON)
    assert is_empty_row({"ref": "A", "commentary": "nothing yet"})
    assert not is_empty_row({"ref": "A", "rag": "Red"})


def _ret(ref: str, period: str) -> MonitoringReturn:
    return MonitoringReturn(ref, Period.parse(period), 0, 0, "red", "me", ON)


def test_unknown_refs_duplicates_and_earlier_periods_are_refused() -> None:
    with pytest.raises(InvalidInput, match=r"\[B\] Ref: is not a proposal"):
        check_returns([_ret("A", "2022-06"), _ret("B", "2022-06")], source="f", refs=["A"],
                      latest=None)  # fmt: skip
    with pytest.raises(InvalidInput, match="more than one return"):
        check_returns([_ret("A", "2022-06")] * 2, source="f", refs=["A"], latest=None)
    with pytest.raises(InvalidInput, match="2022-06 comes before 2022/23 Q2"):
        check_returns([_ret("A", "2022-06")], source="f", refs=["A"],
                      latest=Period.parse("2022/23 Q2"))  # fmt: skip
    check_returns([_ret("A", "2022-09")], source="f", refs=["A"], latest=Period.parse("2022/23 Q2"))
