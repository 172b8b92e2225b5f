"""Monitoring returns: what finance reports about each saving during the year.

A return is given for one proposal and one period, a month (``2022-06``) or a quarter of the
financial year (``2022/23 Q1``, April to June). It says how much has been delivered to date and
what is forecast for the year [GBP], the RAG rating, commentary, mitigations, replacement savings
[GBP], who reported it, on what date and with what evidence.

>>> p = Period.parse("2022/23 q2")
>>> p.label, p.year.label, p.months, p.elapsed
('2022/23 Q2', '2022/23', 6, 0.5)
>>> m = Period.parse("2023-03")
>>> m.label, m.year.label, m.months, m.is_year_end
('2023-03', '2022/23', 12, True)
>>> Period.parse("2022-06").months == Period.parse("2022/23 Q1").months
True

Pure: rows come in as values (from a workbook, a CSV, a form or the API) and leave as
`MonitoringReturn`s, or as an `InvalidInput` naming the one thing wrong and where.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scrutiny.domain.delivery import RAGS, Rag
from scrutiny.domain.limits import MAX_MONEY
from scrutiny.domain.years import START_MONTH, FinancialYear
from scrutiny.errors import InvalidInput, Problem

QUARTER = re.compile(r"^\s*(\d{4}/\d{2})\s*Q([1-4])\s*$", re.IGNORECASE)
MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
MONTHS_IN_YEAR = 12


@dataclass(frozen=True, order=False)
class Period:
    """A monitoring period: a quarter or a calendar month of a financial year."""

    year: FinancialYear
    months: int
    """Months of the financial year elapsed at the period's end [1–12]."""
    quarter: bool

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2022/23 Q1`` (a quarter) or ``2022-06`` (a month); ValueError otherwise."""
        text = str(text)
        q = QUARTER.match(text)
        if q:
            return cls(FinancialYear.parse(q.group(1)), 3 * int(q.group(2)), True)
        m = MONTH.match(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= MONTHS_IN_YEAR:
                raise ValueError(f"{text.strip()!r} is not a month (YYYY-MM)")
            fy = FinancialYear.from_date(datetime.date(year, month, 1))
            return cls(fy, (month - START_MONTH) % MONTHS_IN_YEAR + 1, False)
        raise ValueError(
            f"{text.strip()!r} is not a period: give a quarter (2022/23 Q1) or a month (2022-06)"
        )

    @property
    def label(self) -> str:
        if self.quarter:
            return f"{self.year.label} Q{self.months // 3}"
        month = (START_MONTH - 1 + self.months - 1) % MONTHS_IN_YEAR + 1
        calendar_year = self.year.start_year + (1 if month < START_MONTH else 0)
        return f"{calendar_year}-{month:02d}"

    @property
    def elapsed(self) -> float:
        """Share of the financial year elapsed at the period's end [0–1]."""
        return self.months / MONTHS_IN_YEAR

    @property
    def is_year_end(self) -> bool:
        return self.months == MONTHS_IN_YEAR

    @property
    def key(self) -> tuple[int, int]:
        """Order of periods: by year, then by months elapsed (a month and the quarter ending
        with it are the same point in the year)."""
        return (self.year.start_year, self.months)

    def before(self, other: Period) -> bool:
        return self.key < other.key

    def __str__(self) -> str:
        return self.label


def previous_quarter(period: Period) -> Period | None:
    """The quarter before `period` in its year (None at Q1 or earlier: the budget itself)."""
    months = 3 * ((period.months - 1) // 3)
    return Period(period.year, months, True) if months >= 3 else None


@dataclass(frozen=True)
class MonitoringReturn:
    """One proposal's return for one period; money in pounds [GBP]."""

    ref: str
    period: Period
    delivered_to_date: float
    forecast: float
    """Forecast delivery for the whole financial year [GBP]."""
    rag: Rag
    reported_by: str
    reported_on: datetime.date
    commentary: str | None = None
    mitigations: str | None = None
    replacement: float | None = None
    """Replacement savings found for what will not be delivered [GBP]."""
    evidence: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "period": self.period.label,
            "delivered_to_date": self.delivered_to_date,
            "forecast": self.forecast,
            "rag": self.rag,
            "commentary": self.commentary,
            "mitigations": self.mitigations,
            "replacement": self.replacement,
            "reported_by": self.reported_by,
            "reported_on": self.reported_on.isoformat(),
            "evidence": self.evidence,
        }


FIELD_WORDS = {
    "ref": "Ref",
    "delivered_to_date": "Delivered to date",
    "forecast": "Forecast for the year",
    "rag": "RAG",
    "commentary": "Commentary",
    "mitigations": "Mitigations",
    "replacement": "Replacement savings",
    "reported_by": "Reported by",
    "reported_on": "Reported on",
    "evidence": "Evidence",
}
"""Each field's heading in the workbook, the CSV and the form."""

