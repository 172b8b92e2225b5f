"""Savings tables: the printed grid of an appendix read as draft proposals with yearly profiles.

Rules are for kinds of layout, not for any one council's table:
- the header is the run of rows above the first row holding figures (one, two or three rows;
  a header cell merged over two columns labels both);
- a column is a year column when its label states a financial year (2026/27, 2026-27, 26/27,
  2026/7, 2026/2027, or "Year 1" with the first year stated above the table), a total column
  when its label says total, and a single amount column when its label names savings, an amount
  or a unit of money; columns of staff (FTE, posts), hours, budgets, variance, achieved, at risk,
  pressures, targets and percentages are never savings, and when some labels print a money unit
  a column that prints none (and no year) is not money;
- the unit is read from the column label, else the header or caption, else each cell (£80,000,
  £2,480k); £000, £'000, '000 and £k are thousands, £m millions;
- the sign convention is the table's own: when most figures in the savings columns are negative
  (brackets or minus), savings are printed negative and a positive figure is a cost or reversal;
- rows without any figure are headings; rows labelled total or sub-total are totals (a row
  "X Total" with no rows above it since the last total is a one-line item, not a total); totals
  are checked against the rows and row totals against the years, and a disagreement is reported
  as a finding, never corrected.

>>> t = Table(1, (("Ref", "Description", "2026/27 £000", "2027/28 £000", "Total £000"),
...               ("CS1", "Edge of care", "(100)", "(50)", "(150)"),
...               ("CS2", "Housing project", "(742)", "645", "(97)")))
>>> [(d.ref, d.savings, d.total) for d in read_table(t).drafts]
[('CS1', {'2026/27': 100000, '2027/28': 50000}, 150000), ('CS2', {'2026/27': 742000, '2027/28': -645000}, 97000)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from scrutiny.ingest.document import Table
from scrutiny.ingest.extract.patterns import lower_case, occurrences
from scrutiny.ingest.extract.proposals import DraftProposal

_MAX_COLUMNS = 60  # a wider grid is not a savings table [columns]
_MAX_HEADER_ROWS = 5  # header lines wrapped in a PDF count one each

_NUMBER = re.compile(
    r"^(?P<pound0>£)?\s*(?P<open>\()?\s*(?P<minus>[-–−])?\s*(?P<pound>£)?\s*(?P<minus2>[-–−])?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>k|m|bn|million|thousand)?\s*(?P<close>\))?\s*(?P<pct>%)?$",
    re.I,
)
_NIL = {"", "-", "–", "—", "nil", "0", "£0", "£-", "£ -"}
_UNIT_FACTORS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}
# A unit stated in a label or caption, with its multiplier [pounds per printed unit].
_UNIT_PHRASES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"£\s?(?:m|million|mn)(?![a-z0-9])|\(£m\)", re.I), 1e6),
    (re.compile(r"£\s?'?000'?s?|£\s?k(?![a-z])|(?<![\d£])'000s?|£\s?thousands?", re.I), 1e3),
    (re.compile(r"\(£\)|£(?!\s?\d)|\bpounds\b", re.I), 1.0),
)
_NOT_SAVINGS = re.compile(
    r"\bfte\b|full[- ]time|\bposts?\b|\bhours?\b|budget(?!\s*(?:reduction|saving))|variance|"
    r"achieved|anticipated|at risk|%|per ?cent|pressure|target|full[- ]year effect|scenario|"
    r"headcount|\bappendix\b|\bapp\b|\bpage\b|\bstaff\b|\bchange\b|\bmovement\b|\bgrowth\b|"
    r"\bincrease\b",
    re.I,
)
_MONEY_WORD = re.compile(r"saving|amount|reduction|£|value|proposed|efficienc", re.I)
# What a table of costs is about, in its text columns' labels or the lines above it.
_PRESSURES = re.compile(r"\bpressures?\b|\bgrowth\b|\binvestments?\b|\bcost increases?\b", re.I)
_SAVING_TALK = re.compile(r"saving|reduction|efficienc|\bcuts?\b", re.I)
_TOTAL_LABEL = re.compile(r"^\s*(?:grand\s+|sub[- ]?)?totals?\b|\btotals?\s*[:*]?\s*$", re.I)
_STARTS_TOTAL = re.compile(r"^\s*(?:grand\s+|sub[- ]?)?totals?\b", re.I)
_YEAR_N = re.compile(r"\byear\s*(\d{1,2})\b", re.I)
_FY = re.compile(r"(?<![\d/£.,])((?:19|20)?\d{2})\s?[/\-–]\s?(\d{1,4})(?![\d/])")
# A reference: up to four short tokens with a digit in the first or second ("CS01",
# "CYP/25/01", "CYP 01", "E&S 4" is not: "&").
_REF = re.compile(
    r"^(?=[^ ]*\d|[^ ]+ [^ ]*\d)[A-Za-z0-9][A-Za-z0-9\-/.]*(?: [A-Za-z0-9][A-Za-z0-9\-/.]*){0,3}$"
)


@dataclass(frozen=True)
class Cell:
    """A printed cell read as a figure: `value` in printed units (negative when bracketed or
    minus), `factor` [GBP per printed unit] when the cell states its own unit."""

    value: float | None
    factor: float | None = None
    percent: bool = False


@lru_cache(maxsize=8192)
def read_cell(text: str) -> Cell | None:
    """The figure in a cell; Cell(0) for nil ('', '-', 'nil'); None for words ('TBA').

    >>> read_cell("(437,369)"), read_cell("£2,480k"), read_cell("-143.4")
    (Cell(value=-437369.0, factor=None, percent=False), Cell(value=2480.0, factor=1000.0, percent=False), Cell(value=-143.4, factor=None, percent=False))
    """
    t = " ".join(text.split()).rstrip("*†‡¹²³")  # a footnote mark is not part of the figure
    if t.lower() in _NIL:
        return Cell(0.0)
    m = _NUMBER.match(t)
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    value = float(m.group("num").replace(",", ""))
    if m.group("open") or m.group("minus") or m.group("minus2"):
        value = -value
    unit = m.group("unit")
    pound = m.group("pound") or m.group("pound0")
    factor = _UNIT_FACTORS.get(unit.lower()) if unit else (1.0 if pound else None)
    return Cell(value, factor, bool(m.group("pct")))


def financial_year(label: str) -> str | None:
    """The financial year a label states, as 'YYYY/YY': 2026/27, 2026-27, 26/27, 2026/7,
    2026/2027; None when it states none.

    >>> [financial_year(s) for s in ("2026/27 (£)", "26/27", "2026/7", "2020/2021", "Total")]
    ['2026/27', '2026/27', '2026/27', '2020/21', None]
    """
    for m in _FY.finditer(label):
        first, second = m.group(1), m.group(2)
        start = int(first) if len(first) == 4 else 2000 + int(first)
        if len(first) == 2 and len(second) != 2:
            continue
        nxt = start + 1
        if (len(second) == 4 and int(second) == nxt) or (
            len(second) < 4 and int(second) == nxt % (10 ** len(second))
        ):
            if len(second) == 3:
                continue
            return f"{start}/{nxt % 100:02d}"
    return None


def _shift(year: str, n: int) -> str:
    start = int(year[:4]) + n
    return f"{start}/{(start + 1) % 100:02d}"


def unit_of(text: str) -> tuple[float, str] | None:
    """The money unit a label or caption states: (pounds per printed unit, as printed)."""
    for pattern, factor in _UNIT_PHRASES:
        m = pattern.search(text)
        if m:
            return factor, m.group(0).strip()
    return None


@dataclass(frozen=True)
class Finding:
    """Something in a table a person should check: `table` number, printed `row` (1-based, or
    None for the whole table) and a plain-words `message`."""

    table: int
    row: int | None
    message: str
    page: int | None = None

    def to_json(self) -> dict[str, object]:
        return {"table": self.table, "page": self.page, "row": self.row, "message": self.message}


@dataclass(frozen=True)
class TableReading:
    """What one table gave: draft proposals and findings."""

    drafts: tuple[DraftProposal, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass
class _Columns:
    ref: int | None = None
    title: int | None = None
    text: list[int] = field(default_factory=list)
    years: dict[int, str] = field(default_factory=dict)
    total: int | None = None
    amount: int | None = None
    factors: dict[int, float] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)

    def money(self) -> list[int]:
        cols = list(self.years)
        cols += [c for c in (self.total, self.amount) if c is not None]
        return cols


def _pounds(x: float) -> int | float:
    r = round(x, 2)
    return round(r) if abs(r - round(r)) < 0.01 else r


def _money_text(x: float) -> str:
    return f"-£{abs(x):,.0f}" if x < 0 else f"£{x:,.0f}"


def _is_figure(text: str) -> bool:
    c = read_cell(text)
    return c is not None and text.strip() not in ("", "-", "–", "—")


def _unit_label(text: str) -> bool:
    """A cell that is only a unit ("£000", "£'000", "£k", "(£m)"): a header's, not a figure."""
    t = text.strip()
    found = unit_of(t)
    return found is not None and found[1] == t


