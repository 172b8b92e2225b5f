"""Savings-proposal references: the codes councils give each saving.

Four shapes are read: MTFS codes (``2024-28 SAV CYPE 001``), a service code and number
(``SSHH 540``, ``S25-5N``), short codes (``CF1``, ``C16``) and capitals and digits joined by dashes
in any order (``CYP-24-01``, ``24-CYP-01``, ``CF1-A``), the last only where the text plainly gives
the code to a saving. A code counts only where the text
treats it as a saving: it heads a proposal ("SSHH 540 – Savings arising…"), sits in brackets after
a described saving, or sits in a sentence about savings. Report numbers (``CS17089``,
``CS/21/13``), programme names spelled out beside them (``Savings Programme (SP23)``), growth
codes and decision numbers are not references.

>>> find_references("It remained SSHH 540 – Savings arising from fewer children looked after.")
['SSHH 540']
>>> find_references("£100,000 through a staffing review (C16) and a review of short breaks (C17).")
['C16', 'C17']
>>> find_references("the Savings Programme to 2023 (SP2023), report CS17089 and PDF 217 KB")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_MTFS = re.compile(r"(?=\d)\b\d{4}[-/]\d{2,4}\s+SAV\s+[A-Z]{2,6}\s+\d{2,4}\b")
_SPACED = re.compile(
    r"(?=[A-Z])(?<![\w/&])(?<!\w-)(?P<code>[A-Z]{2,6}\s\d{2,4}|[A-Z]{1,3}\d{2}-\d{1,3}[A-Z]?"
    r"|[A-Z]{1,3}&[A-Z]{1,3}\s\d{1,3})(?![\w/&]|\.\d|-\w)"
)
# Codes in segments joined by hyphens or slashes: CS-SAV-07, CSC/SAV/03, ASC-12, SAV-CS-2025-01,
# 2025/26-CS-03. Report and decision numbers (CS/21/13, CG/10/202) have several numeric segments
# and no savings marker; they are told apart in `_segments_ok`.
_SEGMENTED = re.compile(
    r"(?=[A-Z2])(?<![\w/&-])(?P<code>(?:20\d{2}/\d{2}-)?(?:[A-Z][A-Z&]{0,5}[-/]){1,3}(?:\d{4}-)?\d{1,3}"
    r"[A-Za-z]?)(?![\w/&-]|\.\d)"
)
# Codes of capitals and digits joined by dashes in any order: CYP-24-01, 24-CYP-01, CF1-A,
# AB12-3C. Each needs a letter and a digit somewhere; such a code counts only where the text
# plainly gives it to a saving (see `_strongly_placed`), since dashed ranges ("KS2-4") and dated
# labels look alike in running prose.
_MIXED = re.compile(
    r"(?=[A-Z0-9])(?<![\w/&.-])(?P<code>(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*\d)"
    r"[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,6}){1,3})(?![\w/&-]|\.\d)"
)
_SAVINGS_MARKER = re.compile(r"(?:^|[-/])(?:SAV|SAVE|SAVS|EFF|S)(?:[-/]|$)")
_FOUR_DIGIT = re.compile(r"\b(?:19|20)\d{2}\b")
_SHORT = re.compile(r"(?=[A-Z])(?<![\w/.-])(?P<code>[A-Z]{1,3}\d{1,3}[a-z]?)(?![\w/-])")
# Capitalised words that are never a savings code when followed by a number.
_NOT_CODES = {
    "PDF",
    "KB",
    "MB",
    "PAGE",
    "ITEM",
    "NO",
    "REPORT",
    "MINUTE",
    "APPENDIX",
    "TABLE",
    "SECTION",
    "PARA",
    "COVID",
    "ROOM",
    "STEP",
    "PHASE",
    "YEAR",
    "WEEK",
    "TIER",
    "BAND",
    "LEVEL",
    "KS",
    "SEN",
    "SEND",
    "NHS",
    "DFE",
    "LGA",
    "AM",
    "PM",
    "CLA",
    "LAC",
    "MTFS",
    "MTFP",
    "ICB",
    "FY",
    "Q",
    "HB",
    "CO",
    "GB",
    "UK",
    "HRA",
    "DSG",
    "GAE",
    "FTE",
    "EHC",
    "UASC",
    "ITEMS",
    # committee, decision and assessment prefixes (Cabinet, key decision, forward plan, impact
    # assessments), tax codes
    "CAB",
    "KD",
    "FP",
    "EIA",
    "EQIA",
    "DPIA",
    "IR",
    "HMRC",
}
_SAVING_CONTEXT = re.compile(r"\bsav(?:e|es|ing|ings)\b|\befficienc|\bproposals?\b|\bcuts?\b", re.I)
_NOT_SAVING = re.compile(
    r"\b(?:growth|pressures?|investment|report(?:\s+no\.?)?|decision|minute|programme|"
    r"item|appendix|annex|table|figure|chart|schedule|paragraph|section|page)\s*$",
    re.I,
)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’]*")
_UPPER = re.compile(r"[A-Z]+")
_LETTERS = re.compile(r"[A-Za-z]+")
_PROGRAMME_AFTER = re.compile(r"\s*(?:savings )?programme\b", re.I)
_POUNDS = re.compile(r"£\s?\d")
_HEADS_PROPOSAL = re.compile(r"^\s*[–—:-]\s*[A-Z]")
# A label just before the code, or before a list of codes the code ends ("proposals CS1, CS2
# and CS3").
_LABELLED = re.compile(
    r"\b(?:ref(?:erence)?s?|codes?|proposals?|savings?)\s*(?:no\.?|numbers?)?\s*[.:]?\s*"
    r"(?:[A-Z0-9][A-Z0-9/&-]{1,14}\s*(?:,|\band\b|&)\s*){0,6}$",
    re.I,
)
_TABLE_NOT_SAVING = re.compile(
    r"\b(?:growth|pressures?|investment|report|decision|over ?spend|under ?spend|forecast|"
    r"variance|outturn)",
    re.I,
)

# A code followed at once by monitoring or growth words is a period or a growth line ("P6 forecast
# overspend", "M9 variance", "G1 Growth in demand"), not a saving.
_FOLLOWED_BY_NOT_SAVING = re.compile(
    r"\s*[–—:-]?\s*(?:[A-Za-z]+\s+)?(?:growth|pressures?|forecast|variance|outturn|"
    r"over ?spend|under ?spend)\b",
    re.I,
)


def _segments_ok(code: str) -> bool:
    """A segmented code with more than one number is a savings code only with a savings marker
    or a leading financial year; otherwise it is a report or decision number (CS/21/13)."""
    numbers = re.findall(r"\d+", code)
    if code[:1].isdigit():
        return True  # opens with a financial year: 2025/26-CS-03
    return len(numbers) < 2 or bool(_SAVINGS_MARKER.search(code))


def _table_row(text: str, start: int, end: int) -> bool:
    """A code heading a line that states an amount and is not growth or a pressure."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    head = text[line_start:start].strip(" \t•·-")
    if head and not re.fullmatch(r"\(?[0-9a-z]{1,3}[.)]", head, re.I):
        return False
    rest = text[end:line_end]
    return bool(_POUNDS.search(rest)) and not _TABLE_NOT_SAVING.search(rest)


