"""The recommendations tracker's pages: the list (all, or overdue only), one recommendation with
its response and updates, and the forms officers use to record them. Members and viewers read.

"Today" comes from `app.state.today` when it is set (a function returning a date: tests make a
recommendation overdue with it), else the server's date.
"""

from __future__ import annotations

import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from scrutiny.domain.recommendations import RESPONSE_WORDS, STATUS_WORDS, RecStatus
from scrutiny.domain.recommendations import Response as Reply
from scrutiny.errors import ScrutinyError, UsageError
from scrutiny.web.deps import CAN_EDIT, CurrentUser, Id, User, flash, render, require
from scrutiny.web.deps import saved_redirect as saved
from scrutiny.workflows import recommendations as recs
from scrutiny.workflows.plan import STATE_WORDS, plan_of

router = APIRouter()


def today_of(request: Request) -> datetime.date:
    """The app's idea of today: `app.state.today()` when set, else the server's date."""
    source = getattr(request.app.state, "today", None)
    return source() if callable(source) else datetime.date.today()


@router.get("/recommendations")
def recommendations_page(
    request: Request,
    user: User,
    council: Annotated[str, Query()] = "",
    overdue: Annotated[str, Query()] = "",
) -> Response:
    engine = request.app.state.engine
    today = today_of(request)
    found = recs.list_recommendations(
        engine, today=today, council=council or None, overdue_only=bool(overdue)
    )
    lines = [(r, recs.status_line(r, today)) for r in found]
    programme = recs.programme_of(engine, council, today) if council else []
    links = {
        c: recs.proposal_ids(
            engine,
            c,
            [r.ref for r in found if r.council == c and r.ref]
            + ([ref for item in programme for ref in item.proposals] if c == council else []),
        )
        for c in {r.council for r in found} | ({council} if council else set())
    }
    return render(
        request,
        "recommendations.html",
        {
            "user": user,
            "title": "Recommendations",
            "lines": lines,
            "councils": recs.councils(engine),
            "chosen": {"council": council, "overdue": bool(overdue)},
            "programme": programme,
            "today": today,
            "links": links,
        },
    )


def _page(
    request: Request,
    user: CurrentUser,
    rec_id: int,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    today = today_of(request)
    rec = recs.get_recommendation(request.app.state.engine, rec_id)
    return render(
        request,
        "recommendation.html",
        {
            "user": user,
            "title": f"Recommendation {rec.id}",
            "rec": rec,
            "line": recs.status_line(rec, today),
            "links": recs.proposal_ids(
                request.app.state.engine, rec.council, [rec.ref] if rec.ref else []
            ),
            "errors": errors or {},
            "values": values or {},
            "response_options": [(r.value, RESPONSE_WORDS[r]) for r in Reply],
            "status_options": [(s.value, STATUS_WORDS[s]) for s in RecStatus],
            "status_words": STATUS_WORDS,
        },
        status_code=422 if errors else 200,
    )


def _new_page(
    request: Request,
    user: CurrentUser,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    names = recs.councils(request.app.state.engine)
    return render(
        request,
        "recommendation_new.html",
        {
            "user": user,
            "title": "Track recommendations",
            "choices": [(n, n) for n in names],
            "errors": errors or {},
            "values": values or {},
        },
        status_code=422 if errors else 200,
    )


def _date(value: str, field: str, errors: dict[str, str]) -> datetime.date | None:
    """A YYYY-MM-DD date from a form, or None when empty; a bad one noted in `errors`."""
    if not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        errors[field] = "Enter the date as year-month-day, for example 2024-01-23"
        return None


@router.get("/recommendations/new")
def new_page(request: Request, user=require(CAN_EDIT, "track recommendations")) -> Response:
    return _new_page(request, user)


@router.post("/recommendations")
def add_recommendation(
    request: Request,
    council: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    addressee: Annotated[str, Form()] = "",
    owner: Annotated[str, Form()] = "",
    meeting: Annotated[str, Form()] = "",
    ref: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "track recommendations"),
) -> Response:
    values = {
        "council": council, "text": text, "addressee": addressee, "owner": owner,
        "meeting": meeting, "ref": ref,
    }  # fmt: skip
    errors: dict[str, str] = {}
    if not council:
        errors["council"] = "Choose a council"
    if not text.strip():
        errors["text"] = "Enter the recommendation"
    if not addressee.strip():
        errors["addressee"] = "Enter who it is addressed to"
    day = _date(meeting, "meeting", errors)
    if day is None and "meeting" not in errors:
        errors["meeting"] = "Enter the date of the meeting"
    if not errors:
        try:
            rec = recs.add_recommendation(
                request.app.state.engine, council, text, addressee=addressee,
                owner=owner or None, meeting_date=day, ref=ref.strip() or None, actor=user.email,
            )  # fmt: skip
        except ScrutinyError as exc:
            errors["ref" if ref.strip() and "proposal" in exc.one_line() else "text"] = (
                exc.one_line()
            )
    if errors:
        return _new_page(request, user, errors=errors, values=values)
    flash(request, "Recommendation added")
    return saved(request, f"/recommendations/{rec.id}")


@router.post("/recommendations/record")
def record_recommendations(
    request: Request,
    record_council: Annotated[str, Form()] = "",
    record_meeting: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "track recommendations"),
) -> Response:
    values = {"record_council": record_council, "record_meeting": record_meeting}
    errors: dict[str, str] = {}
    if not record_council:
        errors["record_council"] = "Choose a council"
    day = _date(record_meeting, "record_meeting", errors)
    if not errors:
        try:
            added = recs.record_from_analysis(
                request.app.state.engine, record_council, meeting_date=day, actor=user.email
            )
        except ScrutinyError as exc:
            field = "record_meeting" if "meeting date" in exc.one_line() else "record_council"
            errors[field] = exc.one_line()
    if errors:
        return _new_page(request, user, errors=errors, values=values)
    flash(request, f"{len(added)} recommendation{'' if len(added) == 1 else 's'} added")
    return saved(request, f"/recommendations?council={quote(record_council)}")


