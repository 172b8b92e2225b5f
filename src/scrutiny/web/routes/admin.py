"""Administrators manage accounts: list, add, deactivate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from scrutiny.domain.vocab import Role
from scrutiny.errors import UsageError
from scrutiny.web.deps import CAN_ADMINISTER, Id, flash, render, require
from scrutiny.workflows import accounts

router = APIRouter()


@router.get("/admin/users")
def users_page(request: Request, user=require(CAN_ADMINISTER, "manage accounts")) -> Response:
    return render(
        request,
        "users.html",
        {
            "user": user,
            "title": "Accounts",
            "accounts": accounts.list_accounts(request.app.state.engine),
            "roles": [(r.value, r.value.capitalize()) for r in Role],
        },
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    email: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    user=require(CAN_ADMINISTER, "manage accounts"),
) -> Response:
    if role not in Role.__members__:
        raise UsageError("choose a role: admin, officer, member or viewer")
    added = accounts.add_user(
        request.app.state.engine, email, Role(role), password, actor=user.email
    )
    flash(request, f"Account added for {added.email}")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/deactivate")
def deactivate(
    request: Request, user_id: Id, user=require(CAN_ADMINISTER, "manage accounts")
) -> Response:
    if user_id == user.id:
        raise UsageError("you cannot deactivate your own account")
    accounts.set_active(request.app.state.engine, user_id, False, actor=user.email)
    flash(request, "Account deactivated")
    return RedirectResponse("/admin/users", status_code=303)
