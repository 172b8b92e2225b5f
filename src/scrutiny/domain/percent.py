"""Shares and probabilities as people read them: one formatter, in the styles the product uses.

>>> percent(0.314), percent(0.002), percent(0.998), percent(None)
('31%', '<1%', '>99%', '—')
>>> percent(0.9985, "committee"), percent(0.075, "committee")
('more than 99%', '7.5%')
>>> percent(-0.124, "signed")
'−12%'
"""

from __future__ import annotations

from typing import Literal

PercentStyle = Literal["report", "committee", "signed"]
"""``report``: a whole percentage, with ``<1%`` and ``>99%`` at the ends (tables, charts);
``committee``: the engine's sentences, ``more than 99%`` and one decimal place below 10%;
``signed``: a whole percentage with a real minus sign (changes on the web pages)."""


def percent(share: float | None, style: PercentStyle = "report", missing: str = "—") -> str:
    """A share [0–1] as a percentage in `style`; `missing` for None."""
    if share is None:
        return missing
    value = share * 100
    if style == "signed":
        return f"{'−' if round(value) < 0 else ''}{abs(value):.0f}%"
    if style == "committee":
        if 99.5 <= value < 100:
            return "more than 99%"
        if 0 < value < 10 and abs(value - round(value)) > 1e-9:
            return f"{value:.1f}%"
        return f"{value:.0f}%"
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{value:.0f}%"