@router.post("/recommendations/programme")
def add_programme_item(
    request: Request,
    item_council: Annotated[str, Form()] = "",
    item_title: Annotated[str, Form()] = "",
    item_date: Annotated[str, Form()] = "",
    item_refs: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "change the work programme"),
) -> Response:
    values = {
        "item_council": item_council, "item_title": item_title, "item_date": item_date,
        "item_refs": item_refs,
    }  # fmt: skip
    errors: dict[str, str] = {}
    if not item_council:
        errors["item_council"] = "Choose a council"
    if not item_title.strip():
        errors["item_title"] = "Enter what the committee will look at"
    day = _date(item_date, "item_date", errors)
    if not errors:
        try:
            recs.add_programme_item(
                request.app.state.engine, item_council, item_title, date=day,
                refs=item_refs.split(","), actor=user.email,
            )  # fmt: skip
        except ScrutinyError as exc:
            errors["item_refs" if "proposal" in exc.one_line() else "item_title"] = exc.one_line()
    if errors:
        return _new_page(request, user, errors=errors, values=values)
    flash(request, "Added to the work programme")
    return saved(request, f"/recommendations?council={quote(item_council)}#programme")


@router.get("/plan")
def plan_page(request: Request, user: User, council: Annotated[str, Query()] = "") -> Response:
    """The council's savings across years and services, from its register's versions."""
    engine = request.app.state.engine
    names = recs.councils(engine)
    view = plan_of(engine, council) if council else None
    return render(
        request,
        "plan.html",
        {
            "user": user,
            "title": f"{council}'s savings plan" if council else "Savings plan",
            "councils": names,
            "chosen": council,
            "view": view,
            "state_words": STATE_WORDS,
        },
    )


@router.get("/recommendations/{rec_id}")
def recommendation_page(request: Request, user: User, rec_id: Id) -> Response:
    return _page(request, user, rec_id)


@router.post("/recommendations/{rec_id}/response")
def record_response(
    request: Request,
    rec_id: Id,
    response: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "record responses"),
) -> Response:
    errors: dict[str, str] = {}
    if response not in Reply.__members__:
        errors["response"] = "Choose accepted, partly accepted or rejected"
    if not text.strip():
        errors["text"] = "Enter the response in the executive's words"
    if not errors:
        try:
            recs.respond(
                request.app.state.engine,
                rec_id,
                response,
                text,
                actor=user.email,
                on=today_of(request),
            )
        except UsageError as exc:
            errors["text"] = exc.one_line()
    if errors:
        return _page(
            request, user, rec_id, errors=errors, values={"response": response, "text": text}
        )
    flash(request, "Response recorded")
    return saved(request, f"/recommendations/{rec_id}")


@router.post("/recommendations/{rec_id}/updates")
def add_update(
    request: Request,
    rec_id: Id,
    note: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "add updates"),
) -> Response:
    errors: dict[str, str] = {}
    if status and status not in RecStatus.__members__:
        errors["status"] = "Choose a status from the list"
    if not note.strip():
        errors["note"] = "Enter the update"
    if not errors:
        try:
            recs.add_update(
                request.app.state.engine,
                rec_id,
                note,
                status=status or None,
                actor=user.email,
                on=today_of(request),
            )
        except UsageError as exc:
            errors["note"] = exc.one_line()
    if errors:
        return _page(request, user, rec_id, errors=errors, values={"note": note, "status": status})
    flash(request, "Update added")
    return saved(request, f"/recommendations/{rec_id}#updates")
