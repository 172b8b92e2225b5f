"""`scrutiny recommendations list|add|record|respond|update|programme`: the recommendations
tracker and the committee's work programme."""

from __future__ import annotations

import datetime
from typing import Any

import typer

from scrutiny.cli.output import Format, command, emit_json, parse_date, say

recommendations_app = typer.Typer(
    help="The recommendations tracker: responses, updates, what is overdue, the work programme.",
    no_args_is_help=True,
)
programme_app = typer.Typer(
    help="The committee's work programme: dated items that follow proposals.",
    no_args_is_help=True,
)


def _today(text: str | None) -> datetime.date:
    return parse_date(text, "--today") or datetime.date.today()


def _by() -> Any:
    return typer.Option(
        None, "--by", help="Who is making the change (default: SCRUTINY_USER, else your login)."
    )


def _today_option() -> Any:
    return typer.Option(
        None,
        "--today",
        help="Count overdue as at this date (YYYY-MM-DD; default: today).",
        show_default=False,
    )


def _database() -> Any:
    from scrutiny.store.engine import open_database

    return open_database()


@recommendations_app.command("list")
@command
def list_(
    council: str | None = typer.Option(None, "--council", help="Only this council's."),
    overdue: bool = typer.Option(
        False, "--overdue", help="Only those with no response past their due date."
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
    today: str | None = _today_option(),
) -> None:
    """List tracked recommendations: who they are addressed to, who owns them, when the response
    is due, their status and the response."""
    from scrutiny.workflows.recommendations import (
        list_recommendations,
        recommendation_json,
        status_line,
    )

    day = _today(today)
    found = list_recommendations(_database(), today=day, council=council, overdue_only=overdue)
    if fmt == Format.json:
        emit_json([recommendation_json(r) for r in found])
        return
    if not found:
        say("no recommendations" + (" overdue" if overdue else "") + " tracked")
        return
    for rec in found:
        line = status_line(rec, day)
        mark = " [illustrative]" if rec.illustrative else ""
        owner = f"owner {rec.owner}" if rec.owner else "no owner named"
        typer.echo(f"{rec.id}. {rec.council}: {rec.text}{mark}")
        typer.echo(f"   To {line.addressee}; {owner}; response due {line.due_words}")
        typer.echo(f"   {line.status_words}. {line.response_words}.")


@recommendations_app.command("add")
@command
def add(
    council: str = typer.Argument(..., help="The council, as in the register.", show_default=False),
    text: str = typer.Option(..., "--text", help="The recommendation, as the committee made it."),
    addressee: str = typer.Option(
        ..., "--to", help="Who it is addressed to (e.g. Cabinet).", show_default=False
    ),
    meeting: str | None = typer.Option(
        None,
        "--meeting",
        help="The meeting's date (YYYY-MM-DD); the response is due two months on.",
    ),
    due: str | None = typer.Option(
        None, "--due", help="The response's due date, when not two months after the meeting."
    ),
    owner: str | None = typer.Option(None, "--owner", help="Who is responsible for acting on it."),
    ref: str | None = typer.Option(None, "--ref", help="The proposal it is about, if one."),
    by: str | None = _by(),
) -> None:
    """Track a recommendation recorded in the minutes (or typed in)."""
    from scrutiny.workflows.recommendations import add_recommendation

    rec = add_recommendation(
        _database(),
        council,
        text,
        addressee=addressee,
        owner=owner,
        meeting_date=parse_date(meeting, "--meeting"),
        due=parse_date(due, "--due"),
        ref=ref,
        actor=by,
    )
    say(f"recommendation {rec.id} added for {rec.council}; response due {rec.due:%-d %B %Y}")


@recommendations_app.command("record")
@command
def record(
    council: str = typer.Argument(..., help="The council, as in the register.", show_default=False),
    meeting: str | None = typer.Option(
        None, "--meeting", help="The meeting's date (YYYY-MM-DD), when the file gives none."
    ),
    owner: str | None = typer.Option(None, "--owner", help="Who owns them, if one person does."),
    by: str | None = _by(),
) -> None:
    """Track the recommendations of the council's latest analysis: those its minutes record and
    those the challenge drafted, once the committee has agreed them. One already tracked is not
    added twice."""
    from scrutiny.workflows.recommendations import record_from_analysis

    added = record_from_analysis(
        _database(), council, meeting_date=parse_date(meeting, "--meeting"), owner=owner, actor=by
    )
    say(f"{len(added)} recommendation{'' if len(added) == 1 else 's'} added for {council}")


@recommendations_app.command("respond")
@command
def respond(
    rec_id: int = typer.Argument(..., help="The recommendation's id.", show_default=False, min=1),
    response: str = typer.Option(..., "--response", help="accepted, partly or rejected."),
    text: str = typer.Option(..., "--text", help="The executive's response, in its words."),
    on: str | None = typer.Option(None, "--on", help="When it responded (default: today)."),
    by: str | None = _by(),
) -> None:
    """Record the executive's response to a recommendation."""
    from scrutiny.workflows.recommendations import respond as record_response

    rec = record_response(
        _database(),
        rec_id,
        response,
        text,
        actor=by,
        on=parse_date(on, "--on") or datetime.date.today(),
    )
    say(f"recommendation {rec.id}: response recorded ({rec.status.value})")


@recommendations_app.command("update")
@command
def update(
    rec_id: int = typer.Argument(..., help="The recommendation's id.", show_default=False, min=1),
    note: str = typer.Option(..., "--note", help="What has happened."),
    status: str | None = typer.Option(
        None, "--status", help="open, responded, in_progress, done or closed."
    ),
    on: str | None = typer.Option(None, "--on", help="The update's date (default: today)."),
    by: str | None = _by(),
) -> None:
    """Add a dated update to a recommendation, optionally changing its status."""
    from scrutiny.workflows.recommendations import add_update

    rec = add_update(
        _database(),
        rec_id,
        note,
        status=status,
        actor=by,
        on=parse_date(on, "--on") or datetime.date.today(),
    )
    say(f"recommendation {rec.id}: update added ({rec.status.value})")


@programme_app.command("list")
@command
def programme_list(
    council: str = typer.Argument(..., help="The council, as in the register.", show_default=False),
    today: str | None = _today_option(),
) -> None:
    """The work programme: each item's date, title and the proposals it follows."""
    from scrutiny.workflows.recommendations import programme_of

    lines = programme_of(_database(), council, _today(today))
    if not lines:
        say(f"no work programme items for {council}")
    for line in lines:
        follows = f" (follows {', '.join(line.proposals)})" if line.proposals else ""
        mark = " [illustrative]" if line.illustrative else ""
        typer.echo(f"{line.date_words}: {line.title}{follows}{mark}")


@programme_app.command("add")
@command
def programme_add(
    council: str = typer.Argument(..., help="The council, as in the register.", show_default=False),
    title: str = typer.Option(..., "--title", help="What the committee will look at."),
    date: str | None = typer.Option(None, "--date", help="The meeting it is for (YYYY-MM-DD)."),
    ref: list[str] = typer.Option(
        [], "--ref", help="A proposal the item follows (repeat for several)."
    ),
    note: str | None = typer.Option(None, "--note", help="Why, or what is asked for."),
    by: str | None = _by(),
) -> None:
    """Add an item to the committee's work programme."""
    from scrutiny.workflows.recommendations import add_programme_item

    item = add_programme_item(
        _database(), council, title, date=parse_date(date, "--date"), refs=ref, note=note, actor=by
    )
    say(f"work programme item {item.id} added for {item.council}")


recommendations_app.add_typer(programme_app, name="programme")


def register(app: typer.Typer) -> None:
    app.add_typer(recommendations_app, name="recommendations")
