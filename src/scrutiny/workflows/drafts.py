"""Draft proposals read from papers, accepted into a proposal file: each yearly figure with the
document, page, table and row it was read from and the row's cells as printed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import FinancialYear
from scrutiny.errors import UsageError
from scrutiny.store.engine import Database

_FY = re.compile(r"^\d{4}/\d{2}$")


@dataclass(frozen=True)
class Draft:
    """One pending draft as stored: `data` holds amounts, total, unit and the table source."""

    id: int
    document: str
    ref: str | None
    title: str
    page: int | None
    savings: dict[str, float]
    data: dict[str, Any]


@dataclass
class Acceptance:
    """The proposal file written, the drafts in it, and the drafts left out with the reason."""

    path: Path | None = None
    version: int | None = None  # the register's new version, when added to the register
    accepted: list[int] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)


def _locator(d: Draft) -> str:
    where = d.data.get("table_source") or {}
    parts = []
    if d.page is not None:
        parts.append(f"page {d.page}")
    if where.get("table"):
        parts.append(f"table {where['table']}")
    if where.get("row"):
        parts.append(f"row {where['row']}")
    return ", ".join(parts) or "text"


def _quote(d: Draft) -> str:
    cells = (d.data.get("table_source") or {}).get("cells")
    if cells:
        return " | ".join(str(c) for c in cells if str(c).strip())
    return d.title


def proposal_entry(d: Draft, ref: str) -> dict[str, Any] | str:
    """The proposal-file entry for a draft, or the reason it cannot be one."""
    savings = {y: v for y, v in d.savings.items() if _FY.match(y)}
    if not savings:
        return "no figure is given for a financial year"
    if not any(v for v in savings.values()):
        return "every year is nil"
    if sum(savings.values()) <= 0:
        return "its figures add up to a cost: a pressure, not a saving"
    ordered = {
        y: round(savings[y], 2) for y in sorted(savings, key=lambda y: FinancialYear.parse(y))
    }
    entry: dict[str, Any] = {"ref": ref, "title": d.title[:300], "savings": ordered}
    total = d.data.get("total")
    if isinstance(total, int | float) and total > 0:
        entry["stated_total"] = total
    entry["evidence"] = [
        {
            "source": d.document,
            "locator": _locator(d)
            + (f" (figures in {d.data['unit']})" if d.data.get("unit") else ""),
            "quote": _quote(d),
            **({"page": d.page} if d.page else {}),
        }
    ]
    return entry


def build_file(
    council: str, drafts: Sequence[Draft], registered: Iterable[str] = ()
) -> tuple[dict[str, Any], Acceptance]:
    """A proposal file (as data) of the drafts that can stand as proposals, and what was left
    out; references are the printed ones, else D-<draft id>. A draft whose reference is one of
    `registered` (already in the council's register) is left out."""
    if not council.strip():
        raise UsageError("--council must name the council")
    result = Acceptance()
    proposals: list[dict[str, Any]] = []
    used: set[str] = set()
    in_register = set(registered)
    for d in drafts:
        ref = d.ref or f"D-{d.id}"
        if ref in in_register:
            result.left_out.append((ref, "its reference is already in the council's register"))
            continue
        if ref in used:
            result.left_out.append((ref, "its reference is already used by another draft"))
            continue
        entry = proposal_entry(d, ref)
        if isinstance(entry, str):
            result.left_out.append((ref, entry))
            continue
        used.add(ref)
        proposals.append(entry)
        result.accepted.append(d.id)
    return {"council": council, "proposals": proposals}, result


def pending_drafts(engine: Database, document_ids: Iterable[int]) -> list[Draft]:
    """Drafts awaiting review, of the given documents, in reading order."""
    from scrutiny.store.unit_of_work import UnitOfWork

    out: list[Draft] = []
    with UnitOfWork(engine) as uow:
        for doc_id in dict.fromkeys(document_ids):
            name = uow.documents.get(doc_id).filename
            for row in uow.documents.drafts(doc_id, status="pending"):
                out.append(
                    Draft(
                        row.id,
                        name,
                        row.ref,
                        row.title,
                        row.page,
                        dict(row.savings or {}),
                        dict(row.data or {}),
                    )
                )
    return out


def accept_into_file(
    engine: Database, document_ids: Iterable[int], council: str, out: Path
) -> Acceptance:
    """Accept the pending drafts of the documents into a new proposal file at `out`: validated
    before anything is written, and the drafts marked accepted only once the file is written."""
    from scrutiny import yaml_files
    from scrutiny.store.unit_of_work import UnitOfWork

    drafts = pending_drafts(engine, document_ids)
    data, result = build_file(council, drafts)
    if not data["proposals"]:
        raise UsageError("no draft proposal could be accepted (none states a yearly saving)")
    ProposalFile.model_validate(data)  # a file that would not validate is never written
    tmp = out.with_name(out.name + ".partial")
    tmp.write_text(yaml_files.dump(data), encoding="utf-8")
    tmp.replace(out)
    with UnitOfWork(engine) as uow:
        for draft_id in result.accepted:
            uow.documents.review_draft(draft_id, "accepted", actor=uow.actor)
    result.path = out
    return result


def accept_into_register(
    engine: Database, document_ids: Iterable[int], council: str, *, actor: str | None = None
) -> Acceptance:
    """Add the pending drafts of the documents to the council's register as its next version
    (a new register when it has none), in one transaction with the drafts marked accepted: the
    whole file is checked as an import is, and when it is refused nothing is written."""
    from scrutiny.store.unit_of_work import UnitOfWork
    from scrutiny.workflows.validate import check_runs, parse

    drafts = pending_drafts(engine, document_ids)
    with UnitOfWork(engine, actor=actor) as uow:
        latest = uow.files.latest(council)
        data: dict[str, Any] = (
            uow.files.load(latest.id).to_data() if latest else {"council": council}
        )
        existing = data.setdefault("proposals", [])
        added, result = build_file(council, drafts, {str(p["ref"]) for p in existing})
        if not added["proposals"]:
            raise UsageError("no draft proposal could be accepted (none states a yearly saving)")
        existing.extend(added["proposals"])
        source = f"{council} register with drafts from papers"
        pf = parse(data, source)
        check_runs(pf, source)
        stored, _created = uow.files.add(pf, source="accepted drafts", actor=uow.actor)
        for draft_id in result.accepted:
            uow.documents.review_draft(draft_id, "accepted", actor=uow.actor)
        result.version = stored.number
    return result
