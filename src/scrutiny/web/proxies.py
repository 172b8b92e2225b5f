"""The client's address and scheme when the app sits behind reverse proxies named in settings.

Only a request whose direct peer is a trusted proxy has its `X-Forwarded-For` and
`X-Forwarded-Proto` read; nothing is trusted by default, loopback included, so no one can choose
the address the sign-in limit counts by sending a header.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from scrutiny.config import Network


def _within(host: str, networks: Sequence[Network]) -> bool:
    try:
        address = ipaddress.ip_address(host.strip())
    except ValueError:
        return False
    return any(address in n for n in networks)


def forwarded_client(peer: str, forwarded_for: str, networks: Sequence[Network]) -> str:
    """The client's address: `peer` unless it is a trusted proxy, in which case the nearest
    address in `X-Forwarded-For` (read from the right) that is not itself a trusted proxy."""
    if not _within(peer, networks):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _within(hop, networks):
            return hop
    return hops[0] if hops else peer


class TrustedProxies:
    """Pure ASGI middleware: rewrites the client address and scheme from a trusted proxy's
    headers; leaves every other request as it came."""

    def __init__(self, app: ASGIApp, networks: Sequence[Network]) -> None:
        self.app = app
        self.networks = list(networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.networks and scope.get("client"):
            peer, port = scope["client"]
            if _within(peer, self.networks):
                headers = scope.get("headers", [])
                forwarded = ",".join(
                    v.decode("latin-1") for k, v in headers if k == b"x-forwarded-for"
                )
                protos = [v.decode("latin-1") for k, v in headers if k == b"x-forwarded-proto"]
                proto = protos[-1].split(",")[-1].strip().lower() if protos else ""
                scope = dict(scope)
                scope["client"] = (forwarded_client(peer, forwarded, self.networks), port)
                if proto in ("http", "https"):
                    scope["scheme"] = proto
        await self.app(scope, receive, send)
