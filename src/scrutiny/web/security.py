"""Signed session cookies, CSRF tokens and the sign-in rate limit.

Nothing here knows about routes: the app wires these into middleware and dependencies.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "scrutiny_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class SessionCodec:
    """Signs a small JSON session into a URL-safe cookie value and reads it back, refusing stale cookies.

    max_age: how long a cookie stays valid [seconds].
    """

    def __init__(self, secret_key: str, max_age: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="scrutiny.session")
        self.max_age = max_age

    def dumps(self, data: dict[str, Any]) -> str:
        return str(self._serializer.dumps(data))

    def loads(self, cookie: str | None) -> dict[str, Any]:
        if not cookie:
            return {}
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age)
        except (BadSignature, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; an absent token never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


class RateLimiter:
    """At most `limit` attempts per key in any sliding window of `window` [seconds].

    `clock` returns monotonic time [seconds]; tests pass their own.
    """

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record an attempt for `key`; False when the key is over its limit."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                for k in [k for k, v in self._hits.items() if not v]:
                    del self._hits[k]
            return True
