"""UK local-government financial years, written ``"2024/25"`` (1 April 2024 – 31 March 2025).

>>> fy = FinancialYear.parse("2024/25")
>>> fy.start, fy.end
(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
>>> str(fy + 1)
'2025/26'
>>> FinancialYear.from_date(datetime.date(2025, 3, 31))
FinancialYear('2024/25')
>>> sorted([FinancialYear.parse("2025/26"), FinancialYear.parse("1999/00")])
[FinancialYear('1999/00'), FinancialYear('2025/26')]
>>> FinancialYear.parse("2024/26")
Traceback (most recent call last):
...
ValueError: '2024/26' is not a financial year: the second part must be the year after (2024/25)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated

from pydantic import AfterValidator

_LABEL = re.compile(r"^(\d{4})/(\d{2})$")
START_MONTH = 4


@total_ordering
@dataclass(frozen=True)
class FinancialYear:
    """A financial year, identified by the calendar year it starts in."""

    start_year: int

    @classmethod
    def parse(cls, label: str) -> FinancialYear:
        """Read ``"YYYY/YY"``; anything else raises ValueError naming the label."""
        match = _LABEL.match(label.strip()) if isinstance(label, str) else None
        if not match:
            raise ValueError(
                f"{label!r} is not a financial year: write it as YYYY/YY, e.g. 2024/25"
            )
        first = int(match.group(1))
        if int(match.group(2)) != (first + 1) % 100:
            raise ValueError(
                f"{label!r} is not a financial year: the second part must be the year after "
                f"({first}/{(first + 1) % 100:02d})"
            )
        return cls(first)

    @classmethod
    def from_date(cls, day: datetime.date) -> FinancialYear:
        """The financial year a date falls in."""
        return cls(day.year if day.month >= START_MONTH else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.start_year, START_MONTH, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.start_year + 1, START_MONTH, 1) - datetime.timedelta(days=1)

    def __add__(self, years: int) -> FinancialYear:
        return FinancialYear(self.start_year + years)

    def __sub__(self, other: FinancialYear) -> int:
        """Whole years between two financial years (index arithmetic)."""
        return self.start_year - other.start_year

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FinancialYear):
            return NotImplemented
        return self.start_year < other.start_year

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"FinancialYear({self.label!r})"


def day_words(day: datetime.date) -> str:
    """A date as reports write it: ``7 December 2026``."""
    return f"{day.day} {day:%B %Y}"


def check_label(label: str) -> str:
    """Pydantic validator: a financial-year label, normalised."""
    return FinancialYear.parse(label).label


FYLabel = Annotated[str, AfterValidator(check_label)]
"""A financial-year label as it is written in files and JSON."""


def sort_labels(labels: Iterable[str]) -> list[str]:
    """Distinct labels in time order."""
    return [fy.label for fy in sorted({FinancialYear.parse(x) for x in labels})]


def span(first: str, last: str) -> list[str]:
    """Every label from `first` to `last` inclusive."""
    a, b = FinancialYear.parse(first), FinancialYear.parse(last)
    return [(a + i).label for i in range(b - a + 1)]
