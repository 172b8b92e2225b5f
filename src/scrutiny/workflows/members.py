"""Members' own say on a proposal: a verdict on one of the three questions with the reason
(an override, beside the engine's), and conclusions kept in the proposal's audit trail."""

from __future__ import annotations

import datetime

from scrutiny.domain.evidence import Override
from scrutiny.domain.limits import MAX_TEXT
from scrutiny.domain.vocab import Question, Verdict
from scrutiny.errors import UsageError
from scrutiny.store.audit import AuditEntry
from scrutiny.store.engine import Database, open_database
from scrutiny.store.unit_of_work import UnitOfWork


def record_override(
    engine: Database,
    proposal_id: int,
    question: Question,
    verdict: Verdict,
    reason: str,
    *,
    actor: str,
    at: datetime.datetime | None = None,
) -> Override:
    """A member's own verdict on one question, with the reason, who and when (now unless
    `at`); the store writes the audit entry. Refused, with nothing written, without a reason
    or for a proposal that is not stored."""
    if not reason.strip():
        raise UsageError("give the reason for the verdict")
    if len(reason.strip()) > MAX_TEXT:
        raise UsageError(f"the reason must be at most {MAX_TEXT:,} characters")
    override = Override(
        verdict=Verdict(verdict),
        reason=reason.strip(),
        by=actor,
        at=at or datetime.datetime.now(datetime.UTC),
    )
    with UnitOfWork(engine, actor=actor) as uow:
        uow.overrides.add(proposal_id, Question(question), override)
    return override


def record_conclusion(engine: Database, proposal_id: int, text: str, *, actor: str) -> None:
    """A member's conclusion on a proposal, kept in its audit trail."""
    if not text.strip():
        raise UsageError("write the conclusion")
    if len(text.strip()) > MAX_TEXT:
        raise UsageError(f"the conclusion must be at most {MAX_TEXT:,} characters")
    with UnitOfWork(engine, actor=actor) as uow:
        sp = uow.proposals.get(proposal_id)
        uow.audit.record(
            actor=actor,
            action="conclusion",
            entity="proposal",
            entity_id=proposal_id,
            council=sp.council,
            ref=sp.ref,
            note=text.strip(),
        )


def conclusions_of(uow: UnitOfWork, ids: list[int]) -> dict[int, list[AuditEntry]]:
    """Members' recorded conclusions by proposal id, oldest first (those with none left out)."""
    out: dict[int, list[AuditEntry]] = {}
    for e in uow.audit.entries(entity="proposal", action="conclusion", entity_ids=ids):
        if e.entity_id is not None:
            out.setdefault(e.entity_id, []).append(e)
    return out


def stored_overrides(uow: UnitOfWork, council: str) -> dict[tuple[str, Question], Override]:
    """Members' latest overrides for the council's latest register, keyed as the challenge
    takes them (empty when the council has no register yet)."""
    latest = uow.files.latest(council)
    if latest is None:
        return {}
    return uow.overrides.for_file_version(latest.id)


def overrides_in_database(council: str) -> dict[tuple[str, Question], Override]:
    """Members' latest overrides for the council, from the configured database."""
    with UnitOfWork(open_database()) as uow:
        return stored_overrides(uow, council)
