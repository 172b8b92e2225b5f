"""Read pages: dashboard, register, proposal, audit history; members' conclusions and overrides."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from scrutiny.domain.vocab import QUESTION_TEXT, Question, Status, Verdict
from scrutiny.errors import UsageError
from scrutiny.web.charts import simulation_chart
from scrutiny.web.deps import CAN_CONCLUDE, Id, User, flash, render, require
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
            "councils": councils,
            "statuses": list(Status),
            "verdicts": list(Verdict),
            "sorts": list(reg.SORTS),
            "chosen": {"council": council, "status": status, "verdict": verdict, "sort": sort},
        },
    )


@router.get("/proposals/{proposal_id}")
async def proposal(request: Request, user: User, proposal_id: Id) -> Response:
    page = reg.proposal_page(request.app.state.engine, proposal_id)
    return render(
        request,
        "proposal.html",
        {
            "user": user,
            "title": f"{page.proposal.ref}: {page.proposal.title}",
            "page": page,
            "p": page.proposal,
            "inputs": reg.input_rows(page.proposal),
            "questions": list(Question),
            "question_text": QUESTION_TEXT,
            "question_options": [(q.value, QUESTION_TEXT[q]) for q in Question],
            "verdict_options": [(v.value, v.value.replace("_", " ").capitalize()) for v in Verdict],
            "chart": simulation_chart(page.simulation) if page.simulation else None,
        },
    )


@router.get("/proposals/{proposal_id}/history")
def proposal_history(request: Request, user: User, proposal_id: Id) -> Response:
    ref, entries = reg.history(request.app.state.engine, proposal_id)
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
    reg.record_conclusion(request.app.state.engine, proposal_id, conclusion, actor=user.email)
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
    if question not in Question.__members__:
        raise UsageError("choose one of the three questions")
    if verdict not in Verdict.__members__:
        raise UsageError("choose a verdict")
    reg.record_override(
        request.app.state.engine,
        proposal_id,
        Question(question),
        Verdict(verdict),
        reason,
        actor=user.email,
    )
    flash(request, "Verdict recorded")
    return RedirectResponse(f"/proposals/{proposal_id}#questions", status_code=303)
