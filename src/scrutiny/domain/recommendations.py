"""The recommendations tracker's vocabulary: a committee's recommendation, the executive's
response, dated updates, and work programme items that follow proposals through the year.

A recommendation is due a response two months after the meeting that made it (the challenge
policy's ``response_months``). It is overdue while no response is recorded, it is not marked done
or closed, and the day is past the due date. Nothing here reads the clock: "today" is always given.

>>> due_after(datetime.date(2024, 1, 31), 2)
datetime.date(2024, 3, 31)
>>> due_after(datetime.date(2023, 12, 31), 2)
datetime.date(2024, 2, 29)
>>> split_addressed("Request the EqIA. Addressed to Cabinet; response by 12 March 2024.")
('Request the EqIA.', 'Cabinet')
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from enum import StrEnum

from scrutiny.domain.proposal_file import ProposalFile

RESPONSE_MONTHS = 2
"""The executive's response is due this many months after the meeting [months] (the same as the
challenge policy's default ``response_months``)."""


class Response(StrEnum):
    """The executive's answer to a recommendation."""

    accepted = "accepted"
    partly = "partly"
    rejected = "rejected"


RESPONSE_WORDS = {
    Response.accepted: "Accepted",
    Response.partly: "Partly accepted",
    Response.rejected: "Rejected",
}


class RecStatus(StrEnum):
    """Where a recommendation has got to."""

    open = "open"
    """Made; no response yet."""
    responded = "responded"
    """The executive has answered."""
    in_progress = "in_progress"
    """Being acted on."""
    done = "done"
    """Acted on, as the committee asked."""
    closed = "closed"
    """The committee has finished with it (done, rejected or overtaken)."""


STATUS_WORDS = {
    RecStatus.open: "Open",
    RecStatus.responded: "Responded",
    RecStatus.in_progress: "In progress",
    RecStatus.done: "Done",
    RecStatus.closed: "Closed",
}


class Source(StrEnum):
    """Where a recommendation came from."""

    minutes = "minutes"
    """Recorded in the committee's minutes, as written."""
    challenge = "challenge"
    """Drafted by the challenge for the committee, then recorded into the tracker."""
    entered = "entered"
    """Typed in by an officer."""


@dataclass(frozen=True)
class Answer:
    """The executive's response: accepted, partly or rejected, in its own words."""

    kind: Response
    text: str
    on: datetime.date
    by: str


@dataclass(frozen=True)
class Update:
    """A dated note on progress, with the status it left the recommendation in."""

    on: datetime.date
    note: str
    by: str
    status: RecStatus | None = None


@dataclass(frozen=True)
class Recommendation:
    """A committee recommendation being tracked."""

    id: int
    council: str
    text: str
    addressee: str
    owner: str | None
    meeting_date: datetime.date | None
    due: datetime.date
    status: RecStatus
    source: Source
    ref: str | None = None
    """The proposal the recommendation is about, when it is about one."""
    response: Answer | None = None
    updates: tuple[Update, ...] = field(default_factory=tuple)
    illustrative: bool = False
    """True for an invented example (the demo's), shown as such wherever it appears."""

    def overdue(self, today: datetime.date) -> bool:
        """No response yet, not marked done or closed, and the due date has passed."""
        finished = self.status in (RecStatus.done, RecStatus.closed)
        return self.response is None and not finished and today > self.due

    def days_overdue(self, today: datetime.date) -> int:
        """Days past the due date without a response (0 when not overdue)."""
        return (today - self.due).days if self.overdue(today) else 0


@dataclass(frozen=True)
class WorkItem:
    """An item on the committee's work programme: what it will look at, when, and the
    proposals it follows."""

    id: int
    council: str
    title: str
    date: datetime.date | None
    refs: tuple[str, ...]
    note: str | None = None
    illustrative: bool = False


def due_after(meeting: datetime.date, months: int = RESPONSE_MONTHS) -> datetime.date:
    """The date `months` after the meeting (the last day of a shorter month)."""
    index = meeting.month - 1 + months
    year, month = meeting.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(meeting.day, calendar.monthrange(year, month)[1]))


ADDRESSED = re.compile(r"^(?P<text>.*?)\s+Addressed to (?P<who>.+?); response [^;]*\.$", re.S)
PROGRAMME = re.compile(r"^(?P<text>.*?)\s+For (?P<who>.+?)'s own work programme; [^;]*\.$", re.S)


def split_addressed(text: str) -> tuple[str, str | None]:
    """A drafted recommendation's words and who it is addressed to, from the challenge's
    ``… Addressed to Cabinet; response by 12 March 2024.`` (or ``For the Committee's own work
    programme; …``); a recommendation without that ending is returned whole, with None."""
    text = " ".join(text.split())
    for pattern in (ADDRESSED, PROGRAMME):
        match = pattern.match(text)
        if match:
            return match.group("text").strip(), match.group("who").strip()
    return text, None


NAMED_BODY = re.compile(r"^The ((?:[A-Z][\w&,'-]*\s+|&\s+)*?(?:Committee|Cabinet|Council)) to ")
"""A recommendation that names who is to act first: "The Scrutiny & Overview Committee to …"."""


def addressee_of(pf: ProposalFile, text: str) -> str:
    """Who a recommendation the committee recorded is addressed to: the body it names first
    ("The Scrutiny & Overview Committee to …"), the committee itself for its own work
    programme, else the file's executive."""
    named = NAMED_BODY.match(text)
    if named:
        return f"the {named.group(1)}"
    if "work programme" in text.lower():
        return pf.committee or "the Committee"
    return pf.executive or "the Executive"


ADD_TO_PROGRAMME = re.compile(r"^Add (?P<what>.+?) to (?:the |its )?work programme\b", re.I)


def programme_title(text: str) -> str:
    """A work programme item's title from the recommendation that put it there: "Add the
    Council's efforts to … to the Work Programme for 2024/25." → "The Council's efforts to …"."""
    found = ADD_TO_PROGRAMME.match(text)
    what = found.group("what") if found else text.rstrip(".")
    return what[:1].upper() + what[1:]
