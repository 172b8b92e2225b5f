"""Amounts in the readable view of an extraction are written as a finance officer would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.cli.render_extract import _gbp


def test_amounts_read_as_pounds_with_a_real_minus_for_a_reversal() -> None:
    assert _gbp(437_000) == "£437,000"
    assert _gbp(-645_032) == "−£645,032"
    assert _gbp(0.5) == "£0.50"
    assert _gbp(-0.0) == "£0" and _gbp(0) == "£0"


@given(st.floats(min_value=-1e10, max_value=1e10, allow_nan=False))
def test_no_amount_reads_as_a_negative_zero_or_a_sign_after_the_pound(x: float) -> None:
    text = _gbp(x)
    assert "£-" not in text and text not in ("−£0", "−£0.00")
    assert text.startswith("−£") == (x < 0 and text.lstrip("−") not in ("£0", "£0.00"))
