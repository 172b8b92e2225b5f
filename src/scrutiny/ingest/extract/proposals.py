"""Draft proposals: a reference and title from a heading, or the items of a list of savings.

Three shapes are read:
- a heading that starts with a savings reference: ``2024-28 SAV CYPE 003 – Review of Children
  Looked After Placements``;
- a list introduced as the proposals for savings ("The proposal for achieving savings includes;")
  whose items each state an amount: each item is a proposal without a reference;
- a line led by a savings reference that states an amount: a sentence ("Proposal CS-SAV-07:
  Reduce agency spend by £450k per annum") or a budget-table row ("CHS01 Edge of care £0.25m").

>>> [(p.ref, p.title) for p in find_proposals("2024-28 SAV CYPE 003 – Review of Placements\\nText")]
[('2024-28 SAV CYPE 003', 'Review of Placements')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from scrutiny.ingest.extract.money import find_amounts
from scrutiny.ingest.extract.patterns import lower_case, matches_at, occurrences
from scrutiny.ingest.extract.references import find_reference_spans, find_references
from scrutiny.ingest.extract.years import find_years, period_for

_HEADING = re.compile(
    r"^[ \t]*(?P<ref>[^\n]{2,30}?)\s*[–—:-]\s*(?P<title>[A-Z][^\n]{3,150})$", re.M
)
_LIST_INTRO = re.compile(
    r"(?:proposals?|options?)\s+(?:for\s+(?:achieving|making|delivering)\s+)?savings?[^\n]{0,40}"
    r"(?:include|includes|are|is|comprise|comprises)?\s*[:;]\s*$"
    r"|savings?\s+(?:proposals?|options?)\s+(?:include|includes|are)\s*[:;]?\s*$",
    re.I | re.M,
)


def _folded(word: str) -> str:
    """A lower-case word as a pattern that also takes the letters a case-blind match takes for
    its s and i ("ſ", "ı"): matched against lower-cased text, it finds what `re.I` finds."""
    return word.replace("s", "[sſ]").replace("i", "[iı]")


_PROPOSALS, _OPTIONS, _SAVINGS = _folded("proposals?"), _folded("options?"), _folded("savings?")
_VERBS = "|".join(_folded(w) for w in ("include", "includes", "are", "is", "comprise", "comprises"))
_MAKING = "|".join(_folded(w) for w in ("achieving", "making", "delivering"))
# _LIST_INTRO for lower-cased text (much faster than a case-blind search of every position).
_LIST_INTRO_LOWER = re.compile(
    rf"(?:{_PROPOSALS}|{_OPTIONS})\s+(?:for\s+(?:{_MAKING})\s+)?{_SAVINGS}[^\n]{{0,40}}"
    rf"(?:{_VERBS})?\s*[:;]\s*$"
    rf"|{_SAVINGS}\s+(?:{_PROPOSALS}|{_OPTIONS})\s+(?:{'|'.join(_VERBS.split('|')[:3])})"
    r"\s*[:;]?\s*$",
    re.M,
)


def _list_intros(text: str) -> Iterator[re.Match[str]]:
    """Where lists of savings are introduced ("The proposals for savings include:")."""
    lowered = lower_case(text)
    if len(lowered) == len(text):
        return _intros_at_words(lowered)
    return _LIST_INTRO.finditer(text)


# Every match of `_LIST_INTRO_LOWER` starts with one of these (proposals, options, savings).
_INTRO_STARTS = ("propo", "opt", "sav", "ſav")


def _intros_at_words(lowered: str) -> Iterator[re.Match[str]]:
    """What `_LIST_INTRO_LOWER.finditer(lowered)` finds, tried only where one of its first
    words starts (found by plain substring search) rather than at every character."""
    return matches_at(_LIST_INTRO_LOWER, lowered, occurrences(lowered, _INTRO_STARTS))


# What may stand on a line before the reference that leads it: an item number, a label.
_LEADER = re.compile(
    r"[\s|•·▪●◦*]*(?:\(?[0-9a-z]{1,3}[.)]\s*)?(?:(?:savings?\s+)?(?:proposal|option|saving|"
    r"ref(?:erence)?|code)s?)?\s*(?:no\.?\s*)?(?:\d{1,3}\s*)?[:.(\[]?\s*",
    re.I,
)
_TRAILING_WORDS = re.compile(
    r"(?:[\s,]+(?:by|of|to|from|and|at|a|the|with|for|saving|savings|save|totalling|worth|"
    r"delivering|achieving))+$",
    re.I,
)
_BULLET = re.compile(r"^[ \t]*(?:[•·§▪●◦\-–*]|\(?[0-9a-z]{1,2}[.)])[ \t]+(?P<item>\S[^\n]*)$", re.M)


@dataclass(frozen=True)
class DraftProposal:
    """A saving the papers propose, for an officer to review: reference (or None), title,
    `savings` [GBP] by financial year where the text gives the year (a saving positive, a cost
    or reversal negative), and every amount stated. From a table also: `total` [GBP] as the row
    prints it, `unit` as printed (£, £000, £m…) and `source`, where it sits (page, table
    number, printed row) with the row's original cells."""

    ref: str | None
    title: str
    savings: dict[str, float] = field(default_factory=dict)
    amounts: tuple[float, ...] = ()
    position: int = 0
    total: float | None = None
    unit: str | None = None
    source: dict[str, object] | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "ref": self.ref,
            "title": self.title,
            "savings": dict(self.savings),
            "amounts": list(self.amounts),
        }
        if self.source is not None:
            data.update({"total": self.total, "unit": self.unit, "source": dict(self.source)})
        return data


