import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.years import FinancialYear, sort_labels, span


@given(st.integers(min_value=1900, max_value=2200))
def test_label_round_trips_and_orders(start: int) -> None:
    fy = FinancialYear(start)
    assert FinancialYear.parse(fy.label) == fy
    assert fy < fy + 1
    assert (fy + 3) - fy == 3
    assert FinancialYear.from_date(fy.start) == fy
    assert FinancialYear.from_date(fy.end) == fy
    assert FinancialYear.from_date(fy.end + datetime.timedelta(days=1)) == fy + 1


@pytest.mark.parametrize("bad", ["2024/26", "2024-25", "24/25", "2024/5", "", "2024/25/26"])
def test_bad_labels_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a financial year"):
        FinancialYear.parse(bad)


def test_century_boundary() -> None:
    assert FinancialYear.parse("1999/00").end == datetime.date(2000, 3, 31)


def test_sorting_and_spans() -> None:
    assert sort_labels(["2025/26", "2023/24", "2025/26"]) == ["2023/24", "2025/26"]
    assert span("2023/24", "2025/26") == ["2023/24", "2024/25", "2025/26"]
