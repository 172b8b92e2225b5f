"""Percentages: '7%', '3.8 %', '5–6%', '12 per cent'.

>>> [(p.text, p.value) for p in find_percentages("a 7% vacancy rate, 5–6% lower, 12 per cent")]
[('7%', 7.0), ('5–6%', 5.0), ('12 per cent', 12.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrutiny.ingest.extract.patterns import matches_at

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


_IN_FIGURES = frozenset(".-–—")  # besides digits and white space, between a figure and its sign


def _starts(text: str) -> list[int]:
    """Every place a percentage may begin, in order: a percentage is written with a "%" or a
    "per cent" or "percent" (its "per") and only digits, a point, a dash and white space
    between its first digit and that, so it begins in the stretch of those before one."""
    found: set[int] = set()
    for sign in ("%", "per"):
        at = text.find(sign)
        while at >= 0:
            lo = at
            while lo and (
                text[lo - 1] in _IN_FIGURES or text[lo - 1].isdecimal() or text[lo - 1].isspace()
            ):
                lo -= 1
            found.update(range(lo, at))
            at = text.find(sign, at + 1)
    return sorted(found)


def find_percentages(text: str) -> list[Percentage]:
    """Every percentage in `text`, each occurrence, in order (the pattern tried only where one
    may begin, `_starts`, rather than at every character)."""
    if "%" not in text and "cent" not in text:
        return []  # none can be written without either
    return [
        Percentage(m.group(0), float(m.group("num")), m.start(), m.end())
        for m in matches_at(_PCT, text, _starts(text))
    ]
