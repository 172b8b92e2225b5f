"""The savings tracker (filter by RAG, service, owner) and the form to enter a return."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from scrutiny.domain.monitoring import FIELD_WORDS, Period
from scrutiny.errors import InvalidInput, NotFound, UsageError
from scrutiny.reports.monitoring_view import ILLUSTRATIVE_NOTE
from scrutiny.web.deps import CAN_EDIT, CurrentUser, User, flash, render, require
from scrutiny.workflows.monitoring import monitoring_sheet
from scrutiny.workflows.monitoring_report import tracker_page
from scrutiny.workflows.transfer import load_register

router = APIRouter()

FIELDS = ("ref", "delivered_to_date", "forecast", "rag", "commentary", "mitigations",
          "replacement", "evidence")  # fmt: skip
RAG_OPTIONS = [("", "Choose a rating"), ("green", "Green"), ("amber", "Amber"), ("red", "Red")]


@router.get("/monitoring")
def tracker(
    request: Request,
    user: User,
    council: Annotated[str, Query(max_length=200)] = "",
    rag: Annotated[str, Query(max_length=10)] = "",
    service: Annotated[str, Query(max_length=300)] = "",
    owner: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    page = tracker_page(
        request.app.state.engine,
        council=council or None,
        rag=rag or None,
        service=service or None,
        owner=owner or None,
    )
    return render(
        request,
        "monitoring.html",
        {
            "user": user,
            "title": "Savings tracker",
            "page": page,
            "chosen": {
                "council": page.council or "",
                "rag": rag,
                "service": service,
                "owner": owner,
            },
            "rags": RAG_OPTIONS[1:],
            "illustrative_note": ILLUSTRATIVE_NOTE,
        },
    )


def _form(
    request: Request,
    user: CurrentUser,
    council: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    pf, _ = load_register(council, engine=request.app.state.engine)
    sheet = monitoring_sheet(pf, engine=request.app.state.engine)
    values = dict(values or {})
    values.setdefault("period", sheet.period.label if sheet else "")
    refs = [(p.ref, f"{p.ref}: {p.title}") for p in pf.proposals if not p.is_removed]
    return render(
        request,
        "monitoring_return.html",
        {
            "user": user,
            "title": f"Enter a monitoring return for {council}",
            "council": council,
            "values": values,
            "errors": errors or {},
            "refs": [("", "Choose a proposal"), *refs],
            "rags": RAG_OPTIONS,
        },
        status_code=422 if errors else 200,
    )


@router.get("/monitoring/return")
def return_form(
    request: Request,
    council: Annotated[str, Query(max_length=200)],
    ref: Annotated[str, Query(max_length=200)] = "",
    user=require(CAN_EDIT, "enter monitoring returns"),
) -> Response:
    return _form(request, user, council, values={"ref": ref} if ref else None)


def _field_of(exc: InvalidInput) -> str:
    """The form field a refused return names (the period when it names none)."""
    words = {v: k for k, v in FIELD_WORDS.items()}
    path = exc.problems[0].path if exc.problems else ""
    return words.get(path, "period" if path in ("Period", "") else "ref")


@router.post("/monitoring/return")
def enter_return(
    request: Request,
    council: Annotated[str, Form(max_length=200)],
    period: Annotated[str, Form(max_length=20)] = "",
    ref: Annotated[str, Form(max_length=200)] = "",
    delivered_to_date: Annotated[str, Form(max_length=40)] = "",
    forecast: Annotated[str, Form(max_length=40)] = "",
    rag: Annotated[str, Form(max_length=10)] = "",
    commentary: Annotated[str, Form(max_length=5000)] = "",
    mitigations: Annotated[str, Form(max_length=5000)] = "",
    replacement: Annotated[str, Form(max_length=40)] = "",
    evidence: Annotated[str, Form(max_length=5000)] = "",
    user=require(CAN_EDIT, "enter monitoring returns"),
) -> Response:
    from scrutiny.workflows.monitoring import record_return

    values = {"period": period, "ref": ref, "delivered_to_date": delivered_to_date,
              "forecast": forecast, "rag": rag, "commentary": commentary,
              "mitigations": mitigations, "replacement": replacement,
              "evidence": evidence}  # fmt: skip
    errors: dict[str, str] = {}
    try:
        Period.parse(period)
    except ValueError as exc:
        errors["period"] = f"Period: {exc}"
    if not ref:
        errors["ref"] = "Choose the proposal the return is for"
    if not errors:
        try:
            record_return(
                council,
                {k: values[k] for k in FIELDS},
                period=period,
                actor=user.email,
                engine=request.app.state.engine,
            )
        except InvalidInput as exc:
            problem = exc.problems[0]
            where = FIELD_WORDS.get(_field_of(exc), "Period")
            errors[_field_of(exc)] = f"{where}: {problem.message}"
        except (UsageError, NotFound) as exc:
            errors["period"] = exc.one_line()
    if errors:
        return _form(request, user, council, values=values, errors=errors)
    flash(request, f"Return for {ref} ({period}) recorded")
    return RedirectResponse(f"/monitoring?council={quote(council)}", status_code=303)
