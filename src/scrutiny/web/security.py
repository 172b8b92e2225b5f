"""Signed session cookies, CSRF tokens, the sign-in limit and safe return addresses.

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
from urllib.parse import urlsplit

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


class FailureCounter:
    """Failures per key in a sliding window of `window` [seconds]; a key with `limit` failures
    in the window is blocked until the oldest of them is `window` old.

    Only failures are counted: successes never block anyone. `clock` returns monotonic time
    [seconds]; tests pass their own.
    """

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        return hits

    def blocked(self, key: str) -> bool:
        """True while `key` has `limit` failures in the window."""
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.limit

    def fail(self, key: str) -> None:
        """Count one failure for `key`."""
        now = self._clock()
        with self._lock:
            self._recent(key, now).append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                for k in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.window]:
                    del self._hits[k]


class SignInLimit:
    """Failed sign-ins counted per account and, separately, per address.

    An account with too many failures (from anywhere) is refused for a while, so a password
    cannot be guessed from many addresses; an address with too many failures (for any accounts)
    is refused, so one machine cannot try many accounts. Neither key is the pair, so a colleague
    mistyping their own password never blocks anyone else, and correct sign-ins are never counted.
    """

    def __init__(
        self,
        per_account: int,
        per_address: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.accounts = FailureCounter(per_account, window, clock)
        self.addresses = FailureCounter(per_address, window, clock)

    def blocked(self, account: str, address: str) -> bool:
        return self.accounts.blocked(account) or self.addresses.blocked(address)

    def fail(self, account: str, address: str) -> None:
        self.accounts.fail(account)
        self.addresses.fail(address)


def local_path(target: str | None) -> str | None:
    """`target` when it is a path on this site ("/proposals/3?x=1"), else None.

    Refuses anything a browser could read as another site: a scheme or host, a protocol-relative
    "//host", a backslash (browsers read "/\\host" as "//host") and control characters.
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
