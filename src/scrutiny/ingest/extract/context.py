"""Sentences and clauses around a position in text: the context windows extractors read.

A sentence ends at ``.``, ``!`` or ``?`` followed by white space, at a blank line, or where a new
list item starts on the next line. A clause also ends at ``;`` and ``:``. A single line break
inside a paragraph (a wrapped PDF line) ends neither.
"""

from __future__ import annotations

import re

# End of a sentence: terminator followed by space, a blank line, or a line starting a list item.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9£•·§])"
    r"|\n[ \t\u00a0]*\n"
    r"|\n(?=[ \t\u00a0]*(?:[•·§▪●◦\-–*o][ \t\u00a0]|\(?[0-9]{1,2}[.)][ \t\u00a0]|"
    r"\(?[a-zA-Z][.)][ \t\u00a0]|\([ivx]{1,5}\)))"
)
_CLAUSE_END = re.compile(r"[;:](?=\s)|\s[–—-]\s")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the sentence holding character `pos`."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    end = m.start() if m else len(text)
    return start, max(end, pos)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the clause holding the span [start, end): its sentence, cut at ; and :."""
    s0, s1 = sentence_bounds(text, start)
    c0 = s0
    for m in _CLAUSE_END.finditer(text, s0, start):
        c0 = m.end()
    m = _CLAUSE_END.search(text, end, s1)
    c1 = m.start() if m else s1
    return c0, max(c1, end)


def sentence_at(text: str, pos: int, limit: int = 400) -> str:
    """The sentence holding `pos`, white space collapsed, at most `limit` characters."""
    s0, s1 = sentence_bounds(text, pos)
    s0 = max(s0, pos - limit // 2)
    s1 = min(s1, pos + limit // 2)
    return " ".join(text[s0:s1].split())
