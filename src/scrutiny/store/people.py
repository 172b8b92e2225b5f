"""The users repository: web accounts with a role, and their signed-in sessions. Passwords
arrive already hashed; session tokens arrive already hashed too."""

from __future__ import annotations

import datetime

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from scrutiny.domain.vocab import Role
from scrutiny.errors import NotFound, UsageError
from scrutiny.store.audit import AuditLog
from scrutiny.store.tables import SessionRow, UserRow


def normalise_email(email: str) -> str:
    return email.strip().lower()


class UserRepository:
    """Users by email (case-insensitive, unique). Never commits."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    def add(self, email: str, password_hash: str, role: Role, *, actor: str) -> UserRow:
        """A new active user; UsageError when the email is taken."""
        email = normalise_email(email)
        if self.by_email(email) is not None:
            raise UsageError(f"a user with email {email} already exists")
        row = UserRow(email=email, password_hash=password_hash, role=Role(role).value)
        self._session.add(row)
        self._session.flush()
        self._audit.record(
            actor=actor,
            action="create",
            entity="user",
            entity_id=row.id,
            after={"email": email, "role": row.role, "active": True},
        )
        return row

    def by_email(self, email: str) -> UserRow | None:
        return self._session.scalar(select(UserRow).where(UserRow.email == normalise_email(email)))

    def get(self, user_id: int) -> UserRow:
        row = self._session.get(UserRow, user_id)
        if row is None:
            raise NotFound(f"no user with id {user_id}")
        return row

    def all(self) -> list[UserRow]:
        return list(self._session.scalars(select(UserRow).order_by(UserRow.email)))

    def count(self) -> int:
        return int(self._session.scalar(select(func.count()).select_from(UserRow)) or 0)

    def update(
        self,
        user_id: int,
        *,
        actor: str,
        role: Role | None = None,
        active: bool | None = None,
        password_hash: str | None = None,
    ) -> UserRow:
        """Change a user's role, active flag or password hash (audited; the hash is not logged)."""
        row = self.get(user_id)
        before = {"role": row.role, "active": row.active}
        if role is not None:
            row.role = Role(role).value
        if active is not None:
            row.active = active
        if password_hash is not None:
            row.password_hash = password_hash
        if active is False or password_hash is not None:
            self.end_sessions(row.id)  # a deactivated account or a replaced password signs out
        self._session.flush()
        after = {"role": row.role, "active": row.active}
        self._audit.record(
            actor=actor,
            action="update",
            entity="user",
            entity_id=row.id,
            before=before,
            after=after,
            note="password changed" if password_hash is not None else None,
        )
        return row

    # Sessions ------------------------------------------------------------------------------

    def start_session(self, user_id: int, token_hash: str, expires_at: datetime.datetime) -> None:
        """Record a session (its token's SHA-256) until `expires_at`; expired rows are dropped."""
        self._session.execute(delete(SessionRow).where(SessionRow.expires_at <= _utcnow()))
        self._session.add(SessionRow(token_hash=token_hash, user_id=user_id, expires_at=expires_at))
        self._session.flush()

    def end_session(self, token_hash: str) -> None:
        self._session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    def end_sessions(self, user_id: int) -> int:
        """End every session of the user; how many there were."""
        result = self._session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
        return int(getattr(result, "rowcount", 0) or 0)


def session_user(engine: Engine, token_hash: str) -> tuple[int, str, str] | None:
    """The id, email and role of the active user signed in with this session, while the session
    is current: one indexed read, on a plain connection (no unit of work per request)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(UserRow.id, UserRow.email, UserRow.role)
            .join(SessionRow, SessionRow.user_id == UserRow.id)
            .where(
                SessionRow.token_hash == token_hash,
                SessionRow.expires_at > _utcnow(),
                UserRow.active.is_(True),
            )
        ).first()
    return None if row is None else (row.id, row.email, row.role)


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
