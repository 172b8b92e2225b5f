"""Sign in and sign out. Sign-in is rate-limited per address and email."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from scrutiny.web.deps import User, render, session_of
from scrutiny.web.security import new_csrf_token
from scrutiny.workflows.accounts import authenticate, normalise_email

router = APIRouter()


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    if isinstance(session_of(request).get("user_id"), int):
        return RedirectResponse("/", status_code=303)
    return render(request, "sign_in.html", {"title": "Sign in", "email": ""})


@router.post("/sign-in")
def sign_in(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = "Enter your email address"
    if not password:
        errors["password"] = "Enter your password"
    context = {"title": "Sign in", "email": email}
    if errors:
        return render(request, "sign_in.html", {**context, "errors": errors}, status_code=400)
    client = request.client.host if request.client else "unknown"
    if not request.app.state.signin_limiter.allow(f"{client}|{normalise_email(email)}"):
        return render(
            request,
            "error.html",
            {
                "title": "Too many attempts",
                "status": 429,
                "detail": "Too many sign-in attempts. Wait a minute, then try again.",
            },
            status_code=429,
        )
    account = authenticate(request.app.state.engine, email, password)
    if account is None:
        errors["email"] = "Enter a correct email address and password"
        return render(request, "sign_in.html", {**context, "errors": errors}, status_code=400)
    session = session_of(request)
    session.clear()
    session.update({"user_id": account.id, "csrf": new_csrf_token()})
    return RedirectResponse("/", status_code=303)


@router.post("/sign-out")
def sign_out(request: Request, user: User) -> Response:
    session_of(request).clear()
    return RedirectResponse("/sign-in", status_code=303)