def _title_from_item(item: str) -> str:
    """A short title: the item up to its first amount or clause break, without trailing words."""
    cut = re.split(
        r"\s(?:to (?:achieve|deliver|realise|save)|could|will|would|which|have identified)\b|[.;(|]|£",
        item,
    )[0]
    title = _TRAILING_WORDS.sub("", " ".join(cut.split())).strip(" ,–-:")
    return title[:120] or " ".join(item.split())[:120]


def _led_lines(text: str, known: set[str]) -> list[DraftProposal]:
    """Lines led by a savings reference and stating an amount, first mention of each code."""
    found = []
    for ref, start, end in find_reference_spans(text):
        line_start = text.rfind("\n", 0, start) + 1
        if ref in known or not _LEADER.fullmatch(text, line_start, start):
            continue
        line_end = text.find("\n", end)
        rest = text[end : len(text) if line_end < 0 else line_end]
        rest = re.sub(r"^[\s)\]|]*[–—:-]?[\s|]*", "", rest)
        if rest[:1].isalpha() and not find_amounts(rest) and line_end >= 0:
            # An item wrapped onto the next line: its amount may be there.
            next_end = text.find("\n", line_end + 1)
            following = text[line_end + 1 : len(text) if next_end < 0 else next_end]
            led = _BULLET.match(following) or re.match(r"\s*[A-Z]{1,6}[ -]?\d", following)
            if following.strip() and not led:
                rest = f"{rest} {following.strip()}"
        if not rest[:1].isalpha() or not find_amounts(rest):
            continue
        known.add(ref)
        savings, amounts = _savings_by_year(rest)
        found.append(DraftProposal(ref, _title_from_item(rest), savings, amounts, start))
    return found


def _savings_by_year(text: str) -> tuple[dict[str, float], tuple[float, ...]]:
    amounts = find_amounts(text)
    by_year: dict[str, float] = {}
    for a in amounts:
        period = period_for(text, a.start, a.end)
        if period and re.fullmatch(r"\d{4}/\d{2}", period):
            by_year[period] = by_year.get(period, 0.0) + a.gbp
    return by_year, tuple(a.gbp for a in amounts)


def find_proposals(text: str) -> list[DraftProposal]:
    """Draft proposals in order of appearance."""
    found: list[DraftProposal] = []
    for m in _HEADING.finditer(text):
        refs = find_references(m.group("ref") + " – " + m.group("title"))
        if not refs or refs[0] != " ".join(m.group("ref").split()):
            continue
        # The section under the heading, up to the next heading of the same shape.
        nxt = _HEADING.search(text, m.end())
        body = text[m.end() : nxt.start() if nxt else min(len(text), m.end() + 4000)]
        savings, amounts = _savings_by_year(body) if find_years(body) else ({}, ())
        title = m.group("title").strip()
        if find_amounts(title):  # "E1 – Early Help restructure (£120,000)"
            title_savings, title_amounts = _savings_by_year(title)
            title = _title_from_item(title)
            savings = savings or title_savings
            amounts = title_amounts + amounts
        found.append(DraftProposal(refs[0], title, savings, amounts, m.start()))
    for intro in _list_intros(text):
        pos = intro.end()
        for item in _BULLET.finditer(text, pos):
            between = text[pos : item.start()]
            if between.strip():
                break
            pos = item.end()
            body = item.group("item")
            if not find_amounts(body):
                continue
            savings, amounts = _savings_by_year(body)
            found.append(
                DraftProposal(None, _title_from_item(body), savings, amounts, item.start())
            )
    found.extend(_led_lines(text, {p.ref for p in found if p.ref}))
    found.sort(key=lambda p: p.position)
    return found
