"""What an amount is (a saving, an overspend, a funding gap…), read from the words around it.

Each kind has cue phrases. The cue nearest the amount inside its clause wins (a longer phrase is
read before the words it contains: "budget savings" is a saving, "budget gap" a funding gap).
Weak cues ("funding", "budget", "reduction") count as if they stood further away. An amount with
no cue in its clause takes the kind of the amount just before it (a list of components, "£9.3m
for placements and £1.2m for…"), else the nearest cue in the text before it, else "other".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from scrutiny.ingest.extract.context import clause_bounds, sentence_bounds
from scrutiny.ingest.extract.patterns import factored_alternation, lower_case

KINDS = (
    "saving",
    "overspend",
    "funding_gap",
    "budget",
    "cost",
    "income",
    "grant",
    "reserve",
    "other",
)

# (kind, penalty [characters], phrases). Phrases are regular expressions, matched whole-word.
_CUES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "funding_gap",
        0,
        (
            r"funding gaps?",
            r"budget gaps?",
            r"financial gaps?",
            r"mtfs gaps?",
            r"gaps?",
            r"shortfalls?",
            r"deficits?",
            r"mtfs balance",
            r"balance still to be (?:found|agreed)",
            r"still to be (?:found|identified|agreed)",
            r"yet to be identified",
            r"must find",
            r"needs? to find",
            r"required to find",
            r"balance the budget",
            r"unfunded",
        ),
    ),
    (
        "overspend",
        0,
        (
            r"over ?spends?",
            r"over ?spent",
            r"over ?spending",
            r"overspending",
            r"budget pressures?",
            r"service pressures?",
            r"in-year pressures?",
            r"pressures?",
            r"adverse(?: variance)?",
            r"variances?",
            r"over budget",
            r"overrun",
        ),
    ),
    (
        "saving",
        0,
        (
            r"budget savings?",
            r"savings? proposals?",
            r"savings? targets?",
            r"savings? requirements?",
            r"savings?",
            r"saved",
            r"saves",
            r"save",
            r"cuts?",
            r"efficienc(?:y|ies)",
            r"economies",
            r"mitigations?",
            r"budget reductions?",
            r"reduce (?:spend|costs?|the budget)",
            # A reduction proposed in spending is a saving: "reduce agency social work spend by"
            r"(?:reduce|reducing|cut|cutting) (?:the |our )?(?:[a-z-]+ ){0,4}?"
            r"(?:spend|spending|costs?|expenditure|budgets?)(?: by)?",
            r"achieved",
            r"cashable",
        ),
    ),
    ("saving", 18, (r"reductions?", r"requirement", r"proposals?")),
    (
        "other",
        0,
        (
            r"under ?spends?",
            r"under ?spent",
            r"under ?spending",
            r"surplus(?:es)?",
            r"favourable",
            r"positive movement",
        ),
    ),
    (
        "reserve",
        0,
        (
            r"reserves?",
            r"balances?",
            r"contingenc(?:y|ies)",
            r"carried forward",
            r"carry forward",
            r"brought forward",
            r"capital fund",
            r"general fund",
            r"earmarked",
        ),
    ),
    (
        "grant",
        0,
        (
            r"grants?",
            r"grants? allocations?",
            r"grants? funding",
            r"settlement",
            r"core spending power",
            r"government funding",
            r"revenue support",
            r"dfe funding",
            r"(?:reduction|loss|cut)s? (?:in|on|of|to) (?:the )?(?:\w+ ){0,2}(?:funding|grant|settlement)",
        ),
    ),
    ("grant", 26, (r"funding", r"funded by government", r"allocation from")),
    (
        "income",
        0,
        (
            r"income",
            r"charg(?:e|es|ed|ing)",
            r"council tax(?: requirement)?",
            r"band d",
            r"precept",
            r"contributions?",
            r"fees?",
            r"rents?",
            r"receipts?",
            r"traded",
        ),
    ),
    (
        "cost",
        0,
        (
            r"unit costs?",
            r"costs?",
            r"costing",
            r"spent",
            r"spend",
            r"expenditure",
            r"price",
            r"paid",
            r"payments?",
            r"cost pressures?",
            r"weekly cost",
        ),
    ),
    (
        "budget",
        0,
        (
            r"budget growth",
            r"growth",
            r"investment",
            r"invest(?:ed|ing)?",
            r"virements?",
            r"allocat(?:ed|ion|ions)",
            r"capital programme",
            r"base budget",
            r"budgets? of",
            r"budget for",
            r"revenue budget",
            r"budget",
        ),
    ),
    ("budget", 14, (r"provision",)),
)


def _prefixes(phrase: str) -> list[str]:
    """The three-letter starts a cue phrase can have ("(?:reduction|loss)s? …" → red, los)."""
    lead = re.match(r"\(\?:([a-z|]+)\)", phrase)
    words = lead.group(1).split("|") if lead else [re.match(r"[a-z-]+", phrase).group(0)]  # type: ignore[union-attr]
    return [w[:3] for w in words]


def _compile() -> dict[str, list[tuple[re.Pattern[str], str, int]]]:
    """Cue patterns by the first three letters of their first word, longest phrase first."""
    table: dict[str, list[tuple[int, re.Pattern[str], str, int]]] = {}
    for kind, penalty, phrases in _CUES:
        for phrase in phrases:
            pattern = re.compile(rf"(?:{phrase})(?![\w])", re.IGNORECASE)
            for prefix in _prefixes(phrase):
                table.setdefault(prefix, []).append((len(phrase), pattern, kind, penalty))
    return {
        k: [(p, kind, pen) for _n, p, kind, pen in sorted(v, key=lambda e: -e[0])]
        for k, v in table.items()
    }


def _literal_starts(phrase: str) -> list[str]:
    """The letters every match of a cue phrase starts with ("(?:reduction|loss)s? …" →
    reduction, loss; "over ?spends?" → over; "gaps?" → gap)."""
    lead = re.match(r"\(\?:([a-z|]+)\)", phrase)
    if lead:
        return lead.group(1).split("|")
    run = re.match(r"[a-z-]*", phrase).group(0)  # type: ignore[union-attr]
    if phrase[len(run) : len(run) + 1] in ("?", "*", "{"):
        run = run[:-1]  # its last letter is optional
    return [run]


_CUE_TABLE = _compile()
_CUE_STARTS = sorted(
    {start for _k, _p, phrases in _CUES for p in phrases for start in _literal_starts(p)}
)
# Words whose start may open a cue; the rest of the text is skipped without Python-level work.
# Matched against lower-cased text (much faster than a case-insensitive alternation), the
# letters every cue starts with factored ("sav(?:e|ing)|…") and each word taken whole: a
# fraction of the time of a flat alternation, and only words that may open a cue are tried.
_WORD = re.compile(r"(?<![\w-])" + factored_alternation(_CUE_STARTS) + r"[\w-]*")
# Any word with the three-letter start of a cue: for lower-cased text with "ſ" or "ı", which a
# case-blind match takes for an "s" or an "i", and, case-blind, for text whose length
# lower-casing changes.
_WORD_BY_THREE = re.compile(r"(?<![\w-])" + factored_alternation(_CUE_TABLE) + r"[\w-]*")
_WORD_ANY_CASE = re.compile(_WORD_BY_THREE.pattern, re.IGNORECASE)
_AFTER_LIMIT = 60  # characters after an amount in which a cue may describe it
_BEFORE_LIMIT = 160  # characters before an amount in which a cue may describe it
_WIDE_LIMIT = 240  # the wider look-back for amounts in lists without a cue of their own
_AFTER_PENALTY = 4  # an equal distance after the amount counts as slightly further


@lru_cache(maxsize=16)
def _all_cues(
    text: str, by_start: bool = True
) -> tuple[list[int], list[tuple[int, int, str, int]]]:
    """Every cue in `text` as (start, end, kind, penalty), with their starts for bisection.
    Only words that start with the letters of a cue are tried, or (not `by_start`, as a check)
    every word with the first three letters of one."""
    found: list[tuple[int, int, str, int]] = []
    covered = 0
    lowered = lower_case(text)
    if len(lowered) != len(text):
        words = _WORD_ANY_CASE.finditer(text)
    elif "ſ" in lowered or "ı" in lowered or not by_start:
        words = _WORD_BY_THREE.finditer(lowered)
    else:
        words = _WORD.finditer(lowered)
    for word in words:
        pos = word.start()
        candidates = _CUE_TABLE.get(word.group(0)[:3].lower())
        if pos < covered or not candidates:
            continue
        for pattern, kind, penalty in candidates:
            m = pattern.match(text, pos)
            if m:
                found.append((pos, m.end(), kind, penalty))
                covered = m.end()
                break
    return [c[0] for c in found], found


def _cues(text: str, lo: int, hi: int) -> list[tuple[int, int, str, int]]:
    """(start, end, kind, penalty) of every cue inside text[lo:hi]."""
    starts, found = _all_cues(text)
    return [c for c in found[bisect_left(starts, lo) : bisect_left(starts, hi)] if c[1] <= hi]


def _nearest(
    text: str,
    start: int,
    end: int,
    lo: int,
    hi: int,
    spans: Sequence[tuple[int, int]],
    starts: Sequence[int],
) -> str | None:
    """The kind of the cue nearest the amount at [start, end) within text[lo:hi]; `starts` are
    the amounts' start offsets (spans' first items, made once by the caller)."""
    best: tuple[float, str] | None = None
    for c0, c1, kind, penalty in _cues(text, lo, hi):
        i = bisect_left(starts, c1) - 1  # the last amount starting before the cue ends
        if i >= 0 and spans[i][1] > c0:
            continue  # the cue word is inside an amount ("£2 million")
        if c1 <= start:
            distance = start - c1
        elif c0 >= end:
            distance = c0 - end + _AFTER_PENALTY
        else:
            continue
        score = distance + penalty
        if best is None or score < best[0]:
            best = (score, kind)
    return best[1] if best else None


def classify(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The kind of each amount at `spans` (start, end offsets into `text`), in order."""
    kinds: list[str] = []
    starts = [s0 for s0, _ in spans]
    for i, (start, end) in enumerate(spans):
        c0, c1 = clause_bounds(text, start, end)
        lo = max(c0, start - _BEFORE_LIMIT)
        hi = min(c1, end + _AFTER_LIMIT)
        kind = _nearest(text, start, end, lo, hi, spans, starts)
        if kind is None and i > 0:
            prev_start, _prev_end = spans[i - 1]
            s0, _s1 = sentence_bounds(text, start)
            if prev_start >= s0 or start - prev_start < 400:
                kind = kinds[-1]
        if kind is None:
            # A heading or list item without a cue: the nearest cue before it or just after it
            # (a title followed by "A saving of £100,000 is proposed…").
            kind = _nearest(
                text,
                start,
                end,
                max(0, start - _WIDE_LIMIT),
                min(len(text), end + _WIDE_LIMIT),
                spans,
                starts,
            )
        kinds.append(kind or "other")
    return kinds
