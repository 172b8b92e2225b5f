"""A signed-cookie session as pure ASGI middleware.

The session is a small dict in `scope["session"]`; when a request changes it, the response sets
the cookie again: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scrutiny.web.security import SESSION_COOKIE, SessionCodec


class SessionMiddleware:
    def __init__(self, app: ASGIApp, codec: SessionCodec) -> None:
        self.app = app
        self.codec = codec

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = _read_cookie(scope)
        session: dict[str, Any] = self.codec.loads(cookie)
        original = dict(session)
        scope["session"] = session
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and scope["session"] != original:
                headers = MutableHeaders(scope=message)
                value = self.codec.dumps(scope["session"]) if scope["session"] else ""
                parts = [
                    f"{SESSION_COOKIE}={value}",
                    "Path=/",
                    f"Max-Age={self.codec.max_age if value else 0}",
                    "HttpOnly",
                    "SameSite=Lax",
                ]
                if secure:
                    parts.append("Secure")
                headers.append("set-cookie", "; ".join(parts))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _read_cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if SESSION_COOKIE in jar:
                return jar[SESSION_COOKIE].value
    return None