def _header_size(rows: list[tuple[str, ...]]) -> int:
    """How many rows at the top are header: those before the first row holding a figure that
    is not a year or unit label."""
    for i, row in enumerate(rows[: _MAX_HEADER_ROWS + 1]):
        figures = [c for c in row if _is_figure(c) and not financial_year(c) and not _unit_label(c)]
        if figures:
            return i
        if i > 0 and row[0].strip() and len({c for c in row if c.strip()}) == 1:
            return i  # a section heading under the header
    return 0


def _labels(header: list[tuple[str, ...]], width: int) -> list[str]:
    labels = []
    for j in range(width):
        parts: list[str] = []
        for row in header:
            cell = row[j] if j < len(row) else ""
            if cell and cell not in parts:
                parts.append(cell)
        labels.append(" ".join(parts))
    return labels


_REF_LABEL = re.compile(r"^\s*(?:ref|reference|code|no\.?|number|id|item|#)\b", re.I)


def _counts_rows(cells: list[str]) -> bool:
    """1, 2, 3… (or 1., 2., 3.): the column numbers the rows; it is not money."""
    values = [c.strip().rstrip(".") for c in cells]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _columns(
    labels: list[str], body: list[tuple[str, ...]], context: str
) -> tuple[_Columns, list[str]]:
    cols = _Columns()
    notes: list[str] = []
    width = len(labels)
    numeric: list[bool] = []
    for j in range(width):
        cells = [r[j] for r in body if j < len(r) and r[j].strip()]
        figures = sum(1 for c in cells if read_cell(c) is not None)
        numbering = _REF_LABEL.search(labels[j]) is not None or _counts_rows(cells)
        numeric.append(bool(cells) and figures >= 0.6 * len(cells) and not numbering)
    base = financial_year(context)
    labelled_units = {j: unit_of(labels[j]) for j in range(width) if numeric[j]}
    any_unit = any(u is not None for u in labelled_units.values())
    for j in range(width):
        label = labels[j]
        if not numeric[j]:
            cols.text.append(j)
            continue
        if _NOT_SAVINGS.search(label):
            continue
        year = financial_year(label)
        n = _YEAR_N.search(label)
        if year is None and n and base:
            year = _shift(base, int(n.group(1)) - 1)
        if year is None and n:
            year = f"Year {n.group(1)}"
        if year is not None:
            if year in cols.years.values():
                notes.append(f"two columns are headed {year}; the first is read")
                continue
            cols.years[j] = year
        elif re.search(r"\btotal\b", label, re.I):
            if cols.total is None:
                cols.total = j
        elif (label and _MONEY_WORD.search(label)) or labelled_units.get(j) or not label:
            if any_unit and labelled_units.get(j) is None:
                continue
            if cols.amount is None and (label or not any_unit):
                cols.amount = j
            elif not label:
                continue
        else:
            continue
        unit = labelled_units.get(j)
        if unit is not None:
            cols.factors[j], cols.units[j] = unit
    if any_unit:  # year columns without a unit of their own take the one the others print
        unit = next(u for u in labelled_units.values() if u is not None)
        for j in cols.money():
            if j not in cols.factors:
                cols.factors[j], cols.units[j] = unit
    if cols.amount is not None and cols.years and not labels[cols.amount]:
        cols.amount = None  # an unlabelled column beside year columns is not the saving
    if cols.amount is not None and cols.total is not None and not cols.years:
        cols.amount = None  # "Reduction" beside "Total saving": the total is the amount
    # Reference and title columns among the text columns.
    best_ref, best_share = None, 0.0
    for j in cols.text:
        cells = [r[j].strip() for r in body if j < len(r) and r[j].strip()]
        cells = [c for c in cells if not _TOTAL_LABEL.search(c)]
        if not cells:
            continue
        share = sum(1 for c in cells if len(c) <= 25 and _REF.match(c)) / len(cells)
        if _REF_LABEL.search(labels[j]):
            share += 0.5
        if share > best_share and share >= 0.6:
            best_ref, best_share = j, share
    cols.ref = best_ref
    lengths = {
        j: sum(len(r[j]) for r in body if j < len(r)) / max(1, len(body))
        for j in cols.text
        if j != cols.ref
    }
    cols.title = max(lengths, key=lambda j: lengths[j]) if lengths else None
    return cols, notes


