"""Money written with a pound sign, in every form council papers use.

>>> [(a.text, a.gbp) for a in find_amounts("savings of £1.1 million and £0.300m")]
[('£1.1 million', 1100000.0), ('£0.300m', 300000.0)]
>>> [(a.text, a.gbp) for a in find_amounts("a gap of £8-10m")]
[('£8-10m', 8000000.0), ('£8-10m', 10000000.0)]
>>> [a.gbp for a in find_amounts("£911.000 then £1,234k, £2.9 m, £1.5mil, £2bn")]
[911000.0, 1234000.0, 2900000.0, 1500000.0, 2000000000.0]

Only amounts with a currency sign are money: ``800k`` or a column headed £000 is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scrutiny.ingest.extract.patterns import lower_case, matches_at, occurrences

# Multipliers by unit word [pounds per unit].
_UNITS: dict[str, float] = {
    "k": 1e3,
    "K": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "M": 1e6,
    "mil": 1e6,
    "mill": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_UNIT = r"(?:\s?(?:million|millions|mill|mil|mn|billion|bn|thousand|m|k)|(?:[MKb]))(?![A-Za-z0-9])"
_SIGN = r"(?:£|GBP\s?)"
_AMOUNT = re.compile(
    rf"(?=[£Gg])(?P<sign>{_SIGN})\s?(?P<num>{_NUM})(?P<unit>{_UNIT})?"
    rf"(?:(?P<dash>\s?[-–—]\s?|\s?to\s)(?P<num2>{_NUM})(?P<unit2>{_UNIT})?)?",
    re.IGNORECASE,
)
# A full stop used as the thousands separator: "£911.000" (exactly three decimals, no unit).
_DOTTED_THOUSANDS = re.compile(r"[1-9]\d{0,2}\.\d{3}")


@dataclass(frozen=True)
class Amount:
    """One amount: `text` as written, `gbp` [GBP], and `start`/`end` offsets into the text."""

    text: str
    gbp: float
    start: int
    end: int


def _value(num: str, unit: str | None) -> float | None:
    """The amount in pounds [GBP] of a number and its unit word, or None if unreadable."""
    digits = num.replace(",", "")
    if not unit and _DOTTED_THOUSANDS.fullmatch(num):
        digits = num.replace(".", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    if unit:
        word = unit.strip()
        factor = _UNITS.get(word, _UNITS.get(word.lower()))
        if factor is None:
            return None
        value *= factor
    return round(value, 2)


def _is_table_header(num: str, text: str, end: int) -> bool:
    """'£000' / '£'000' heads a column of thousands; it is not an amount."""
    return num.strip("0") == "" and len(num) >= 3


def _signs(text: str) -> list[int] | None:
    """Where a pound sign or "GBP" (in any case) is written: the only places an amount can
    begin. None when lower-casing changes the length of the text (then it is scanned)."""
    lowered = lower_case(text)
    if len(lowered) != len(text):
        return None
    return occurrences(lowered, ("£", "gbp"))


def _amount_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of the amount pattern, tried only where a sign is written."""
    signs = _signs(text)
    return _AMOUNT.finditer(text) if signs is None else matches_at(_AMOUNT, text, signs)


def find_amounts(text: str) -> list[Amount]:
    """Every amount with a currency sign in `text`, in order; a compressed range ("£8-10m")
    gives two amounts sharing one text, a range with two signs gives two texts."""
    found: list[Amount] = []
    for m in _amount_matches(text):
        num, unit = m.group("num"), m.group("unit")
        if _is_table_header(num, text, m.end("num")):
            continue
        num2 = m.group("num2")
        if num2 is not None:
            unit2 = m.group("unit2")
            dash = m.group("dash")
            compressed = unit is None and (unit2 is not None or "to" not in dash)
            # "£8-10m": the unit written once applies to both ends.
            if compressed and not _looks_like_year_span(num, num2):
                shared = unit2
                low = _value(num, shared)
                high = _value(num2, shared)
                if low is not None and high is not None and low <= high:
                    span = text[m.start() : m.end()]
                    found.append(Amount(span, low, m.start(), m.end()))
                    found.append(Amount(span, high, m.start(), m.end()))
                    continue
        end = m.end("unit") if unit else m.end("num")
        value = _value(num, unit)
        if value is None:
            continue
        found.append(Amount(text[m.start() : end], value, m.start(), end))
    return found


def _looks_like_year_span(a: str, b: str) -> bool:
    """'£2024-25' is not a range of pounds."""
    return len(a) == 4 and a.startswith(("19", "20")) and len(b) == 2
