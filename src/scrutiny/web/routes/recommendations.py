"""The recommendations tracker's pages: the list (all, or overdue only), one recommendation with
its response and updates, and the forms officers use to record them. Members and viewers read.

"Today" comes from `app.state.today` when it is set (a function returning a date: tests make a
recommendation overdue with it), else the server's date.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from scrutiny.domain.recommendations import RESPONSE_WORDS, STATUS_WORDS, RecStatus
from scrutiny.domain.recommendations import Response as Reply
from scrutiny.errors import UsageError
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
            "errors": errors or {},
            "values": values or {},
            "response_options": [(r.value, RESPONSE_WORDS[r]) for r in Reply],
            "status_options": [(s.value, STATUS_WORDS[s]) for s in RecStatus],
            "status_words": STATUS_WORDS,
        },
        status_code=422 if errors else 200,
    )


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