def _of_pressures(labels: list[str], cols: _Columns, context: str) -> bool:
    """The table lists pressures or growth, not savings: its text columns' labels or the lines
    above it say so, and nothing there speaks of savings."""
    said = " ".join(labels[j] for j in cols.text) + "\n" + context
    return bool(_PRESSURES.search(said)) and not _SAVING_TALK.search(" ".join(labels) + context)


def read_table(table: Table) -> TableReading:
    """Draft proposals from one printed table, with findings; no drafts when it is not a table
    of savings (no year, total or amount column)."""
    printed = [
        (k + 1, tuple(" ".join(c.split()) for c in r))
        for k, r in enumerate(table.rows)
        if any(c.strip() for c in r)
    ]
    numbers = [k for k, _r in printed]  # each kept row's printed row number
    rows = [r for _k, r in printed]
    if len(rows) < 2:
        return TableReading()
    width = max(len(r) for r in rows)
    if width > _MAX_COLUMNS:
        return TableReading(
            findings=(
                Finding(
                    table.number,
                    None,
                    f"{width} columns: too wide to be a savings table",
                    table.page,
                ),
            )
        )
    rows = [r + ("",) * (width - len(r)) for r in rows]
    context = table.context
    # A first row merged across the whole table is a caption, not a header.
    while len(rows) > 2 and len(set(rows[0])) == 1:
        context = f"{context}\n{rows[0][0]}"
        rows, numbers = rows[1:], numbers[1:]
    h = _header_size(rows)
    header, body = rows[:h], rows[h:]
    labels = _labels(header, width)
    cols, notes = _columns(labels, body, context)
    findings = [Finding(table.number, None, n, table.page) for n in notes]
    money = cols.money()
    if not money:
        return TableReading(findings=tuple(findings))
    if _of_pressures(labels, cols, context):
        message = "a table of pressures or growth, not savings: no draft proposals taken from it"
        return TableReading(findings=(*findings, Finding(table.number, None, message, table.page)))
    # A unit printed over the text columns ("Proposal £'000") or above the table.
    table_unit = unit_of(" ".join(labels[j] for j in cols.text)) or unit_of(context)
    read_rows: list[tuple[int, tuple[str, ...], dict[int, Cell | None]]] = []
    for i, row in enumerate(body):
        read_rows.append((numbers[h + i], row, {j: read_cell(row[j]) for j in money}))
    # Sign convention: the table's own, from its savings figures.
    negative = positive = 0
    for _n, row, cells in read_rows:
        if _STARTS_TOTAL.search(_label(row, cols)):
            continue
        for c in cells.values():
            if c is not None and c.value:
                negative += c.value < 0
                positive += c.value > 0
    sign = -1.0 if negative > positive else 1.0
    unstated = table_unit is None and not cols.factors
    cell_units = any(c is not None and c.factor for _n, _r, cs in read_rows for c in cs.values())
    assumed: tuple[float, str] | None = None
    if unstated and not cell_units:
        biggest = max(
            (abs(c.value) for _n, _r, cs in read_rows for c in cs.values() if c and c.value),
            default=0.0,
        )
        whole = all(
            c is None or c.value is None or float(c.value).is_integer()
            for _n, _r, cs in read_rows
            for c in cs.values()
        )
        assumed = (1e3, "£000") if biggest < 100_000 and whole and biggest >= 1 else (1.0, "£")
        findings.append(
            Finding(
                table.number,
                None,
                f"no unit is printed; figures are read as {assumed[1]} (assumed)",
                table.page,
            )
        )

    def factor(j: int, cell: Cell) -> float:
        if cell.factor is not None:
            return cell.factor
        if j in cols.factors:
            return cols.factors[j]
        if table_unit is not None:
            return table_unit[0]
        return assumed[0] if assumed else 1.0

    def unit_printed(j: int) -> str | None:
        if j in cols.units:
            return cols.units[j]
        if table_unit is not None:
            return table_unit[1]
        return None

    single_year = None
    if not cols.years:
        stated = {financial_year(m.group(0)) for m in _FY.finditer(context)} - {None}
        amount_label = labels[cols.amount if cols.amount is not None else cols.total or 0]
        single_year = financial_year(amount_label) or (stated.pop() if len(stated) == 1 else None)
    drafts: list[DraftProposal] = []
    since_total: list[dict[int, float]] = []
    all_items: list[dict[int, float]] = []
    above: tuple[str, ...] | None = None
    for number, row, cells in read_rows:
        label = _label(row, cols)
        repeated, above = row == above, row
        if not any(_is_figure(c) for c in row) and not any(row[j].strip() for j in money):
            continue  # a heading row
        if len(set(row)) == 1:
            continue  # a row merged across the whole table: a heading, whatever it says
        if repeated:  # every cell merged down from the row above: its figures are printed once
            findings.append(
                Finding(
                    table.number,
                    number,
                    f"row {number} repeats the row above cell for cell (cells merged down); "
                    "it is read once",
                    table.page_of(number),
                )
            )
            continue
        pounds = {
            j: sign * c.value * factor(j, c)
            for j, c in cells.items()
            if c is not None and c.value is not None and not c.percent
        }
        if _TOTAL_LABEL.search(label) and (_STARTS_TOTAL.search(label) or since_total):
            findings.extend(_check_total(table, number, label, pounds, since_total, all_items))
            since_total = []
            continue
        since_total.append(pounds)
        all_items.append(pounds)
        drafts.append(_draft(table, number, row, cells, pounds, cols, single_year, unit_printed))
        unread = [row[j] for j, c in cells.items() if c is None and row[j].strip()]
        if unread:
            findings.append(
                Finding(
                    table.number,
                    number,
                    f"{drafts[-1].ref or drafts[-1].title[:40]}: {', '.join(unread)} is not a "
                    "figure; that year is left out",
                    table.page_of(number),
                )
            )
        findings.extend(_check_row(table, number, drafts[-1], pounds, cols))
    return TableReading(tuple(drafts), tuple(findings))


