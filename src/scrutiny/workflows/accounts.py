"""Web accounts: add a user, check a password. Passwords are stored only as argon2 hashes."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from scrutiny.config import Settings
from scrutiny.domain.vocab import Role
from scrutiny.errors import UsageError
from scrutiny.store.engine import Database, open_database
from scrutiny.store.unit_of_work import UnitOfWork

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted [characters] (NCSC guidance favours length over complexity)."""
MAX_PASSWORD_LENGTH = 1_000
"""Characters in a password at most (hashing a longer one would only cost the server time)."""
MAX_EMAIL_LENGTH = 200
"""Characters in an email address at most (as the audit trail stores who did what)."""

ARGON2_TIME_COST = 2
ARGON2_MEMORY_KIB = 19_456
ARGON2_PARALLELISM = 1
"""argon2id cost: OWASP's recommended minimum (2 passes over 19 MiB [KiB], one lane)."""

_hasher = PasswordHasher(
    time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM
)


def hash_password(password: str) -> str:
    """An argon2id hash (salted, its parameters inside the string)."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checking a wrong email costs as much as checking a wrong password (no timing oracle).
    return hash_password("not-a-real-password-0123456789")


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: Role


def normalise_email(email: str) -> str:
    return email.strip().lower()


def add_user(engine: Database, email: str, role: Role, password: str, *, actor: str) -> Account:
    """Create an account; refuses a malformed email, a short password or an email in use."""
    email = normalise_email(email)
    if len(email) > MAX_EMAIL_LENGTH:
        raise UsageError(f"an email address has at most {MAX_EMAIL_LENGTH} characters")
    if not EMAIL.match(email):
        raise UsageError(f"{email!r} is not an email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UsageError(f"the password must be at most {MAX_PASSWORD_LENGTH} characters long")
    with UnitOfWork(engine, actor=actor) as uow:
        row = uow.users.add(email, hash_password(password), Role(role), actor=actor)
        return Account(id=row.id, email=row.email, role=Role(row.role))


def authenticate(engine: Database, email: str, password: str) -> Account | None:
    """The active account whose password matches, else None (the same cost either way)."""
    with UnitOfWork(engine, actor="sign-in") as uow:
        row = uow.users.by_email(email)
        if row is None or not row.active:
            verify_password(_dummy_hash(), password)
            return None
        if not verify_password(row.password_hash, password):
            return None
        return Account(id=row.id, email=row.email, role=Role(row.role))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(engine: Database, account_id: int, max_age_seconds: int) -> str:
    """A new session for the account, valid for `max_age_seconds` [seconds]: the random token
    the cookie carries (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=max_age_seconds)
    with UnitOfWork(engine, actor="sign-in") as uow:
        uow.users.start_session(account_id, _token_hash(token), expires)
    return token


def end_session(engine: Database, token: str) -> None:
    """Sign this session out: its cookie is refused from now on, in every process."""
    with UnitOfWork(engine, actor="sign-out") as uow:
        uow.users.end_session(_token_hash(token))


def session_account(engine: Database, token: str) -> Account | None:
    """The active account signed in with this session token, when the session is current.

    One indexed read (session by primary key, joined to its user)."""
    from scrutiny.store.people import session_user

    found = session_user(engine, _token_hash(token))
    if found is None:
        return None
    user_id, email, role = found
    return Account(id=user_id, email=email, role=Role(role))


def create_account(settings: Settings, email: str, role: Role, password: str) -> Account:
    """`scrutiny users add`: the account, in the configured database (brought up to date)."""
    return add_user(
        open_database(settings.database_url), email, role, password, actor="command line"
    )


def list_accounts(engine: Database) -> list[tuple[Account, bool]]:
    """Every account with whether it is active, by email."""
    with UnitOfWork(engine, actor="web") as uow:
        return [
            (Account(id=r.id, email=r.email, role=Role(r.role)), r.active) for r in uow.users.all()
        ]


def set_active(engine: Database, user_id: int, active: bool, *, actor: str) -> Account:
    """Deactivate (or re-activate) an account; deactivation ends every session of it at once.
    The account changed."""
    with UnitOfWork(engine, actor=actor) as uow:
        row = uow.users.update(user_id, actor=actor, active=active)
        return Account(id=row.id, email=row.email, role=Role(row.role))


DEMO_OFFICER = "demo.officer@example.gov.uk"


def demo_officer(settings: Settings) -> tuple[str, str]:
    """The demo officer's email and a fresh random password (the account is made, or its
    password replaced, so the printed credentials always work)."""
    password = secrets.token_urlsafe(12)
    engine = open_database(settings.database_url)
    with UnitOfWork(engine, actor="demo") as uow:
        row = uow.users.by_email(DEMO_OFFICER)
        if row is None:
            uow.users.add(DEMO_OFFICER, hash_password(password), Role.officer, actor="demo")
        else:
            uow.users.update(
                row.id, actor="demo", password_hash=hash_password(password), active=True
            )
    return DEMO_OFFICER, password
