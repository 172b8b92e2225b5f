"""`create_app(settings)`: the FastAPI application. Nothing happens at import."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scrutiny import __version__
from scrutiny.config import Settings, get_settings
from scrutiny.domain.proposal_file import field_path
from scrutiny.errors import NotFound, ScrutinyError, StaleVersion
from scrutiny.web import deps, format
from scrutiny.web.proxies import TrustedProxies
from scrutiny.web.security import SessionCodec, SignInLimit
from scrutiny.web.session import SessionMiddleware

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

NO_STORE = (b"cache-control", b"no-store")
"""Pages and downloads hold council data: no browser or proxy keeps a copy."""
CACHEABLE_PREFIXES = ("/static/", "/assets/")
"""The app's own CSS, scripts, fonts and images: the same for everyone, so caches may keep them."""

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    ),
]


class SecurityHeaders:
    """Adds the headers every response should carry (no framing, no sniffing, strict CSP) and
    `Cache-Control: no-store` on everything but the static assets."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        cacheable = scope.get("path", "").startswith(CACHEABLE_PREFIXES)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {name for name, _ in headers}
                for name, value in SECURITY_HEADERS if cacheable else [*SECURITY_HEADERS, NO_STORE]:
                    if name not in names:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # A fault nothing else handled still answers with the headers (and no detail).
            if not started:
                await PlainTextResponse("Internal Server Error", status_code=500)(
                    scope, receive, send_with_headers
                )
            raise


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for `settings` (default: the process's SCRUTINY_* settings)."""
    settings = settings or get_settings()
    secret = settings.secret_key or secrets.token_urlsafe(48)
    app = FastAPI(
        title="Budget scrutiny",
        version=__version__,
        description="Budget scrutiny for children's services: proposals, simulation, challenge.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served by the API router, to signed-in users only
        dependencies=[Depends(deps.check_csrf)],
    )
    app.state.settings = settings
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.auto_reload = False  # templates ship with the package; no stat per render
    format.install(templates.env)
    app.state.templates = templates
    app.state.signin_limit = SignInLimit(
        per_account=settings.signin_attempts_per_minute,
        per_address=settings.signin_failures_per_address_per_minute,
    )
    app.state.engine = deps.make_engine(settings)

    from scrutiny.web.routes import (
        admin,
        api,
        auth,
        documents,
        monitoring,
        pages,
        projection,
        reports,
        scenario,
    )
    from scrutiny.web.routes import recommendations as tracker

    for module in (auth, pages, scenario, documents, reports, admin, monitoring, projection):
        app.include_router(module.router, include_in_schema=False)  # pages, not the API
    app.include_router(tracker.router, include_in_schema=False)
    app.include_router(api.router)

    app.mount("/static", StaticFiles(directory=str(STATIC), check_dir=False), name="static")
    app.mount(
        "/assets", StaticFiles(directory=str(STATIC / "assets"), check_dir=False), name="assets"
    )
    _install_error_handlers(app)
    app.add_middleware(
        SessionMiddleware, codec=SessionCodec(secret, settings.session_max_age_seconds)
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedProxies, networks=settings.trusted_proxy_networks())
    return app


def _status_for(exc: ScrutinyError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, StaleVersion):
        return 409
    return 422 if exc.exit_code == 2 else 400


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(deps.NotSignedIn)
    async def _not_signed_in(request: Request, exc: deps.NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        return RedirectResponse(deps.sign_in_address(request), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return deps.render(
            request,
            "error.html",
            {"status": exc.status_code, "detail": exc.detail, "title": "There is a problem"},
            status_code=exc.status_code,
        )

    @app.exception_handler(ScrutinyError)
    async def _scrutiny_error(request: Request, exc: ScrutinyError) -> Response:
        status = _status_for(exc)
        if _wants_json(request):
            return JSONResponse({"detail": exc.one_line()}, status_code=status)
        return deps.render(
            request,
            "error.html",
            {"status": status, "detail": exc.one_line(), "title": "There is a problem"},
            status_code=status,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()):
            # An id out of range (or not a number) names nothing: not found, like any other.
            return await _http_error(request, StarletteHTTPException(404, "Not Found"))
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = field_path(p for p in first.get("loc", ()) if p != "body")
        detail = f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=422)
        return deps.render(
            request,
            "error.html",
            {"status": 422, "detail": detail, "title": "There is a problem"},
            status_code=422,
        )
