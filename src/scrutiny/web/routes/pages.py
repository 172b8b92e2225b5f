"""Read pages: dashboard, register, proposal, audit history; members' conclusions and overrides."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from scrutiny.domain.vocab import QUESTION_TEXT, Question, Status, Verdict
from scrutiny.errors import UsageError
from scrutiny.web.charts import simulation_chart
from scrutiny.web.deps import CAN_CONCLUDE, CurrentUser, Id, User, flash, render, require
from scrutiny.web.inputs import input_rows
from scrutiny.workflows import members, proposals
from scrutiny.workflows import register as reg

router = APIRouter()


@router.get("/")
def dashboard(request: Request, user: User) -> Response:
    councils = reg.overview(request.app.state.engine)
    return render(
        request, "dashboard.html", {"user": user, "title": "Dashboard", "councils": councils}
    )


# The register and proposal pages are the most read. Their handlers are `async`: their reads are
# a data-stamp query plus cached data (under a millisecond), cheaper to run on the event loop
# than to hand to a worker thread and back (bench/web.py: p95 285 -> 145 ms for 50 clients).


@router.get("/proposals")
async def register_page(
    request: Request,
    user: User,
    council: Annotated[str, Query()] = "",
    status: Annotated[str, Query()] = "",
    verdict: Annotated[str, Query()] = "",
    sort: Annotated[str, Query()] = "ref",
) -> Response:
    engine = request.app.state.engine
    rows, councils = reg.register_and_councils(
        engine, council=council or None, status=status or None, verdict=verdict or None, sort=sort
    )
    return render(
        request,
        "register.html",
        {
            "user": user,
            "title": "Register of savings proposals",
            "rows": rows,
            "stale": list({r.council: r for r in rows if r.note}.values()),
            "councils": councils,
            "statuses": list(Status),
            "verdicts": list(Verdict),
            "sorts": list(reg.SORTS),
            "chosen": {"council": council, "status": status, "verdict": verdict, "sort": sort},
        },
    )


@router.get("/proposals/{proposal_id}")
async def proposal(
    request: Request,
    user: User,
    proposal_id: Id,
    version: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="A version of the council's register")
    ] = None,
) -> Response:
    """The proposal as it is now, or as it was in `version` of its council's register."""
    return _proposal_page(request, user, proposal_id, version)


def _proposal_page(
    request: Request,
    user: CurrentUser,
    proposal_id: int,
    version: int | None = None,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The proposal page; with `errors`, a form on it refused (422) and shown again with the
    values that were typed, the error summary and each error beside its field."""
    page = proposals.proposal_page(request.app.state.engine, proposal_id, version)
    return render(
        request,
        "proposal.html",
        {
            "errors": errors or {},
            "values": values or {},
            "user": user,
            "title": f"{page.proposal.ref}: {page.proposal.title}",
            "page": page,
            "requested_version": version,
            "p": page.proposal,
            "inputs": input_rows(page.proposal, page.papers),
            "questions": list(Question),
            "question_text": QUESTION_TEXT,
            "question_options": [(q.value, QUESTION_TEXT[q]) for q in Question],
            "verdict_options": [(v.value, v.value.replace("_", " ").capitalize()) for v in Verdict],
            "chart": simulation_chart(page.simulation) if page.simulation else None,
        },
        status_code=422 if errors else 200,
    )


@router.get("/proposals/{proposal_id}/history")
def proposal_history(request: Request, user: User, proposal_id: Id) -> Response:
    ref, entries = proposals.history(request.app.state.engine, proposal_id)
    return render(
        request,
        "history.html",
        {
            "user": user,
            "title": f"History of {ref}",
            "ref": ref,
            "entries": entries,
            "proposal_id": proposal_id,
        },
    )


@router.post("/proposals/{proposal_id}/conclusions")
def add_conclusion(
    request: Request,
    proposal_id: Id,
    conclusion: Annotated[str, Form()] = "",
    user=require(CAN_CONCLUDE, "record conclusions"),
) -> Response:
    try:
        members.record_conclusion(
            request.app.state.engine, proposal_id, conclusion, actor=user.email
        )
    except UsageError as exc:
        return _proposal_page(
            request,
            user,
            proposal_id,
            errors={"conclusion": exc.one_line()},
            values={"conclusion": conclusion},
        )
    flash(request, "Conclusion recorded")
    return RedirectResponse(f"/proposals/{proposal_id}#conclusions", status_code=303)


@router.post("/proposals/{proposal_id}/overrides")
def add_override(
    request: Request,
    proposal_id: Id,
    question: Annotated[str, Form()] = "",
    verdict: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    user=require(CAN_CONCLUDE, "override verdicts"),
) -> Response:
    errors: dict[str, str] = {}
    if question not in Question.__members__:
        errors["question"] = "Choose one of the three questions"
    if verdict not in Verdict.__members__:
        errors["verdict"] = "Choose a verdict"
    if not errors:
        try:
            members.record_override(
                request.app.state.engine,
                proposal_id,
                Question(question),
                Verdict(verdict),
                reason,
                actor=user.email,
            )
        except UsageError as exc:
            errors["reason"] = exc.one_line()
    if errors:
        values = {"question": question, "verdict": verdict, "reason": reason}
        return _proposal_page(request, user, proposal_id, errors=errors, values=values)
    flash(request, "Verdict recorded")
    return RedirectResponse(f"/proposals/{proposal_id}#questions", status_code=303)