def _initials(words: str) -> str:
    """Initials of the capitalised words ("Savings Programme to 2023" → "SP")."""
    return "".join(w[0] for w in _CAPITALISED.findall(words))


def _is_abbreviation_of_preceding(text: str, start: int, code: str) -> bool:
    """'(SP23)' after 'Savings Programme to 2023' names the programme, not a saving."""
    letters = _UPPER.match(code)
    if not letters:
        return False
    before = text[max(0, start - 80) : start]
    initials = _initials(before)
    digits = code[len(letters.group(0)) :]
    if digits.isdigit() and re.search(rf"\d{{2}}{digits}\b", before):
        # "Transformation 2021 (T21)": the letters are initials and the number is the year's tail
        return letters.group(0)[:1] in initials
    if len(letters.group(0)) < 2:
        return False
    return initials.endswith(letters.group(0)) or letters.group(0) in initials[-6:]


def _strongly_placed(text: str, start: int, end: int) -> bool:
    """A code that heads a proposal, is labelled as a reference, heads a table row with an amount,
    or sits in brackets in a sentence about savings."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 60]
    if _HEADS_PROPOSAL.match(after) or _LABELLED.search(before) or _table_row(text, start, end):
        return True
    window = text[max(0, start - 160) : end + 120]
    bracketed = before.endswith("(") and after.startswith(")")
    return bracketed and bool(_SAVING_CONTEXT.search(window))


def _is_reference(
    text: str, start: int, end: int, code: str, short: bool, mixed: bool = False
) -> bool:
    letters = _LETTERS.match(code)
    if letters and letters.group(0).upper() in _NOT_CODES:
        return False
    if _FOUR_DIGIT.search(code) and not ("-" in code or "/" in code):
        return False  # "CA 1989": an act and its year
    segmented = "-" in code or "/" in code
    dashed_only = "-" in code and "/" not in code
    # Several numbers and no savings marker: a report or decision number, unless the code is
    # joined by dashes alone and the text plainly gives it to a saving ("CS24-07 – Savings…").
    if (
        segmented
        and not _segments_ok(code)
        and not (dashed_only and _strongly_placed(text, start, end))
    ):
        return False
    before = text[max(0, start - 40) : start]
    after = text[end : end + 60]
    if _NOT_SAVING.search(before.rstrip(" (")):
        return False
    if _NOT_SAVING.search(_LABELLED.sub("", before).rstrip(" (")):
        return False  # "Decision ref: CAB-12"
    if _PROGRAMME_AFTER.match(after) or _FOLLOWED_BY_NOT_SAVING.match(after):
        return False
    if mixed:
        return _strongly_placed(text, start, end)
    if not segmented and _is_abbreviation_of_preceding(
        text, start - 1 if before.endswith("(") else start, code
    ):
        return False
    if _HEADS_PROPOSAL.match(after) or _LABELLED.search(before):
        return True
    if _table_row(text, start, end):
        return True
    bracketed = before.endswith("(") and after.startswith(")")
    window = text[max(0, start - 160) : end + 120]
    if bracketed:
        return bool(_SAVING_CONTEXT.search(window)) or bool(_POUNDS.search(window))
    if short:
        # A bare short code needs to stand as a label: at the start of a line or list item.
        line_start = text.rfind("\n", 0, start) + 1
        return not text[line_start:start].strip(" \t•·-") and bool(_SAVING_CONTEXT.search(window))
    return bool(_SAVING_CONTEXT.search(window))


def find_references(text: str) -> list[str]:
    """Savings references in order of first appearance, each once."""
    seen: set[str] = set()
    ordered = []
    for code, _start, _end in find_reference_spans(text):
        if code not in seen:
            seen.add(code)
            ordered.append(code)
    return ordered


def find_reference_spans(text: str) -> list[tuple[str, int, int]]:
    """Every occurrence of a savings reference as (code, start, end), in order."""
    return list(_reference_spans(text))


# Every code but an MTFS one joins a capital and a digit: side by side ("CF1", "24C"), across a
# dash ("CYP-24", "4-CYP") or, for a service code, a space or a slash ("SSHH 540", "SAV/03").
_CODE_WINDOW = re.compile(r"[A-Z&\d](?:(?<=[A-Z&])[\s/-]?\d|(?<=\d)-?[A-Z])")
_LONGEST_CODE = 40  # characters: the longest match of `_SEGMENTED`, `_SPACED`, `_MIXED`, `_SHORT`
_LOOKAHEAD = 8  # characters after a code its pattern may look at, with room to spare


def _near_windows(
    pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, searched only near `windows` (the spans of
    `_CODE_WINDOW` in `text`), one of which every match holds or overlaps: a match holding a
    window starts at most `_LONGEST_CODE` before it, so the text between windows is skipped."""
    cursor = 0
    for start, end in windows:
        while end > cursor:
            m = pattern.search(
                text, max(cursor, start - _LONGEST_CODE), end + _LONGEST_CODE + _LOOKAHEAD
            )
            if m is None or m.start() >= end:
                break
            yield m
            cursor = m.end()