# A title led by its reference: a code of letters and digits, then a dash or colon.
_LED_BY_REF = re.compile(
    r"^(?P<ref>(?=[A-Za-z0-9\-/.]*[A-Za-z])(?=[A-Za-z0-9\-/.]*\d)[A-Za-z0-9][A-Za-z0-9\-/.]{0,14})"
    r"\s*(?:[–—:]|\s-)\s+(?P<title>\S.*)$"
)


def _label(row: tuple[str, ...], cols: _Columns) -> str:
    return " ".join(row[j] for j in cols.text if row[j].strip())


def _draft(
    table: Table,
    number: int,
    row: tuple[str, ...],
    cells: dict[int, Cell | None],
    pounds: dict[int, float],
    cols: _Columns,
    single_year: str | None,
    unit_printed: object,
) -> DraftProposal:
    ref = row[cols.ref].strip() if cols.ref is not None else ""
    title = row[cols.title].strip() if cols.title is not None else ""
    if not title:
        others = [row[j] for j in cols.text if j != cols.ref and row[j].strip()]
        title = " ".join(others)
    if not ref and (led := _LED_BY_REF.match(title)):
        ref, title = led.group("ref"), led.group("title")  # "CS01 – Emergency foster carers"
    savings: dict[str, float] = {}
    for j, year in cols.years.items():
        if j in pounds:
            savings[year] = _pounds(pounds[j])
    total: float | None = None
    if cols.total is not None and cols.total in pounds and row[cols.total].strip():
        total = _pounds(pounds[cols.total])
    single = cols.amount if cols.amount is not None else (cols.total if not cols.years else None)
    if single is not None and single in pounds and row[single].strip():
        total = _pounds(pounds[single])
        if single_year:
            savings[single_year] = total
    money_cols = cols.money()
    unit = None
    for j in money_cols:
        u = unit_printed(j)  # type: ignore[operator]
        if u:
            unit = u
            break
    if unit is None:
        unit = next(
            (_cell_unit(row[j]) for j in money_cols if cells.get(j) and cells[j].factor),  # type: ignore[union-attr]
            None,
        )
    return DraftProposal(
        ref or None,
        title or ref,
        savings,
        tuple(float(pounds[j]) for j in money_cols if j in pounds),
        0,
        total=total,
        unit=unit,
        source={
            "page": table.page_of(number),
            "table": table.number,
            "row": number,
            "cells": [" ".join(c.split()) for c in table.rows[number - 1]],  # as printed
        },
    )


