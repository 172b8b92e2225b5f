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
    r"following was|consisted of|presentations? on|influences|update|attention|asked to)\b",
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
_ROMAN = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
    "xvii",
    "xviii",
    "xix",
    "xx",
]


@dataclass
class _List:
    style: str  # "num", "alpha", "ALPHA", "roman", or a bullet character
    bracket: str  # "()" or "." / ")" or "" for bullets
    introduced: bool
    items: list[str] = field(default_factory=list)
    last: int = 0
    excluded: bool = False
    major: int = 0  # for items numbered 1.1, 1.2…: the number before the point


_HEADING_INTRO = re.compile(
    r"^\W*(?:it was\s+)?(?:resolved|resolution|decisions?|recommendations?|agreed|conclusions?|"
    r"recommended|decided)\b",
    re.I,
)


def _is_intro(line: str) -> bool:
    """A line that introduces a list of decisions: a short heading ("RESOLVED:", "Decision",
    "Recommendations") or a sentence ending in a colon that says what was decided."""
    stripped = line.rstrip()
    ends_open = stripped.endswith((":", ":-", "–", "following"))
    heading = (len(line) < 40 or ends_open or stripped.endswith(" that")) and bool(
        _HEADING_INTRO.match(line)
    )
    if not (heading or ends_open) or _DISCUSSION.search(line):
        return False
    return heading or bool(_INTRO.search(line))


def _markers(m: re.Match[str]) -> list[tuple[str, str, int]]:
    """Every reading (style, bracket, ordinal) of a list marker, most likely first; ordinal 0
    for bullets. A lone i, v or x may be a roman numeral or a letter."""
    if m.group("b"):
        return [(m.group("b"), "", 0)]
    token = m.group("p") or m.group("d") or ""
    bracket = "()" if m.group("p") else "."
    if token.isdigit():
        return [("num", bracket, int(token))]
    readings: list[tuple[str, str, int]] = []
    if token.lower() in _ROMAN:
        readings.append(
            ("roman" if token.islower() else "ROMAN", bracket, _ROMAN.index(token.lower()) + 1)
        )
    if len(token) == 1:
        style = "alpha" if token.islower() else "ALPHA"
        letter = (style, bracket, ord(token.lower()) - 96)
        # "(i)" most likely opens a roman list; "(v)" or "(x)" most likely continue a lettered one.
        readings = [*readings, letter] if token.lower() == "i" else [letter, *readings]
    return readings


def _continues(lst: _List, style: str, bracket: str, ordinal: int) -> bool:
    if lst.bracket == "":
        return style == lst.style
    return style == lst.style and bracket == lst.bracket and ordinal == lst.last + 1


_PARAGRAPH_NUMBER = re.compile(r"\d+\.\d")  # "4.1 There had been…" is a paragraph
# "1.1 note the forecast…": numbered like a paragraph, an item only straight under an
# introduction ("The Committee is recommended to:") or continuing such a list.
_DECIMAL_ITEM = re.compile(r"^[ \t\u00a0]*(\d{1,2})\.(\d{1,2})\.?[ \t\u00a0]+(?P<rest>\S.*)$")
_REASONS = re.compile(r"\s*(?:reasons?|purpose)\b", re.I)
_BULLETS = "•·§▪●◦-–*o"


def _lists(text: str) -> list[_List]:
    """Every list in the text with its top-level items, whether a heading introduced it, and
    whether it sits under "Reasons" or "Purpose" (never counted)."""
    lines = text.splitlines()
    done: list[_List] = []
    current: _List | None = None
    intro_pending = False
    blocked = False
    gap = 0

    def close() -> None:
        nonlocal current
        if current:
            done.append(current)
        current = None

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        dec = _DECIMAL_ITEM.match(raw)
        if dec:
            major, minor = int(dec.group(1)), int(dec.group(2))
            if current and current.style == "dec" and current.major == major:
                if minor == current.last + 1:
                    current.items.append(dec.group("rest").strip())
                    current.last = minor
                    gap = 0
                continue
            if current is None and intro_pending and not blocked and minor == 1:
                current = _List("dec", ".", True, [dec.group("rest").strip()], 1, major=major)
                intro_pending = False
                gap = 0
                continue
        m = _ITEM.match(raw)
        readings = _markers(m) if m and not _PARAGRAPH_NUMBER.match(line) else []
        if m and readings:
            rest = m.group("rest").strip() or next(
                (ln.strip() for ln in lines[i + 1 : i + 4] if ln.strip()), ""
            )
            follow = [r for r in readings if current and _continues(current, *r)]
            if current and follow:
                current.items.append(rest)
                current.last = follow[0][2]
                gap = 0
                continue
            opening = [r for r in readings if r[2] in (0, 1)]
            if not opening:
                continue  # a sub-item, or a stray number
            style, bracket, ordinal = opening[0]
            if current and current.bracket and style != current.style:
                continue  # a sub-list under an item of the current list
            close()
            current = _List(style, bracket, intro_pending and not blocked, [rest], ordinal, blocked)
            intro_pending = blocked = False
            gap = 0
            continue
        if _STOP.match(line):
            close()
            intro_pending = False
            blocked = bool(_REASONS.match(line))
            continue
        if _is_intro(line):
            close()
            intro_pending, blocked = True, False
            continue
        if line.endswith((":", ":-")) and (current is None or current.style in _BULLETS):
            close()  # a list of something else ("the following points were made:")
            intro_pending = blocked = False
            continue
        gap += 1
        if current and gap > (6 if current.style in _BULLETS else 12):
            close()
        if not current and gap > 1:
            intro_pending = False
    close()
    return done


def _counts(lst: _List) -> bool:
    if lst.excluded:
        return False
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
