"""Repositories for stored results (simulation and challenge runs) and members' overrides."""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.domain.evidence import Override
from scrutiny.domain.vocab import Question
from scrutiny.errors import NotFound
from scrutiny.store.audit import AuditLog
from scrutiny.store.tables import (
    FileVersionRow,
    OverrideRow,
    ProposalIdentityRow,
    ProposalRow,
    RunRow,
)

RUN_KINDS = ("simulation", "challenge")


class RunRepository:
    """Results of `simulate` and `challenge` for a file version (JSON as contracts.md §4–5)."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    def add(
        self,
        file_version_id: int,
        kind: str,
        result: dict[str, Any],
        *,
        actor: str,
        iterations: int | None = None,
        seed: int | None = None,
        content_sha256: str | None = None,
    ) -> RunRow:
        """Store a run of the file version as it was when its fingerprint was `content_sha256`
        (default: as it is now; pass the fingerprint read with the file when the version may
        have changed while the run was worked out, so such a run is stored as out of date)."""
        if kind not in RUN_KINDS:
            raise ValueError(f"run kind must be one of {RUN_KINDS}, not {kind!r}")
        sha = self._session.scalar(
            select(FileVersionRow.sha256).where(FileVersionRow.id == file_version_id)
        )
        if sha is None:
            raise NotFound(f"no proposal file version {file_version_id}")
        row = RunRow(
            file_version_id=file_version_id,
            kind=kind,
            result=result,
            iterations=iterations,
            seed=seed,
            content_sha256=content_sha256 or sha,
            created_by=actor,
        )
        self._session.add(row)
        self._session.flush()
        self._audit.record(
            actor=actor,
            action="run",
            entity="run",
            entity_id=row.id,
            after={
                "kind": kind,
                "file_version_id": file_version_id,
                "iterations": iterations,
                "seed": seed,
            },
        )
        return row

    def latest(self, file_version_id: int, kind: str) -> RunRow | None:
        """The newest run of `kind` for the version, or None."""
        return self._session.scalar(
            select(RunRow)
            .where(RunRow.file_version_id == file_version_id, RunRow.kind == kind)
            .order_by(RunRow.id.desc())
            .limit(1)
        )

    def in_version(self, file_version_id: int) -> list[RunRow]:
        return list(
            self._session.scalars(
                select(RunRow).where(RunRow.file_version_id == file_version_id).order_by(RunRow.id)
            )
        )


class OverrideRepository:
    """Members' verdicts on the three questions, with reasons; the latest per question wins."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self._session = session
        self._audit = audit

    def add(self, proposal_id: int, question: Question, override: Override) -> OverrideRow:
        """Record an override on the proposal with lasting id `proposal_id`."""
        proposal = self._session.get(ProposalIdentityRow, proposal_id)
        if proposal is None:
            raise NotFound(f"no proposal with id {proposal_id}")
        previous = self.current(proposal_id).get(Question(question))
        extra = override.model_dump(mode="json", exclude={"verdict", "reason", "by", "at"})
        row = OverrideRow(
            proposal_id=proposal_id,
            question=Question(question).value,
            verdict=override.verdict.value,
            reason=override.reason,
            by=override.by,
            at=override.at,
            data=extra,
        )
        self._session.add(row)
        self._session.flush()
        self._audit.record(
            actor=override.by,
            action="override",
            entity="proposal",
            entity_id=proposal_id,
            ref=proposal.ref,
            before=previous.model_dump(mode="json") if previous else None,
            after=override.model_dump(mode="json"),
            note=f"question {Question(question).value}",
        )
        return row

    def current(self, proposal_id: int) -> dict[Question, Override]:
        """The latest override for each question of one proposal."""
        return self.for_proposals([proposal_id]).get(proposal_id, {})

    def for_proposals(self, proposal_ids: list[int]) -> dict[int, dict[Question, Override]]:
        """The latest override for each question, by proposal (those with none left out)."""
        rows = self._session.scalars(
            select(OverrideRow)
            .where(OverrideRow.proposal_id.in_(proposal_ids))
            .order_by(OverrideRow.id)
        )
        out: dict[int, dict[Question, Override]] = {}
        for r in rows:
            at = r.at if r.at.tzinfo else r.at.replace(tzinfo=datetime.UTC)
            out.setdefault(r.proposal_id, {})[Question(r.question)] = Override.model_validate(
                {**(r.data or {}), "verdict": r.verdict, "reason": r.reason, "by": r.by, "at": at}
            )
        return out

    def for_file_version(self, file_version_id: int) -> dict[tuple[str, Question], Override]:
        """Latest overrides keyed by (ref, question), as `run_challenge(overrides=...)` takes."""
        refs = self._session.execute(
            select(ProposalRow.identity_id, ProposalRow.ref).where(
                ProposalRow.file_version_id == file_version_id
            )
        )
        by_id = {pid: ref for pid, ref in refs}
        out: dict[tuple[str, Question], Override] = {}
        for pid, found in self.for_proposals(list(by_id)).items():
            for q, o in found.items():
                out[(by_id[pid], q)] = o
        return out