def _cell_unit(text: str) -> str:
    m = _NUMBER.match(text.strip())
    if m and m.group("unit"):
        return f"£{m.group('unit')}" if m.group("pound") else m.group("unit")
    return "£"


def _check_row(
    table: Table, number: int, draft: DraftProposal, pounds: dict[int, float], cols: _Columns
) -> list[Finding]:
    if cols.total is None or not cols.years or draft.total is None:
        return []
    years = sum(pounds.get(j, 0.0) for j in cols.years)
    if abs(years - draft.total) < 0.5:
        return []
    name = draft.ref or draft.title[:40]
    return [
        Finding(
            table.number,
            number,
            f"{name}: the years add up to {_money_text(years)} but the row total prints "
            f"{_money_text(draft.total)}",
            table.page_of(number),
        )
    ]


def _check_total(
    table: Table,
    number: int,
    label: str,
    pounds: dict[int, float],
    since: list[dict[int, float]],
    everything: list[dict[int, float]],
) -> list[Finding]:
    out = []
    for j, printed in pounds.items():
        near = sum(p.get(j, 0.0) for p in since)
        whole = sum(p.get(j, 0.0) for p in everything)
        if abs(near - printed) < 0.5 or abs(whole - printed) < 0.5:
            continue
        out.append(
            Finding(
                table.number,
                number,
                f"{label[:40]}: prints {_money_text(printed)} but the rows above add up to "
                f"{_money_text(near)}",
                table.page_of(number),
            )
        )
        break
    return out


