"""Financial years and the period an amount refers to.

>>> [y for y, _s, _e in find_years("in 2024/25 and 2025-26, from 2026/2027")]
['2024/25', '2025/26', '2026/27']
>>> period_for("a saving of £0.300m per annum (£0.600m over a 2 year period)", 12, 19)
'per annum'
>>> period_for("a saving of £0.300m per annum (£0.600m over a 2 year period)", 32, 39)
'over 2 years'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from scrutiny.ingest.extract.context import clause_bounds

# (The century first and the look-behind after it: a scan that starts with its digits is faster.)
_FY = re.compile(r"((?:19|20)(?<![\d/]..)\d{2})\s?[/\-–]\s?((?:19|20)?\d{2})(?![\d/])")
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bper (?:week|wk)\b|\ba week\b|\bweekly\b", re.I), "per week"),
    (
        re.compile(
            r"\bper (?:annum|year)\b|\bp\.?a\b\.?|\ba year\b|\beach year\b|\bannual(?:ly)?\b|"
            r"\bon-?going\b|\brecurr(?:ing|ent)\b|\bfull year\b",
            re.I,
        ),
        "per annum",
    ),
    (re.compile(r"\bone-? ?off\b|\bnon-recurr(?:ing|ent)\b", re.I), "one-off"),
    (re.compile(r"\bper month\b|\bmonthly\b|\ba month\b", re.I), "per month"),
)
# Any of the periods above (each case-blind): where it finds none, none of them is there, and
# the text around most amounts says no period, so they are not each tried in turn.
_ANY_PERIOD = re.compile("|".join(f"(?:{p.pattern})" for p, _label in _PERIODS), re.I)
_OVER = re.compile(
    r"\bover (?:a |the )?(?:next )?(\d+|one|two|three|four|five|six|ten)[ -](?:financial )?years?\b",
    re.I,
)


def find_years(text: str) -> list[tuple[str, int, int]]:
    """Every financial year written in `text` as ("YYYY/YY", start, end)."""
    found = []
    for m in _FY.finditer(text):
        first = int(m.group(1))
        second = m.group(2)
        second_short = int(second[-2:])
        if second_short != (first + 1) % 100:
            continue
        found.append((f"{first}/{second_short:02d}", m.start(), m.end()))
    return found


@lru_cache(maxsize=16)
def _years_of(text: str) -> tuple[list[tuple[str, int, int]], list[int]]:
    years = find_years(text)
    return years, [y[1] for y in years]


def period_for(text: str, start: int, end: int) -> str | None:
    """The period the amount at [start, end) refers to, read from its clause: 'per annum',
    'per week', 'one-off', 'over N years', or a financial year 'YYYY/YY'; None if not stated."""
    c0, c1 = clause_bounds(text, start, end)
    after = text[end : min(c1, end + 40)]
    label = _period_in(after.lstrip(), after[:20])
    if label is not None:
        return label
    m = _OVER.search(after)
    if m:
        n = m.group(1).lower()
        return f"over {_WORD_NUMBERS.get(n, n)} years"
    all_years, starts = _years_of(text)
    years = all_years[bisect_left(starts, c0) : bisect_left(starts, c1)]
    years = [y for y in years if y[2] <= c1]
    if years:
        # The year written nearest after the amount, else the nearest before it.
        later = [y for y in years if y[1] >= end]
        return (later[0] if later else years[-1])[0]
    before = text[max(c0, start - 60) : start]
    return _period_in(None, before)


def _period_in(opening: str | None, within: str) -> str | None:
    """The first of the periods, in their order, that `opening` starts with or `within` holds."""
    if not (opening is not None and _ANY_PERIOD.match(opening)) and not _ANY_PERIOD.search(within):
        return None
    for pattern, label in _PERIODS:
        if (opening is not None and pattern.match(opening)) or pattern.search(within):
            return label
    return None
