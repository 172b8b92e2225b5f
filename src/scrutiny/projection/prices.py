"""Costs carried from the price year of their figure to a later financial year (pure)."""

from __future__ import annotations


def uplift(price_year: str, year_start: int, rate: float) -> float:
    """The factor that raises a cost at the prices of `price_year` ("2017/18", "2024-25" or
    "2023") to the financial year starting in April `year_start`, at `rate` a year (a share);
    below 1 for a year before the price year."""
    start = int(price_year.strip()[:4])
    return float((1.0 + rate) ** (year_start - start))
