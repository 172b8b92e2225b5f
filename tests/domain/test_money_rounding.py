"""Money as finance officers write a delivery figure: £1.26m, £480k, £640."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.money import format_gbp_rounded

SHAPE = re.compile(r"^(−?)£(\d+(?:\.\d{1,2})?)(bn|m|k)?$")
UNIT = {"bn": 1e9, "m": 1e6, "k": 1e3, None: 1.0}


def read_back(text: str) -> float:
    match = SHAPE.match(text)
    assert match, text
    sign = -1.0 if match[1] else 1.0
    return sign * float(match[2]) * UNIT[match[3]]


def test_examples_as_a_finance_officer_writes_them() -> None:
    cases = {
        1_263_400: "£1.26m",
        1_100_000: "£1.1m",
        2_000_000: "£2m",
        480_000: "£480k",
        83_150: "£83k",
        4_520: "£4.5k",
        999_700: "£1m",  # not £1000k
        14_370_000: "£14.4m",  # three significant figures, not £14.37m
        143_630_000: "£144m",
        99_960_000: "£100m",
        2_345_000_000: "£2.35bn",
        12_340_000_000: "£12.3bn",
        640: "£640",
        0: "£0",
        -480_000: "−£480k",
    }
    assert {v: format_gbp_rounded(v) for v in cases} == cases


@given(st.floats(-5e9, 5e9, allow_nan=False))
def test_the_rounded_figure_reads_back_within_its_rounding(amount: float) -> None:
    text = format_gbp_rounded(amount)
    back = read_back(text)
    # Tolerance: half a unit of the last place shown: three significant figures from £1m
    # (half of 0.01 of the leading unit's magnitude), £0.5k, £0.05k below £10k, £0.5.
    size = abs(amount)
    if size >= 999_500:
        lead = 1e9 if size >= 1e9 else 1e6
        magnitude = lead * 10 ** max(len(str(int(size / lead * 1.0005))) - 1, 0)
        step = 0.005 * magnitude
    else:
        step = 500 if size >= 9_950 else 50
    assert abs(back - amount) <= step + 1e-6 * size, (amount, text)
    digits = re.sub(r"\D", "", text.split("£")[1])
    assert len(digits.lstrip("0")) <= 3 or size < 999_500, (amount, text)  # at most three figures
    assert "−" not in text or amount < 0
