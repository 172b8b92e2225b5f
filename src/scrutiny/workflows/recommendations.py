"""The recommendations tracker: record a committee's recommendations (typed in, or from the
council's analysis), the executive's responses and dated updates; list them with what is
overdue; and the committee's work programme with the proposals each item follows.

"Today" is always given by the caller (the command line's clock, the web app's `today` source),
so a test can make a recommendation overdue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from scrutiny.domain.limits import MAX_NAME, MAX_TEXT
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.recommendations import (
    RESPONSE_MONTHS,
    RESPONSE_WORDS,
    STATUS_WORDS,
    Recommendation,
    RecStatus,
    Response,
    Source,
    WorkItem,
    addressee_of,
    due_after,
    programme_title,
    split_addressed,
)
from scrutiny.domain.years import day_words
from scrutiny.errors import NotFound, UsageError
from scrutiny.store.engine import Database
from scrutiny.store.unit_of_work import UnitOfWork


def _text(value: str | None, what: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
    """`value` with its spacing tidied; refused in one line when empty (if required) or long."""
    text = " ".join((value or "").split())
    if required and not text:
        raise UsageError(f"give the {what}")
    if len(text) > limit:
        raise UsageError(f"the {what} must be at most {limit:,} characters")
    return text


def parse_response(value: str) -> Response:
    """accepted, partly or rejected; anything else refused in one line."""
    try:
        return Response(value.strip().lower())
    except ValueError:
        raise UsageError(f"response {value!r} is not one of accepted, partly or rejected") from None


def parse_status(value: str | None) -> RecStatus | None:
    """A status word (open, responded, in_progress, done, closed) or None."""
    if value is None or not value.strip():
        return None
    word = value.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return RecStatus(word)
    except ValueError:
        allowed = ", ".join(s.value for s in RecStatus)
        raise UsageError(f"status {value!r} is not one of {allowed}") from None


# Changes ------------------------------------------------------------------------------------


def add_recommendation(
    engine: Database,
    council: str,
    text: str,
    *,
    addressee: str,
    actor: str | None = None,
    owner: str | None = None,
    meeting_date: datetime.date | None = None,
    due: datetime.date | None = None,
    ref: str | None = None,
    source: Source = Source.entered,
    illustrative: bool = False,
) -> Recommendation:
    """Track a recommendation; its response is due `due`, else two months after the meeting.
    Refused, with nothing written, without text, addressee or a date, or for a proposal ref
    that is not in the council's register."""
    words = _text(text, "recommendation's text")
    to = _text(addressee, "addressee (who the recommendation is addressed to)", limit=MAX_NAME)
    who = _text(owner, "owner", limit=MAX_NAME, required=False) or None
    if due is None:
        if meeting_date is None:
            raise UsageError("give the meeting date (the response is due two months after it)")
        due = due_after(meeting_date, RESPONSE_MONTHS)
    if meeting_date is not None and due < meeting_date:
        raise UsageError(f"the due date {due} is before the meeting on {meeting_date}")
    with UnitOfWork(engine, actor=actor) as uow:
        if ref:
            uow.proposals.find(council, ref)
        return uow.recommendations.add(
            council,
            text=words,
            addressee=to,
            owner=who,
            meeting_date=meeting_date,
            due=due,
            source=source,
            actor=uow.actor,
            ref=ref or None,
            illustrative=illustrative,
        )


def respond(
    engine: Database,
    rec_id: int,
    response: str,
    text: str,
    *,
    actor: str | None = None,
    on: datetime.date,
) -> Recommendation:
    """Record the executive's response (accepted, partly or rejected) in its words."""
    kind = parse_response(response)
    words = _text(text, "response's words")
    with UnitOfWork(engine, actor=actor) as uow:
        return uow.recommendations.respond(rec_id, kind, words, on=on, actor=uow.actor)


def add_update(
    engine: Database,
    rec_id: int,
    note: str,
    *,
    actor: str | None = None,
    on: datetime.date,
    status: str | None = None,
) -> Recommendation:
    """A dated note on progress, optionally moving the recommendation to `status`."""
    words = _text(note, "update")
    new_status = parse_status(status)
    with UnitOfWork(engine, actor=actor) as uow:
        return uow.recommendations.add_update(
            rec_id, words, on=on, actor=uow.actor, status=new_status
        )


