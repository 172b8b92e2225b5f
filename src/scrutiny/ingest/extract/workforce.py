"""Workforce figures: posts, FTE, redundancies, vacancy and agency rates, caseloads.

>>> [(w.text, w.what, w.value) for w in find_workforce(
...     "A total of 22 posts (15.4 FTE) will be at risk resulting in a maximum of 13 redundancies.")]
[('22 posts', 'posts', 22.0), ('15.4 FTE', 'fte', 15.4), ('13 redundancies', 'redundancies', 13.0)]
>>> [(w.text, w.what) for w in find_workforce("to add two qualified social workers")]
[('two qualified social workers', 'posts')]

Counts of children, carers, placements, beds or meetings are not workforce.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from scrutiny.ingest.extract.numbers import FIGURE_PATTERN, WORD_PATTERN, WORDS, read_count
from scrutiny.ingest.extract.patterns import (
    factored_alternation,
    lower_case,
    matches_at,
    occurrences,
)

_STAFF = (
    r"posts?|roles?|staff(?:ing)?|social workers?|workers?|employees?|practitioners?|"
    r"personnel|team managers?|practice managers?|social work managers?|caseworkers?|locums?|vacancies|vacant posts?|"
    r"headcount|people in post"
).replace(" ", r"\s+")
_FILLER = r"(?:[A-Za-z][\w'/-]*,?(?:[ \t\u00a0]+|[ \t]*\n[ \t]*)){0,5}?"
_COUNT = rf"(?P<num>{FIGURE_PATTERN}|{WORD_PATTERN})"
_STAFF_RE = re.compile(
    rf"(?<![\w£$.,/-]){_COUNT}(?:[ \t\u00a0]+|[ \t]*\n[ \t]*)(?P<filler>{_FILLER})(?P<head>{_STAFF})(?![\w])",
    re.IGNORECASE,
)
_FTE_RE = re.compile(
    rf"(?<![\w£$.,/-]){_COUNT}\s?(?P<head>FTEs?|full[- ]time equivalents?)(?![\w])", re.IGNORECASE
)
_REDUNDANCY_RE = re.compile(
    rf"(?<![\w£$.,/-]){_COUNT}\s+(?P<filler>(?:\w+\s+){{0,3}}?)"
    r"(?P<head>(?:compulsory |voluntary )?redundanc(?:y|ies)|VR/ER|VR|VER|voluntary severances?)"
    r"(?![\w])",
    re.IGNORECASE,
)
# Head nouns, matched against lower-cased text (faster than a case-insensitive search); each
# must start a word, which `_heads` checks (a pattern that starts with its words is found
# faster than one that starts by looking behind).
_STAFF_HEAD = re.compile(rf"(?:{_STAFF})(?![\w])")
_FTE_HEAD = re.compile(r"(?:ftes?|full[- ]time equivalents?)(?![\w])")
_REDUNDANCY_HEAD = re.compile(r"(?:redundanc(?:y|ies)|vr/er|vr|ver|voluntary severances?)(?![\w])")
# The words the head nouns start with: a head noun is looked for only where one of them is
# written (found by substring search of the lower-cased text), not at every character.
_HEAD_STARTS: dict[re.Pattern[str], tuple[str, ...]] = {
    _STAFF_HEAD: (
        *("post", "role", "staff", "social", "worker", "employee", "practitioner", "personnel"),
        *("team", "practice", "casework", "locum", "vacan", "headcount", "people"),
    ),
    _FTE_HEAD: ("fte", "full"),
    _REDUNDANCY_HEAD: ("redundanc", "vr", "ver", "voluntary"),
}
_WORD_CHAR = re.compile(r"\w")
_LOOK_BACK = 90  # characters before a head noun in which its count is looked for


def _as_folded(word: str) -> list[str]:
    """`word` with each "s" and "i" also written as the "ſ" and "ı" a case-blind match takes
    for them ("six" → six, ſix, sıx, ſıx)."""
    spellings = [""]
    for letter in word:
        also = {"s": "ſ", "i": "ı"}.get(letter)
        spellings = [f"{s}{c}" for s in spellings for c in (letter, also) if c]
    return spellings


# A digit or a number word anywhere (lower-cased text; "ſ" and "ı" are an "s" and an "i" to a
# case-blind match): a count cannot be written without one. The words' shared beginnings
# factored: tried at every character of the text before each head noun, a flat alternation
# cost three times as much.
_MAY_COUNT = re.compile(
    r"\d|" + factored_alternation(sorted({s for word in WORDS for s in _as_folded(word)}))
)


def _heads(head: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `head` that start a word, in order, as a search that looks behind for a
    word character would find them (one found inside a word is passed over and the search
    goes on from its next character)."""
    pos = 0
    while (m := head.search(text, pos)) is not None:
        if m.start() and _WORD_CHAR.match(text, m.start() - 1):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