_CARD_FIGURE = re.compile(
    r"^[ \t]*(?P<label>[^\n:]{0,60}\bsavings?\b[^\n:]{0,60}?)[ \t]*(?::[ \t]*|\n\s*)"
    r"(?P<figure>[(\-–−]?[ \t]*£?[ \t]*\d[\d,]*(?:\.\d+)?[ \t]*(?:k|m)?[ \t]*\)?)[ \t]*$",
    re.M | re.I,
)
_KEY_VALUE = re.compile(r"^[ \t]*[A-Z][\w '’&/-]{0,40}:[ \t]*\S")
_SAVING_WORD = re.compile(r"saving", re.I)  # in the first line of every card figure's match


def _saving_words(text: str) -> list[int]:
    """Where `_SAVING_WORD` matches, in order: by substring search of the lower-cased text,
    unless lower-casing changes its length or it holds a letter a case-blind match takes for
    an "s" or an "i" ("ſ", "ı")."""
    lowered = lower_case(text)
    if len(lowered) != len(text) or "ſ" in lowered or "ı" in lowered:
        return [m.start() for m in _SAVING_WORD.finditer(text)]
    return occurrences(lowered, ("saving",))


def _card_figures(text: str) -> list[re.Match[str]]:
    """The matches `_CARD_FIGURE.finditer(text)` gives, found by trying the pattern only at the
    starts of lines that say "saving" (a match starts a line and its label says it): the same
    matches without trying the label at every line of a long paper."""
    found: list[re.Match[str]] = []
    end = tried = -1
    for at in _saving_words(text):
        start = text.rfind("\n", 0, at) + 1
        if start <= tried or start < end:
            continue
        tried = start
        m = _CARD_FIGURE.match(text, start)
        if m:
            found.append(m)
            end = m.end()
    return found


