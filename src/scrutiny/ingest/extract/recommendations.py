"""How many recommendations, resolutions, decisions or agreed conclusions a document lists.

A list counts when a heading introduces it ("RESOLVED:", "Decision:", "The Committee agreed the
following:", "Recommendations") or when most of its items open with a decision ("Noted…",
"Agreed…", "To approve…", "That…"). Only top-level items count: sub-items in another numbering
style are skipped. The same list given twice (under "Decision" and again in the minutes) counts
once. Agenda items, reasons for a decision, discussion points and report paragraphs do not count.

>>> count_recommendations("RESOLVED:\\n1. That the report be noted.\\n2. That the plan be approved.")
2
>>> count_recommendations("The following points were made:\\n• costs rose\\n• demand grew")
0
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ITEM = re.compile(
    r"^[ \t\u00a0]*(?:"
    r"\((?P<p>[0-9]{1,2}|[a-zA-Z]|[ivxIVX]{1,5})\)"
    r"|(?P<d>[0-9]{1,2}|[a-zA-Z]|[ivxIVX]{1,5})[.)](?![0-9])"
    r"|(?P<b>[•·§▪●◦\-–*o])(?=[ \t\u00a0])"
    r")[ \t\u00a0]*(?P<rest>.*)$"
)
_INTRO = re.compile(
    r"\b(?:resolved|resolution|resolutions|decision|decisions|decided|recommendations?|"
    r"recommended|recommend|agreed|agree|conclusions?|concluded|approved)\b",
    re.I,
)
_STOP = re.compile(
    r"^\s*(?:reasons?\b|purpose\b|minutes\s*:|background\b|alternative options|"
    r"options considered|supporting documents|additional documents|report author|"
    r"publication date|the following (?:points|issues)|in response|members (?:asked|raised|heard))",
    re.I,
)
_DISCUSSION = re.compile(
    r"\b(?:points?|issues?|questions?|comments?|discussion|highlighted|heard|raised|included|"
    r"following was|consisted of|presentations? on|influences|update|attention)\b",
    re.I,
)
_DECISION_VERB = re.compile(
    r"^\s*(?:that\b|to (?:note|approve|agree|endorse|recommend|thank|request|ask|delegate|"
    r"acknowledge|support|refer|consider|receive|accept|adopt|confirm)\b|"
    r"(?:noted|agreed|approved|endorsed|resolved|recommended|requested|delegated|"
    r"note|approve|agree|endorse|recommend|request|delegate)\b|"
    r"(?:cabinet|council|the committee|committee|the panel|members?)\s+"
    r"(?:noted|agreed|approved|endorsed|resolved|requested|recommended)\b)",
    re.I,
)
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
          "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]


@dataclass
class _List:
    style: str  # "num", "alpha", "ALPHA", "roman", or a bullet character
    bracket: str  # "()" or "." / ")" or "" for bullets
    introduced: bool
    items: list[str] = field(default_factory=list)
    last: int = 0


def _marker(m: re.Match[str]) -> tuple[str, str, int] | None:
    """(style, bracket, ordinal) of a list marker; ordinal 0 for bullets."""
    if m.group("b"):
        return m.group("b"), "", 0
    token = m.group("p") or m.group("d") or ""
    bracket = "()" if m.group("p") else "."
    if token.isdigit():
        return "num", bracket, int(token)
    if token.lower() in _ROMAN and token.lower() != "v" and token.lower() != "x" or token.lower() == "i":
        return ("roman" if token.islower() else "ROMAN"), bracket, _ROMAN.index(token.lower()) + 1
    if len(token) == 1:
        style = "alpha" if token.islower() else "ALPHA"
        return style, bracket, ord(token.lower()) - 96
    return None


def _continues(lst: _List, style: str, bracket: str, ordinal: int) -> bool:
    if lst.style.startswith(("roman", "ROMAN")) or style.startswith(("roman", "ROMAN")):
        same = lst.style.lower() in {"roman", "alpha"} and style.lower() in {"roman", "alpha"}
        # "(i)" after "(h)" continues a lettered list; "(v)" after "(iv)" a roman one.
        if lst.style.lower() == "alpha" and style.lower() == "roman":
            return bracket == lst.bracket and lst.last + 1 == (ord("i") - 96 if ordinal == 1 else -1)
        return same and lst.style.lower() == style.lower() and bracket == lst.bracket and ordinal == lst.last + 1
    if lst.bracket == "":
        return style == lst.style
    return style == lst.style and bracket == lst.bracket and ordinal == lst.last + 1


def _lists(text: str) -> list[_List]:
    lines = text.splitlines()
    done: list[_List] = []
    current: _List | None = None
    intro_pending = False
    blocked = False
    gap = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        m = _ITEM.match(raw)
        mk = _marker(m) if m else None
        if m and mk and re.match(r"^\d+\.\d", line):
            mk = None
        if mk:
            style, bracket, ordinal = mk
            rest = m.group("rest").strip() if m else ""
            if not rest:
                nxt = next((ln.strip() for ln in lines[i + 1 : i + 4] if ln.strip()), "")
                rest = nxt
            if current and _continues(current, style, bracket, ordinal):
                current.items.append(rest)
                current.last = ordinal
                gap = 0
                continue
            if current and (style != current.style or bracket != current.bracket) and ordinal != 1 and not (
                style == current.style
            ):
                gap = 0
                continue  # a sub-item in another style
            if current and ordinal != 1 and style == current.style and current.bracket:
                done.append(current)
                current = None
            if ordinal in (0, 1) and not blocked:
                if current:
                    if style != current.style and current.style not in "•·§▪●◦-–*o":
                        continue  # a sub-list in another style under an item
                    done.append(current)
                current = _List(style, bracket, intro_pending, [rest], ordinal)
                intro_pending = False
                gap = 0
            continue
        # A line that is not a list item.
        if _STOP.match(line):
            if current:
                done.append(current)
                current = None
            intro_pending = False
            blocked = bool(re.match(r"^\s*(?:reasons?|purpose)\b", line, re.I))
            continue
        is_intro = bool(_INTRO.search(line)) and not _DISCUSSION.search(line) and (
            len(line) < 60 or line.rstrip().endswith((":", ":-", "–", "-", "that", "following"))
        )
        if is_intro:
            if current:
                done.append(current)
                current = None
            intro_pending = True
            blocked = False
            continue
        if re.search(r"[:\-–]\s*$", line) and not is_intro:
            intro_pending = False
            blocked = False
            if current and current.style not in "•·§▪●◦-–*o":
                continue
        gap += 1
        if current and current.bracket == "" and gap > 0:
            done.append(current)
            current = None
        elif current and gap > 12:
            done.append(current)
            current = None
        if not current and len(line) > 60:
            intro_pending = intro_pending and gap <= 1
            blocked = False
    if current:
        done.append(current)
    return done


def _counts(lst: _List) -> bool:
    if lst.introduced:
        return True
    if lst.bracket == "" or len(lst.items) < 2:
        return False
    verbs = sum(1 for item in lst.items if _DECISION_VERB.match(item))
    return verbs * 2 > len(lst.items)


def _words(items: list[str]) -> set[str]:
    return {w for item in items for w in re.findall(r"[a-z]{4,}", item.lower())}


def count_recommendations(text: str) -> int:
    """The number of distinct top-level recommendations, resolutions or decisions listed."""
    counted: list[_List] = []
    for lst in _lists(text):
        if not _counts(lst):
            continue
        words = _words(lst.items)
        duplicate = False
        for other in counted:
            ow = _words(other.items)
            if words and ow and len(words & ow) / min(len(words), len(ow)) > 0.6:
                duplicate = True
                if len(lst.items) > len(other.items):
                    other.items = lst.items
                break
        if not duplicate:
            counted.append(lst)
    return sum(len(lst.items) for lst in counted)