@lru_cache(maxsize=8)
def _starting_a_word(head: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + head.pattern)


def _heads_at_words(head: re.Pattern[str], lowered: str) -> Iterator[re.Match[str]]:
    """What `_heads(head, lowered)` finds, the head noun tried only where one of its first
    words is written."""
    return matches_at(_starting_a_word(head), lowered, occurrences(lowered, _HEAD_STARTS[head]))


def _counted(
    pattern: re.Pattern[str], head: re.Pattern[str], text: str, lowered: str
) -> list[re.Match[str]]:
    """Matches of `pattern` (a count, words, a head noun) found by finding the head nouns first
    (in the lower-cased text) and reading back from each: much faster than trying the count at
    every character."""
    found: list[re.Match[str]] = []
    same = len(lowered) == len(text)
    heads = _heads_at_words(head, lowered) if same else _heads(re.compile(head.pattern, re.I), text)
    for h in heads:
        lo = max(0, h.start() - _LOOK_BACK)
        if same and not _MAY_COUNT.search(lowered, lo, h.end()):
            continue  # no digit and no number word before the head: nothing to count
        for m in pattern.finditer(text, lo, h.end()):
            if m.end() == h.end():
                found.append(_nearest_count(pattern, m, h.end()))
                break
    return found


def _nearest_count(pattern: re.Pattern[str], m: re.Match[str], end: int) -> re.Match[str]:
    """A count whose words run across a comma ("4.5 FTE, of which two posts") gives way to a
    later count for the same head noun ("two posts")."""
    if "filler" not in pattern.groupindex or "," not in (m.group("filler") or ""):
        return m
    later = pattern.search(m.string, m.end("num"), end)
    while later is not None and later.end() != end:
        later = pattern.search(m.string, later.start() + 1, end)
    return later if later is not None else m


_CASELOAD_RE = re.compile(
    rf"(?<![\w£$.,/-])(?P<num>{FIGURE_PATTERN})\s+(?:cases\s+)?per\s+"
    r"(?:full[- ]time equivalent(?:\s*\(FTE\))?|FTE|social worker|worker|practitioner)(?![\w])",
    re.IGNORECASE,
)
_CASELOAD_OF_RE = re.compile(
    r"caseloads?\s+(?:of|averag\w+|at|was|is|were)\s+(?:around\s+|about\s+|approximately\s+)?"
    rf"(?P<num2>{FIGURE_PATTERN})(?![\w%])",
    re.IGNORECASE,
)
_RATE_RE = re.compile(
    r"(?P<what>vacanc(?:y|ies)|agency)(?:\s+\w+){0,8}?\s+"
    r"(?:(?:rate|rates|level|usage|use)\s+)?(?:\S+\s+){0,12}?"
    r"(?<!by )(?<!by over )(?P<text>(?P<num>\d+(?:\.\d+)?)\s?%)",
    re.IGNORECASE,
)
# "a 12% vacancy rate", "20% agency staff": the rate written before what it measures.
_RATE_BEFORE_RE = re.compile(
    r"(?=\d)(?<![\w.,])(?P<text>(?P<num>\d+(?:\.\d+)?)\s?%)\s+"
    r"(?:(?!(?:and|or|but|while|with|whereas)\b)\w+\s+){0,2}?"
    r"(?P<what>vacanc(?:y|ies)|agency)\b",
    re.IGNORECASE,
)
# What a caseload is counted per, in lower-cased text: without it _CASELOAD_RE cannot match.
_PER_WORKER = re.compile(
    r"per\s+(?:full[- ]time equivalent|fte|social worker|worker|practitioner)(?![\w])"
)
_MEASURE = re.compile(r"vacanc(?:y|ies)|agency", re.IGNORECASE)
# Words that show a count of people joining or leaving, not of posts.
_SENTENCE_BREAK = re.compile(r"[.;]\s")
_PUNCTUATION = re.compile(r"[.;:]")
_MOVEMENT = re.compile(
    r"\b(?:new|left|(?<!care )leavers?|starters?|joined|recruited|hired)\b", re.I
)
# Words before a head noun that make the count something else (children, carers, plans…).
_NOT_STAFF = re.compile(
    r"\b(?:children|child|carers?|families|placements?|beds|meetings?|members|plans|"
    r"cases|households|people|pupils|schools|young|years?|months?|weeks?|days?|hours?|per|%|"
    r"pages?|items?|councillors?)\b",
    re.I,
)


