"""How a proposal maps onto rows: its whole data (lossless), the columns other features query,
and the relational rows of its savings profile, model inputs, staffing, risks, alternatives and
evidence. Used by the register repositories; nothing here commits."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.store.tables import (
    AlternativeRow,
    EvidenceRow,
    ModelInputRow,
    RiskRow,
    SavingRow,
    StaffingRow,
)

CHILD_TABLES = (SavingRow, ModelInputRow, StaffingRow, RiskRow, AlternativeRow, EvidenceRow)


def proposal_data(p: Proposal) -> dict[str, Any]:
    """A proposal as plain data, leaving out what was not given (the file's own form)."""
    return p.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def audit_data(p: Proposal) -> dict[str, Any]:
    """A proposal for the audit trail: every field with a value, defaults included, so `before`
    and `after` both show what a changed field was and became."""
    return p.model_dump(mode="json", exclude_none=True)


def content_sha256(pf: ProposalFile) -> str:
    """A fingerprint of a file's content (key order and layout do not matter)."""
    text = json.dumps(pf.to_data(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def proposal_columns(p: Proposal, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "ref": p.ref,
        "title": p.title,
        "service": p.service,
        "category": p.category.value if p.category else None,
        "kind": p.kind.value,
        "status": p.status.value,
        "model_type": p.model_type,
        "recurring": p.recurring,
        "stated_total": p.stated_total,
        "data": proposal_data(p),
    }


def child_rows(proposal_id: int, p: Proposal) -> dict[type[Any], list[dict[str, Any]]]:
    """The relational rows of one proposal, by table, as column values."""
    pid = {"proposal_id": proposal_id}
    rows: dict[type[Any], list[dict[str, Any]]] = {table: [] for table in CHILD_TABLES}
    for line, profile in (("incremental", p.savings), ("one_off_cost", p.one_off_costs)):
        rows[SavingRow] += [
            {**pid, "line": line, "year": y, "amount": v} for y, v in profile.items()
        ]
    for name, value in (p.model.inputs if p.model else {}).items():
        spec: dict[str, Any]
        if isinstance(value, BaseModel):
            spec = {"value": None, "distribution": value.model_dump(mode="json")}
        else:
            spec = {"value": float(value), "distribution": None}
        rows[ModelInputRow].append({**pid, "name": name, **spec})
    if p.staffing:
        rows[StaffingRow].append({**pid, **p.staffing.model_dump()})
    rows[RiskRow] += [{**pid, "position": i, **r.model_dump()} for i, r in enumerate(p.risks)]
    rows[AlternativeRow] += [
        {**pid, "position": i, **a.model_dump(exclude={"outcome"})}
        for i, a in enumerate(p.alternatives)
    ]
    rows[EvidenceRow] += [
        {**pid, "position": i, **e.model_dump()} for i, e in enumerate(p.evidence)
    ]
    return rows


def insert_children(session: Session, proposals: list[tuple[int, Proposal]]) -> None:
    """Insert the relational rows of many proposals, one statement per table."""
    batches: dict[type[Any], list[dict[str, Any]]] = {table: [] for table in CHILD_TABLES}
    for proposal_id, p in proposals:
        for table, rows in child_rows(proposal_id, p).items():
            batches[table] += rows
    for table, rows in batches.items():
        if rows:
            session.execute(insert(table), rows)


def replace_children(session: Session, proposal_id: int, p: Proposal) -> None:
    """Replace the relational rows of one proposal with those of `p`."""
    for table in CHILD_TABLES:
        session.execute(delete(table).where(table.proposal_id == proposal_id))
    insert_children(session, [(proposal_id, p)])