def add_programme_item(
    engine: Database,
    council: str,
    title: str,
    *,
    actor: str | None = None,
    date: datetime.date | None = None,
    refs: list[str] | None = None,
    note: str | None = None,
    illustrative: bool = False,
) -> WorkItem:
    """An item on the committee's work programme, following the proposals `refs` (each must be
    in the council's register)."""
    words = _text(title, "work programme item's title")
    remark = _text(note, "note", required=False) or None
    wanted = list(dict.fromkeys(r.strip() for r in refs or [] if r.strip()))
    with UnitOfWork(engine, actor=actor) as uow:
        for ref in wanted:
            uow.proposals.find(council, ref)
        return uow.recommendations.add_item(
            council,
            title=words,
            date=date,
            refs=wanted,
            note=remark,
            actor=uow.actor,
            illustrative=illustrative,
        )


def track_minuted(
    engine: Database,
    pf: ProposalFile,
    *,
    meeting_date: datetime.date,
    actor: str | None = None,
    illustrative: bool = False,
) -> tuple[int, int]:
    """Track the recommendations the committee recorded in the minutes of `pf`'s meeting, and
    put each about the committee's own work programme on it, following its proposal (undated
    until the committee sets the meeting; marked done when the item is there). Those already
    tracked are left as they are. Returns (recommendations added, items added)."""
    added = items = 0
    with UnitOfWork(engine, actor=actor) as uow:
        have = uow.recommendations.texts(pf.council)
        titles = {i.title for i in uow.recommendations.items(pf.council)}
        for p in pf.proposals:
            for raw in p.session.recommendations if p.session else []:
                text = " ".join(raw.split())
                if text in have:
                    continue
                have.add(text)
                rec = uow.recommendations.add(
                    pf.council,
                    text=text,
                    addressee=addressee_of(pf, text),
                    owner=None,
                    meeting_date=meeting_date,
                    due=due_after(meeting_date, RESPONSE_MONTHS),
                    source=Source.minutes,
                    actor=uow.actor,
                    ref=p.ref,
                    illustrative=illustrative,
                )
                added += 1
                if "work programme" not in text.lower():
                    continue
                title = programme_title(text)
                if title not in titles:
                    titles.add(title)
                    uow.recommendations.add_item(
                        pf.council,
                        title=title,
                        date=None,
                        refs=[p.ref],
                        note=f"Agreed by the {pf.committee or 'committee'} when it considered {p.ref}.",
                        actor=uow.actor,
                        illustrative=illustrative,
                    )
                    items += 1
                uow.recommendations.add_update(
                    rec.id,
                    "Added to the committee's work programme.",
                    on=meeting_date,
                    actor=uow.actor,
                    status=RecStatus.done,
                )
    return added, items


def record_from_analysis(
    engine: Database,
    council: str,
    *,
    actor: str | None = None,
    meeting_date: datetime.date | None = None,
    owner: str | None = None,
) -> list[Recommendation]:
    """Track the recommendations of the council's latest analysis: those the committee
    recorded in its minutes and those the challenge drafted, each with its proposal and
    addressee. One already tracked (same words) is not added again. Refused, with nothing
    written, when the council has no analysis or no meeting date."""
    with UnitOfWork(engine, actor=actor) as uow:
        latest = uow.files.latest(council)
        if latest is None:
            raise NotFound(f"no council named {council!r} in the register; import its file first")
        found = uow.reads.latest_challenge(latest.id)
        if found is None:
            raise NotFound(
                f"{council} has no analysis of its latest register yet; run the challenge first"
            )
        report, _ = found
        pf = uow.files.load(latest.id)
        meeting = meeting_date or pf.meeting_date
        if meeting is None:
            raise UsageError(f"{council}'s file gives no meeting date; give the meeting date")
        minuted = {
            " ".join(r.split())
            for p in pf.proposals
            if p.session
            for r in p.session.recommendations
        }
        wanted: list[tuple[str | None, str, str, Source]] = []
        for pc in report.proposals:
            for line in pc.recommendations:
                text, to = split_addressed(line)
                source = Source.minutes if text in minuted else Source.challenge
                wanted.append((pc.ref, text, to or addressee_of(pf, text), source))
        for line in report.file_recommendations:
            text, to = split_addressed(line)
            wanted.append((None, text, to or addressee_of(pf, text), Source.challenge))
        have = uow.recommendations.texts(council)
        added = []
        for ref, text, to, source in wanted:
            if text in have:
                continue
            have.add(text)
            added.append(
                uow.recommendations.add(
                    council,
                    text=text,
                    addressee=to,
                    owner=owner,
                    meeting_date=meeting,
                    due=due_after(meeting, RESPONSE_MONTHS),
                    source=source,
                    actor=uow.actor,
                    ref=ref,
                )
            )
        return added


# Reads --------------------------------------------------------------------------------------


