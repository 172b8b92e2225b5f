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
from scrutiny.store.tables import FileVersionRow, OverrideRow, ProposalRow, RunRow

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
    ) -> RunRow:
        if kind not in RUN_KINDS:
            raise ValueError(f"run kind must be one of {RUN_KINDS}, not {kind!r}")
        if self._session.get(FileVersionRow, file_version_id) is None:
            raise NotFound(f"no proposal file version {file_version_id}")
        row = RunRow(
            file_version_id=file_version_id,
            kind=kind,
            result=result,
            iterations=iterations,
            seed=seed,
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
        proposal = self._session.get(ProposalRow, proposal_id)
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
        rows = self._session.scalars(
            select(OverrideRow)
            .where(OverrideRow.proposal_id == proposal_id)
            .order_by(OverrideRow.id)
        )
        out: dict[Question, Override] = {}
        for r in rows:
            at = r.at if r.at.tzinfo else r.at.replace(tzinfo=datetime.UTC)
            out[Question(r.question)] = Override.model_validate(
                {**(r.data or {}), "verdict": r.verdict, "reason": r.reason, "by": r.by, "at": at}
            )
        return out

    def for_file_version(self, file_version_id: int) -> dict[tuple[str, Question], Override]:
        """Latest overrides keyed by (ref, question), as `run_challenge(overrides=...)` takes."""
        refs = self._session.execute(
            select(ProposalRow.id, ProposalRow.ref).where(
                ProposalRow.file_version_id == file_version_id
            )
        )
        out: dict[tuple[str, Question], Override] = {}
        for pid, ref in refs:
            for q, o in self.current(pid).items():
                out[(ref, q)] = o
        return out
