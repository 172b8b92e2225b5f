"""Pounds: the type used in files, and formatting for people.

Money is a plain number of pounds in files and JSON (contracts.md §1).

>>> format_gbp(1100000)
'£1,100,000'
>>> format_gbp_short(1100000)
'£1.1m'
>>> format_gbp_short(300000)
'£0.3m'
>>> format_gbp_short(15600)
'£15,600'
>>> format_gbp_short(-2500000)
'−£2.5m'
>>> format_gbp_rounded(1263400), format_gbp_rounded(480000), format_gbp_rounded(1100000)
('£1.26m', '£480k', '£1.1m')
>>> format_gbp_rounded(4520), format_gbp_rounded(999700), format_gbp_rounded(640)
('£4.5k', '£1m', '£640')
>>> money(1263400), money(1263400, "rounded"), money(1263400, "short"), money(None)
('£1,263,400', '£1.26m', '£1.26m', '—')
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from scrutiny.domain.limits import MAX_MONEY


def _not_a_flag(value: Any) -> Any:
    """true or false is not an amount of money (pydantic would read it as 1 or 0)."""
    if isinstance(value, bool):
        raise ValueError("must be an amount in pounds, not true or false")
    return value


Money = Annotated[
    float, BeforeValidator(_not_a_flag), Field(ge=0, lt=MAX_MONEY, allow_inf_nan=False)
]
"""A non-negative amount in pounds, below £10bn."""

SignedMoney = Annotated[
    float,
    BeforeValidator(_not_a_flag),
    Field(gt=-MAX_MONEY, lt=MAX_MONEY, allow_inf_nan=False),
]
"""An amount in pounds that may be negative (an overspend against a saving), within ±£10bn."""


def format_gbp(amount: float, pence: bool = False) -> str:
    """`£1,234,567` (or with pence); negatives with a real minus sign."""
    sign = "−" if amount < 0 else ""
    body = f"{abs(amount):,.2f}" if pence else f"{round(abs(amount)):,}"
    return f"{sign}£{body}"


def format_gbp_short(amount: float) -> str:
    """Committee style: `£1.1m` for a million or more, `£0.3m` from £100,000, else in full."""
    sign = "−" if amount < 0 else ""
    value = abs(amount)
    if value >= 1e9:
        text = f"£{value / 1e9:.1f}bn"
    elif value >= 1e5:
        millions = value / 1e6
        text = (
            f"£{millions:.2f}m" if round(millions, 1) != round(millions, 2) else f"£{millions:.1f}m"
        )
    else:
        return format_gbp(amount)
    return sign + text


def format_gbp_rounded(amount: float) -> str:
    """As a finance officer writes a delivery figure, to at most three significant figures:
    `£1.26m`, `£14.4m`, `£144m` (trailing zeros dropped), `£480k` (whole thousands; one decimal
    below £10k), `£640`."""
    sign = "−" if amount < 0 else ""
    value = abs(amount)
    thousands = round(value / 1e3, 1 if value < 1e4 else 0)
    if value >= 1e9:
        text = f"£{_significant(value / 1e9)}bn"
    elif thousands >= 1000:
        text = f"£{_significant(value / 1e6)}m"
    elif thousands >= 1:
        text = f"£{_trim(thousands, 1)}k"
    else:
        text = f"£{round(value):,}"
    return sign + text if text != "£0" else text


def _significant(x: float) -> str:
    """`x` (at least 1) to three significant figures without trailing zeros: 1.264 → 1.26,
    14.37 → 14.4, 143.6 → 144, 2.0 → 2."""
    return _trim(x, 2 if x < 9.995 else 1 if x < 99.95 else 0)


def _trim(x: float, places: int) -> str:
    """`x` to `places` decimal places without trailing zeros: 1.10 → 1.1, 2.00 → 2."""
    text = f"{x:.{places}f}"
    return text.rstrip("0").rstrip(".") if places > 0 else text


MoneyStyle = Literal["full", "pence", "short", "rounded"]
"""How an amount is written: ``full`` to the pound (£1,263,400), ``pence`` (£64,935.07),
``short`` as a committee paper (£1.3m, £0.3m), ``rounded`` as a finance officer writes a
delivery figure, to at most three significant figures (£1.26m, £480k)."""


def money(amount: float | None, style: MoneyStyle = "full", missing: str = "—") -> str:
    """An amount in pounds in one of the house styles; `missing` for None."""
    if amount is None:
        return missing
    if style == "short":
        return format_gbp_short(amount)
    if style == "rounded":
        return format_gbp_rounded(amount)
    return format_gbp(amount, pence=style == "pence")