RETURN_FIELDS = tuple(FIELD_WORDS)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text  # a spreadsheet's text marker


def parse_pounds(value: Any) -> float:
    """An amount in pounds from a cell: a number, or text such as ``£1,200`` or ``1200``;
    ValueError with a plain message otherwise.

    >>> parse_pounds("£1,200"), parse_pounds(350000)
    (1200.0, 350000.0)
    """
    if isinstance(value, bool):
        raise ValueError("must be an amount in pounds, not true or false")
    if isinstance(value, int | float):
        amount = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("£", "").replace(" ", "")
        try:
            amount = float(text)
        except ValueError:
            raise ValueError(
                f"must be an amount in pounds, not {str(value).strip()[:40]!r}"
            ) from None
    if not math.isfinite(amount) or not -MAX_MONEY < amount < MAX_MONEY:
        raise ValueError("must be an amount in pounds below £10bn")
    return amount


def parse_rag(value: Any) -> Rag:
    text = (_text(value) or "").casefold()
    for rag in RAGS:
        if text in (rag, rag[0]):
            return rag
    raise ValueError(f"must be Red, Amber or Green, not {str(value or '').strip()[:20]!r}")


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"must be a date (YYYY-MM-DD), not {str(value).strip()[:20]!r}") from None


def is_empty_row(values: Mapping[str, Any]) -> bool:
    """A row whose period columns were left blank: no return for that proposal."""
    figures = ("delivered_to_date", "forecast", "rag")
    return all(_blank(values.get(k)) for k in figures)


def parse_return(
    values: Mapping[str, Any],
    period: Period,
    *,
    where: str,
    reported_by: str,
    reported_on: datetime.date,
) -> MonitoringReturn:
    """One return from a row of cells keyed by field name (`RETURN_FIELDS`); `where` names the
    row (``row 4``). `reported_by` and `reported_on` stand in when the row leaves them blank.
    Raises InvalidInput with one problem naming the row, the ref and the column."""
    ref = _text(values.get("ref"))
    if ref is None:
        raise InvalidInput(where, [Problem("", "the Ref is missing")])

    def problem(field: str, message: str) -> InvalidInput:
        return InvalidInput(where, [Problem(FIELD_WORDS[field], message, ref)])

    amounts: dict[str, float | None] = {}
    for field in ("delivered_to_date", "forecast", "replacement"):
        raw = values.get(field)
        if _blank(raw):
            if field != "replacement":
                raise problem(field, "is missing; give an amount in pounds")
            amounts[field] = None
            continue
        try:
            amount = parse_pounds(raw)
        except ValueError as exc:
            raise problem(field, str(exc)) from None
        if amount < 0:
            raise problem(field, f"must not be negative (got {amount:,.0f})")
        amounts[field] = amount
    try:
        rag = parse_rag(values.get("rag"))
    except ValueError as exc:
        raise problem("rag", str(exc)) from None
    on = reported_on
    if not _blank(values.get("reported_on")):
        try:
            on = parse_date(values.get("reported_on"))
        except ValueError as exc:
            raise problem("reported_on", str(exc)) from None
    delivered, forecast = amounts["delivered_to_date"], amounts["forecast"]
    assert delivered is not None and forecast is not None
    return MonitoringReturn(
        ref=ref,
        period=period,
        delivered_to_date=delivered,
        forecast=forecast,
        rag=rag,
        reported_by=_text(values.get("reported_by")) or reported_by,
        reported_on=on,
        commentary=_text(values.get("commentary")),
        mitigations=_text(values.get("mitigations")),
        replacement=amounts["replacement"],
        evidence=_text(values.get("evidence")),
    )


def check_returns(
    returns: Iterable[MonitoringReturn],
    *,
    source: str,
    refs: Iterable[str],
    latest: Period | None,
) -> None:
    """Refuse, with one line, a return for a proposal not in the register, the same proposal
    twice, or a period before `latest` (the latest period already returned for the council)."""
    known = set(refs)
    seen: set[str] = set()
    for r in returns:
        if r.ref not in known:
            raise InvalidInput(
                source, [Problem("Ref", "is not a proposal in the council's register", r.ref)]
            )
        if r.ref in seen:
            raise InvalidInput(source, [Problem("Ref", "has more than one return", r.ref)])
        seen.add(r.ref)
        if latest is not None and r.period.before(latest):
            raise InvalidInput(
                source,
                [
                    Problem(
                        "Period",
                        f"{r.period.label} comes before {latest.label}, already returned; "
                        "returns go forward, period by period",
                    )
                ],
            )
