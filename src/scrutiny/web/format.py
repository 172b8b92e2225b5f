"""Jinja filters: money, probabilities and labels as a committee paper would print them."""

from __future__ import annotations

from typing import Any

from scrutiny.domain.money import format_gbp_rounded


def money(value: Any) -> str:
    """£1,234,567 (negative as −£1,234); blank for None [GBP]."""
    if value is None:
        return "–"
    amount = float(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.0f}"


def percent(value: Any) -> str:
    """A probability [0–1] as a whole percentage."""
    if value is None:
        return "–"
    return f"{float(value) * 100:.0f}%"


def rounded(value: Any) -> str:
    """Money as a finance officer writes a delivery figure: £1.26m, £480k [GBP]."""
    if value is None:
        return "–"
    return format_gbp_rounded(float(value))


def label(value: Any) -> str:
    """`partially_assured` → `Partially assured`."""
    if value is None:
        return "–"
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def install(env: Any) -> None:
    env.filters["money"] = money
    env.filters["percent"] = percent
    env.filters["label"] = label
    env.filters["rounded"] = rounded
