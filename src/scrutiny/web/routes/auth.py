"""Sign in and sign out. Failed sign-ins are limited per account and per address; after signing
in, people return to the page they asked for (a path on this site only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from scrutiny.web.deps import SESSION_TOKEN, User, render, session_of
from scrutiny.web.security import local_path, new_csrf_token
from scrutiny.workflows.accounts import (
    authenticate,
    end_session,
    normalise_email,
    session_account,
    start_session,
)

router = APIRouter()


def _signed_in(request: Request) -> bool:
    token = session_of(request).get(SESSION_TOKEN)
    return isinstance(token, str) and session_account(request.app.state.engine, token) is not None


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "") -> Response:
    target = local_path(next)
    if _signed_in(request):
        return RedirectResponse(target or "/", status_code=303)
    return render(request, "sign_in.html", {"title": "Sign in", "email": "", "next": target or ""})


@router.post("/sign-in")
def sign_in(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    target = local_path(next)
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = "Enter your email address"
    if not password:
        errors["password"] = "Enter your password"
    context = {"title": "Sign in", "email": email, "next": target or ""}
    if errors:
        return render(request, "sign_in.html", {**context, "errors": errors}, status_code=400)
    address = request.client.host if request.client else "unknown"
    account_key = normalise_email(email)
    limit = request.app.state.signin_limit
    if limit.blocked(account_key, address):
        return render(
            request,
            "error.html",
            {
                "title": "Too many attempts",
                "status": 429,
                "detail": "Too many failed sign-in attempts. Wait a minute, then try again.",
            },
            status_code=429,
        )
    engine = request.app.state.engine
    account = authenticate(engine, email, password)
    if account is None:
        limit.fail(account_key, address)
        errors["email"] = "Enter a correct email address and password"
        return render(request, "sign_in.html", {**context, "errors": errors}, status_code=400)
    token = start_session(engine, account.id, request.app.state.settings.session_max_age_seconds)
    session = session_of(request)
    old = session.get(SESSION_TOKEN)
    if isinstance(old, str):
        end_session(engine, old)
    session.clear()  # a new session: nothing carried over from before signing in
    session.update({SESSION_TOKEN: token, "csrf": new_csrf_token()})
    return RedirectResponse(target or "/", status_code=303)


@router.post("/sign-out")
def sign_out(request: Request, user: User) -> Response:
    session = session_of(request)
    token = session.get(SESSION_TOKEN)
    if isinstance(token, str):
        end_session(request.app.state.engine, token)
    session.clear()
    return RedirectResponse("/sign-in", status_code=303)