@dataclass(frozen=True)
class WorkforceFigure:
    """A workforce figure as written; `what` from the contract's vocabulary, `value` in its
    unit ([posts], [FTE], [redundancies], [%] for rates, [cases per worker])."""

    text: str
    what: str
    value: float
    start: int
    end: int


class _Taken:
    """Spans already taken, none overlapping another, kept sorted: an overlap check looks at
    one neighbour (by bisection) rather than every span, so a long paper stays linear-ish."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        # Disjoint spans sorted by start are sorted by end too: of those starting before `e`,
        # the last ends latest, so it alone can reach past `s`.
        i = bisect_left(self._starts, e)
        return i > 0 and self._ends[i - 1] > s

    def add(self, s: int, e: int) -> None:
        i = bisect_left(self._starts, s)
        self._starts.insert(i, s)
        self._ends.insert(i, e)


def find_workforce(text: str) -> list[WorkforceFigure]:
    """Every workforce figure in `text`, in order of appearance."""
    found: list[WorkforceFigure] = []
    taken = _Taken()
    lowered = lower_case(text)

    def add(start: int, end: int, what: str, value: float | None) -> None:
        if value is None or taken.overlaps(start, end):
            return
        taken.add(start, end)
        found.append(WorkforceFigure(text[start:end], what, value, start, end))

    # Each scan below runs only when the words it needs are on the page (cheap substring
    # tests on the lower-cased text; the patterns cannot match without them).
    per = _PER_WORKER.search(lowered) is not None if len(lowered) == len(text) else True
    for m in _CASELOAD_RE.finditer(text) if per else ():
        add(m.start(), m.end(), "caseload", read_count(m.group("num")))
    # "caseload" in any case ("ſ" is an "s" to a case-blind match)
    caseload = "caseload" in lowered or "ſ" in lowered or len(lowered) != len(text)
    for m in _CASELOAD_OF_RE.finditer(text) if caseload else ():
        add(m.start(), m.end(), "caseload", read_count(m.group("num2")))
    for m in _counted(_FTE_RE, _FTE_HEAD, text, lowered):
        add(m.start(), m.end(), "fte", read_count(m.group("num")))
    for m in _counted(_REDUNDANCY_RE, _REDUNDANCY_HEAD, text, lowered):
        if _NOT_STAFF.search(m.group("filler") or ""):
            continue
        add(m.start(), m.end(), "redundancies", read_count(m.group("num")))
    rates = "vacanc" in lowered or "agency" in lowered or len(lowered) != len(text)
    for m in _RATE_BEFORE_RE.finditer(text) if rates else ():
        what = "vacancy_rate" if m.group("what").lower().startswith("vacanc") else "agency_rate"
        add(m.start("text"), m.end("text"), what, float(m.group("num")))
    for m in _RATE_RE.finditer(text) if rates else ():
        # The measure named last before the figure decides, within the figure's own clause:
        # "a 23% vacancy rate and agency workers make up 18%" → 18% is the agency rate.
        named = _MEASURE.findall(text, m.start(), m.start("text"))
        what = "vacancy_rate" if named[-1].lower().startswith("vacanc") else "agency_rate"
        if "\n\n" in m.group(0) or _SENTENCE_BREAK.search(m.group(0)):
            continue
        add(m.start("text"), m.end("text"), what, float(m.group("num")))
    for m in _counted(_STAFF_RE, _STAFF_HEAD, text, lowered):
        filler = m.group("filler") or ""
        if _NOT_STAFF.search(filler) or _year_like(m.group("num")):
            continue
        if "\n" in filler or _PUNCTUATION.search(filler):
            continue
        what = "other" if _MOVEMENT.search(filler + " " + text[m.end() : m.end() + 25]) else "posts"
        head = m.group("head").lower()
        if head.startswith("vacan"):
            what = "other"
        count = read_count(m.group("num"))
        if count is None or not count.is_integer():
            continue  # a paragraph number ("3.1 Current position"), not a headcount
        add(m.start(), m.end(), what, count)
    found.sort(key=lambda w: w.start)
    return found


def _year_like(num: str) -> bool:
    return num.isdigit() and len(num) == 4 and num.startswith(("19", "20"))
