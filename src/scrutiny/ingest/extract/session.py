"""Drafts of what happened at a meeting, read from its minutes, for a person to accept.

Questions members put ("Members asked …", "The Sub-Committee queried …"), the answers given
("The Director of Children's Social Care explained that …", "It was explained that …",
"Members heard that …") and the committee's conclusions (a numbered list under "Conclusions",
or "The Sub-Committee were reassured / concluded / agreed …"). Each draft names the savings
reference whose section of the minutes it sits in (None before the first) and where it starts.

>>> s = draft_session("Members asked about costs. The Director explained that they rose.")
>>> s.questions[0].asked, s.questions[0].answers[0].by
('Members asked about costs.', 'The Director')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from scrutiny.ingest.extract.patterns import factored_alternation, lower_case, occurrences
from scrutiny.ingest.extract.references import find_reference_spans

_WHO = (
    r"(?:members?|councillors?|the (?:sub-committee|committee|panel|chair(?:man)?)|"
    r"the sub committee)"
)
_ASKED = re.compile(
    rf"^\s*{_WHO}\b[^.]{{0,120}}?\b(?:asked|queried|questioned|enquired|sought|"
    r"raised (?:a )?(?:questions?|concerns?))\b",
    re.I,
)
_TITLES = (
    r"(?:director|cabinet member|head of service|head|chief executive|officer|manager|leader|"
    r"portfolio holder|lead member|assistant director|corporate director|executive director|"
    r"interim director|deputy director)"
)
_SAID = (
    r"(?:explained|responded|stated|said|confirmed|advised|highlighted|clarified|replied|"
    r"added|noted|informed|recognised|recognized|emphasised|emphasized)"
)
_ANSWER = re.compile(
    rf"(?P<by>\b(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,2}}?{_TITLES}\b[^.;]{{0,90}}?)\s+{_SAID}\b",
    re.I,
)
_PASSIVE = re.compile(
    r"^\s*(?:it was (?:explained|clarified|confirmed|highlighted|noted|stated)|"
    rf"{_WHO} (?:heard|were (?:told|informed|advised)))\b",
    re.I,
)
_CONCLUDED = re.compile(
    rf"^\s*{_WHO}\s+(?:were|was)?\s*(?:concluded|reassured|confident|optimistic|supportive|"
    r"unable to comment|grateful|agreed|recommended|resolved|wanted|understood|shared)\b",
    re.I,
)
_CONCLUSIONS_HEADING = re.compile(r"^\s*(?:conclusions?|recommendations?)\s*:?\s*$", re.I)
_NUMBERED = re.compile(r"^\s*(?P<n>[0-9]{1,2})[.)]\s+(?P<text>\S.*)$")
# The letters a sentence about the committee can start with (members, councillors, the …),
# in either case: only such a sentence is tried as a question or a conclusion.
_WHO_FIRST = frozenset("mMcCtT")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
# Every question, answer and conclusion holds one of these words (the verbs of `_ASKED`,
# `_SAID` and `_CONCLUDED`, and "heard" or "told" of `_PASSIVE`): a line without any of them
# is not split into sentences at all.
_CUE_WORDS = [
    "asked",
    "queried",
    "questioned",
    "enquired",
    "sought",
    "raised",
    "explained",
    "responded",
    "stated",
    "said",
    "confirmed",
    "advised",
    "highlighted",
    "clarified",
    "replied",
    "added",
    "noted",
    "informed",
    "recognised",
    "recognized",
    "emphasised",
    "emphasized",
    "heard",
    "told",
    "concluded",
    "reassured",
    "confident",
    "optimistic",
    "supportive",
    "unable",
    "grateful",
    "agreed",
    "recommended",
    "resolved",
    "wanted",
    "understood",
    "shared",
]


_LINE_CUES_ANY_CASE = re.compile(factored_alternation(_CUE_WORDS), re.I)


def _cue_starts(text: str) -> list[int]:
    """Where the cue words occur in `text`, in any case (at least one place in each line that
    holds one). Found by plain substring search of the lower-cased text (faster than any
    pattern) unless lower-casing changes the length or the text holds a letter a case-blind
    search takes for an "i" or an "s" ("ı", "ſ"); then by a case-blind search."""
    lowered = lower_case(text)
    if len(lowered) == len(text) and "ı" not in text and "ſ" not in text:
        return occurrences(lowered, _CUE_WORDS)
    return [m.start() for m in _LINE_CUES_ANY_CASE.finditer(text)]


@dataclass(frozen=True)
class DraftAnswer:
    quote: str
    by: str | None
    start: int


@dataclass
class DraftQuestion:
    ref: str | None
    asked: str
    start: int
    answers: list[DraftAnswer] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "asked": self.asked,
            "start": self.start,
            "answers": [{"quote": a.quote, "by": a.by, "start": a.start} for a in self.answers],
        }


@dataclass(frozen=True)
class DraftConclusion:
    ref: str | None
    text: str
    start: int
    number: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "text": self.text, "start": self.start, "number": self.number}


@dataclass(frozen=True)
class DraftSession:
    questions: tuple[DraftQuestion, ...] = ()
    conclusions: tuple[DraftConclusion, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": [q.to_json() for q in self.questions],
            "conclusions": [c.to_json() for c in self.conclusions],
        }


def _ref_at(spans: list[tuple[str, int, int]], starts: list[int], start: int) -> str | None:
    """The reference whose section `start` is in: the last one beginning at or before it
    (`starts` are the spans' starts, in order, for a bisection instead of a scan)."""
    i = bisect.bisect_right(starts, start)
    return spans[i - 1][0] if i else None


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _answer_in(sentence: str, start: int) -> DraftAnswer | None:
    """An answer in `sentence` ("the Director … explained that …"), quoted from the officer."""
    if _PASSIVE.match(sentence):
        return DraftAnswer(sentence.strip(), None, start + len(sentence) - len(sentence.lstrip()))
    m = _ANSWER.search(sentence)
    if m is None:
        return None
    by = " ".join(m.group("by").split()).strip(" ,")
    by = re.sub(r"^(?:and|but)\s+", "", by, flags=re.I)
    quote = sentence[m.start() :].strip()
    return DraftAnswer(quote, by[0].upper() + by[1:] if by else None, start + m.start())


def draft_session(text: str) -> DraftSession:
    """Questions with their answers, and conclusions, in the order the minutes give them."""
    return _draft_session(text, every_line=False)


def _draft_session(text: str, every_line: bool) -> DraftSession:
    """`draft_session`, splitting into sentences only the lines that hold a cue word of a
    question, an answer or a conclusion, or (`every_line`) every line, as a check."""
    cues = _cue_starts(text)
    spans = find_reference_spans(text)
    starts = [at for _, at, _ in spans]
    questions: list[DraftQuestion] = []
    conclusions: list[DraftConclusion] = []
    in_conclusions = False
    current: DraftQuestion | None = None
    for at, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        # (the heading starts with a "c" or an "r", in either case: no other line is tried)
        if stripped[0] in "cCrR" and _CONCLUSIONS_HEADING.match(line):
            in_conclusions, current = True, None
            continue
        first = bisect.bisect_left(starts, at)
        if first < len(starts) and starts[first] < at + len(line):  # a reference on this line
            in_conclusions, current = False, None
        if in_conclusions and (numbered := _NUMBERED.match(line)):
            body = numbered.group("text").strip()
            conclusions.append(
                DraftConclusion(
                    _ref_at(spans, starts, at),
                    " ".join(body.split()),
                    at + numbered.start("text"),
                    int(numbered.group("n")),
                )
            )
            continue
        if not every_line:
            c = bisect.bisect_left(cues, at)
            if c == len(cues) or cues[c] >= at + len(line):
                continue  # no question, answer or conclusion can start on this line
        for m in _SENTENCE.finditer(line):
            sentence = m.group(0).lstrip()
            start = at + m.start() + len(m.group(0)) - len(sentence)
            if not sentence.strip():
                continue
            ref = _ref_at(spans, starts, start)
            if sentence[:1] in _WHO_FIRST and _ASKED.match(sentence):
                # "Members asked about X, and the Director explained that Y": split at the answer.
                answer = _answer_in(sentence, start)
                asked = sentence
                if answer is not None and answer.start > start:
                    asked = sentence[: answer.start - start].rstrip(" ,;") + "."
                    asked = re.sub(r",?\s+(?:and|but)\.$", ".", asked)
                current = DraftQuestion(ref, " ".join(asked.split()), start)
                if answer is not None and answer.start > start:
                    current.answers.append(answer)
                questions.append(current)
                continue
            if sentence[:1] in _WHO_FIRST and _CONCLUDED.match(sentence) and not in_conclusions:
                conclusions.append(DraftConclusion(ref, " ".join(sentence.split()), start, None))
                continue
            if current is not None and current.ref == ref:
                answer = _answer_in(sentence, start)
                if answer is not None:
                    current.answers.append(answer)
    return DraftSession(tuple(questions), tuple(conclusions))