@lru_cache(maxsize=4)
def _reference_spans(text: str, windows: bool = True) -> tuple[tuple[str, int, int], ...]:
    """The spans of `find_reference_spans`, kept for the few texts read last (proposals and
    the figures both ask for the same document's references). Codes are searched for only
    near where a capital and a digit meet (`windows`), or in the whole text, as a check."""
    found: list[tuple[int, int, str]] = []
    near = [m.span() for m in _CODE_WINDOW.finditer(text)] if windows else []
    taken = bytearray(len(text))  # 1 where a reference already sits
    for m in _MTFS.finditer(text) if "SAV" in text else ():  # it cannot match without
        found.append((m.start(), m.end(), " ".join(m.group(0).split())))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    patterns = ((_SEGMENTED, False, False), (_SPACED, False, False), (_MIXED, False, True))
    for pattern, short, mixed in (*patterns, (_SHORT, True, False)):
        for m in _near_windows(pattern, text, near) if windows else pattern.finditer(text):
            s, e = m.span("code")
            if any(taken[s:e]):
                continue
            code = m.group("code")
            if _is_reference(text, s, e, code, short, mixed):
                found.append((s, e, " ".join(code.split())))
                taken[s:e] = b"\x01" * (e - s)
    return tuple((code, start, end) for start, end, code in sorted(found))
