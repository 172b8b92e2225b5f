"""Administrators manage accounts: list, add, deactivate (ending its sessions) and re-activate."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from scrutiny.domain.limits import MAX_NAME
from scrutiny.domain.vocab import Role
from scrutiny.errors import ScrutinyError, UsageError
from scrutiny.web.deps import CAN_ADMINISTER, CurrentUser, Id, flash, render, require
from scrutiny.workflows import accounts

router = APIRouter()


@router.get("/admin/users")
def users_page(request: Request, user=require(CAN_ADMINISTER, "manage accounts")) -> Response:
    return _users_page(request, user)


def _users_page(
    request: Request,
    user: CurrentUser,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The accounts page; with `errors`, the add-account form refused (422) and shown again
    with what was typed (never the password)."""
    return render(
        request,
        "users.html",
        {
            "user": user,
            "title": "Accounts",
            "accounts": accounts.list_accounts(request.app.state.engine),
            "roles": [(r.value, r.value.capitalize()) for r in Role],
            "errors": errors or {},
            "values": values or {"role": Role.viewer.value},
        },
        status_code=422 if errors else 200,
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    email: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    user=require(CAN_ADMINISTER, "manage accounts"),
) -> Response:
    values = {"email": email[:MAX_NAME], "role": role}
    if role not in Role.__members__:
        return _users_page(
            request,
            user,
            errors={"role": "Choose a role: admin, officer, member or viewer"},
            values=values,
        )
    try:
        added = accounts.add_user(
            request.app.state.engine, email, Role(role), password, actor=user.email
        )
    except ScrutinyError as exc:
        field = "password" if "password" in exc.one_line() else "email"
        return _users_page(request, user, errors={field: exc.one_line()}, values=values)
    flash(request, f"Account added for {added.email}")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/{action}")
def set_active(
    request: Request,
    user_id: Id,
    action: Literal["deactivate", "activate"],
    user=require(CAN_ADMINISTER, "manage accounts"),
) -> Response:
    """Deactivate an account (ending every session of it) or re-activate it."""
    active = action == "activate"
    if not active and user_id == user.id:
        raise UsageError("you cannot deactivate your own account")
    changed = accounts.set_active(request.app.state.engine, user_id, active, actor=user.email)
    done = "re-activated" if active else "deactivated"
    then = "they can sign in again" if active else "they are signed out everywhere"
    flash(request, f"Account {done} for {changed.email}: {then}")
    return RedirectResponse("/admin/users", status_code=303)
