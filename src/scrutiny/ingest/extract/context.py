"""Sentences and clauses around a position in text: the context windows extractors read.

A sentence ends at ``.``, ``!`` or ``?`` followed by white space, at a blank line, or where a new
list item starts on the next line. A clause also ends at ``;`` and ``:``. A single line break
inside a paragraph (a wrapped PDF line) ends neither.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

# End of a sentence: terminator followed by space, a blank line, or a line starting a list item.
# (The terminator is matched, not looked behind for, so the scan can skip to the characters
# that may start a break; the break itself starts after it, at group "gap" when that matched.)
_SENTENCE_END = re.compile(
    r"[.!?](?P<gap>\s+)(?=[\"'“‘(]?[A-Z0-9£•·§])"
    r"|\n[ \t\u00a0]*\n"
    r"|\n(?=[ \t\u00a0]*(?:[•·§▪●◦\-–*o][ \t\u00a0]|\(?[0-9]{1,2}[.)][ \t\u00a0]|"
    r"\(?[a-zA-Z][.)][ \t\u00a0]|\([ivx]{1,5}\)))"
)
# A full stop after these words does not end a sentence ("approx. £1.5m", "para. 3").
_ABBREVIATIONS = {
    "approx",
    "c",
    "ca",
    "circa",
    "est",
    "no",
    "nos",
    "para",
    "paras",
    "inc",
    "incl",
    "e.g",
    "i.e",
    "cllr",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "vs",
    "fig",
    "ref",
}


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the full stop just before `end` closes an abbreviation."""
    if end == 0 or text[end - 1] != ".":
        return False
    word = text[max(0, end - 9) : end - 1].rsplit(None, 1)[-1:] or [""]
    return word[0].lstrip("([").lower() in _ABBREVIATIONS


# A semicolon or colon before white space, or a dash between spaces; led by the one set of
# characters a break starts with, which the scan skips to faster than to either alternative.
_CLAUSE_END = re.compile(r"[;:\s](?:(?<=[;:])(?=\s)|(?<=\s)[–—-]\s)")


def _clause_breaks(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every match of `_CLAUSE_END`, in order, found from its rare
    characters by substring search (a semicolon or colon, a dash) rather than by trying the
    pattern at every space: a ";" or ":" before white space, or a dash between white spaces
    (two such dashes sharing a space are one break, as the scan finds them)."""
    found: list[tuple[int, int]] = []
    for mark in ";:":
        at = text.find(mark)
        while at >= 0:
            if text[at + 1 : at + 2].isspace():
                found.append((at, at + 1))
            at = text.find(mark, at + 1)
    dashes: list[int] = []
    for dash in "–—-":
        at = text.find(dash, 1)
        while at >= 0:
            if text[at - 1].isspace() and text[at + 1 : at + 2].isspace():
                dashes.append(at - 1)
            at = text.find(dash, at + 1)
    end = 0
    for start in sorted(dashes):
        if start >= end:
            found.append((start, start + 3))
            end = start + 3
    found.sort()
    return found


class Segments:
    """Sentence and clause breaks of one text, found once and looked up by bisection."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        breaks = [
            (b0, m.end())
            for m in _SENTENCE_END.finditer(text)
            if not _is_abbreviation(text, b0 := m.start("gap") if m.group("gap") else m.start())
        ]
        self._sb_start = [b0 for b0, _ in breaks]
        self._sb_end = [b1 for _, b1 in breaks]
        clauses = _clause_breaks(text)
        self._cb_start = [c0 for c0, _ in clauses]
        self._cb_end = [c1 for _, c1 in clauses]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._sb_end, pos)
        start = self._sb_end[i - 1] if i else 0
        j = bisect_left(self._sb_start, pos)
        end = self._sb_start[j] if j < len(self._sb_start) else self.length
        return start, max(end, pos)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        s0, s1 = self.sentence(start)
        i = bisect_right(self._cb_end, start)
        c0 = max(s0, self._cb_end[i - 1]) if i else s0
        j = bisect_left(self._cb_start, end)
        c1 = self._cb_start[j] if j < len(self._cb_start) else s1
        if c1 > s1 or (j < len(self._cb_end) and self._cb_end[j] > s1):
            c1 = s1
        return c0, max(c1, end)


@lru_cache(maxsize=16)
def segments(text: str) -> Segments:
    """The (cached) sentence and clause breaks of `text`."""
    return Segments(text)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the sentence holding character `pos`."""
    return segments(text).sentence(pos)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the clause holding the span [start, end): its sentence, cut at ; and :."""
    return segments(text).clause(start, end)


def sentence_at(text: str, pos: int, limit: int = 400) -> str:
    """The sentence holding `pos`, white space collapsed, at most `limit` characters."""
    s0, s1 = sentence_bounds(text, pos)
    s0 = max(s0, pos - limit // 2)
    s1 = min(s1, pos + limit // 2)
    return " ".join(text[s0:s1].split())
