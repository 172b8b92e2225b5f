"""Percentages: '7%', '3.8 %', '5–6%', '12 per cent'.

>>> [(p.text, p.value) for p in find_percentages("a 7% vacancy rate, 5–6% lower, 12 per cent")]
[('7%', 7.0), ('5–6%', 5.0), ('12 per cent', 12.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PCT = re.compile(
    r"(?=\d)(?<![\w.,])(?P<num>\d+(?:\.\d+)?)(?:\s?[-–—]\s?(?P<high>\d+(?:\.\d+)?))?"
    r"(?:\s?%|\s(?:per ?cent|percent)\b)"
)


@dataclass(frozen=True)
class Percentage:
    """A percentage as written; `value` [%] (the low end of a range)."""

    text: str
    value: float
    start: int
    end: int


def find_percentages(text: str) -> list[Percentage]:
    """Every percentage in `text`, each occurrence, in order."""
    if "%" not in text and "cent" not in text:
        return []  # none can be written without either
    return [
        Percentage(m.group(0), float(m.group("num")), m.start(), m.end())
        for m in _PCT.finditer(text)
    ]