def list_recommendations(
    engine: Database,
    *,
    today: datetime.date,
    council: str | None = None,
    overdue_only: bool = False,
) -> list[Recommendation]:
    """Every tracked recommendation (of one council), overdue ones only if asked."""
    with UnitOfWork(engine) as uow:
        found = uow.recommendations.all(council)
    return [r for r in found if r.overdue(today)] if overdue_only else found


def get_recommendation(engine: Database, rec_id: int) -> Recommendation:
    with UnitOfWork(engine) as uow:
        return uow.recommendations.get(rec_id)


def recommendation_json(rec: Recommendation) -> dict[str, Any]:
    """One recommendation as `scrutiny recommendations list --format json` gives it
    (docs/schemas/recommendations.schema.json)."""
    answer = None
    if rec.response is not None:
        answer = {
            "kind": rec.response.kind.value,
            "text": rec.response.text,
            "on": rec.response.on.isoformat(),
            "by": rec.response.by,
        }
    return {
        "id": rec.id,
        "council": rec.council,
        "text": rec.text,
        "addressee": rec.addressee,
        "owner": rec.owner,
        "due": rec.due.isoformat(),
        "status": rec.status.value,
        "response": answer,
    }


@dataclass(frozen=True)
class StatusLine:
    """A recommendation as the monitoring report and the pages show it, in words."""

    id: int
    text: str
    addressee: str
    owner: str
    due_words: str
    status_words: str
    response_words: str
    overdue: bool
    days_overdue: int
    ref: str | None
    illustrative: bool


def status_line(rec: Recommendation, today: datetime.date) -> StatusLine:
    late = rec.days_overdue(today)
    if rec.response is None:
        response = "No response yet"
    else:
        response = (
            f"{RESPONSE_WORDS[rec.response.kind]} on {day_words(rec.response.on)}: "
            f"{rec.response.text}"
        )
    status = STATUS_WORDS[rec.status]
    if rec.overdue(today):
        status = f"Overdue by {late} day{'' if late == 1 else 's'}"
    return StatusLine(
        id=rec.id,
        text=rec.text,
        addressee=rec.addressee,
        owner=rec.owner or "Not assigned",
        due_words=day_words(rec.due),
        status_words=status,
        response_words=response,
        overdue=rec.overdue(today),
        days_overdue=late,
        ref=rec.ref,
        illustrative=rec.illustrative,
    )


def recommendations_status(
    uow: UnitOfWork, council: str, today: datetime.date, *, overdue_only: bool = False
) -> list[StatusLine]:
    """The council's recommendations in words for a committee paper (the monitoring report
    calls this inside its own unit of work): overdue ones first, then by due date."""
    lines = [status_line(r, today) for r in uow.recommendations.all(council)]
    if overdue_only:
        lines = [line for line in lines if line.overdue]
    return sorted(lines, key=lambda line: (not line.overdue, -line.days_overdue))


@dataclass(frozen=True)
class ProgrammeLine:
    """A work programme item in words, with the refs of the proposals it follows."""

    id: int
    title: str
    date_words: str
    proposals: list[str]
    note: str | None
    past: bool
    illustrative: bool


def programme_line(item: WorkItem, today: datetime.date) -> ProgrammeLine:
    return ProgrammeLine(
        id=item.id,
        title=item.title,
        date_words=day_words(item.date) if item.date else "Date to be set",
        proposals=list(item.refs),
        note=item.note,
        past=item.date is not None and item.date < today,
        illustrative=item.illustrative,
    )


def work_programme(uow: UnitOfWork, council: str, today: datetime.date) -> list[ProgrammeLine]:
    """The council's work programme in date order (undated items last)."""
    return [programme_line(i, today) for i in uow.recommendations.items(council)]


def programme_of(engine: Database, council: str, today: datetime.date) -> list[ProgrammeLine]:
    """`work_programme` in its own unit of work (for the command line and the pages)."""
    with UnitOfWork(engine) as uow:
        return work_programme(uow, council, today)


def proposal_ids(engine: Database, council: str, refs: list[str]) -> dict[str, int]:
    """The ids of the council's proposals with these refs in its latest register, for links
    (a ref no longer there is left out)."""
    out: dict[str, int] = {}
    with UnitOfWork(engine) as uow:
        for ref in dict.fromkeys(refs):
            try:
                out[ref] = uow.proposals.find(council, ref).id
            except NotFound:
                continue
    return out


def councils(engine: Database) -> list[str]:
    """The councils in the register, for a filter."""
    with UnitOfWork(engine) as uow:
        return uow.councils.names()
