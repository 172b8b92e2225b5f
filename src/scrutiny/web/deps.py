"""Request dependencies: settings, the current user, roles, CSRF, and page rendering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from scrutiny.config import Settings
from scrutiny.domain.vocab import Role
from scrutiny.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    csrf_matches,
    local_path,
    new_csrf_token,
)
from scrutiny.workflows.accounts import session_account

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

CAN_EDIT = frozenset({Role.admin, Role.officer})
"""Officers change proposals, run simulations and handle documents."""
CAN_CONCLUDE = frozenset({Role.admin, Role.member})
"""Members record conclusions and override verdicts."""
CAN_ADMINISTER = frozenset({Role.admin})


MAX_ID = 2**31 - 1
"""The largest id the database stores (a 32-bit integer column)."""

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="An id as the app gives it.")]
"""A path id: one outside 1 to MAX_ID names nothing, so the app answers 404 for it."""


class NotSignedIn(Exception):
    """No valid session: pages redirect to sign-in, the API answers 401."""


@dataclass(frozen=True)
class CurrentUser:
    id: int
    email: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role in CAN_EDIT

    @property
    def can_conclude(self) -> bool:
        return self.role in CAN_CONCLUDE


def make_engine(settings: Settings) -> Engine:
    """The configured database (connected lazily; the server brings it up to date at start)."""
    from scrutiny.store.engine import open_database

    return open_database(settings.database_url, migrate=False)


def session_of(request: Request) -> dict[str, Any]:
    session: dict[str, Any] = request.scope["session"]
    return session


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use."""
    session = session_of(request)
    token = session.get("csrf")
    if not isinstance(token, str):
        token = session["csrf"] = new_csrf_token()
    return token


async def check_csrf(request: Request) -> None:
    """Every unsafe request carries the session's token: form field or X-CSRF-Token header."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = session_of(request).get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not csrf_matches(expected, given):
        raise HTTPException(
            403,
            "The form has expired or did not come from this service. "
            "Go back, reload the page and try again.",
        )


SESSION_TOKEN = "sid"
"""The session's key for the server-side session token (web_sessions)."""


async def current_user(request: Request) -> CurrentUser:
    """The signed-in, active user, checked against the database's sessions on every request,
    so a session signed out or an account deactivated elsewhere is refused at once.

    `async`: one indexed read by primary key, cheaper on the event loop than a worker thread."""
    token = session_of(request).get(SESSION_TOKEN)
    if not isinstance(token, str):
        raise NotSignedIn()
    account = session_account(request.app.state.engine, token)
    if account is None:
        session_of(request).clear()
        raise NotSignedIn()
    return CurrentUser(id=account.id, email=account.email, role=account.role)


def sign_in_address(request: Request) -> str:
    """Where to send someone not signed in: the sign-in page, remembering the page they asked
    for (GET only: a form's target is no page to return to)."""
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET" or wanted == "/" or local_path(wanted) is None:
        return "/sign-in"
    return "/sign-in?" + urlencode({"next": wanted})


User = Annotated[CurrentUser, Depends(current_user)]


def require(roles: frozenset[Role], what: str) -> Any:
    """A dependency refusing users whose role is not in `roles` (403 naming the action)."""

    async def _check(user: User) -> CurrentUser:
        if user.role not in roles:
            allowed = " or ".join(sorted(r.value for r in roles))
            raise HTTPException(403, f"Only {allowed} accounts can {what}.")
        return user

    return Depends(_check)


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page with the user, CSRF token and one-time flash message filled in."""
    session = session_of(request)
    flash = session.pop("flash", None)
    base = {
        "request": request,
        "csrf_token": csrf_token(request),
        "user": context.get("user"),
        "flash": flash,
        "errors": {},
        "title": None,
    }
    base.update(context)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, base, status_code=status_code
    )
    return response


def flash(request: Request, message: str) -> None:
    session_of(request)["flash"] = message


def saved_redirect(request: Request, url: str) -> Response:
    """After a form is saved, go to `url`: a 303 for a plain form; for htmx (which would follow a
    303 inside the page and leave the address bar on the form) an `HX-Redirect` to it, so the
    address always matches the page shown."""
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