_CARD_REF = re.compile(
    r"^[ \t]*(?:ref(?:erence)?|code|proposal\s+(?:ref(?:erence)?|no\.?|number))\.?[ \t]*:"
    r"[ \t]*(?P<ref>[^\n]{1,40}?)[ \t]*$",
    re.M | re.I,
)


def find_cards(text: str) -> list[DraftProposal]:
    """Proposals printed as cards: a title line, then labelled lines, one of them a savings
    label stating its unit or year with the figure after it ("Estimated savings 2020/21
    £000's: 367", or the label on one line and the figure on the next). A card with a savings
    line for each of several years is one draft with a yearly profile; a "Reference: CS1" line
    of the card gives its reference.

    >>> [(d.title, d.savings) for d in find_cards("Fees review\\nService: Schools\\nEstimated savings 2020/21 £000's: 75")]
    [('Fees review', {'2020/21': 75000})]
    """
    found: list[DraftProposal] = []
    cards: list[int] = []  # each draft's title offset, to merge a card's yearly lines
    for m in _card_figures(text):
        label = m.group("label")
        unit = unit_of(label)
        year = financial_year(label)
        cell = read_cell(m.group("figure"))
        if cell is None or cell.value is None or _unit_label(m.group("figure")):
            continue  # words, or a unit under its label ("Saving 2025/26" over "£000")
        if unit is None and year is None and not cell.factor:
            continue  # a bare number under a label that states neither unit nor year
        title, at = _card_title(text, m.start())
        if not title:
            continue
        factor = cell.factor or (unit[0] if unit else 1.0)
        pounds = _pounds(abs(cell.value) * factor)
        shown = unit[1] if unit else (_cell_unit(m.group("figure")) if cell.factor else None)
        last = found[-1] if found else None
        if (
            last is not None
            and cards[-1] == at
            and year is not None
            and last.savings
            and year not in last.savings
            and last.unit == shown
        ):
            assert last.source is not None and last.total is not None
            printed = last.source["cells"]
            assert isinstance(printed, list)
            cells = [*printed, m.group(0).strip()]
            found[-1] = replace(
                last,
                savings={**last.savings, year: pounds},
                amounts=(*last.amounts, float(pounds)),
                total=_pounds(last.total + pounds),
                source={**last.source, "cells": cells},
            )
            continue
        found.append(
            DraftProposal(
                None,
                title,
                {year: pounds} if year else {},
                (float(pounds),),
                at,
                total=pounds,
                unit=shown,
                source={
                    "page": None,
                    "table": None,
                    "row": None,
                    "cells": [title, m.group(0).strip()],
                },
            )
        )
        cards.append(at)
    return [_with_card_ref(text, d, cards[i + 1] if i + 1 < len(cards) else None)
            for i, d in enumerate(found)]  # fmt: skip


def _with_card_ref(text: str, draft: DraftProposal, next_card: int | None) -> DraftProposal:
    """The draft with the reference its card prints on a line of its own ("Reference: CS1"),
    between its title and the next card's (at most twelve lines on)."""
    start = draft.position
    end = next_card if next_card is not None and next_card > start else len(text)
    lines = text[start:end].split("\n", 13)[:13]
    m = _CARD_REF.search("\n".join(lines))
    if m is None or not _REF.match(m.group("ref")):
        return draft
    return replace(draft, ref=m.group("ref"))


def _card_title(text: str, end: int) -> tuple[str, int]:
    """The card's title: the plain line above its 'Label: value' lines; where two plain lines
    sit between this card and the one before (a title and an unlabelled detail such as the
    service), the upper one."""
    plain: list[tuple[str, int]] = []
    after_card = False
    lines_end = end
    for _ in range(12):
        if lines_end <= 0:
            break
        start = text.rfind("\n", 0, lines_end - 1) + 1
        line = text[start:lines_end].strip()
        lines_end = start
        if not line:
            continue
        if _KEY_VALUE.match(line) or _CARD_FIGURE.match(line):
            if plain:
                after_card = True
                break
            continue
        if len(plain) == 2:
            break
        if line.endswith((".", ":", ";")) or len(line) > 150 or read_cell(line) is not None:
            break
        plain.append((line, start))
    if not plain:
        return "", 0
    return plain[-1] if after_card else plain[0]
